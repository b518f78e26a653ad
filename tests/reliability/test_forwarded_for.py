"""Issue 19, problem 2: ``X-Forwarded-For`` bypassed the rate limit. uvicorn believed it from 127.0.0.1 by
default, so any local client (or a proxy passing the header on) picked its own address per request.

The app runs here inside the same uvicorn middleware stack ``weighin serve`` builds (``Config.load``), with
the TCP peer set as a socket would set it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

from api.security import uvicorn_proxy_options
from tests.api.conftest import make_client

ASK = {"question": "Which framework is easier to debug?"}


def from_peer(app: Any, peer: str) -> Any:
    """The ASGI app as reached over TCP from ``peer`` (the test client has no real address)."""

    async def asgi(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "client": (peer, 40000)}
        await app(scope, receive, send)

    return asgi


@contextmanager
def served(api_runtime: Any, peer: str, trusted: str, through_uvicorn: bool) -> Iterator[Any]:
    """A client of the app behind uvicorn's forwarded-header handling as ``weighin serve`` configures it."""
    from litestar.testing import TestClient

    env = {"WEIGHIN_RATE_LIMIT": "1", "WEIGHIN_RATE_BURST": "20", "WEIGHIN_TRUSTED_PROXIES": trusted}
    with make_client(api_runtime, **env) as plain:
        app = plain.app
        if through_uvicorn:
            proxies = uvicorn_proxy_options(app.state.ctx.settings.api.trusted_proxies)
            config = uvicorn.Config(
                app, proxy_headers=proxies.proxy_headers, forwarded_allow_ips=proxies.forwarded_allow_ips
            )
            config.load()
            app = config.loaded_app
        with TestClient(from_peer(app, peer), raise_server_exceptions=False) as client:
            yield client


@pytest.mark.parametrize("through_uvicorn", [True, False], ids=["uvicorn", "app"])
def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(api_runtime, through_uvicorn):
    with served(api_runtime, "127.0.0.1", "", through_uvicorn) as client:
        codes = [
            client.post("/v1/ask", json=ASK, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(30)
        ]
    assert codes.count(200) == 20 and codes.count(429) == 10, codes


@pytest.mark.parametrize("through_uvicorn", [True, False], ids=["uvicorn", "app"])
def test_forwarded_for_from_a_trusted_proxy_names_the_client(api_runtime, through_uvicorn):
    with served(api_runtime, "10.1.2.3", "10.1.0.0/16", through_uvicorn) as client:
        one = [
            client.post("/v1/ask", json=ASK, headers={"X-Forwarded-For": "203.0.113.7"}).status_code for _ in range(21)
        ]
        # a client's own X-Forwarded-For is passed on by the proxy, which appends what it saw: the last wins
        other = client.post("/v1/ask", json=ASK, headers={"X-Forwarded-For": "203.0.113.7, 198.51.100.9"})
    assert one.count(200) == 20 and one[-1] == 429, one
    assert other.status_code == 200

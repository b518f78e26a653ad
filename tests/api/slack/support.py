"""Signing like Slack, payload builders and small readers shared by the Slack tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

import respx

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
API_BASE = "https://slack.test/api/"
RESPONSE_URL = "https://hooks.slack.test/commands/T1/1/secret"
BOT_USER = "UBOT"
AUTOML = "Which framework should I pick for AutoML?"
PROBLEM = "application/problem+json"


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 scheme: HMAC-SHA256 of ``v0:{timestamp}:{body}`` with the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_envelope(text: str, kind: str = "app_mention", **event: Any) -> dict[str, Any]:
    ts = event.pop("ts", f"{time.time():.6f}")
    return {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": event.pop("event_id", f"Ev{uuid.uuid4().hex[:10].upper()}"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        "event": {"type": kind, "user": "U123", "text": text, "ts": ts, "channel": "C1", **event},
    }


def post_json(client, path: str, payload: dict[str, Any], headers: dict[str, str] | None = None):
    body = json.dumps(payload).encode()
    return client.post(
        path, content=body, headers={"Content-Type": "application/json", **sign(body), **(headers or {})}
    )


def post_form(client, path: str, fields: dict[str, str]):
    body = urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    return client.post(path, content=body, headers=headers)


def slack_app(runtime, configured: bool = True, **api_env: str):
    from litestar.testing import TestClient

    from api.app import create_app
    from api.host import RuntimeHost
    from assistant.settings import ApiSettings, SlackSettings

    env = {"WEIGHIN_API_KEYS": ",".join(runtime.settings.api.api_keys), "WEIGHIN_RATE_LIMIT": "0", **api_env}
    slack = SlackSettings(SECRET, TOKEN, API_BASE) if configured else SlackSettings()
    settings = replace(runtime.settings, api=ApiSettings.from_env(env), slack=slack)
    return TestClient(create_app(settings, RuntimeHost.ready_with(runtime)), raise_server_exceptions=False)


def settle(client, timeout: float = 90.0) -> None:
    bot = client.app.state.get("slack_bot")
    assert bot is None or bot.work.wait_idle(timeout), "Slack background work did not finish"


def sent(route: respx.Route) -> list[dict[str, Any]]:
    return [json.loads(call.request.content) for call in route.calls]


def answer_id_of(blocks: list[dict[str, Any]]) -> str:
    actions = next(b for b in blocks if b["type"] == "actions")
    return str(actions["elements"][-1]["value"])


def all_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)

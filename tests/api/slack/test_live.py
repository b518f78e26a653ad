"""The whole Slack path over real sockets: a signed ``app_mention`` to ``weighin serve``, whose answer
reaches a loopback stand-in for Slack's Web API (``WEIGHIN_SLACK_API_BASE``) as a threaded
``chat.postMessage``."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.api.conftest import serving
from tests.api.slack.support import AUTOML, BOT_USER, SECRET, TOKEN, event_envelope, sign

Call = tuple[str, dict[str, str], dict[str, Any]]


class StandInSlack(BaseHTTPRequestHandler):
    """Answers every Web API method ``ok`` (with a message ``ts``) and records what it was sent."""

    server: SlackServer

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        self.server.calls.put((self.path.rsplit("/", 1)[-1], dict(self.headers), body))
        reply = json.dumps({"ok": True, "channel": body.get("channel"), "ts": "1800000000.000001"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class SlackServer(ThreadingHTTPServer):
    calls: queue.Queue[Call]


@pytest.fixture
def stand_in_slack() -> Iterator[SlackServer]:
    server = SlackServer(("127.0.0.1", 0), StandInSlack)
    server.calls = queue.Queue()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def slack_server(assistant, session_data_dir, tmp_path, stand_in_slack) -> Iterator[str]:
    """``weighin serve`` configured for Slack, its Web API pointed at the stand-in."""
    with serving(
        session_data_dir,
        tmp_path / "slack-live.db",
        tmp_path,
        WEIGHIN_SLACK_SIGNING_SECRET=SECRET,
        WEIGHIN_SLACK_BOT_TOKEN=TOKEN,
        WEIGHIN_SLACK_API_BASE=f"http://127.0.0.1:{stand_in_slack.server_address[1]}/api/",
        # jobs queued for missing evidence must stay cheap on a shared machine: they fail fast here
        WEIGHIN_JOB_TIMEOUT="5",
        WEIGHIN_JOB_MEMORY_MB="256",
        WEIGHIN_JOB_THREADS="1",
    ) as base:
        yield base


def next_call(server: SlackServer, method: str, timeout: float) -> Call:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            call = server.calls.get(timeout=left)
        except queue.Empty:
            break
        if call[0] == method:
            return call
    pytest.fail(f"the stand-in Slack received no {method} within {timeout} s")


def test_app_mention_through_the_live_server_posts_a_threaded_answer(slack_server, stand_in_slack):
    envelope = event_envelope(f"<@{BOT_USER}> {AUTOML}", ts="1700000000.000900", channel="C9")
    body = json.dumps(envelope).encode()
    headers = {"Content-Type": "application/json", **sign(body)}
    started = time.monotonic()
    response = httpx.post(f"{slack_server}/slack/events", content=body, headers=headers, timeout=10)
    assert response.status_code == 200 and time.monotonic() - started < 3

    _, sent_headers, message = next_call(stand_in_slack, "chat.postMessage", timeout=60)
    assert sent_headers.get("Authorization") == f"Bearer {TOKEN}"
    assert message["channel"] == "C9" and message["thread_ts"] == "1700000000.000900"
    assert message["text"] and message["blocks"][0]["type"] == "section"
    assert any(block["type"] == "actions" for block in message["blocks"])

    unsigned = httpx.post(f"{slack_server}/slack/events", content=body, timeout=10)
    retried = httpx.post(f"{slack_server}/slack/events", content=body, headers={**headers, "X-Slack-Retry-Num": "1"})
    assert unsigned.status_code == 401 and retried.status_code == 200
    time.sleep(1.0)
    posts = []
    while not stand_in_slack.calls.empty():
        posts.append(stand_in_slack.calls.get_nowait()[0])
    assert "chat.postMessage" not in posts, "a retried delivery must not be answered again"

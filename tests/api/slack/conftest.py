"""Fixtures for the Slack tests: the app with Slack configured, and Slack's Web API mocked with respx."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import respx

from tests.api.conftest import build_test_runtime
from tests.api.slack.support import API_BASE, RESPONSE_URL, slack_app


@pytest.fixture
def slack(api_runtime) -> Iterator:
    with slack_app(api_runtime) as client:
        yield client


@pytest.fixture
def slack_api() -> Iterator[respx.MockRouter]:
    """Slack's Web API and a response_url, answering like Slack does."""
    counter = iter(range(1, 10_000))

    def posted(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(
            200, json={"ok": True, "channel": body["channel"], "ts": f"1800000000.{next(counter):06d}"}
        )

    with respx.mock(assert_all_called=False) as router:
        router.post(API_BASE + "chat.postMessage", name="post").mock(side_effect=posted)
        router.post(API_BASE + "chat.update", name="update").mock(return_value=httpx.Response(200, json={"ok": True}))
        router.post(RESPONSE_URL, name="respond").mock(return_value=httpx.Response(200, text="ok"))
        yield router


@pytest.fixture
def fresh_slack(session_data_dir, tmp_path, embedder) -> Iterator:
    """An app over a runtime whose evidence database is empty: every answer has jobs to run."""
    from tests.api.conftest import api_settings

    runtime = build_test_runtime(api_settings(session_data_dir, tmp_path / "fresh.db"), embedder)
    try:
        with slack_app(runtime) as client:
            yield client
    finally:
        runtime.close()

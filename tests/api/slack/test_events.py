"""Mentions and direct messages, and what the client does with Slack's errors (Slack mocked with respx)."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
import respx

from tests.api.slack.support import (
    API_BASE,
    AUTOML,
    BOT_USER,
    RESPONSE_URL,
    TOKEN,
    all_text,
    answer_id_of,
    event_envelope,
    post_json,
    sent,
    settle,
)

# -- events ----------------------------------------------------------------------------------------------


def test_app_mention_is_answered_once_in_its_thread_with_blocks(slack, slack_api, api_runtime):
    envelope = event_envelope(f"<@{BOT_USER}> {AUTOML}", ts="1700000000.000100")
    started = time.monotonic()
    response = post_json(slack, "/slack/events", envelope)
    assert response.status_code == 200 and time.monotonic() - started < 3
    settle(slack)
    assert slack_api["post"].call_count == 1
    request = slack_api["post"].calls[0].request
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    message = sent(slack_api["post"])[0]
    assert message["channel"] == "C1" and message["thread_ts"] == "1700000000.000100"
    blocks = message["blocks"]
    assert blocks[0]["type"] == "section" and message["text"]
    assert any(b["type"] == "section" and "\n> " in b["text"]["text"] for b in blocks), "cited quotes"
    assert any(b["type"] == "context" and "`" in all_text([b]) for b in blocks), "claim ids and evidence badges"
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [
        "weighin_rerun_evidence",
        "weighin_feedback_up",
        "weighin_feedback_down",
    ]
    event = api_runtime.answers.get(answer_id_of(blocks))
    assert event.surface == "slack" and event.user == "slack:U123" and event.question == AUTOML


def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack, slack_api):
    envelope = event_envelope(f"<@{BOT_USER}> and for debugging?", ts="1700000001.000200", thread_ts="1700000000.1")
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    assert [m["thread_ts"] for m in sent(slack_api["post"])] == ["1700000000.1"]


def test_retries_and_repeated_event_ids_never_post_twice(slack, slack_api):
    envelope = event_envelope(f"<@{BOT_USER}> Which framework is easier to debug?")
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_json(slack, "/slack/events", envelope, headers=retry).status_code == 200
    settle(slack)
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    # the same message also delivered as a DM event under another id is not answered again
    twin = {**envelope, "event_id": "EvTWIN" + uuid.uuid4().hex[:6]}
    twin["event"] = {**envelope["event"], "type": "message", "channel_type": "im"}
    assert post_json(slack, "/slack/events", twin).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 1


def test_direct_messages_are_answered_in_a_thread(slack, slack_api):
    envelope = event_envelope(AUTOML, kind="message", channel="D42", channel_type="im", ts="1700000002.000300")
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    [message] = sent(slack_api["post"])
    assert message["channel"] == "D42" and message["thread_ts"] == "1700000002.000300"


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel_type": "im", "bot_id": "B1"},
        {"type": "message", "channel_type": "im", "user": BOT_USER},
        {"type": "message", "channel_type": "im", "subtype": "message_changed"},
        {"type": "app_mention", "subtype": "bot_message", "bot_id": "B1"},
        {"type": "message", "channel_type": "channel"},
        {"type": "reaction_added"},
    ],
)
def test_own_edited_and_unrelated_messages_are_ignored(slack, slack_api, event):
    envelope = event_envelope(AUTOML)
    envelope["event"].update(event)
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    assert not slack_api.calls


def test_an_empty_mention_gets_a_hint_not_an_error(slack, slack_api):
    assert post_json(slack, "/slack/events", event_envelope(f"<@{BOT_USER}>")).status_code == 200
    settle(slack)
    [message] = sent(slack_api["post"])
    assert "Ask me a question" in message["text"]


# -- Slack's errors --------------------------------------------------------------------------------------


def test_ratelimited_posts_are_retried_after_retry_after(slack, slack_api):
    slack_api["post"].side_effect = [
        httpx.Response(429, headers={"Retry-After": "1"}, json={"ok": False, "error": "ratelimited"}),
        httpx.Response(200, json={"ok": True, "channel": "C1", "ts": "1800000000.000001"}),
    ]
    started = time.monotonic()
    assert post_json(slack, "/slack/events", event_envelope(f"<@{BOT_USER}> {AUTOML}")).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 2 and time.monotonic() - started >= 1


@pytest.mark.parametrize("error", ["invalid_auth", "channel_not_found"])
def test_permanent_slack_errors_are_logged_not_retried_and_the_server_stays_up(slack, slack_api, caplog, error):
    slack_api["post"].mock(return_value=httpx.Response(200, json={"ok": False, "error": error}))
    assert post_json(slack, "/slack/events", event_envelope(f"<@{BOT_USER}> {AUTOML}")).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 1
    assert error in caplog.text
    assert slack.get("/healthz").status_code == 200
    assert post_json(slack, "/slack/events", {"type": "url_verification", "challenge": "ok"}).json() == {
        "challenge": "ok"
    }


def test_client_retries_network_failures_with_backoff_then_gives_up():
    asyncio.run(client_retries())


async def client_retries() -> None:
    from api.slack.client import SlackWebClient
    from api.slack.errors import SlackApiError, SlackTransportError

    waits: list[float] = []

    async def record(delay: float) -> None:
        waits.append(delay)

    client = SlackWebClient(TOKEN, API_BASE, sleep=record)
    with respx.mock() as router:
        route = router.post(API_BASE + "chat.postMessage").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(SlackTransportError):
            await client.post_message("C1", "hi", [])
        assert route.call_count == 3 and waits == [1.0, 2.0]
        waits.clear()
        route.side_effect = [
            httpx.Response(429, headers={"Retry-After": "7"}, json={"ok": False, "error": "ratelimited"}),
            httpx.Response(200, json={"ok": True, "ts": "1.2"}),
        ]
        assert (await client.post_message("C1", "hi", []))["ts"] == "1.2" and waits == [7.0]
        router.post(RESPONSE_URL).mock(return_value=httpx.Response(404, text="expired_url"))
        with pytest.raises(SlackApiError, match="expired_url"):
            await client.respond(RESPONSE_URL, {"text": "late"})

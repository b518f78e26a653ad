"""The Slack adapter in process: requests signed the way Slack signs them, Slack's Web API mocked with respx.

Background work (answers, follow-ups) runs on the test client's event loop; ``settle`` waits for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import respx

from tests.api.conftest import build_test_runtime

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


def answer_id_of(blocks: list[dict[str, Any]]) -> str:
    actions = next(b for b in blocks if b["type"] == "actions")
    return str(actions["elements"][-1]["value"])


def all_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# -- signatures and configuration ------------------------------------------------------------------------


def test_url_verification_returns_the_challenge(slack, slack_api):
    response = post_json(slack, "/slack/events", {"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"})
    assert response.status_code == 200 and response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}


@pytest.mark.parametrize("fault", ["missing", "wrong secret", "tampered body", "stale", "future", "not a number"])
def test_bad_signatures_are_401_and_nothing_is_processed(slack, slack_api, fault):
    envelope = event_envelope(AUTOML)
    body = json.dumps(envelope).encode()
    headers = {
        "missing": {},
        "wrong secret": sign(body, secret="not-the-secret"),
        "tampered body": sign(body.replace(b"AutoML", b"mobile")),
        "stale": sign(body, timestamp=int(time.time()) - 6 * 60),
        "future": sign(body, timestamp=int(time.time()) + 6 * 60),
        "not a number": {**sign(body), "X-Slack-Request-Timestamp": "yesterday"},
    }[fault]
    response = slack.post("/slack/events", content=body, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == 401 and response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"] and "Traceback" not in response.text
    settle(slack)
    assert not slack_api.calls
    # the refused delivery did not use up the event id: the genuine one is answered
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 1


@pytest.mark.parametrize("path", ["/slack/commands", "/slack/interactions"])
def test_commands_and_interactions_need_a_signature_too(slack, slack_api, path):
    body = urlencode({"command": "/weighin", "text": "help", "response_url": RESPONSE_URL}).encode()
    response = slack.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401
    settle(slack)
    assert not slack_api.calls


@pytest.mark.parametrize("path", ["/slack/events", "/slack/commands", "/slack/interactions"])
def test_without_slack_settings_the_routes_are_503_problems(api_runtime, path):
    with slack_app(api_runtime, configured=False) as client:
        response = post_json(client, path, {"type": "url_verification", "challenge": "x"})
    assert response.status_code == 503 and response.headers["content-type"].startswith(PROBLEM)
    assert "WEIGHIN_SLACK_SIGNING_SECRET" in response.json()["detail"]


def test_slack_routes_take_no_api_key_even_with_closed_reads(api_runtime, slack_api):
    with slack_app(api_runtime, WEIGHIN_API_OPEN_READS="false") as client:
        assert client.get("/v1/claims").status_code == 401
        response = post_json(client, "/slack/events", {"type": "url_verification", "challenge": "c"})
    assert response.status_code == 200 and response.json() == {"challenge": "c"}


def test_malformed_payloads_after_a_valid_signature_are_400(slack, slack_api):
    body = b'{"type": "event_callback",'
    response = slack.post("/slack/events", content=body, headers={"Content-Type": "application/json", **sign(body)})
    assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)
    assert post_form(slack, "/slack/commands", {"command": "/weighin", "text": "help"}).status_code == 400
    assert post_form(slack, "/slack/interactions", {"payload": "{not json"}).status_code == 400


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


# -- slash commands --------------------------------------------------------------------------------------


def command(text: str) -> dict[str, str]:
    return {
        "command": "/weighin",
        "text": text,
        "user_id": "U123",
        "channel_id": "C1",
        "team_id": "T1",
        "response_url": RESPONSE_URL,
        "trigger_id": "1.2.3",
    }


@pytest.mark.parametrize("text", ["help", ""])
def test_weighin_help(slack, slack_api, text):
    response = post_form(slack, "/slack/commands", command(text))
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral" and "/weighin audit &lt;claim-id&gt;" in body["text"]
    assert not slack_api.calls


def test_weighin_audit_returns_the_claim_card(slack, slack_api, api_runtime):
    claim = api_runtime.evaluations.claims[0]
    body = post_form(slack, "/slack/commands", command(f"audit {claim.id}")).json()
    assert body["response_type"] == "ephemeral" and claim.id in body["text"]
    text = all_text(body["blocks"])
    assert claim.id in text and "Section:" in text
    missing = post_form(slack, "/slack/commands", command("audit no-such-claim")).json()
    assert "no claim `no-such-claim`" in missing["text"]
    usage = post_form(slack, "/slack/commands", command("audit")).json()
    assert "Usage" in usage["text"]
    question = post_form(slack, "/slack/commands", command("audit logging in TensorFlow?")).json()
    assert "Looking into" in question["text"]
    settle(slack)


def test_weighin_question_acknowledges_then_answers_on_the_response_url(slack, slack_api, api_runtime):
    response = post_form(slack, "/slack/commands", command("Which framework is easier to debug?"))
    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral" and "Looking into" in response.json()["text"]
    settle(slack)
    first = sent(slack_api["respond"])[0]
    assert first["response_type"] == "in_channel" and first["blocks"][0]["type"] == "section"
    assert api_runtime.answers.get(answer_id_of(first["blocks"])).surface == "slack"
    assert not slack_api["post"].called


def test_weighin_rejects_an_overlong_question_at_once(slack, slack_api):
    body = post_form(slack, "/slack/commands", command("why " * 600)).json()
    assert body["response_type"] == "ephemeral" and "can't take that question" in body["text"]
    settle(slack)
    assert not slack_api.calls


# -- buttons ---------------------------------------------------------------------------------------------


def press(action_id: str, answer_id: str, message_ts: str = "1800000000.000001") -> dict[str, str]:
    payload = {
        "type": "block_actions",
        "user": {"id": "U777"},
        "channel": {"id": "C1"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": "C1", "is_ephemeral": False},
        "message": {"ts": message_ts, "thread_ts": "1700000000.000100"},
        "response_url": RESPONSE_URL,
        "actions": [{"action_id": action_id, "value": answer_id, "type": "button"}],
    }
    return {"payload": json.dumps(payload)}


def answered(slack, slack_api, question: str = AUTOML) -> str:
    assert post_json(slack, "/slack/events", event_envelope(f"<@{BOT_USER}> {question}")).status_code == 200
    settle(slack)
    answer_id = answer_id_of(sent(slack_api["post"])[-1]["blocks"])
    slack_api.reset()
    return answer_id


def test_thumbs_down_stores_feedback_and_opens_disputes(slack, slack_api, api_runtime):
    from sqlmodel import Session, select

    from assistant.audit import FeedbackRow

    answer_id = answered(slack, slack_api)
    response = post_form(slack, "/slack/interactions", press("weighin_feedback_down", answer_id))
    assert response.status_code == 200 and response.content == b""
    settle(slack)
    with Session(api_runtime.engine) as session:
        [row] = session.exec(select(FeedbackRow).where(FeedbackRow.answer_id == answer_id)).all()
    assert row.rating == "down" and row.surface == "slack" and row.user == "slack:U777"
    cited = api_runtime.answers.get(answer_id).claim_ids
    disputes = [d for d in api_runtime.audit.disputes() if d.answer_id == answer_id]
    assert sorted(d.claim_id for d in disputes) == sorted(cited) and all(d.surface == "slack" for d in disputes)
    [note] = sent(slack_api["respond"])
    assert note["response_type"] == "ephemeral" and f"{len(cited)} cited claim(s) disputed" in note["text"]


def test_thumbs_up_is_stored(slack, slack_api, api_runtime):
    answer_id = answered(slack, slack_api, "Which framework is easier to debug?")
    assert post_form(slack, "/slack/interactions", press("weighin_feedback_up", answer_id)).status_code == 200
    settle(slack)
    assert "recorded" in sent(slack_api["respond"])[0]["text"]
    assert not [d for d in api_runtime.audit.disputes() if d.answer_id == answer_id]


def test_rerun_queues_the_claims_jobs_and_posts_the_evidence_in_the_thread(slack, slack_api):
    answer_id = answered(slack, slack_api)
    assert post_form(slack, "/slack/interactions", press("weighin_rerun_evidence", answer_id)).status_code == 200
    settle(slack)
    assert "Re-running" in sent(slack_api["respond"])[0]["text"]
    [message] = sent(slack_api["post"])
    assert message["channel"] == "C1" and message["thread_ts"] == "1700000000.000100"
    assert f"Re-run evidence for answer {answer_id}" in message["text"] and "done" in message["text"]
    assert ":white_check_mark: supported" in all_text(message["blocks"]) and "fake-automl" in all_text(
        message["blocks"]
    )


def test_rerun_evidence_goes_to_the_response_url_where_the_bot_may_not_post(slack, slack_api):
    answer_id = answered(slack, slack_api)
    slack_api["post"].mock(return_value=httpx.Response(200, json={"ok": False, "error": "not_in_channel"}))
    assert post_form(slack, "/slack/interactions", press("weighin_rerun_evidence", answer_id)).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 1
    ack, evidence = sent(slack_api["respond"])
    assert "Re-running" in ack["text"] and ack["response_type"] == "ephemeral"
    assert evidence["response_type"] == "in_channel" and "Re-run evidence" in evidence["text"]


def test_buttons_on_unknown_answers_and_other_interactions_are_harmless(slack, slack_api):
    assert post_form(slack, "/slack/interactions", press("weighin_rerun_evidence", "ans-missing")).status_code == 200
    other = {"payload": json.dumps({"type": "view_submission", "view": {}})}
    assert post_form(slack, "/slack/interactions", other).status_code == 200
    settle(slack)
    assert "unknown answer" in sent(slack_api["respond"])[0]["text"] and not slack_api["post"].called


# -- live evidence ---------------------------------------------------------------------------------------


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


def test_the_answer_is_updated_when_its_live_evidence_arrives(fresh_slack, slack_api):
    assert post_json(fresh_slack, "/slack/events", event_envelope(f"<@{BOT_USER}> {AUTOML}")).status_code == 200
    settle(fresh_slack)
    [posted] = sent(slack_api["post"])
    assert "Measuring" in all_text(posted["blocks"]) and ":white_check_mark:" not in all_text(posted["blocks"])
    [update] = sent(slack_api["update"])
    assert update["channel"] == "C1" and update["ts"] == "1800000000.000001"
    assert "Evidence updated" in all_text(update["blocks"]) and ":white_check_mark: supported" in all_text(
        update["blocks"]
    )
    assert answer_id_of(update["blocks"]) == answer_id_of(posted["blocks"])


# -- blocks ----------------------------------------------------------------------------------------------


def test_blocks_escape_text_and_stay_within_slack_limits():
    from api.slack.blocks import answer_blocks
    from assistant.answer import Answer, Citation

    citation = Citation("c1", "Keras <Tuner> & friends", "AutoML", "line one\nline two", 0, 5, 0.9, "tensorflow")
    answer = Answer("q", "x" * 5000 + " <b>", "tensorflow", 0.8, False, [citation] * 30)
    blocks = answer_blocks(answer)
    assert len(blocks) <= 50 and len(blocks[0]["text"]["text"]) <= 3000
    text = all_text(blocks)
    assert "&lt;Tuner&gt; &amp; friends" in text and "> line one\\n> line two" in text

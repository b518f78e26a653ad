"""Replays and malformed deliveries on every Slack surface (issue 10, items 6 and 7): a signed request
replayed inside the five-minute window changes nothing, and no body, signed or not, makes a 500."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.api.slack.support import (
    AUTOML,
    BOT_USER,
    PROBLEM,
    RESPONSE_URL,
    answer_id_of,
    event_envelope,
    sent,
    settle,
    sign,
)
from tests.api.slack.test_buttons import answered, press
from tests.api.slack.test_commands import command


def replay(client, path: str, body: bytes, content_type: str, times: int = 3) -> list:
    headers = {"Content-Type": content_type, **sign(body)}  # one signature, delivered ``times`` times
    return [client.post(path, content=body, headers=headers) for _ in range(times)]


def test_a_replayed_thumbs_down_records_one_dispute(slack, slack_api, api_runtime):
    answer_id = answered(slack, slack_api)
    before = len(api_runtime.audit.disputes())
    body = urlencode(press("weighin_feedback_down", answer_id)).encode()
    assert [r.status_code for r in replay(slack, "/slack/interactions", body, "application/x-www-form-urlencoded")] == [
        200
    ] * 3
    settle(slack)
    cited = len(api_runtime.answers.get(answer_id).claim_ids)
    assert len(api_runtime.audit.disputes()) - before == cited
    # pressing again is a new delivery (new timestamp and signature): it counts
    time.sleep(1.1)
    replay(slack, "/slack/interactions", body, "application/x-www-form-urlencoded", times=1)
    settle(slack)
    assert len(api_runtime.audit.disputes()) - before == 2 * cited


def test_a_replayed_slash_command_is_answered_once(slack, slack_api, api_runtime):
    body = urlencode(command("Which framework is easier to debug?")).encode()
    responses = replay(slack, "/slack/commands", body, "application/x-www-form-urlencoded")
    assert "Looking into" in responses[0].json()["text"]
    assert all("already received" in r.json()["text"] for r in responses[1:])
    settle(slack)
    answers = {answer_id_of(p["blocks"]) for p in sent(slack_api["respond"]) if p.get("blocks")}
    assert len(answers) == 1  # one answer (posted, perhaps revised once its evidence arrived)
    logged = [e for e in api_runtime.answers.recent(20, surface="slack") if e.question.endswith("easier to debug?")]
    assert [e.id for e in logged][:1] == list(answers) and len({e.id for e in logged[:3]} & answers) == 1


def test_a_replayed_event_is_answered_once(slack, slack_api):
    body = json.dumps(event_envelope(f"<@{BOT_USER}> {AUTOML}")).encode()
    assert all(r.status_code == 200 for r in replay(slack, "/slack/events", body, "application/json"))
    settle(slack)
    assert len(slack_api["post"].calls) == 1


@pytest.mark.parametrize("path", ["/slack/events", "/slack/commands", "/slack/interactions"])
@pytest.mark.parametrize("fault", ["not utf-8", "400-digit timestamp", "unicode digits", "non-ascii signature"])
def test_malformed_unsigned_deliveries_are_401(slack, slack_api, path, fault):
    body = b"\xff\xfe\x00payload=" if fault == "not utf-8" else b"payload=%7B%7D"
    headers = sign(body)
    if fault == "400-digit timestamp":
        headers["X-Slack-Request-Timestamp"] = "9" * 400
    elif fault == "unicode digits":
        headers["X-Slack-Request-Timestamp"] = "١٧٠٠٠٠٠٠٠٠".encode()  # type: ignore[assignment]
    elif fault == "non-ascii signature":
        headers["X-Slack-Signature"] = "v0=é".encode()  # type: ignore[assignment]
    response = slack.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
    if fault == "not utf-8":  # correctly signed garbage: refused as a body, after the signature passed
        assert response.status_code == 400
    else:
        assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    settle(slack)
    assert not slack_api.calls


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "actions": "not a list"},
        {"type": "block_actions", "actions": 7},
        {"type": "block_actions", "actions": [{"action_id": "weighin_feedback_up", "value": "x"}], "message": []},
        {"type": "block_actions", "actions": [], "response_url": {"not": "a string"}},
    ],
)
def test_signed_interactions_of_the_wrong_shape_are_4xx(slack, slack_api, payload):
    body = urlencode({"payload": json.dumps(payload)}).encode()
    [response] = replay(slack, "/slack/interactions", body, "application/x-www-form-urlencoded", times=1)
    assert response.status_code in (200, 400), response.text
    settle(slack)


def test_signed_deeply_nested_bodies_are_400(slack, slack_api):
    deep = b"[" * 20_000 + b"]" * 20_000
    [event] = replay(slack, "/slack/events", b'{"type": ' + deep + b"}", "application/json", times=1)
    nested = urlencode({"payload": "[" * 5000 + "]" * 5000}).encode()
    [interaction] = replay(slack, "/slack/interactions", nested, "application/x-www-form-urlencoded", times=1)
    assert event.status_code == 400 and interaction.status_code == 400
    assert "levels deep" in event.json()["detail"]


def test_authorizations_of_the_wrong_shape_do_not_break_events(slack, slack_api):
    envelope = {**event_envelope(f"<@{BOT_USER}> {AUTOML}"), "authorizations": 5}
    body = json.dumps(envelope).encode()
    [response] = replay(slack, "/slack/events", body, "application/json", times=1)
    assert response.status_code == 200
    settle(slack)
    assert RESPONSE_URL not in {str(c.request.url) for c in slack_api.calls}

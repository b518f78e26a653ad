"""The buttons under each answer, and answers revised when live evidence arrives (Slack mocked with respx)."""

from __future__ import annotations

import json

import httpx

from tests.api.slack.support import (
    AUTOML,
    BOT_USER,
    RESPONSE_URL,
    all_text,
    answer_id_of,
    event_envelope,
    post_form,
    post_json,
    sent,
    settle,
)

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
    assert ":white_check_mark: Supported" in all_text(message["blocks"]) and "fake-automl" in all_text(
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


def test_the_answer_is_updated_when_its_live_evidence_arrives(fresh_slack, slack_api):
    assert post_json(fresh_slack, "/slack/events", event_envelope(f"<@{BOT_USER}> {AUTOML}")).status_code == 200
    settle(fresh_slack)
    [posted] = sent(slack_api["post"])
    assert "Measuring" in all_text(posted["blocks"]) and ":white_check_mark:" not in all_text(posted["blocks"])
    [update] = sent(slack_api["update"])
    assert update["channel"] == "C1" and update["ts"] == "1800000000.000001"
    assert "Evidence updated" in all_text(update["blocks"]) and ":white_check_mark: Supported" in all_text(
        update["blocks"]
    )
    # the desk answered again with the new evidence: the update is that answer (logged under its own id)
    assert answer_id_of(update["blocks"]).startswith("ans-") and answer_id_of(update["blocks"]) != answer_id_of(
        posted["blocks"]
    )

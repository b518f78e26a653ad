"""The /weighin slash command: requests signed like Slack's, Slack's Web API mocked with respx."""

from __future__ import annotations

import pytest

from tests.api.slack.support import RESPONSE_URL, all_text, answer_id_of, post_form, sent, settle

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

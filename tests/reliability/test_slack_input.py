"""Issue 19, problem 4: a signed Slack event whose ``event_id`` or ``ts`` held a NUL got a 500 on
PostgreSQL (it cannot store NUL in text), which Slack would retry. Such input now never reaches a store:
an event is acknowledged with 200 and ignored, a command or a button press is refused with 400."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.api.conftest import api_settings, build_test_runtime
from tests.api.slack.support import BOT_USER, event_envelope, post_form, post_json, settle, slack_app


@pytest.fixture
def slack_on(database_url, tmp_path, embedder):
    """A Slack-configured app on SQLite and on PostgreSQL, and its runtime."""
    from evaluators.store import open_engine
    from migrations import upgrade

    engine = open_engine(database_url)
    upgrade(engine)  # a server database is upgraded by its operator, never by whichever process starts first
    engine.dispose()
    settings = api_settings(tmp_path / "data", tmp_path / "db.sqlite", WEIGHIN_DATABASE_URL=database_url)
    runtime = build_test_runtime(settings, embedder)
    try:
        with slack_app(runtime) as client:
            yield client, runtime
    finally:
        runtime.close()


def stored_event_ids(runtime) -> list[str]:
    with runtime.engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT event_id FROM slack_event"))]


@pytest.mark.parametrize("where", ["event_id", "ts", "text", "user"])
def test_an_event_with_a_nul_is_acknowledged_and_never_stored(slack_on, where):
    client, runtime = slack_on
    envelope = event_envelope(f"<@{BOT_USER}> Which framework is easier to debug?", event_id="EvNUL\x00A")
    if where != "event_id":
        envelope = event_envelope(f"<@{BOT_USER}> Which framework is easier to debug?")
        envelope["event"][where] = envelope["event"][where] + "\x00"
    response = post_json(client, "/slack/events", envelope)
    assert response.status_code == 200, response.text
    settle(client)
    assert stored_event_ids(runtime) == []


def test_a_command_or_a_button_press_with_control_characters_is_refused_with_400(slack_on):
    client, _ = slack_on
    command = {"command": "/weighin", "text": "is\x00it", "user_id": "U1", "channel_id": "C1",
               "response_url": "https://hooks.slack.test/commands/T1/1/x"}  # fmt: skip
    refused = post_form(client, "/slack/commands", command)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "text"
    payload = {"type": "block_actions", "user": {"id": "U1\x07"}, "channel": {"id": "C1"},
               "actions": [{"action_id": "weighin_feedback_up", "value": "ans-1"}]}  # fmt: skip
    pressed = post_form(client, "/slack/interactions", {"payload": json.dumps(payload)})
    assert pressed.status_code == 400 and pressed.json()["errors"][0]["field"] == "payload.user.id"

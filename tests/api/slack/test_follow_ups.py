"""A follow-up resolves identically on every surface, because the answer desk resolves it for all of them:
a REST conversation, the OpenAI messages, the CLI chat and a Slack thread."""

from __future__ import annotations

import pytest

from tests.api.slack.support import BOT_USER, answer_id_of, event_envelope, post_json, sent, settle

FIRST = "Which framework is easier to debug?"
FOLLOW_UP = "what are its downsides?"
RESOLVED = "What are PyTorch's downsides?"


def via_conversation(client) -> str:
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    for content in (FIRST, FOLLOW_UP):
        messages = client.post(f"/v1/conversations/{conversation}/messages", json={"content": content}).json()
    return str(messages[0]["resolved_question"])


def via_openai(client) -> str:
    messages = [
        {"role": "user", "content": FIRST},
        # A reply naming the other framework first: the desk never reads reply text, so it cannot mislead it.
        {"role": "assistant", "content": "TensorFlow. Or so a different assistant said."},
        {"role": "user", "content": FOLLOW_UP},
    ]
    reply = client.post("/v1/chat/completions", json={"model": "weighin", "messages": messages}).json()
    return str(reply["weighin"]["question"])


def via_slack_thread(slack, slack_api, api_runtime) -> str:
    for number, text in enumerate((FIRST, FOLLOW_UP)):
        envelope = event_envelope(f"<@{BOT_USER}> {text}", ts=f"1700000005.00{number}", thread_ts="1700000005.000")
        assert post_json(slack, "/slack/events", envelope).status_code == 200
        settle(slack)
    last = sent(slack_api["post"])[-1]
    return str(api_runtime.answers.get(answer_id_of(last["blocks"])).question)


def via_cli_chat(session_data_dir, monkeypatch, capsys) -> str:
    from cli.main import main

    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    lines = iter([FIRST, FOLLOW_UP, ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    with pytest.raises(SystemExit):
        main(["chat"])
    out = capsys.readouterr().out
    return out.split("(read as: ", 1)[1].split(")", 1)[0]


def test_a_follow_up_resolves_identically_on_every_surface(
    client, slack, slack_api, api_runtime, session_data_dir, monkeypatch, capsys
) -> None:
    resolved = {
        "rest": via_conversation(client),
        "openai": via_openai(client),
        "slack": via_slack_thread(slack, slack_api, api_runtime),
        "cli": via_cli_chat(session_data_dir, monkeypatch, capsys),
    }
    assert resolved == dict.fromkeys(resolved, RESOLVED)


def test_a_slack_thread_is_its_own_context(slack, slack_api, api_runtime) -> None:
    """A follow-up in another thread is not read against this one's question."""
    first = event_envelope(f"<@{BOT_USER}> {FIRST}", ts="1700000006.001", thread_ts="1700000006.000")
    elsewhere = event_envelope(f"<@{BOT_USER}> {FOLLOW_UP}", ts="1700000007.001", thread_ts="1700000007.000")
    for envelope in (first, elsewhere):
        assert post_json(slack, "/slack/events", envelope).status_code == 200
        settle(slack)
    last = sent(slack_api["post"])[-1]
    assert api_runtime.answers.get(answer_id_of(last["blocks"])).question == FOLLOW_UP


def test_a_threads_stored_conversation_cannot_be_found_from_its_channel_and_timestamp(client, slack, slack_api) -> None:
    import hashlib

    envelope = event_envelope(f"<@{BOT_USER}> {FIRST}", ts="1700000008.001", thread_ts="1700000008.000")
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    for key in ("slack:C1:1700000008.000", "C1:1700000008.000"):
        guessed = "conv-" + hashlib.sha256(key.encode()).hexdigest()[:16]
        assert client.get(f"/v1/conversations/{guessed}").status_code == 404

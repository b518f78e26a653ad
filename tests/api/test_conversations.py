"""Conversations are stored, replayed exactly, and read follow-ups in context."""

from __future__ import annotations


def test_a_follow_up_is_answered_in_the_context_of_the_conversation(client, api_runtime):
    created = client.post("/v1/conversations", json={"title": "choosing"})
    assert created.status_code == 201, created.text
    conversation_id = created.json()["id"]
    first = client.post(
        f"/v1/conversations/{conversation_id}/messages", json={"content": "Which framework for AutoML?"}
    )
    assert first.status_code == 201, first.text
    assert first.json()[1]["answer"]["recommendation"] == "tensorflow"
    follow = client.post(f"/v1/conversations/{conversation_id}/messages", json={"content": "and for mobile?"}).json()
    user, reply = follow
    assert user["content"] == "and for mobile?" and user["resolved_question"] == "Which framework for mobile?"
    assert reply["answer"]["recommendation"] == "tensorflow"
    quotes = " ".join(c["quote"] for c in reply["answer"]["citations"]).lower()
    assert "lite" in quotes or "mobile" in quotes

    stored = client.get(f"/v1/conversations/{conversation_id}").json()
    assert stored["title"] == "choosing" and [m["role"] for m in stored["messages"]] == ["user", "assistant"] * 2
    assert stored["messages"][3]["answer"] == reply["answer"]
    # Stored in the database, not in the app: a fresh store over the same engine reads it back.
    from assistant.conversations import ConversationStore

    assert len(ConversationStore(api_runtime.engine).get(conversation_id).messages) == 4


def test_conversation_errors(client):
    assert client.get("/v1/conversations/conv-nope").status_code == 404
    missing = client.post("/v1/conversations/conv-nope/messages", json={"content": "Which framework?"})
    assert missing.status_code == 404 and missing.json()["detail"] == "unknown conversation 'conv-nope'"
    conversation_id = client.post("/v1/conversations").json()["id"]
    empty = client.post(f"/v1/conversations/{conversation_id}/messages", json={"content": " "})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "content"
    assert client.post("/v1/conversations", json={"title": 5}).status_code == 400

"""Every surface answers through the one answer desk, and each answer is logged exactly once (issue 11, item 1)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.api.conftest import api_settings, build_test_runtime, make_client
from tests.cli.test_cli import run

DEBUG = "Which framework is easier to debug?"


@pytest.fixture
def counted(session_data_dir, tmp_path, embedder, monkeypatch) -> Iterator:
    """A client over a runtime with a database of its own, and a count of the desk's answers by surface."""
    runtime = build_test_runtime(api_settings(session_data_dir, tmp_path / "desk.db"), embedder)
    calls: Counter[str] = Counter()
    answer = runtime.desk.answer

    async def counting(text, **options):
        calls[options["surface"]] += 1
        return await answer(text, **options)

    monkeypatch.setattr(runtime.desk, "answer", counting)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            yield client, runtime, calls
    finally:
        runtime.close()


def test_each_surface_logs_one_event_per_answer_through_the_desk(counted):
    client, runtime, calls = counted
    tag = uuid.uuid4().hex[:8]
    asked = {surface: f"Which framework is easier to debug ({surface} {tag})?" for surface in ("rest", "openai", "web")}
    assert client.post("/v1/ask", json={"question": asked["rest"]}).status_code == 200
    chat = {"model": "weighin", "messages": [{"role": "user", "content": asked["openai"]}]}
    assert client.post("/v1/chat/completions", json=chat).status_code == 200
    assert client.get("/", params={"q": asked["web"]}).status_code == 200
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    sent = client.post(f"/v1/conversations/{conversation}/messages", json={"content": "and for mobile?"})
    assert sent.status_code == 201
    assert calls == Counter({"rest": 1, "openai": 1, "web": 1, "conversation": 1})
    for surface, question in asked.items():
        assert [e.surface for e in runtime.answers.recent(50, contains=tag) if e.question == question] == [surface]
    [event] = runtime.answers.recent(50, surface="conversation")
    assert event.conversation_id == conversation


def test_a_rejected_question_is_neither_answered_nor_logged(counted):
    client, runtime, _ = counted
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    response = client.post(f"/v1/conversations/{conversation}/messages", json={"content": "   "})
    assert response.status_code == 422 and response.json()["detail"].startswith("content:")
    assert client.post("/v1/ask", json={"question": "a\x00b"}).status_code == 422
    assert runtime.answers.recent(50) == []


def test_the_cli_and_rest_answer_identically(client, session_data_dir, monkeypatch, capsys):
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    code, out, _ = run(["ask", "--json", DEBUG], capsys)
    assert code == 0
    from_cli = json.loads(out)
    from_rest = client.post("/v1/ask", json={"question": DEBUG}).json()
    same = ("question", "answer", "recommendation", "confidence", "abstained", "citations")
    assert {key: from_cli[key] for key in same} == {key: from_rest[key] for key in same}

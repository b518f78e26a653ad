"""The OpenAI-compatible endpoint, driven by the official ``openai`` client against a live server."""

from __future__ import annotations

import json

import openai
import pytest


@pytest.fixture(scope="module")
def openai_client(live_server):
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused-for-reads", max_retries=0, timeout=60)


def test_models(openai_client):
    assert [model.id for model in openai_client.models.list()] == ["weighin"]


def test_chat_completion(openai_client):
    completion = openai_client.chat.completions.create(
        model="weighin", messages=[{"role": "user", "content": "Which framework should I pick for AutoML?"}]
    )
    assert completion.object == "chat.completion" and completion.choices[0].finish_reason == "stop"
    content = completion.choices[0].message.content
    assert content.startswith("TensorFlow") and completion.usage.total_tokens > 0
    extra = completion.model_extra["weighin"]
    assert extra["recommendation"] == "tensorflow" and extra["citations"][0]["quote"]
    assert content.startswith(extra["answer"] + "\n\nSources:\n[1] ")
    assert f"[{len(extra['citations'])}] " in content.split("Sources:")[1]


def test_chat_completion_stream(openai_client):
    stream = openai_client.chat.completions.create(
        model="weighin",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "Which framework should I pick for AutoML?"},
            {"role": "assistant", "content": "TensorFlow."},
            {"role": "user", "content": "and for mobile?"},
        ],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    answer = finals[0].model_extra["weighin"]["answer"]
    assert len(finals) == 1 and text.startswith(answer) and "\nSources:\n[1] " in text
    assert finals[0].model_extra["weighin"]["question"] == "Which framework should I pick for mobile?"
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(pieces) > len(answer.split()) // 2 and max(len(p.split()) for p in pieces) <= 2
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_it_in_a_follow_up_means_the_framework_the_previous_reply_settled_on(openai_client):
    completion = openai_client.chat.completions.create(
        model="weighin",
        messages=[
            {"role": "user", "content": "Which framework is easier to debug?"},
            {"role": "assistant", "content": "PyTorch. The article credits PyTorch here:\n- ..."},
            {"role": "user", "content": "what are its downsides?"},
        ],
    )
    extra = completion.model_extra["weighin"]
    assert extra["question"] == "What are PyTorch's downsides?" and not extra["abstained"]


def test_openai_errors_reach_the_client_as_status_errors(openai_client):
    with pytest.raises(openai.NotFoundError):
        openai_client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Which?"}])
    with pytest.raises(openai.UnprocessableEntityError):
        openai_client.chat.completions.create(model="weighin", messages=[{"role": "assistant", "content": "hi"}])
    with pytest.raises(openai.BadRequestError):
        openai_client.chat.completions.create(model="weighin", messages=[])
    with pytest.raises(openai.UnprocessableEntityError):
        openai_client.chat.completions.create(model="weighin", messages=[{"role": "user", "content": "  "}])


def test_stream_with_live_evidence_sends_the_answer_then_each_job(fresh_client, auth):
    body = {
        "model": "weighin",
        "messages": [{"role": "user", "content": "Which framework is easier to debug?"}],
        "stream": True,
        "evidence": "live",
    }
    response = fresh_client.post("/v1/chat/completions", json=body, headers=auth)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    lines = [line[len("data: ") :] for line in response.text.splitlines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    final_index = next(i for i, c in enumerate(chunks) if c["choices"] and c["choices"][0]["finish_reason"])
    pending = chunks[final_index]["weighin"]["pending_evaluations"]
    events = [c["weighin"] for c in chunks[final_index + 1 :]]
    assert len(pending) == 1  # nothing was measured yet, so the debugging job was queued
    assert [e["event"] for e in events] == ["evidence", "evaluation_done", "answer"]
    assert events[0]["job_id"] == "fake-debugging" and events[0]["evidence"][0]["verdict"] == "supported"
    assert events[1]["evaluation"]["id"] == pending[0] and events[1]["evaluation"]["status"] == "done"
    # the desk's follow-through: the question answered again, now with the measured evidence
    assert events[2]["question"] == "Which framework is easier to debug?"
    assert any(item["verdict"] == "supported" for item in events[2]["evidence"])

"""The OpenAI-compatible endpoint, driven by the official ``openai`` client against a live server."""

from __future__ import annotations

import json
import time

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


def test_errors_are_openai_error_objects_the_client_reads(openai_client):
    """The client takes ``message``, ``type``, ``param`` and ``code`` from OpenAI's error object; from a problem
    document it would show only "Error code: 404"."""
    with pytest.raises(openai.NotFoundError) as unknown:
        openai_client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Which?"}])
    error = unknown.value
    assert error.type == "not_found_error" and error.param == "model" and error.code == "model_not_found"
    assert error.body["message"] == "The model 'gpt-4o' does not exist; this server serves 'weighin'."
    assert "does not exist" in str(error)
    with pytest.raises(openai.UnprocessableEntityError) as blank:
        openai_client.chat.completions.create(model="weighin", messages=[{"role": "user", "content": "  "}])
    assert blank.value.type == "invalid_request_error" and blank.value.param == "messages[0].content"
    assert blank.value.body["message"] == "the last user message is empty"
    with pytest.raises(openai.BadRequestError) as empty:
        openai_client.chat.completions.create(model="weighin", messages=[])
    assert empty.value.type == "invalid_request_error" and empty.value.param == "messages"


def test_models_can_be_retrieved_one_by_one(openai_client):
    assert openai_client.models.retrieve("weighin").id == "weighin"
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.models.retrieve("gpt-4o")
    assert missing.value.code == "model_not_found" and missing.value.param == "model"


def test_rate_limited_chat_is_an_openai_rate_limit_error(api_runtime):
    from tests.api.conftest import make_client

    chat = {"model": "weighin", "messages": [{"role": "user", "content": "Which framework for AutoML?"}]}
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="1", WEIGHIN_RATE_BURST="1") as client:
        client.post("/v1/chat/completions", json=chat)
        limited = client.post("/v1/chat/completions", json=chat)
    assert limited.status_code == 429 and limited.headers["retry-after"]
    assert limited.headers["content-type"].startswith("application/json")
    assert limited.json()["error"]["type"] == "rate_limit_error" and limited.json()["error"]["message"]


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


def source_verdicts(completion: dict) -> dict[str, str]:
    """Claim id -> the verdict its line in the Sources block names."""
    lines = completion["choices"][0]["message"]["content"].split("Sources:\n")[1].splitlines()
    citations = completion["weighin"]["citations"]
    assert len(lines) == len(citations)
    pairs = zip(citations, lines, strict=True)
    return {c["claim_id"]: line.rsplit("(verdict: ", 1)[1].rstrip(")") for c, line in pairs}


def test_sources_carry_each_claims_verdict(fresh_client, auth):
    """Nothing is measured on a fresh database; once the debugging job has run, its verdict is in the source."""
    chat = {"model": "weighin", "messages": [{"role": "user", "content": "Which framework is easier to debug?"}]}
    before = fresh_client.post("/v1/chat/completions", json=chat).json()
    unmeasured = {item["claim_id"] for item in before["weighin"]["evidence"]}
    assert {v for c, v in source_verdicts(before).items() if c not in unmeasured} == {"Not measured yet"}
    fresh_client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"]}, headers=auth)
    for _ in range(120):
        after = fresh_client.post("/v1/chat/completions", json=chat).json()
        if any(item["verdict"] == "supported" for item in after["weighin"]["evidence"]):
            break
        time.sleep(0.5)
    supported = {item["claim_id"] for item in after["weighin"]["evidence"] if item["verdict"] == "supported"}
    verdicts = source_verdicts(after)
    assert supported & set(verdicts) and all(verdicts[c] == "Supported" for c in supported & set(verdicts))

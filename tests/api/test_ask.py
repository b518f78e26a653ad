"""POST /v1/ask: the answer JSON, live evidence, and every kind of bad input as a problem document."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"


def test_ask_returns_the_answer_json_with_cited_quotes(client):
    response = client.post("/v1/ask", json={"question": "Which framework should I pick for AutoML?"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["recommendation"] == "tensorflow" and not body["abstained"]
    assert body["id"].startswith("ans-") and 0 < body["confidence"] <= 1
    assert body["citations"] and all(c["quote"] and c["end"] > c["start"] for c in body["citations"])
    assert body["pending_evaluations"] == [] and isinstance(body["evidence"], list)


def test_ask_honours_k_and_abstains_out_of_scope(client):
    body = client.post("/v1/ask", json={"question": "Which framework is easier to debug?", "k": 2}).json()
    assert len(body["citations"]) <= 2
    off_topic = client.post("/v1/ask", json={"question": "What is the capital of Australia?"}).json()
    assert off_topic["abstained"] and off_topic["recommendation"] is None and off_topic["citations"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "Which?", "k": 0}, "k"),
        ({"question": "Which?", "k": "three"}, "k"),
        ({"question": 42}, "question"),
        ({"question": "Which?", "evidence": "sometimes"}, "evidence"),
        ({"question": "Which?", "colour": "blue"}, "colour"),
        ({}, "question"),
    ],
)
def test_bad_input_is_a_4xx_problem_naming_the_field(client, body, field):
    response = client.post("/v1/ask", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == response.status_code and problem["title"] and problem["detail"]
    assert field in [e["field"] for e in problem["errors"]], problem
    assert "Traceback" not in response.text


def test_malformed_json_and_wrong_content_are_problems(client):
    response = client.post("/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)
    array = client.post("/v1/ask", json=["Which framework?"])
    assert array.status_code == 400 and array.json()["detail"]


def test_unknown_routes_and_methods_are_problems(client):
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(PROBLEM)
    wrong_method = client.delete("/v1/ask")
    assert wrong_method.status_code == 405 and wrong_method.json()["status"] == 405


def test_live_evidence_needs_a_key_and_queues_missing_jobs(fresh_client, auth):
    """Over an empty evidence database, so nothing another test measured counts as present."""
    client, queue = fresh_client, fresh_client.app.state.ctx.runtime.queue
    question = {"question": "Which framework should I pick for AutoML?", "evidence": "live"}
    refused = client.post("/v1/ask", json=question)
    assert refused.status_code == 401 and refused.headers["content-type"].startswith(PROBLEM)
    body = client.post("/v1/ask", json=question, headers=auth).json()
    assert len(body["pending_evaluations"]) == 1
    run = queue.wait(body["pending_evaluations"][0], timeout=60)
    assert run.status == "done" and run.job_ids == ["fake-automl"]
    again = client.post("/v1/ask", json=question, headers=auth).json()
    assert again["pending_evaluations"] == []  # nothing is missing any more
    assert any(e["job_id"] == "fake-automl" and e["verdict"] == "supported" for e in again["evidence"])

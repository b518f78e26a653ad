"""Answer events, feedback, disputes and audits over HTTP: every surface is logged, tampering is caught."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import text

AUTOML = "Which framework should I pick for AutoML?"


def served_answer(client, surface: str) -> str:
    """Ask on one surface and return the id of the answer it served."""
    if surface == "rest":
        return client.post("/v1/ask", json={"question": AUTOML}).json()["id"]
    if surface == "openai":
        body = {"model": "weighin", "messages": [{"role": "user", "content": AUTOML}]}
        return client.post("/v1/chat/completions", json=body).json()["weighin"]["id"]
    if surface == "conversation":
        conversation = client.post("/v1/conversations", json={}).json()["id"]
        messages = client.post(f"/v1/conversations/{conversation}/messages", json={"content": AUTOML}).json()
        return messages[-1]["answer"]["id"]
    page = client.get("/", params={"q": AUTOML}).text  # the chat page's no-JS form
    match = re.search(r'<article class="answer" id="(ans-[0-9a-f]+)"', page)
    assert match, page[:500]
    return match.group(1)


@pytest.mark.parametrize("surface", ["rest", "openai", "conversation", "web"])
def test_every_surface_logs_the_answer_it_served(client, surface):
    answer_id = served_answer(client, surface)
    event = client.get(f"/v1/answers/{answer_id}").json()
    assert event["id"] == answer_id and event["surface"] == surface
    assert event["question"] == AUTOML and event["recommendation"] == "tensorflow"
    assert "TensorFlow" in event["answer"] and event["created_at"]
    assert event["claims"] and all(c["claim_id"].startswith("c-") and c["score"] > 0 for c in event["claims"])
    assert isinstance(event["evidence_record_ids"], list)


def test_logged_evidence_ids_are_the_records_the_answer_showed(client, auth):
    run = client.post("/v1/evaluations", json={"job_ids": ["fake-automl"]}, headers=auth).json()
    client.get(f"/v1/evaluations/{run['id']}/events")  # returns when the run is done
    shown = client.post("/v1/ask", json={"question": AUTOML}).json()
    event = client.get(f"/v1/answers/{shown['id']}").json()
    assert event["evidence_record_ids"] and set(event["evidence_record_ids"]) == {
        e["record_id"] for e in shown["evidence"]
    }


def test_unknown_answer_is_404(client):
    response = client.get("/v1/answers/ans-0000000000000000")
    assert response.status_code == 404 and "ans-0000000000000000" in response.json()["detail"]


def test_thumbs_down_disputes_the_cited_claims_and_reverifies_them(client, auth, api_runtime):
    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    response = client.post(
        f"/v1/answers/{answer['id']}/feedback", json={"rating": "down", "reason": "tuner crashed"}, headers=auth
    )
    assert response.status_code == 201, response.text
    result = response.json()
    cited = [c["claim_id"] for c in answer["citations"]]
    assert sorted(d["claim_id"] for d in result["disputes"]) == sorted(cited)
    assert all("tuner crashed" in d["reason"] and d["surface"] == "rest" for d in result["disputes"])
    assert result["evaluation_id"], "the AutoML claims have a job, so re-verification is queued"
    api_runtime.queue.wait(result["evaluation_id"], timeout=60)
    tested = next(d for d in result["disputes"] if d["evaluation_id"])
    disputes = client.get(f"/v1/claims/{tested['claim_id']}/disputes").json()
    mine = next(d for d in disputes if d["id"] == tested["id"])
    assert mine["status"] == "reverified" and mine["verdict_after"] == "supported" and mine["resolved_at"]


def test_thumbs_up_is_stored_without_disputes(client, auth):
    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    result = client.post(f"/v1/answers/{answer['id']}/feedback", json={"rating": "up"}, headers=auth).json()
    assert result["feedback_id"].startswith("fb-") and result["disputes"] == [] and result["evaluation_id"] is None


def test_feedback_errors(client, auth):
    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    url = f"/v1/answers/{answer['id']}/feedback"
    assert client.post(url, json={"rating": "down"}).status_code == 401
    wrong = client.post(url, json={"rating": "meh"}, headers=auth)
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "rating"
    extra = client.post(url, json={"rating": "up", "stars": 5}, headers=auth)
    assert extra.status_code == 400 and "stars" in extra.text
    unknown = client.post("/v1/answers/ans-0000000000000000/feedback", json={"rating": "up"}, headers=auth)
    assert unknown.status_code == 404


def test_a_direct_dispute_queues_the_claims_jobs_and_shows_in_the_audit(client, auth, api_runtime):
    claims = client.get("/v1/claims", params={"topic": "automl", "limit": 50}).json()["items"]
    testable = next(c for c in claims if c["testable"])
    response = client.post(
        f"/v1/claims/{testable['id']}/disputes", json={"reason": "Keras Tuner fails on TF 2.21"}, headers=auth
    )
    assert response.status_code == 201, response.text
    dispute = response.json()
    assert dispute["status"] == "open" and dispute["evaluation_id"]
    api_runtime.queue.wait(dispute["evaluation_id"], timeout=60)
    report = client.get("/v1/audit", params={"format": "json"}).json()
    audited = next(c for c in report["claims"] if c["id"] == testable["id"])
    assert any(d["id"] == dispute["id"] and d["status"] == "reverified" for d in audited["disputes"])
    assert audited["history"] and audited["verdict"] == "supported"


def test_dispute_errors(client, auth):
    untestable = client.get("/v1/claims", params={"verdict": "not_testable", "limit": 1}).json()["items"][0]
    url = f"/v1/claims/{untestable['id']}/disputes"
    assert client.post(url, json={"reason": "no"}).status_code == 401
    empty = client.post(url, json={"reason": ""}, headers=auth)
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "reason"
    blank = client.post(url, json={"reason": "   "}, headers=auth)
    assert blank.status_code == 422 and "reason is empty" in blank.json()["detail"]
    assert client.post("/v1/claims/c-nope/disputes", json={"reason": "x"}, headers=auth).status_code == 404
    kept = client.post(url, json={"reason": "The article gives no source"}, headers=auth).json()
    assert kept["status"] == "open" and kept["evaluation_id"] is None  # nothing to run: a person looks at it


def test_audit_report_formats(client):
    as_json = client.get("/v1/audit").json()
    assert as_json["chain"]["ok"] is True and as_json["summary"]["claims"] == len(as_json["claims"]) > 50
    first = as_json["claims"][0]
    assert {"text", "quote", "favors", "kind", "testable", "verdict", "history", "disagreements", "disputes"} <= set(
        first
    )
    markdown = client.get("/v1/audit", params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown") and "# Weigh-in claim audit" in markdown.text
    table = client.get("/v1/audit", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert table.headers["content-type"].startswith("text/csv") and len(rows) == len(as_json["claims"])
    assert {r["claim_id"] for r in rows} == {c["id"] for c in as_json["claims"]}
    assert client.get("/v1/audit", params={"format": "pdf"}).status_code == 400


def test_verify_reports_a_tampered_record(fresh_client, auth):
    run = fresh_client.post("/v1/evaluations", json={"job_ids": ["fake-automl", "fake-debugging"]}, headers=auth)
    done = run.json()
    fresh_client.get(f"/v1/evaluations/{done['id']}/events")
    intact = fresh_client.get("/v1/audit/verify")
    assert intact.status_code == 200 and intact.json()["ok"] and intact.json()["records"] == 2
    record_ids = fresh_client.get(f"/v1/evaluations/{done['id']}").json()["record_ids"]
    engine = fresh_client.app.state.ctx.runtime.engine
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE evidence_record SET verdict = 'contradicted' WHERE id = :id"), {"id": record_ids[0]}
        )
    broken = fresh_client.get("/v1/audit/verify")
    assert broken.status_code == 409 and broken.headers["content-type"].startswith("application/problem+json")
    body = broken.json()
    assert body["ok"] is False and body["first_broken"]["record_id"] == record_ids[0]
    assert record_ids[0] in body["detail"]
    md = fresh_client.get("/v1/audit", params={"format": "md"}).text
    assert "BROKEN" in md and record_ids[0] in md


def test_report_shows_environments_that_disagree(fresh_client):
    from dataclasses import replace

    from tests.evaluators.test_store import make_record

    runtime = fresh_client.app.state.ctx.runtime
    job = runtime.evaluations.registry.get("fake-automl")
    claim_id = next(c.id for c in runtime.evaluations.claims if "automl" in c.text.lower() and c.testable)
    cpu = make_record(job, claims=(claim_id,), verdict="supported", fingerprint="env-cpu")
    gpu = replace(make_record(job, claims=(claim_id,), verdict="contradicted", fingerprint="env-gpu"), device="cuda")
    for record in (cpu, gpu):
        runtime.evaluations.store.append(record)
    report = fresh_client.get("/v1/audit").json()
    audited = next(c for c in report["claims"] if c["id"] == claim_id)
    assert [d["job_id"] for d in audited["disagreements"]] == ["fake-automl"]
    views = {(v["device"], v["verdict"]) for v in audited["disagreements"][0]["verdicts"]}
    assert views == {("cpu", "supported"), ("cuda", "contradicted")}
    assert report["summary"]["disagreements"] == 1
    assert "Environments disagree on fake-automl" in fresh_client.get("/v1/audit", params={"format": "md"}).text


def test_answers_can_be_found_by_surface_words_and_time(client):
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC) - timedelta(seconds=1)
    mine = served_answer(client, "openai")
    found = client.get("/v1/answers", params={"surface": "openai", "q": "autoML", "since": before.isoformat()}).json()
    assert mine in [event["id"] for event in found] and all(e["surface"] == "openai" for e in found)
    later = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert client.get("/v1/answers", params={"since": later}).json() == []
    assert mine in [e["id"] for e in client.get("/v1/answers", params={"until": later, "limit": 200}).json()]
    assert client.get("/v1/answers", params={"q": "zzzz-never-asked"}).json() == []
    bad = client.get("/v1/answers", params={"since": "last tuesday"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "since"
    assert client.get("/v1/answers", params={"surface": "fax"}).status_code == 400

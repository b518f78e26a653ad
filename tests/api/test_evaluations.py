"""Claims, jobs and evaluations: queued with a key, run in subprocesses, streamed as server-sent events."""

from __future__ import annotations

import json


def sse_events(text: str) -> list[tuple[str, dict]]:
    events, kind = [], "message"
    for line in text.splitlines():
        if line.startswith("event:"):
            kind = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            events.append((kind, json.loads(line.split(":", 1)[1])))
            kind = "message"
    return events


def test_evaluation_needs_a_valid_key(client):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}):
        response = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"]}, headers=headers)
        assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
        assert response.headers["content-type"].startswith("application/problem+json")


def test_evaluation_runs_and_streams_progress(client, auth, api_runtime):
    response = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"], "device": "cpu"}, headers=auth)
    assert response.status_code == 202, response.text
    run = response.json()
    assert run["status"] in ("queued", "running", "done") and run["total"] == 1 and run["claim_ids"]
    stream = client.get(f"/v1/evaluations/{run['id']}/events")
    assert stream.headers["content-type"].startswith("text/event-stream")
    events = sse_events(stream.text)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "queued" and kinds[-1] == "done" and "job" in kinds, kinds
    job = next(data for kind, data in events if kind == "job")
    assert job["verdict"] == "supported" and job["evidence"][0]["claim_id"] in run["claim_ids"]
    done = client.get(f"/v1/evaluations/{run['id']}").json()
    assert done["status"] == "done" and done["completed"] == 1 and len(done["record_ids"]) == 1

    claim = client.get(f"/v1/claims/{run['claim_ids'][0]}").json()
    assert claim["verdict"] == "supported" and "fake-debugging" in claim["jobs"]
    assert any(r["id"] == done["record_ids"][0] for r in claim["history"])
    # Each record exposes its judged links and findings; the claim lists its own links and hypotheses.
    (link,) = [link for link in claim["links"] if link["job_id"] == "fake-debugging"]
    assert {"claim_id", "predicts", "measured", "verdict", "reason"} <= set(link) and link["measured"] == "works"
    assert claim["hypotheses"][0]["predicts"] == "fake_check: fake works"
    record = next(r for r in claim["history"] if r["id"] == done["record_ids"][0])
    assert record["links"] and any("the fake check" in finding["text"] for finding in record["findings"])
    # A finished run replays its events to a late listener.
    assert [k for k, _ in sse_events(client.get(f"/v1/evaluations/{run['id']}/events").text)][-1] == "done"


def test_evaluation_input_errors(client, auth):
    unknown_job = client.post("/v1/evaluations", json={"job_ids": ["no-such-job"]}, headers=auth)
    assert unknown_job.status_code == 404 and "no-such-job" in unknown_job.json()["detail"]
    unknown_claim = client.post("/v1/evaluations", json={"claim_ids": ["c-nope"]}, headers=auth)
    assert unknown_claim.status_code == 404
    bad_device = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"], "device": "tpu"}, headers=auth)
    assert bad_device.status_code == 400 and bad_device.json()["errors"][0]["field"] == "device"
    local_node = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"], "node": "n1"}, headers=auth)
    assert local_node.status_code == 422 and "WEIGHIN_EXECUTOR=ray" in local_node.json()["detail"]
    for node in ("", "a b", "x" * 129, 7):
        bad_node = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"], "node": node}, headers=auth)
        assert bad_node.status_code == 400 and bad_node.json()["errors"][0]["field"] == "node", node
    assert client.get("/v1/evaluations/eval-nope").status_code == 404
    assert client.get("/v1/evaluations/eval-nope/events").status_code == 404


def test_claims_filter_and_paginate(client):
    page = client.get("/v1/claims", params={"topic": "automl", "limit": 2}).json()
    assert page["total"] >= 3 and len(page["items"]) == 2
    assert all("automl" in (c["topic"], *c["aspects"]) for c in page["items"])
    rest = client.get("/v1/claims", params={"topic": "automl", "limit": 2, "offset": 2}).json()
    assert {c["id"] for c in rest["items"]}.isdisjoint(c["id"] for c in page["items"])
    pytorch = client.get("/v1/claims", params={"framework": "pytorch", "limit": 200}).json()
    assert pytorch["items"] and all(
        "pytorch" in (*c["frameworks"], c["subject"], c["favors"]) for c in pytorch["items"]
    )
    untestable = client.get("/v1/claims", params={"verdict": "not_testable", "limit": 200}).json()
    assert untestable["total"] > 0 and all(c["verdict"] == "not_testable" for c in untestable["items"])
    mixed = client.get("/v1/claims", params={"verdict": "mixed", "limit": 200})
    assert mixed.status_code == 200 and all(c["verdict"] == "mixed" for c in mixed.json()["items"])
    assert client.get("/v1/claims", params={"topic": "cooking"}).status_code == 400
    assert client.get("/v1/claims", params={"limit": 0}).status_code == 400
    assert client.get("/v1/claims/c-nope").status_code == 404


def test_jobs_list_the_claims_they_measure(client):
    jobs = {job["id"]: job for job in client.get("/v1/jobs").json()}
    assert set(jobs) == {"fake-automl", "fake-debugging"} and jobs["fake-automl"]["claim_ids"]


def test_a_node_on_an_unreachable_cluster_is_a_503_and_queues_nothing(client, auth, api_runtime, monkeypatch):
    from evaluators.ray_executor import RayJobExecutor

    monkeypatch.setattr(api_runtime.evaluations, "executor", RayJobExecutor(address="http://127.0.0.1:9"))
    before = len(api_runtime.queue.runs())
    response = client.post("/v1/evaluations", json={"job_ids": ["fake-debugging"], "node": "gpu-1"}, headers=auth)
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
    assert "cannot" in response.json()["detail"] and "127.0.0.1:9" in response.json()["detail"]
    assert len(api_runtime.queue.runs()) == before

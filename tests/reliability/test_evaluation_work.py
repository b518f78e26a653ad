"""Issue 19, problem 3: evaluation work could be multiplied. The same jobs in another order made a second
run, every subset made another queued run, nothing capped a client, and a run could not be cancelled
(``DELETE`` was 405)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import FAKE_JOBS_DIR, api_settings, fake_table, make_client
from tests.conftest import REPO, knowledge_base_for
from tests.reliability.test_evaluation_kill import job_processes

KEY = {"X-API-Key": "test-key-1"}
OTHER_KEY = {"X-API-Key": "test-key-2"}


def registry() -> Any:
    from evaluators.registry import Job, JobRegistry

    def job(job_id: str, target: str) -> Job:
        return Job(id=job_id, version=1, title=job_id, target=target, frameworks=("pytorch",))

    return JobRegistry(
        [
            job("fake-automl", "fake_jobs:succeed"),
            job("fake-debugging", "fake_jobs:succeed"),
            job("fake-sleep", "fake_jobs:sleep_forever"),
        ]
    )


def runtime_with(tmp_path: Path, embedder: Any, *, start_queue: bool, **env: str) -> Any:
    from assistant.wiring import build_runtime
    from evaluators.fingerprint import collect_fingerprint
    from evaluators.runner import LocalSubprocessExecutor
    from evaluators.service import EvaluationService
    from evaluators.store import EvidenceStore

    settings = api_settings(tmp_path / "data", tmp_path / "db.sqlite", WEIGHIN_INDEX_WATCH_SECONDS="0", **env)
    knowledge = knowledge_base_for(settings, embedder)
    evaluations = EvaluationService(
        registry=registry(),
        executor=LocalSubprocessExecutor(timeout_s=300, threads=1, memory_mb=1024, python_path=(str(FAKE_JOBS_DIR),)),
        store=EvidenceStore(settings.evaluation.database_url),
        fingerprint=collect_fingerprint(threads=1, project_root=REPO),
        claims=knowledge.claims(),
        table=fake_table(),
    )
    return build_runtime(settings, knowledge=knowledge, evaluations=evaluations, start_queue=start_queue)


@pytest.fixture
def idle_client(tmp_path: Path, embedder: Any) -> Iterator[Any]:
    """A client whose evaluation queue takes no work, so every run stays queued."""
    runtime = runtime_with(tmp_path, embedder, start_queue=False, WEIGHIN_MAX_QUEUED_RUNS="2")
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            yield client
    finally:
        runtime.close()


def queue(client: Any, jobs: list[str], headers: dict[str, str] = KEY) -> Any:
    return client.post("/v1/evaluations", json={"job_ids": jobs, "device": "cpu"}, headers=headers)


def test_the_same_jobs_in_another_order_or_a_subset_join_the_queued_run(idle_client):
    first = queue(idle_client, ["fake-debugging", "fake-automl"]).json()
    assert first["job_ids"] == ["fake-automl", "fake-debugging"]
    assert queue(idle_client, ["fake-automl", "fake-debugging"]).json()["id"] == first["id"]
    assert queue(idle_client, ["fake-automl"]).json()["id"] == first["id"]
    on_gpu = idle_client.post("/v1/evaluations", json={"job_ids": ["fake-automl"], "device": "cuda"}, headers=KEY)
    assert on_gpu.json()["id"] != first["id"]  # another device is another run


def test_a_client_over_its_queued_runs_gets_429_with_retry_after(idle_client):
    assert queue(idle_client, ["fake-automl"]).status_code == 202
    assert queue(idle_client, ["fake-debugging"]).status_code == 202
    third = queue(idle_client, ["fake-sleep"])
    assert third.status_code == 429 and int(third.headers["retry-after"]) > 0
    assert "2 evaluation runs queued" in third.json()["detail"] and "DELETE" in third.json()["detail"]
    assert queue(idle_client, ["fake-sleep"], OTHER_KEY).status_code == 202  # the cap is per client


def test_a_queued_run_is_cancelled_and_ends_its_event_stream(idle_client):
    run = queue(idle_client, ["fake-automl"]).json()
    assert idle_client.delete(f"/v1/evaluations/{run['id']}").status_code == 401
    cancelled = idle_client.delete(f"/v1/evaluations/{run['id']}", headers=KEY)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
    assert idle_client.get(f"/v1/evaluations/{run['id']}").json()["status"] == "cancelled"
    again = idle_client.delete(f"/v1/evaluations/{run['id']}", headers=KEY)
    assert again.status_code == 409 and "already cancelled" in again.json()["detail"]
    assert "event: cancelled" in idle_client.get(f"/v1/evaluations/{run['id']}/events").text
    assert queue(idle_client, ["fake-automl"]).json()["id"] != run["id"]  # a cancelled run is not joined
    assert idle_client.delete("/v1/evaluations/eval-nope", headers=KEY).status_code == 404


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")
def test_a_running_run_is_cancelled_by_ending_its_worker_and_leaves_no_evidence(tmp_path, embedder):
    import os

    runtime = runtime_with(tmp_path, embedder, start_queue=True)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            run = queue(client, ["fake-sleep"]).json()
            deadline = time.monotonic() + 60
            while not job_processes(os.getpid()) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert job_processes(os.getpid()), "the job never started"
            cancelled = client.delete(f"/v1/evaluations/{run['id']}", headers=KEY).json()
            assert cancelled["status"] == "cancelled" and cancelled["record_ids"] == [], cancelled
            deadline = time.monotonic() + 10
            while job_processes(os.getpid()) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not job_processes(os.getpid()), "the worker outlived the cancel"
            assert not [r for r in runtime.evaluations.store.records() if r.job_id == "fake-sleep"]  # no evidence
            after = queue(client, ["fake-automl"]).json()  # the queue goes on with the next run
            assert runtime.queue.wait(after["id"], timeout=60).status == "done"
    finally:
        runtime.close()

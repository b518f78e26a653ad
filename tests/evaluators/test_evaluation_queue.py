"""The evaluation queue: stored runs, one worker, deduplication, events, and recovery after a restart."""

from __future__ import annotations

import json

import pytest

from assistant.evidence import evidence_item
from evaluators.errors import InvalidRunRequest, UnknownClaimError, UnknownJobError, UnknownRunError
from evaluators.evaluation_queue import EvaluationQueue, EvaluationRunRow
from evaluators.store import open_engine
from tests.api.conftest import api_settings, build_test_runtime


@pytest.fixture
def runtime(assistant, session_data_dir, tmp_path, embedder, database_url):
    from migrations import upgrade

    engine = open_engine(database_url)
    upgrade(engine)  # an operator's `weighin db upgrade`; the server does it itself only on SQLite
    engine.dispose()
    settings = api_settings(session_data_dir, tmp_path / "unused.db", WEIGHIN_DATABASE_URL=database_url)
    runtime = build_test_runtime(settings, embedder)
    yield runtime
    runtime.close()


def test_runs_are_stored_and_listeners_get_every_event(runtime):
    seen = []
    run = runtime.queue.submit(job_ids=["fake-automl"])
    past, unsubscribe = runtime.queue.subscribe(run.id, seen.append)
    finished = runtime.queue.wait(run.id, timeout=60)
    unsubscribe()
    kinds = [event.kind for event in past + seen]
    assert kinds == ["queued", "started", "job", "done"]
    assert finished.status == "done" and finished.completed == 1 and finished.record_ids
    assert runtime.evaluations.store.records()[-1].id == finished.record_ids[0]


def test_identical_active_runs_are_not_queued_twice(runtime):
    runtime.queue.close()  # stop the worker so both submissions see the first run still queued
    first = runtime.queue.submit(job_ids=["fake-automl"])
    assert runtime.queue.submit(job_ids=["fake-automl"]).id == first.id
    assert runtime.queue.submit(job_ids=["fake-debugging"]).id != first.id


def test_bad_submissions_queue_nothing(runtime):
    with pytest.raises(UnknownJobError):
        runtime.queue.submit(job_ids=["nope"])
    with pytest.raises(UnknownClaimError):
        runtime.queue.submit(claim_ids=["c-nope"])
    with pytest.raises(InvalidRunRequest):
        runtime.queue.submit(job_ids=["fake-automl"], device="tpu")
    untestable = next(c for c in runtime.evaluations.claims if c.topic == "origin")
    with pytest.raises(InvalidRunRequest, match="not testable"):
        runtime.queue.submit(claim_ids=[untestable.id])
    with pytest.raises(UnknownRunError):
        runtime.queue.get("eval-nope")
    assert runtime.queue.runs() == []


def test_after_a_restart_queued_runs_resume_and_running_ones_fail(runtime, tmp_path):
    from sqlmodel import Session

    engine = open_engine(runtime.settings.evaluation.database_url)
    with Session(engine) as session:
        for run_id, status in (("eval-was-queued", "queued"), ("eval-was-running", "running")):
            session.add(
                EvaluationRunRow(
                    id=run_id,
                    status=status,
                    job_ids_json=json.dumps(["fake-automl"]),
                    claim_ids_json="[]",
                    device="auto",
                    created_at="2026-11-25T00:00:00+00:00",
                )
            )
        session.commit()
    restarted = EvaluationQueue(runtime.evaluations, engine, evidence_item)
    try:
        assert restarted.wait("eval-was-queued", timeout=60).status == "done"
        interrupted = restarted.get("eval-was-running")
        assert interrupted.status == "failed" and "interrupted" in (interrupted.error or "")
    finally:
        restarted.close()
        engine.dispose()

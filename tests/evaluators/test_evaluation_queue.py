"""The evaluation queue: stored runs, one worker, deduplication, events, and recovery after a restart."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from assistant.evidence import evidence_item
from evaluators.errors import ClusterError, InvalidRunRequest, UnknownClaimError, UnknownJobError, UnknownRunError
from evaluators.evaluation_queue import EvaluationQueue, EvaluationRunRow
from evaluators.runner import JobExecutor, JobOutcome, JobRequest, OutcomeCallback
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


@dataclass
class PinningExecutor:
    """A cluster of named nodes in front of the local executor: records which node each request asked for."""

    inner: JobExecutor
    names: tuple[str, ...] = ("node-a",)
    asked: list[str | None] = field(default_factory=list)

    def find_node(self, node: str) -> str:
        if node not in self.names:
            raise ClusterError(f"no live node of the Ray cluster match {node!r}")
        return node

    def run(self, requests: Sequence[JobRequest], on_outcome: OutcomeCallback | None = None) -> list[JobOutcome]:
        self.asked.extend(request.node for request in requests)
        return self.inner.run([dataclasses.replace(request, node=None) for request in requests], on_outcome)


def test_a_run_pinned_to_a_node_is_checked_stored_and_run_there(runtime):
    with pytest.raises(InvalidRunRequest, match="WEIGHIN_EXECUTOR=ray"):  # the local executor has no nodes
        runtime.queue.submit(job_ids=["fake-automl"], node="node-a")
    pinning = PinningExecutor(runtime.evaluations.executor)
    runtime.evaluations.executor = pinning
    with pytest.raises(ClusterError, match="node-b"):
        runtime.queue.submit(job_ids=["fake-automl"], node="node-b")
    assert runtime.queue.runs() == []
    runtime.queue.close()  # hold the worker: a pinned and an unpinned run of the same jobs are different runs
    pinned = runtime.queue.submit(job_ids=["fake-automl"], node="node-a")
    assert pinned.node == "node-a" and runtime.queue.submit(job_ids=["fake-automl"], node="node-a").id == pinned.id
    anywhere = runtime.queue.submit(job_ids=["fake-automl"])
    assert anywhere.id != pinned.id and anywhere.node is None
    runtime.queue.start()
    assert runtime.queue.wait(pinned.id, timeout=60).status == "done"
    assert runtime.queue.wait(anywhere.id, timeout=60).status == "done"
    assert pinning.asked == ["node-a", None] and runtime.queue.get(pinned.id).to_dict()["node"] == "node-a"

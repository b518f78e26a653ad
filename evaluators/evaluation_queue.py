"""Evaluation runs queued from the outside (HTTP, Slack, disputes) and worked off one at a time.

A run is a set of verification jobs. The queue stores each run's state in the database, works them off
in one background thread, and the jobs themselves run through the evaluators' executor, in
subprocesses: nothing heavy ever runs in the calling (web) process. Listeners get an event as a run
starts, after each job and at the end; a late listener first gets the run's past events, so no event is
ever missed. A run that was queued when the process stopped is queued again at the next start; one that
was running is marked failed, since its jobs' outcome is unknown.

Work is bounded: a run is identified by its sorted set of jobs, device and node, so asking again (in any
order, or for a subset of an active run) joins the active run; a client may have at most
``max_queued_per_submitter`` runs queued; a run can be cancelled, queued or running (its worker processes
are ended through the executor), and ends ``cancelled``: the cancelled jobs leave no evidence record.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, select

from evaluators.errors import InvalidRunRequest, RunAlreadyFinished, RunLimitReached, UnknownRunError
from evaluators.records import EvidenceRecord, utc_timestamp
from evaluators.service import DEVICE_CHOICES, EvaluationService, RunProgress

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
ACTIVE_STATES = (QUEUED, RUNNING)
FINAL_STATES = (DONE, FAILED, CANCELLED)
MAX_QUEUED_PER_SUBMITTER = 3
"""Runs one client may have queued at once (the server's own runs, with no submitter, are not counted)."""
RETRY_AFTER_S = 60
"""What a client over its cap is told to wait: about one run's worth of jobs on a small machine."""
CANCEL_WAIT_S = 15.0
"""How long cancelling a running run waits for its worker processes to end and the run to be recorded."""


class EvaluationRunRow(SQLModel, table=True):
    __tablename__ = "evaluation_run"

    id: str = Field(primary_key=True)
    status: str = Field(index=True)
    job_ids_json: str = Field(sa_column=Column(Text, nullable=False))
    claim_ids_json: str = Field(sa_column=Column(Text, nullable=False))
    device: str
    node: str | None = None
    reason: str = ""
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    completed: int = 0
    record_ids_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    submitter: str | None = None
    """The client identity that queued the run (``key:…`` or ``ip:…``), for the per-client cap."""


@dataclass(frozen=True, slots=True)
class EvaluationRun:
    id: str
    status: str
    job_ids: list[str]
    claim_ids: list[str]
    device: str
    node: str | None
    """The cluster node every job runs on, as the caller named it; None lets the executor choose."""
    reason: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    completed: int
    record_ids: list[str]
    error: str | None

    @property
    def total(self) -> int:
        return len(self.job_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "job_ids": self.job_ids,
            "claim_ids": self.claim_ids,
            "device": self.device,
            "node": self.node,
            "reason": self.reason,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "completed": self.completed,
            "total": self.total,
            "record_ids": self.record_ids,
            "error": self.error,
        }

    @classmethod
    def from_row(cls, row: EvaluationRunRow) -> EvaluationRun:
        return cls(
            id=row.id,
            status=row.status,
            job_ids=json.loads(row.job_ids_json),
            claim_ids=json.loads(row.claim_ids_json),
            device=row.device,
            node=row.node,
            reason=row.reason,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            completed=row.completed,
            record_ids=json.loads(row.record_ids_json),
            error=row.error,
        )


@dataclass(frozen=True, slots=True)
class RunEvent:
    """``queued``, ``started``, ``job`` (one per finished job, with its record) or ``done`` / ``failed``."""

    run_id: str
    kind: str
    data: dict[str, Any]

    @property
    def final(self) -> bool:
        return self.kind in FINAL_STATES


Listener = Callable[[RunEvent], None]
RecordDescriber = Callable[[str, EvidenceRecord], dict[str, Any]]
"""Shapes one claim's part of a finished job's record for listeners (the assistant's evidence item)."""


@dataclass(slots=True)
class _Channel:
    events: list[RunEvent] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)


class EvaluationQueue:
    def __init__(
        self,
        service: EvaluationService,
        engine: Engine,
        describe: RecordDescriber,
        *,
        start: bool = True,
        max_queued_per_submitter: int = MAX_QUEUED_PER_SUBMITTER,
    ) -> None:
        self.service = service
        self.max_queued_per_submitter = max_queued_per_submitter
        self._cancelling: set[str] = set()
        self._engine = engine
        self._describe = describe
        SQLModel.metadata.create_all(engine, tables=[EvaluationRunRow.__table__])  # type: ignore[attr-defined]
        self._pending: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._channels: dict[str, _Channel] = {}
        self._running_jobs = 0
        self._thread: threading.Thread | None = None
        self._recover()
        if start:
            self.start()

    # -- submitting -------------------------------------------------------------------------------------

    def submit(
        self,
        claim_ids: Sequence[str] = (),
        job_ids: Sequence[str] = (),
        device: str = "auto",
        reason: str = "requested",
        node: str | None = None,
        submitter: str | None = None,
    ) -> EvaluationRun:
        """Queue the named jobs plus the jobs of the named claims (all default jobs when both are empty).

        Unknown claim or job ids, and a ``node`` that the executor cannot run jobs on (no cluster, or no
        live node of that name), raise the evaluators' user errors before anything is queued. When a queued
        or running run on the same device and node already covers these jobs (the same set in any order, or
        more), that run is returned instead. ``submitter`` (a client identity) is held to
        ``max_queued_per_submitter`` queued runs: :class:`RunLimitReached` beyond.
        """
        if device not in DEVICE_CHOICES:
            raise InvalidRunRequest(f"device must be one of {', '.join(DEVICE_CHOICES)}, got {device!r}")
        if node is not None:
            self.service.find_node(node)
        everything = not claim_ids and not job_ids
        jobs = self.service.select_jobs(job_ids=list(job_ids), claim_ids=list(claim_ids), all=everything)
        if not jobs:
            raise InvalidRunRequest("no verification job measures the given claims (they are not testable)")
        chosen = sorted({job.id for job in jobs})
        covered = sorted({c.id for job in jobs for c in self.service.claims_for_job(job)})
        return self._enqueue(chosen, covered, device, reason, node, submitter)

    def _enqueue(
        self,
        job_ids: list[str],
        claim_ids: list[str],
        device: str,
        reason: str,
        node: str | None,
        submitter: str | None,
    ) -> EvaluationRun:
        with self._lock, Session(self._engine) as session:
            active = session.exec(select(EvaluationRunRow).where(col(EvaluationRunRow.status).in_(ACTIVE_STATES))).all()
            for row in active:
                if set(job_ids) <= set(json.loads(row.job_ids_json)) and (row.device, row.node) == (device, node):
                    return EvaluationRun.from_row(row)
            queued_by = sum(row.status == QUEUED and row.submitter == submitter for row in active)
            if submitter is not None and queued_by >= self.max_queued_per_submitter:
                raise RunLimitReached(self.max_queued_per_submitter, RETRY_AFTER_S)
            row = EvaluationRunRow(
                id=f"eval-{uuid.uuid4().hex[:16]}",
                status=QUEUED,
                job_ids_json=json.dumps(job_ids),
                claim_ids_json=json.dumps(claim_ids),
                device=device,
                node=node,
                reason=reason,
                created_at=utc_timestamp(),
                submitter=submitter,
            )
            session.add(row)
            session.commit()
            run = EvaluationRun.from_row(row)
        self._emit(RunEvent(run.id, QUEUED, {"run": run.to_dict()}))
        self._pending.put(run.id)
        return run

    # -- cancelling -------------------------------------------------------------------------------------

    def cancel(self, run_id: str, wait_s: float = CANCEL_WAIT_S) -> EvaluationRun:
        """Cancel a queued run at once, or a running one by ending its worker processes (waiting up to
        ``wait_s`` for it to be recorded); :class:`RunAlreadyFinished` for a run that ended already."""
        with self._lock:
            run = self.get(run_id)
            if run.status not in ACTIVE_STATES:
                raise RunAlreadyFinished(run_id, run.status)
            if run.status == QUEUED:
                self._update(run_id, status=CANCELLED, finished_at=utc_timestamp(), error="cancelled before it started")
            else:
                self._cancelling.add(run_id)
        if run.status == QUEUED:
            self._emit(RunEvent(run_id, CANCELLED, {"run": self.get(run_id).to_dict()}))
            return self.get(run_id)
        self.service.executor.cancel(run_id)
        return self.wait(run_id, timeout=wait_s)

    # -- reading ----------------------------------------------------------------------------------------

    def get(self, run_id: str) -> EvaluationRun:
        with Session(self._engine) as session:
            row = session.get(EvaluationRunRow, run_id)
            if row is None:
                raise UnknownRunError(run_id)
            return EvaluationRun.from_row(row)

    def runs(self, status: str | None = None, limit: int = 50) -> list[EvaluationRun]:
        query = select(EvaluationRunRow).order_by(col(EvaluationRunRow.created_at).desc()).limit(limit)
        if status is not None:
            query = query.where(EvaluationRunRow.status == status)
        with Session(self._engine) as session:
            return [EvaluationRun.from_row(row) for row in session.exec(query)]

    def job_states(self) -> dict[str, int]:
        """Jobs by state over every stored run: queued, running, done (finished jobs), failed runs' jobs."""
        states = {QUEUED: 0, RUNNING: 0, DONE: 0, FAILED: 0}
        with Session(self._engine) as session:
            for run in map(EvaluationRun.from_row, session.exec(select(EvaluationRunRow))):
                remaining = run.total - run.completed
                states[DONE] += run.completed
                if run.status == QUEUED:
                    states[QUEUED] += remaining
                elif run.status == RUNNING:
                    states[RUNNING] += min(1, remaining)
                    states[QUEUED] += max(0, remaining - 1)
                elif run.status == FAILED:
                    states[FAILED] += remaining
        return states

    def subscribe(self, run_id: str, listener: Listener) -> tuple[list[RunEvent], Callable[[], None]]:
        """The run's events so far and an unsubscribe function; ``listener`` gets every later event.

        For a run finished before this process started, the past events are rebuilt from its stored state.
        """
        run = self.get(run_id)
        with self._lock:
            channel = self._channels.get(run_id)
            if channel is None:
                channel = self._channels[run_id] = _Channel(events=self._replay(run))
            past = list(channel.events)
            channel.listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in channel.listeners:
                    channel.listeners.remove(listener)

        return past, unsubscribe

    def _replay(self, run: EvaluationRun) -> list[RunEvent]:
        events = [RunEvent(run.id, QUEUED, {"run": run.to_dict()})]
        if run.status in FINAL_STATES:
            events.append(RunEvent(run.id, run.status, {"run": run.to_dict()}))
        return events

    def _emit(self, event: RunEvent) -> None:
        with self._lock:
            channel = self._channels.setdefault(event.run_id, _Channel())
            channel.events.append(event)
            listeners = list(channel.listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the run or the other listeners
                log.exception("evaluation listener failed for %s", event.run_id)

    # -- working ----------------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="weighin-evaluations", daemon=True)
            self._thread.start()

    def close(self, timeout: float | None = 5.0) -> None:
        """Stop taking runs (a job already running finishes in its subprocess, bounded by its timeout)."""
        self._pending.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def wait(self, run_id: str, timeout: float = 60.0) -> EvaluationRun:
        """Block until the run is done or failed (for the CLI and tests)."""
        finished = threading.Event()
        past, unsubscribe = self.subscribe(run_id, lambda event: finished.set() if event.final else None)
        try:
            if not any(event.final for event in past):
                finished.wait(timeout)
        finally:
            unsubscribe()
        return self.get(run_id)

    def _work(self) -> None:
        while (run_id := self._pending.get()) is not None:
            if not self._claim_for_work(run_id):
                continue  # cancelled while it waited
            try:
                self._execute(self.get(run_id))
            except Exception as exc:  # a bug in a run must not kill the worker; the run records it
                log.exception("evaluation %s failed", run_id)
                self._end(run_id, f"{type(exc).__name__}: {exc}")

    def _claim_for_work(self, run_id: str) -> bool:
        """Mark a queued run running; False when it is no longer queued (cancelled meanwhile)."""
        with self._lock:
            if self.get(run_id).status != QUEUED:
                return False
            self._update(run_id, status=RUNNING, started_at=utc_timestamp())
            return True

    def _end(self, run_id: str, error: str | None) -> None:
        """Record how a run that was running ended: cancelled if someone cancelled it, else done or failed."""
        with self._lock:
            cancelled = run_id in self._cancelling
            self._cancelling.discard(run_id)
        if cancelled:
            self._finish(run_id, CANCELLED, "cancelled while running: the jobs it finished before keep their evidence")
        else:
            self._finish(run_id, FAILED if error else DONE, error)

    def _execute(self, run: EvaluationRun) -> None:
        self._emit(RunEvent(run.id, "started", {"run": self.get(run.id).to_dict()}))
        record_ids: list[str] = []

        def on_progress(progress: RunProgress) -> None:
            if progress.record is None:
                return
            record_ids.append(progress.record.id)
            self._update(run.id, completed=progress.completed, record_ids_json=json.dumps(record_ids))
            event = job_event(progress.record, progress.completed, progress.total, self._describe)
            self._emit(RunEvent(run.id, "job", event))

        self.service.run(
            job_ids=run.job_ids, device=run.device, tier="all", progress=on_progress, run_id=run.id, node=run.node
        )
        self._end(run.id, None)

    def _finish(self, run_id: str, status: str, error: str | None) -> None:
        self._update(run_id, status=status, finished_at=utc_timestamp(), error=error)
        self._emit(RunEvent(run_id, status, {"run": self.get(run_id).to_dict()}))

    def _update(self, run_id: str, **values: Any) -> None:
        with Session(self._engine) as session:
            row = session.get(EvaluationRunRow, run_id)
            if row is None:
                return
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()

    def _recover(self) -> None:
        with Session(self._engine) as session:
            rows = session.exec(select(EvaluationRunRow).where(col(EvaluationRunRow.status).in_(ACTIVE_STATES)))
            for row in rows.all():
                if row.status == QUEUED:
                    self._pending.put(row.id)
                else:
                    row.status, row.finished_at = FAILED, utc_timestamp()
                    row.error = "interrupted: the server stopped before the run finished"
                    session.add(row)
            session.commit()


def job_event(record: EvidenceRecord, completed: int, total: int, describe: RecordDescriber) -> dict[str, Any]:
    """One finished job: its record summarised per claim, in the shape answers carry evidence."""
    return {
        "completed": completed,
        "total": total,
        "job_id": record.job_id,
        "record_id": record.id,
        "verdict": record.verdict,
        "evidence": [describe(claim_id, record) for claim_id in record.claim_ids],
    }

"""Facade the CLI and API call: pick jobs, run them, append evidence, answer per-claim questions.

Everything it needs comes through the constructor (registry, executor, store, fingerprint and the
knowledge base's claims), so tests substitute any part and nothing here reads the environment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evaluators.errors import UnknownClaimError
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.records import EvidenceRecord, not_testable_record, utc_timestamp
from evaluators.registry import Job, JobRegistry, jobs_for_claim, resolve_claims
from evaluators.runner import JobExecutor, JobOutcome, JobRequest
from evaluators.store import EvidenceStore
from evaluators.verdicts import Verdict, aggregate_verdicts

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from knowledge.claims import Claim

TIER_CHOICES = ("default", "slow", "all")
DEVICE_CHOICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True, slots=True)
class RunProgress:
    """Sent before the first job (``record`` None) and after each job finishes."""

    completed: int
    total: int
    job: Job | None = None
    record: EvidenceRecord | None = None


ProgressCallback = Callable[[RunProgress], None]


def record_from_outcome(
    outcome: JobOutcome, claim_ids: Sequence[str], fingerprint: EnvironmentFingerprint
) -> EvidenceRecord:
    """Turn an executor outcome into an (unsealed) evidence record; failures become ``error`` records."""
    result = outcome.result or {}
    logs = {"stdout_tail": outcome.stdout_tail, "stderr_tail": outcome.stderr_tail, "exit_code": outcome.exit_code}
    if outcome.ok:
        verdict, rationale = "inconclusive", str(result["rationale"])  # lead replaces with hypothesis judging
        metrics, key_figure = dict(result.get("metrics") or {}), str(result.get("key_figure", ""))
        device = str(result.get("device") or outcome.requested_device)
    else:
        verdict, rationale = "error", f"The job did not produce a measurement: {outcome.error}."
        metrics, key_figure, device = {"logs": logs}, f"error: {(outcome.error or '')[:80]}", outcome.requested_device
    return EvidenceRecord(
        job_id=outcome.job.id,
        job_version=outcome.job.version,
        code_hash=outcome.job.code_hash,
        claim_ids=tuple(claim_ids),
        verdict=verdict,
        rationale=rationale,
        metrics=metrics,
        key_figure=key_figure,
        device=device,
        started_at=utc_timestamp(outcome.started_at),
        duration_s=round(outcome.duration_s, 6),
        environment=fingerprint.data,
        fingerprint_hash=fingerprint.hash,
    )


class CurrentEvidenceCache:
    """What every answer asks again: each claim's jobs, its not-testable record, its current evidence.

    Current evidence is kept while the log's head (record count and last hash, read in one light query) is
    unchanged: any append, from this process or another, moves the head and empties the cache. Answers on
    several threads share it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, list[Job]] = {}
        self._not_testable: dict[str, EvidenceRecord] = {}
        self._head: tuple[int, str | None] | None = None
        self._current: dict[str, list[EvidenceRecord]] = {}

    def jobs(self, claim: Claim, registry: JobRegistry) -> list[Job]:
        if claim.id not in self._jobs:
            self._jobs[claim.id] = jobs_for_claim(claim, registry)
        return self._jobs[claim.id]

    def not_testable(self, claim: Claim) -> EvidenceRecord:
        if claim.id not in self._not_testable:
            self._not_testable[claim.id] = not_testable_record(claim)
        return self._not_testable[claim.id]

    def current(
        self, store: EvidenceStore, registry: JobRegistry, claim_ids: Sequence[str]
    ) -> dict[str, list[EvidenceRecord]]:
        head = store.head()
        with self._lock:
            if head != self._head:
                self._head, self._current = head, {}
            found = {claim_id: self._current[claim_id] for claim_id in claim_ids if claim_id in self._current}
        missing = [claim_id for claim_id in claim_ids if claim_id not in found]
        if missing:
            fetched = store.latest_for_claims(missing, registry)
            with self._lock:
                if self._head == head:
                    self._current.update(fetched)
            found.update(fetched)
        return found


class EvaluationService:
    """Runs verification jobs and reports current evidence per claim."""

    def __init__(
        self,
        registry: JobRegistry,
        executor: JobExecutor,
        store: EvidenceStore,
        fingerprint: EnvironmentFingerprint,
        claims: Iterable[Claim] = (),
    ) -> None:
        self.registry = registry
        self.executor = executor
        self.store = store
        self.fingerprint = fingerprint
        self._claims: dict[str, Claim] = {claim.id: claim for claim in claims}
        self._evidence_cache = CurrentEvidenceCache()

    @property
    def claims(self) -> list[Claim]:
        return list(self._claims.values())

    def set_claims(self, claims: Iterable[Claim]) -> None:
        """Replace the claims (after a document is ingested); evidence stays keyed by claim id."""
        self._claims = {claim.id: claim for claim in claims}
        self._evidence_cache = CurrentEvidenceCache()

    def claim(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id) from None

    def jobs(self) -> list[Job]:
        return list(self.registry.values())

    def claims_for_job(self, job: Job) -> list[Claim]:
        return resolve_claims(job, self._claims.values())

    def select_jobs(
        self,
        job_ids: Sequence[str] | None = None,
        claim_ids: Sequence[str] | None = None,
        all: bool = False,
        tier: str = "default",
    ) -> list[Job]:
        """Jobs named explicitly (any tier), plus jobs for the given claims or all jobs, filtered by tier."""
        if tier not in TIER_CHOICES:
            raise ValueError(f"tier must be one of {TIER_CHOICES}, got {tier!r}")
        chosen: dict[str, Job] = {job_id: self.registry[job_id] for job_id in job_ids or ()}
        in_tier = {job.id for job in self.registry.in_tier(tier)}
        candidates = (
            self.jobs()
            if all
            else [job for cid in claim_ids or () for job in jobs_for_claim(self.claim(cid), self.registry)]
        )
        chosen.update((job.id, job) for job in candidates if job.id in in_tier)
        return list(chosen.values())

    def run(
        self,
        job_ids: Sequence[str] | None = None,
        claim_ids: Sequence[str] | None = None,
        all: bool = False,
        device: str = "auto",
        tier: str = "default",
        progress: ProgressCallback | None = None,
    ) -> list[EvidenceRecord]:
        """Run the selected jobs and append one record per job; job failures are ``error`` records."""
        if device not in DEVICE_CHOICES:
            raise ValueError(f"device must be one of {DEVICE_CHOICES}, got {device!r}")
        jobs = self.select_jobs(job_ids, claim_ids, all, tier)
        records: list[EvidenceRecord] = []
        if progress is not None:
            progress(RunProgress(completed=0, total=len(jobs)))

        def on_outcome(outcome: JobOutcome) -> None:
            claim_ids_for_job = [claim.id for claim in self.claims_for_job(outcome.job)]
            stored = self.store.append(record_from_outcome(outcome, claim_ids_for_job, self.fingerprint))
            records.append(stored)
            if progress is not None:
                progress(RunProgress(completed=len(records), total=len(jobs), job=outcome.job, record=stored))

        self.executor.run([JobRequest(job=job, device=device) for job in jobs], on_outcome)
        return records

    def evidence_for_claim(self, claim_id: str) -> list[EvidenceRecord]:
        """Current (latest non-stale) record per job and environment; a not_testable record if no job applies."""
        return self.evidence_for_claims([claim_id])[claim_id]

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> dict[str, list[EvidenceRecord]]:
        """:meth:`evidence_for_claim` for several claims; at most one read of the log, none when it is unchanged."""
        claims = {claim_id: self.claim(claim_id) for claim_id in claim_ids}
        cache = self._evidence_cache
        testable = [claim_id for claim_id, claim in claims.items() if cache.jobs(claim, self.registry)]
        measured = cache.current(self.store, self.registry, testable) if testable else {}
        return {
            claim_id: list(measured[claim_id]) if claim_id in measured else [cache.not_testable(claim)]
            for claim_id, claim in claims.items()
        }

    def claim_verdict(self, claim_id: str) -> Verdict | None:
        """One verdict for a claim from its current evidence; None when its jobs have not run yet."""
        return aggregate_verdicts(record.verdict for record in self.evidence_for_claim(claim_id))

    def missing_or_stale_jobs(self, claim_ids: Sequence[str]) -> list[Job]:
        """Jobs for these claims with no current record in this environment (never run, or code changed)."""
        needed: dict[str, Job] = {}
        latest = self.store.latest_for_claims(claim_ids, self.registry)
        for claim_id in claim_ids:
            current = {record.job_id for record in latest[claim_id] if record.fingerprint_hash == self.fingerprint.hash}
            for job in jobs_for_claim(self.claim(claim_id), self.registry):
                if job.id not in current:
                    needed.setdefault(job.id, job)
        return list(needed.values())


def build_evaluation_service(
    database_url: str | Engine,
    claims: Iterable[Claim] = (),
    *,
    timeout_s: float = 120.0,
    threads: int = 2,
    memory_mb: int = 6144,
    executor: str = "local",
    max_workers: int = 1,
    project_root: Path | None = None,
) -> EvaluationService:
    """Wire the default catalog, an executor, the store and this machine's fingerprint from plain values."""
    from evaluators.catalog import default_registry
    from evaluators.fingerprint import collect_fingerprint
    from evaluators.runner import create_executor

    return EvaluationService(
        registry=default_registry(),
        executor=create_executor(
            executor, timeout_s=timeout_s, threads=threads, memory_mb=memory_mb, max_workers=max_workers
        ),
        store=EvidenceStore(database_url),
        fingerprint=collect_fingerprint(threads=threads, project_root=project_root),
        claims=claims,
    )

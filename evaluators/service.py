"""Facade the CLI and API call: pick jobs, run them, append evidence, answer per-claim questions.

Everything it needs comes through the constructor (registry, executor, store, fingerprint and the
knowledge base's claims), so tests substitute any part and nothing here reads the environment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaluators.errors import UnknownClaimError, UnknownJobError
from evaluators.evidence_cache import CurrentEvidenceCache
from evaluators.findings import findings_for
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.judgements import StoredObservationJudge
from evaluators.judging import judge_link
from evaluators.linking import SentenceEncoder, registry_linker
from evaluators.outcome_codec import JobOutcome, OutcomeFormatError, decode_foreign_outcome
from evaluators.records import EvidenceRecord, utc_timestamp
from evaluators.registry import Job, JobRegistry, LinkSource, claim_links, jobs_for_claim, resolve_claims
from evaluators.reviewed_links import ReviewedLinks, load_reviewed
from evaluators.runner import JobExecutor, JobRequest
from evaluators.store import EvidenceStore
from evaluators.verdicts import MEASURED, summarize_verdicts

if TYPE_CHECKING:
    import numpy as np
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


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``weighin evidence import`` did: the records it appended and the outcomes it refused (with why)."""

    appended: list[EvidenceRecord]
    refused: list[str]


def outcome_from_json(data: dict[str, Any], registry: JobRegistry) -> JobOutcome:
    """A :class:`JobOutcome` from a worker's outcome JSON produced on another machine (the protocol's codec)."""
    return decode_foreign_outcome(data, registry)


def record_from_outcome(
    outcome: JobOutcome,
    claims: Sequence[Claim],
    fingerprint: EnvironmentFingerprint,
    table: LinkSource,
    provenance: dict[str, Any] | None = None,
) -> EvidenceRecord:
    """Turn an executor outcome into an (unsealed) evidence record with one judged link per claim hypothesis.

    The worker's own fingerprint is recorded when the outcome carries one (the machine that measured, not
    the one that asked). A worker whose code hash differs from this checkout's, a crash, a timeout or a
    missing package is an ``error`` record, and every link then reads ``error``, never ``contradicted``.
    """
    worker = outcome.worker or {}
    if worker.get("fingerprint"):
        fingerprint = EnvironmentFingerprint.from_data(dict(worker["fingerprint"]["data"]))
    result = outcome.result or {}
    logs = {"stdout_tail": outcome.stdout_tail, "stderr_tail": outcome.stderr_tail, "exit_code": outcome.exit_code}
    problem = outcome.error if not outcome.ok else None
    if problem is None and worker.get("code_hash") not in (None, outcome.job.code_hash):
        problem = (
            f"code hash mismatch: worker ran {worker['code_hash'][:16]}, this checkout has {outcome.job.code_hash[:16]}"
        )
    record_id = uuid.uuid4().hex
    if problem is None:
        observations = list(result.get("observations") or [])
        rationale, key_figure = str(result.get("rationale", "")), str(result.get("key_figure", ""))
        metrics = {**dict(result.get("metrics") or {}), "observations": observations}
        if provenance:
            metrics["provenance"] = provenance
        device = str(result.get("device") or worker.get("device") or outcome.requested_device)
        findings = findings_for(outcome.job.id, observations, device, fingerprint.data, record_id)
    else:
        observations, findings = None, []
        rationale, key_figure = f"The job did not produce a measurement: {problem}.", f"error: {problem[:80]}"
        metrics, device = {"logs": logs}, str(worker.get("device") or outcome.requested_device)
    links = [
        judge_link(claim.id, link, observations).to_dict()
        for claim in claims
        for link in table.links_for_claim(claim)
        if link.job_id == outcome.job.id and link.hypothesis.holds_on(device)
    ]
    verdict = "error" if problem is not None else summarize_verdicts(link["verdict"] for link in links) or MEASURED
    return EvidenceRecord(
        id=record_id,
        job_id=outcome.job.id,
        job_version=outcome.job.version,
        code_hash=outcome.job.code_hash,
        claim_ids=tuple(dict.fromkeys(link["claim_id"] for link in links)),
        verdict=verdict,
        rationale=rationale,
        metrics=metrics,
        key_figure=key_figure,
        device=device,
        started_at=utc_timestamp(outcome.started_at),
        duration_s=round(outcome.duration_s, 6),
        environment=fingerprint.data,
        fingerprint_hash=fingerprint.hash,
        links=tuple(links),
        findings=tuple(findings),
    )


class EvaluationService:
    """Runs verification jobs and reports current evidence per claim."""

    def __init__(
        self,
        registry: JobRegistry,
        executor: JobExecutor,
        store: EvidenceStore,
        fingerprint: EnvironmentFingerprint,
        claims: Iterable[Claim] = (),
        table: LinkSource | None = None,
    ) -> None:
        """``table`` links claims to jobs: by default the claim linker over the registry's declarations."""
        self.registry = registry
        self.table: LinkSource = table if table is not None else registry_linker(registry)
        self.executor = executor
        self.store = store
        self.fingerprint = fingerprint
        self._claims: dict[str, Claim] = {claim.id: claim for claim in claims}
        self._evidence_cache = CurrentEvidenceCache()
        self._findings_cache: dict[tuple[str, ...], tuple[Any, list[tuple[EvidenceRecord, dict[str, Any]]]]] = {}

    @property
    def claims(self) -> list[Claim]:
        return list(self._claims.values())

    def set_claims(self, claims: Iterable[Claim]) -> None:
        """Replace the claims (after a document is ingested); evidence stays keyed by claim id."""
        self._claims = {claim.id: claim for claim in claims}
        self._evidence_cache = CurrentEvidenceCache()

    def prepare_links(self) -> None:
        """Read every claim's links and current evidence ahead of the questions: a server calls this once it
        is ready, so no ask pays an encoder call, the reading of the sentence (~0.6 ms a claim) or a read of
        the log for a claim it has not met yet (the first round of questions was ~20% slower than the next).
        One claim per encoder call, as an ask embeds, so the encoder's memory never grows for a batch (a batch
        of all of them cost ~70 MB of peak RSS)."""
        claims = list(self._claims.values())
        cache = self._evidence_cache
        for claim in claims:
            self._prepare_links([claim])
            cache.jobs(claim, self.registry, self.table)
        self.evidence_for_claims([claim.id for claim in claims])

    def link_vectors(self) -> dict[str, np.ndarray]:
        """What a linker that reads meaning has embedded (masked sentence -> vector); {} for one that does not."""
        embedded = getattr(self.table, "embedded", None)
        return embedded() if embedded is not None else {}

    def reuse_link_vectors(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Hand the linker vectors its encoder made before (see :meth:`link_vectors`), so it embeds only new
        sentences: a server that stored them at its last start reads its claims' links without the encoder."""
        reuse = getattr(self.table, "reuse", None)
        if reuse is not None:
            reuse(vectors)

    def _prepare_links(self, claims: Iterable[Claim]) -> None:
        """Let a linker that reads meaning embed claims in one batch rather than one at a time (it skips known ones)."""
        prepare = getattr(self.table, "prepare", None)
        if prepare is not None:
            prepare([claim.read_text for claim in claims])

    def knows(self, claim_id: str) -> bool:
        """Whether ``claim_id`` is one of the claims this service judges (what :meth:`claim` would find)."""
        return claim_id in self._claims

    def claim(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id) from None

    def jobs(self) -> list[Job]:
        return list(self.registry.values())

    def jobs_for_claim(self, claim: Claim) -> list[Job]:
        """The jobs the hypothesis table links to a claim."""
        return jobs_for_claim(claim, self.registry, self.table)

    def hypotheses(self, claim: Claim) -> list[dict[str, Any]]:
        """What the table expects each linked job to show for a claim, measured or not yet."""
        return [
            {
                "job_id": link.job_id,
                "rule": link.rule,
                "metric": link.hypothesis.metric,
                "predicts": link.hypothesis.describe(),
                "unmeasured": link.unmeasured,
            }
            for link in claim_links(claim, self.registry, self.table)
        ]

    def find_node(self, node: str) -> str:
        """The id of the cluster node that ``node`` names; a user error without a cluster or such a node."""
        return self.executor.find_node(node)

    def claims_for_job(self, job: Job) -> list[Claim]:
        self._prepare_links(self._claims.values())
        return resolve_claims(job, self._claims.values(), self.table)

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
            else [job for cid in claim_ids or () for job in jobs_for_claim(self.claim(cid), self.registry, self.table)]
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
        run_id: str = "",
        node: str | None = None,
    ) -> list[EvidenceRecord]:
        """Run the selected jobs and append one record per job; job failures are ``error`` records.

        ``run_id`` names the evaluation run: a distributed executor submits each job under it, so a
        resubmission of the same run is refused instead of measured twice. ``node`` runs every job on that
        cluster node (the Ray executor only; see :meth:`find_node`).
        """
        if device not in DEVICE_CHOICES:
            raise ValueError(f"device must be one of {DEVICE_CHOICES}, got {device!r}")
        jobs = self.select_jobs(job_ids, claim_ids, all, tier)
        records: list[EvidenceRecord] = []
        if progress is not None:
            progress(RunProgress(completed=0, total=len(jobs)))

        def on_outcome(outcome: JobOutcome) -> None:
            claims = self.claims_for_job(outcome.job)
            stored = self.store.append(record_from_outcome(outcome, claims, self.fingerprint, self.table))
            records.append(stored)
            if progress is not None:
                progress(RunProgress(completed=len(records), total=len(jobs), job=outcome.job, record=stored))

        self.executor.run([JobRequest(job, device, run_id, node) for job in jobs], on_outcome)
        return records

    def import_outcomes(self, outcomes: Sequence[dict[str, Any]], source: str) -> ImportResult:
        """Append worker outcomes measured elsewhere, keeping their fingerprint and naming where they came from.

        An outcome from other code (its code hash is not this checkout's), of an unknown job or malformed is
        refused, not appended: it would be evidence about code this log does not describe.
        """
        appended: list[EvidenceRecord] = []
        refused: list[str] = []
        for number, data in enumerate(outcomes, start=1):
            try:
                outcome = outcome_from_json(data, self.registry)
            except (OutcomeFormatError, UnknownJobError) as exc:
                refused.append(f"outcome {number}: not a worker outcome ({exc})")
                continue
            if data.get("code_hash") != outcome.job.code_hash:
                refused.append(
                    f"outcome {number} ({outcome.job.id}): code hash {str(data.get('code_hash'))[:16]} is not this "
                    f"checkout's {outcome.job.code_hash[:16]}"
                )
                continue
            provenance = {"imported_from": source, "imported_at": utc_timestamp(), "host": data.get("host")}
            record = record_from_outcome(
                outcome, self.claims_for_job(outcome.job), self.fingerprint, self.table, provenance
            )
            appended.append(self.store.append(record))
        return ImportResult(appended, refused)

    def judge_from_stored(self, claims: Iterable[Claim] | None = None) -> list[EvidenceRecord]:
        """Judge every link no record has judged yet on its job's current observations; nothing re-runs.

        Called after a document is ingested (its claims), or with no argument for every known claim. Each
        judgement is appended as its own log entry (:mod:`evaluators.judgements`); a second call adds nothing.
        """
        chosen = list(self._claims.values() if claims is None else claims)
        self._prepare_links(chosen)
        appended = StoredObservationJudge(self.store, self.registry, self.table).judge(chosen)
        if appended:
            self._evidence_cache = CurrentEvidenceCache()
        return appended

    def evidence_for_claim(self, claim_id: str) -> list[EvidenceRecord]:
        """Current (latest non-stale) record per job, environment and device; not_testable when no job applies."""
        return self.evidence_for_claims([claim_id])[claim_id]

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> dict[str, list[EvidenceRecord]]:
        """:meth:`evidence_for_claim` for several claims; at most one read of the log, none when it is unchanged."""
        claims = {claim_id: self.claim(claim_id) for claim_id in claim_ids}
        self._prepare_links(claims.values())
        cache = self._evidence_cache
        testable = [cid for cid, claim in claims.items() if cache.jobs(claim, self.registry, self.table)]
        measured = cache.current(self.store, self.registry, testable) if testable else {}
        return {
            claim_id: list(measured[claim_id]) if claim_id in measured else [cache.not_testable(claim)]
            for claim_id, claim in claims.items()
        }

    def current_findings(self, job_ids: Sequence[str]) -> list[tuple[EvidenceRecord, dict[str, Any]]]:
        """Every finding of the jobs' current records (per environment and device), with its record.

        Read once per change of the log: answers to measurable questions ask this on every request.
        """
        head, key = self.store.head(), tuple(sorted(job_ids))
        cached = self._findings_cache.get(key)
        if cached is None or cached[0] != head:
            records = self.store.latest_for_jobs(list(key), self.registry)
            found = [(record, finding) for record in records for finding in record.findings]
            cached = (head, found)
            self._findings_cache[key] = cached
        return list(cached[1])

    def claim_links(self, claim_id: str) -> list[dict[str, Any]]:
        """Every judged link of a claim in its current evidence, with the record's job, device and environment."""
        return [
            {**link, "record_id": record.id, "device": record.device, "environment": record.fingerprint_hash}
            for record in self.evidence_for_claim(claim_id)
            for link in record.links_for(claim_id)
        ]

    def claim_verdict(self, claim_id: str) -> str | None:
        """One word for a claim: its links' shared verdict, ``mixed`` when they differ, None before any job ran.

        A claim whose every link comes out the same reads that verdict; jobs that found different things
        (or one that errored beside one that measured) read ``mixed``, and :meth:`claim_links` says which
        found what. No verdict overrides another job's.
        """
        records = self.evidence_for_claim(claim_id)  # one read: claim_links would read the evidence again
        if any(record.verdict == "not_testable" for record in records):
            return "not_testable"
        return summarize_verdicts(link["verdict"] for record in records for link in record.links_for(claim_id))

    def missing_or_stale_jobs(self, claim_ids: Sequence[str], device: str = "cpu") -> list[Job]:
        """Jobs for these claims with no current record here on ``device`` (never run, or code changed)."""
        needed: dict[str, Job] = {}
        latest = self.store.latest_for_claims(claim_ids, self.registry)
        for claim_id in claim_ids:
            current = {
                record.job_id
                for record in latest[claim_id]
                if record.fingerprint_hash == self.fingerprint.hash and record.device.startswith(device)
            }
            for job in jobs_for_claim(self.claim(claim_id), self.registry, self.table):
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
    encoder: SentenceEncoder | None = None,
    reviewed_links_dir: Path | None = None,
) -> EvaluationService:
    """Wire the default catalog, an executor, the store and this machine's fingerprint from plain values.

    ``encoder`` lets the claim linker read meaning (MiniLM); ``reviewed_links_dir`` holds reviewed
    per-document exceptions to it (:mod:`evaluators.reviewed_links`).
    """
    from evaluators.catalog import default_registry
    from evaluators.fingerprint import collect_fingerprint
    from evaluators.runner import create_executor

    registry = default_registry()
    claim_linker = registry_linker(registry, encoder)
    linker: LinkSource = claim_linker
    if reviewed_links_dir is not None:
        reviewed = load_reviewed(reviewed_links_dir, list(claim_linker.properties))
        linker = ReviewedLinks(claim_linker, reviewed) if reviewed else claim_linker
    return EvaluationService(
        registry=registry,
        executor=create_executor(
            executor, timeout_s=timeout_s, threads=threads, memory_mb=memory_mb, max_workers=max_workers
        ),
        store=EvidenceStore(database_url),
        fingerprint=collect_fingerprint(threads=threads, project_root=project_root),
        claims=claims,
        table=linker,
    )

"""Measured evidence for an answer's cited claims, in the shape answers carry.

Adapts the evaluators' service to ``assistant.service.EvidenceSource``. With ``live`` set, jobs that are
missing or stale for the cited claims run first (in subprocesses, bounded by a time budget), so an
answer can rest on a measurement made just now.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.measured import MeasuredFindings, MeasuredPart

if TYPE_CHECKING:
    from evaluators.records import EvidenceRecord
    from evaluators.service import EvaluationService


def environment_summary(environment: dict[str, Any]) -> str:
    gpu = environment.get("gpu") or {}
    gpu_name = gpu.get("name") if isinstance(gpu, dict) else gpu
    versions = environment.get("versions") or {}
    parts = [
        str(environment.get("cpu_model") or environment.get("machine") or "unknown CPU"),
        f"{environment.get('cores', '?')} cores",
        f"GPU {gpu_name}" if gpu_name else "no GPU",
        f"torch {versions.get('torch', '?')}",
        f"TF {versions.get('tensorflow', '?')}",
    ]
    return ", ".join(parts)


def evidence_item(claim_id: str, record: EvidenceRecord) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "record_id": record.id,
        "job_id": record.job_id,
        "verdict": record.verdict_for(claim_id),
        "links": record.links_for(claim_id),
        "findings": list(record.findings),
        "key_figure": record.key_figure,
        "rationale": record.rationale,
        "device": record.device,
        "environment": environment_summary(record.environment) if record.environment else "",
        "measured_at": record.started_at,
    }


class AnswerEvidence:
    def __init__(self, service: EvaluationService, live: bool = False, live_budget_s: float = 300.0) -> None:
        self.service = service
        self.live = live
        self.live_budget_s = live_budget_s
        self._measured = MeasuredFindings(service)

    def measured_for(self, question: str) -> MeasuredPart | None:
        """The findings that answer a measurable question; in live mode its missing jobs run first."""
        part = self._measured.for_question(question)
        if part is not None and part.missing and self.live:
            self._run_jobs(part.missing)
            part = self._measured.for_question(question)
        return part

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> list[dict[str, Any]]:
        stored = {claim.id for claim in self.service.claims}
        known = [cid for cid in claim_ids if cid in stored]
        if self.live:
            self._run_missing(known)
        current = self.service.evidence_for_claims(known)
        return [evidence_item(claim_id, record) for claim_id in known for record in current[claim_id]]

    def _run_missing(self, claim_ids: Sequence[str]) -> None:
        """Run missing or stale jobs one by one until the time budget is spent (a job is never cut short)."""
        self._run_jobs([job.id for job in self.service.missing_or_stale_jobs(claim_ids)])

    def _run_jobs(self, job_ids: Sequence[str]) -> None:
        deadline = time.monotonic() + self.live_budget_s
        for job_id in job_ids:
            if time.monotonic() >= deadline:
                break
            self.service.run(job_ids=[job_id], tier="all")

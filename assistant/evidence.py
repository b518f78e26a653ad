"""Measured evidence for an answer's cited claims, in the shape answers carry.

Adapts the evaluators' service to ``assistant.service.EvidenceSource``: it reads the current evidence and
measured findings, and never runs a job. Live evidence (queuing what is missing) is the answer desk's,
through the evaluation queue (``assistant.desk``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.measured import MeasuredFindings, MeasuredPart

if TYPE_CHECKING:
    from assistant.question import Question
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


def caveat_of(claim_id: str, record: EvidenceRecord) -> str | None:
    """What the measurement warns about, in one clause: a deprecation the framework emitted, or an error.

    The job records the warnings it caught (``deprecation_warnings``); a link that could not measure reads
    ``error``. None when the record holds neither.
    """
    warnings = record.metrics.get("deprecation_warnings") if isinstance(record.metrics, dict) else None
    if warnings:
        versions = (record.environment or {}).get("versions") or {}
        where = f"torch {versions['torch']}" if versions.get("torch") else "the framework"
        first = " ".join(str(warnings[0]).split())[:160].rstrip(".")
        return f"when measured here, {where} warned: \u201c{first}\u201d"
    if record.verdict_for(claim_id) == "error":
        return f"its check ({record.job_id}) ended in an error here, so it is unverified"
    return None


def evidence_item(claim_id: str, record: EvidenceRecord) -> dict[str, Any]:
    return {
        "caveat": caveat_of(claim_id, record),
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
    def __init__(self, service: EvaluationService) -> None:
        self.service = service
        self._measured = MeasuredFindings(service)
        self._links: dict[str, frozenset[tuple[str, str]]] = {}
        """Claim links by claim id (a claim id names its text, so its links never change within a process)."""

    def measured_for(self, question: Question) -> MeasuredPart | None:
        """The findings that answer a measurable question (and the jobs that would measure what is missing)."""
        return self._measured.for_question(question)

    def measured_by(self, claim_ids: Sequence[str]) -> dict[str, frozenset[tuple[str, str]]]:
        """The (job id, metric) pairs each claim is linked to: what a measurement of it would read."""
        linked: dict[str, frozenset[tuple[str, str]]] = {}
        for claim_id in claim_ids:
            if claim_id not in self._links and self.service.knows(claim_id):
                claim = self.service.claim(claim_id)
                pairs = {(str(h["job_id"]), str(h["metric"])) for h in self.service.hypotheses(claim)}
                self._links[claim_id] = frozenset(pairs)
            linked[claim_id] = self._links.get(claim_id, frozenset())
        return linked

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> list[dict[str, Any]]:
        known = [cid for cid in claim_ids if self.service.knows(cid)]
        current = self.service.evidence_for_claims(known)
        return [evidence_item(claim_id, record) for claim_id in known for record in current[claim_id]]

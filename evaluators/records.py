"""The evidence record and its canonical serialisation.

Records are immutable. Their canonical JSON (sorted keys, no whitespace, UTF-8, no NaN) is what
``content_hash`` covers; because ``prev_hash`` is part of that content, records already form a hash
chain that a later verifier can walk without a schema change.

Schema 2 adds ``links`` (one verdict per claim-job link, judged against the link's hypothesis) and
``findings`` (plain sentences with the figures, for answers). A schema-1 record's content is what it
was when it was sealed (no ``links``, no ``findings``), so the chain over old records stays valid.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from evaluators.verdicts import summarize_verdicts
from knowledge.hypotheses import not_testable_reason

if TYPE_CHECKING:
    from knowledge.claims import Claim

SCHEMA_VERSION = 2
V2_FIELDS = ("links", "findings")
NOT_TESTABLE_JOB_ID = "not-testable"
JUDGES = "judges"
"""``metrics`` key of a judgement entry: the id of the observation record it judged links on."""


def canonical_json(value: Any) -> str:
    """Deterministic JSON: the same data always gives the same bytes, across stores and machines."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """One measurement (or one honest "cannot measure") about the claims a job verifies."""

    job_id: str
    job_version: int
    code_hash: str
    claim_ids: tuple[str, ...]
    verdict: str
    rationale: str
    metrics: dict[str, Any]
    key_figure: str
    device: str
    started_at: str
    """ISO 8601 UTC timestamp, kept as text so hashing never depends on a driver's datetime handling."""
    duration_s: float
    environment: dict[str, Any]
    fingerprint_hash: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    schema_version: int = SCHEMA_VERSION
    prev_hash: str | None = None
    content_hash: str = ""
    links: tuple[dict[str, Any], ...] = ()
    """One judged link per (claim, hypothesis): ``claim_id``, ``predicts``, ``measured``, ``verdict``, ``reason``…"""
    findings: tuple[dict[str, Any], ...] = ()
    """What the job found, as sentences with figures: ``text``, ``metric``, ``favors``, ``device``, ``record_id``."""

    def canonical_content(self) -> dict[str, Any]:
        """Everything except ``content_hash``, in JSON types (schema 1: without the fields schema 2 added)."""
        data = asdict(self)
        data.pop("content_hash")
        data["claim_ids"] = list(self.claim_ids)
        if self.schema_version < 2:
            for name in V2_FIELDS:
                data.pop(name)
        else:
            data["links"], data["findings"] = list(self.links), list(self.findings)
        return data

    def compute_hash(self) -> str:
        return sha256_hex(canonical_json(self.canonical_content()))

    def sealed(self, prev_hash: str | None) -> EvidenceRecord:
        """A copy linked to the previous record and carrying its own content hash."""
        linked = replace(self, prev_hash=prev_hash, content_hash="")
        return replace(linked, content_hash=linked.compute_hash())

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by the CLI and API: every field, ``environment`` as an object."""
        return {
            **self.canonical_content(),
            "links": list(self.links),
            "findings": list(self.findings),
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceRecord:
        values = dict(data)
        values["claim_ids"] = tuple(values["claim_ids"])
        values["links"] = tuple(values.get("links") or ())
        values["findings"] = tuple(values.get("findings") or ())
        return cls(**values)

    def links_for(self, claim_id: str) -> list[dict[str, Any]]:
        """This record's judged links for one claim."""
        return [link for link in self.links if link.get("claim_id") == claim_id]

    def verdict_for(self, claim_id: str) -> str:
        """What this record says about one claim: its links' verdict (``mixed`` when they differ), else the record's."""
        summary = summarize_verdicts(str(link.get("verdict")) for link in self.links_for(claim_id))
        return self.verdict if self.verdict == "error" or summary is None else summary


def is_judgement(record: EvidenceRecord) -> bool:
    """True for an entry that judged links on another record's observations (it measured nothing itself)."""
    return bool(record.metrics.get(JUDGES))


def utc_timestamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def not_testable_record(claim: Claim, reason: str | None = None) -> EvidenceRecord:
    """An unstored record that says, with the reason, that no local job can measure this claim.

    It is built on demand for audits and never appended to the store: it is not a measurement.
    """
    record = EvidenceRecord(
        id=f"{NOT_TESTABLE_JOB_ID}:{claim.id}",
        job_id=NOT_TESTABLE_JOB_ID,
        job_version=0,
        code_hash="",
        claim_ids=(claim.id,),
        verdict="not_testable",
        rationale=reason or not_testable_reason(claim.text, claim.topic).capitalize() + ".",
        metrics={},
        key_figure="not measurable locally",
        device="none",
        started_at="",
        duration_s=0.0,
        environment={},
        fingerprint_hash="",
    )
    return record.sealed(prev_hash=None)

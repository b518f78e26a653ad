"""Checking the evidence log's hash chain: what ``weighin audit verify`` and ``GET /v1/audit/verify`` report.

Each record stores the hash of its canonical content and the hash of the record before it; an anchor row
keeps the log's length and last hash. Recomputing all of that in log order catches, behind the
application's back:

- a changed field: the record's content no longer matches its hash;
- a deleted or reordered record: the next record's link no longer matches;
- deleted newest records, or a rewritten last record: the anchor's count or head hash differ;
- an edited claim index (``evidence_claim``, which per-claim histories are read from): its rows no longer
  match the claim ids sealed inside the record;
- a field edited into something unreadable: reported, never raised;
- a judgement entry (links judged on another record's stored observations) whose verdicts do not recompute
  from the record it names, with the hypotheses it stores (:mod:`evaluators.judgements`).

The check works on raw rows so that one damaged row is named instead of stopping the whole audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaluators.records import EvidenceRecord
    from evaluators.store import EvidenceRow


@dataclass(frozen=True, slots=True)
class ChainProblem:
    record_id: str | None
    position: int
    """1-based position of the record in the log (0 for problems with the anchor)."""
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    records: int
    head_hash: str | None
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None

    def describe_first(self) -> str:
        """One line naming the first problem, for a CLI error or a problem body; empty when intact."""
        first = self.first_broken
        if first is None:
            return ""
        where = f"record {first.record_id} (#{first.position})" if first.record_id else "the chain anchor"
        return f"{where}: {first.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "head_hash": self.head_hash,
            "first_broken": asdict(self.problems[0]) if self.problems else None,
            "problems": [asdict(problem) for problem in self.problems],
        }


def check_chain(
    rows: Iterable[EvidenceRow],
    claim_links: Mapping[int, list[str]],
    anchor: tuple[int, str | None] | None,
) -> ChainReport:
    """Check rows in log order against their hashes, links, claim index and the anchor ``(records, head)``."""
    problems: list[ChainProblem] = []
    previous: str | None = None
    count = 0
    seen: dict[str, EvidenceRecord] = {}
    for position, row in enumerate(rows, start=1):
        count = position
        problems += _row_problems(row, position, previous, claim_links.get(row.seq or -1, []))
        problems += _judgement_problems(row, position, seen)
        previous = row.content_hash
    if anchor is None:
        problems.append(ChainProblem(None, 0, "the chain anchor is missing"))
    elif anchor != (count, previous):
        problems.append(
            ChainProblem(
                None, 0, f"the anchor says {anchor[0]} records ending in {str(anchor[1])[:16]}, the log holds {count}"
            )
        )
    return ChainReport(records=count, head_hash=previous, problems=problems)


def _judgement_problems(row: EvidenceRow, position: int, seen: dict[str, EvidenceRecord]) -> list[ChainProblem]:
    """Recompute a judgement entry from the earlier record it names; remember every readable record."""
    from evaluators.judgements import recompute_problems
    from evaluators.records import JUDGES, is_judgement

    try:
        record = row.to_record()
    except (ValueError, TypeError):
        return []
    seen[record.id] = record
    if not is_judgement(record):
        return []
    observed = seen.get(str(record.metrics.get(JUDGES)))
    return [ChainProblem(row.id, position, f"judgement: {reason}") for reason in recompute_problems(record, observed)]


def _row_problems(row: EvidenceRow, position: int, previous: str | None, linked: list[str]) -> list[ChainProblem]:
    found: list[ChainProblem] = []
    try:
        record = row.to_record()
    except (ValueError, TypeError) as exc:  # a JSON field edited into something unreadable
        return [ChainProblem(row.id, position, f"stored fields are unreadable ({type(exc).__name__})")]
    if record.compute_hash() != record.content_hash:
        found.append(ChainProblem(row.id, position, "content does not match its hash (a field changed)"))
    if record.prev_hash != previous:
        found.append(ChainProblem(row.id, position, "link to the previous record is broken (deleted or reordered)"))
    if sorted(linked) != sorted(record.claim_ids):
        found.append(
            ChainProblem(
                row.id, position, f"claim index says {sorted(linked)}, the record says {list(record.claim_ids)}"
            )
        )
    return found

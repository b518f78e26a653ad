"""Claim audits: feedback and disputes, the evidence log's integrity, and per-claim audit cards.

A dispute says "this claim may be wrong"; it comes from a thumbs-down on an answer (one dispute per cited
claim) or directly (``POST /v1/claims/{id}/disputes``). Opening one queues re-verification of the claim's
jobs; when that run finishes the dispute is marked ``reverified`` with the verdict the claim then has.
Untestable claims keep their disputes ``open`` for a person to look at. Reports live in
``assistant.audit_report``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.answer_log import AnswerLog
from assistant.catalog import ClaimCatalog
from assistant.errors import UserInputError
from evaluators.errors import UnknownClaimError, UnknownRunError
from evaluators.evaluation_queue import EvaluationQueue, EvaluationRun, RunEvent
from evaluators.records import utc_timestamp
from evaluators.service import EvaluationService

log = logging.getLogger(__name__)

RATINGS = ("up", "down")
OPEN, REVERIFIED = "open", "reverified"
MAX_REASON_CHARS = 2000


class FeedbackRow(SQLModel, table=True):
    __tablename__ = "answer_feedback"

    id: str = Field(primary_key=True)
    answer_id: str = Field(index=True)
    rating: str
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    user: str | None = None
    surface: str
    created_at: str


class DisputeRow(SQLModel, table=True):
    __tablename__ = "claim_dispute"

    id: str = Field(primary_key=True)
    claim_id: str = Field(index=True)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    answer_id: str | None = None
    user: str | None = None
    surface: str
    status: str = Field(index=True)
    evaluation_id: str | None = Field(default=None, index=True)
    verdict_after: str | None = None
    created_at: str
    resolved_at: str | None = None


@dataclass(frozen=True, slots=True)
class Dispute:
    id: str
    claim_id: str
    reason: str
    answer_id: str | None
    user: str | None
    surface: str
    status: str
    evaluation_id: str | None
    verdict_after: str | None
    created_at: str
    resolved_at: str | None

    @classmethod
    def from_row(cls, row: DisputeRow) -> Dispute:
        return cls(
            row.id,
            row.claim_id,
            row.reason,
            row.answer_id,
            row.user,
            row.surface,
            row.status,
            row.evaluation_id,
            row.verdict_after,
            row.created_at,
            row.resolved_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim_id": self.claim_id,
            "reason": self.reason,
            "answer_id": self.answer_id,
            "user": self.user,
            "surface": self.surface,
            "status": self.status,
            "evaluation_id": self.evaluation_id,
            "verdict_after": self.verdict_after,
            "created_at": self.created_at,
            "resolved_at": self.resolved_at,
        }


class AuditService:
    def __init__(self, evaluations: EvaluationService, queue: EvaluationQueue, answers: AnswerLog, engine: Engine):
        self.evaluations = evaluations
        self.queue = queue
        self.answers = answers
        self.catalog = ClaimCatalog(evaluations)
        self._engine = engine
        SQLModel.metadata.create_all(
            engine,
            tables=[FeedbackRow.__table__, DisputeRow.__table__],  # type: ignore[attr-defined]
        )
        self._reconcile()

    # -- feedback and disputes -----------------------------------------------------------------------------

    def feedback(
        self, answer_id: str, rating: str, *, user: str | None, surface: str, reason: str = ""
    ) -> dict[str, Any]:
        """Store a thumbs up or down on an answer; a thumbs down disputes every claim the answer cited."""
        if rating not in RATINGS:
            raise UserInputError(f"rating must be one of {', '.join(RATINGS)}, got {rating!r}")
        reason = _checked_reason(reason, required=False)
        event = self.answers.get(answer_id)
        row = FeedbackRow(
            id=f"fb-{uuid.uuid4().hex[:16]}",
            answer_id=answer_id,
            rating=rating,
            reason=reason,
            user=user,
            surface=surface,
            created_at=utc_timestamp(),
        )
        result: dict[str, Any] = {"feedback_id": row.id, "rating": rating, "disputes": [], "evaluation_id": None}
        with Session(self._engine) as session:
            session.add(row)
            session.commit()
        if rating == "down" and event.claim_ids:
            why = f"thumbs down on answer {answer_id}" + (f": {reason}" if reason else "")
            disputes, evaluation_id = self._open(event.claim_ids, why, answer_id, user, surface)
            result.update(disputes=[d.to_dict() for d in disputes], evaluation_id=evaluation_id)
        return result

    def dispute(self, claim_id: str, reason: str, *, user: str | None, surface: str) -> dict[str, Any]:
        """Dispute one claim directly; its jobs (if any) are queued for re-verification."""
        self.evaluations.claim(claim_id)  # UnknownClaimError for an unknown id
        disputes, evaluation_id = self._open([claim_id], _checked_reason(reason, required=True), None, user, surface)
        return {**disputes[0].to_dict(), "evaluation_id": evaluation_id}

    def disputes(self, claim_id: str | None = None, status: str | None = None) -> list[Dispute]:
        query = select(DisputeRow).order_by(col(DisputeRow.created_at))
        if claim_id is not None:
            query = query.where(DisputeRow.claim_id == claim_id)
        if status is not None:
            query = query.where(DisputeRow.status == status)
        with Session(self._engine) as session:
            return [Dispute.from_row(row) for row in session.exec(query)]

    def measurable(self, claim_ids: Sequence[str]) -> list[str]:
        """The claims some verification job measures (ids no longer in the knowledge base are skipped)."""
        found = []
        for claim_id in claim_ids:
            try:
                claim = self.evaluations.claim(claim_id)
            except UnknownClaimError:
                continue
            if self.evaluations.jobs_for_claim(claim):
                found.append(claim_id)
        return found

    def rerun_answer(self, answer_id: str) -> tuple[EvaluationRun, list[str]]:
        """Queue every job of an answer's cited claims again, measured or not: the run and the cited claim ids."""
        event = self.answers.get(answer_id)
        testable = self.measurable(event.claim_ids)
        if not testable:
            raise UserInputError("none of the claims this answer cites can be measured by a verification job")
        return self.queue.submit(claim_ids=testable, reason=f"re-run of {answer_id}"), event.claim_ids

    def _open(
        self, claim_ids: list[str], reason: str, answer_id: str | None, user: str | None, surface: str
    ) -> tuple[list[Dispute], str | None]:
        testable = self.measurable(claim_ids)
        evaluation_id = None
        if testable:
            run = self.queue.submit(claim_ids=testable, reason="dispute")
            evaluation_id = run.id
        now = utc_timestamp()
        rows = [
            DisputeRow(
                id=f"dis-{uuid.uuid4().hex[:16]}",
                claim_id=cid,
                reason=reason,
                answer_id=answer_id,
                user=user,
                surface=surface,
                status=OPEN,
                evaluation_id=evaluation_id if cid in testable else None,
                created_at=now,
            )
            for cid in claim_ids
        ]
        disputes = [Dispute.from_row(row) for row in rows]
        with Session(self._engine) as session:
            session.add_all(rows)
            session.commit()
        if evaluation_id is not None:
            past, _ = self.queue.subscribe(evaluation_id, self._on_run_event)
            for event in past:
                self._on_run_event(event)
        return disputes, evaluation_id

    def _on_run_event(self, event: RunEvent) -> None:
        """When a re-verification finishes, mark its disputes re-verified with the claims' verdicts then."""
        if event.kind != "done":
            return
        query = select(DisputeRow).where(DisputeRow.evaluation_id == event.run_id, DisputeRow.status == OPEN)
        with Session(self._engine) as session:
            rows = session.exec(query).all()
        if not rows:
            return
        # Verdicts are read before the write transaction: the evidence store may sit on another engine of the
        # same SQLite file, and reading it while holding the write lock would wait on ourselves.
        verdicts = {cid: self.catalog.verdict(self.evaluations.claim(cid)) for cid in {row.claim_id for row in rows}}
        resolved_at = utc_timestamp()
        with Session(self._engine) as session:
            for row in rows:
                row.status, row.resolved_at, row.verdict_after = REVERIFIED, resolved_at, verdicts[row.claim_id]
                session.add(row)
            session.commit()

    def _reconcile(self) -> None:
        """Disputes whose re-verification finished while no process was listening are marked now."""
        with Session(self._engine) as session:
            query = select(DisputeRow.evaluation_id).where(DisputeRow.status == OPEN).distinct()
            run_ids = [run_id for run_id in session.exec(query) if run_id]
        for run_id in run_ids:
            try:
                run = self.queue.get(run_id)
            except UnknownRunError:
                continue
            if run.status == "done":
                self._on_run_event(RunEvent(run_id, "done", {"run": run.to_dict()}))

    # -- cards ---------------------------------------------------------------------------------------------

    def claim_card(self, claim_id: str) -> dict[str, Any]:
        """What the audit knows about one claim: text, source quote, verdict, current evidence, disputes."""
        claim = self.evaluations.claim(claim_id)
        current = self.evaluations.evidence_for_claim(claim_id)
        return {
            **claim.to_dict(),
            "section": claim.section_path,
            "verdict": self.catalog.verdict(claim),
            "current_evidence": [record.to_dict() for record in current],
            "disputes": [d.to_dict() for d in self.disputes(claim_id)],
        }


def _checked_reason(reason: str, required: bool) -> str:
    cleaned = " ".join(reason.split())
    if required and not cleaned:
        raise UserInputError("reason is empty: say why the claim looks wrong")
    if len(cleaned) > MAX_REASON_CHARS:
        raise UserInputError(f"reason is {len(cleaned)} characters; the limit is {MAX_REASON_CHARS}")
    return cleaned

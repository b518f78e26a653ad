"""Every answer served, on any surface, as an answer event: so "why did the bot say X last Tuesday" has an answer.

An event keeps the question, the answer text, the recommendation, the cited claim ids with their scores,
the evidence record ids the answer showed, the surface (cli, rest, openai, conversation, web, slack) and
the time. Writes are batched by a background thread so logging never holds up an answer; reading an
event first flushes what is pending, so an answer can be looked up the moment it has been returned.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Text, func, insert, or_
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.answer import Answer
from assistant.errors import NotFound
from evaluators.records import utc_timestamp

log = logging.getLogger(__name__)

SURFACES = ("cli", "rest", "openai", "conversation", "web", "slack")
FLUSH_INTERVAL_S = 0.2


class AnswerEventRow(SQLModel, table=True):
    __tablename__ = "answer_event"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, index=True)
    surface: str = Field(index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    recommendation: str | None = None
    confidence: float
    abstained: bool
    claims_json: str = Field(sa_column=Column(Text, nullable=False))
    evidence_ids_json: str = Field(sa_column=Column(Text, nullable=False))
    user: str | None = None
    conversation_id: str | None = None
    created_at: str = Field(index=True)


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    id: str
    surface: str
    question: str
    answer: str
    recommendation: str | None
    confidence: float
    abstained: bool
    claims: list[dict[str, Any]]
    """``[{"claim_id", "score"}]`` in citation order."""
    evidence_ids: list[str]
    user: str | None
    conversation_id: str | None
    created_at: str

    @property
    def claim_ids(self) -> list[str]:
        return [c["claim_id"] for c in self.claims]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "surface": self.surface,
            "question": self.question,
            "answer": self.answer,
            "recommendation": self.recommendation,
            "confidence": self.confidence,
            "abstained": self.abstained,
            "claims": self.claims,
            "evidence_record_ids": self.evidence_ids,
            "user": self.user,
            "conversation_id": self.conversation_id,
            "created_at": self.created_at,
        }

    @classmethod
    def from_row(cls, row: AnswerEventRow) -> AnswerEvent:
        return cls(
            id=row.id,
            surface=row.surface,
            question=row.question,
            answer=row.answer,
            recommendation=row.recommendation,
            confidence=row.confidence,
            abstained=row.abstained,
            claims=json.loads(row.claims_json),
            evidence_ids=json.loads(row.evidence_ids_json),
            user=row.user,
            conversation_id=row.conversation_id,
            created_at=row.created_at,
        )


def event_row(answer: Answer, surface: str, user: str | None, conversation_id: str | None) -> dict[str, Any]:
    """The ``answer_event`` columns for one answer (a plain dict: built on the answer's path, so kept cheap)."""
    evidence_ids = list(dict.fromkeys(str(e["record_id"]) for e in answer.evidence if e.get("record_id")))
    return {
        "id": answer.id,
        "surface": surface,
        "question": answer.question,
        "answer": answer.answer,
        "recommendation": answer.recommendation,
        "confidence": answer.confidence,
        "abstained": answer.abstained,
        "claims_json": json.dumps([{"claim_id": c.claim_id, "score": c.score} for c in answer.citations]),
        "evidence_ids_json": json.dumps(evidence_ids),
        "user": user,
        "conversation_id": conversation_id,
        "created_at": utc_timestamp(),
    }


class AnswerLog:
    def __init__(self, engine: Engine, background: bool = True) -> None:
        self._engine = engine
        SQLModel.metadata.create_all(engine, tables=[AnswerEventRow.__table__])  # type: ignore[attr-defined]
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._flush_loop, name="weighin-answer-log", daemon=True)
            self._thread.start()

    def record(
        self, answer: Answer, surface: str, *, user: str | None = None, conversation_id: str | None = None
    ) -> None:
        """Queue the event; it is written within ``FLUSH_INTERVAL_S`` (at once without a background thread)."""
        if surface not in SURFACES:
            raise ValueError(f"surface must be one of {SURFACES}, got {surface!r}")
        with self._lock:
            self._pending.append(event_row(answer, surface, user, conversation_id))
        if self._thread is None:
            self.flush()
        else:
            self._wake.set()

    def flush(self) -> None:
        with self._write_lock:
            with self._lock:
                rows, self._pending = self._pending, []
            if not rows:
                return
            try:  # one multi-row INSERT: the ORM's per-object flush cost more than the answers' evidence look-ups
                with self._engine.begin() as connection:
                    connection.execute(insert(AnswerEventRow), rows)
            except Exception:  # the answers were served; losing their log entry must not fail anything else
                log.exception("could not write %d answer events", len(rows))

    def get(self, answer_id: str) -> AnswerEvent:
        self.flush()
        with Session(self._engine) as session:
            row = session.exec(select(AnswerEventRow).where(AnswerEventRow.id == answer_id)).first()
            if row is None:
                raise NotFound(f"unknown answer {answer_id!r}")
            return AnswerEvent.from_row(row)

    def recent(
        self,
        limit: int = 50,
        surface: str | None = None,
        contains: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[AnswerEvent]:
        """Newest first; ``contains`` matches the question or the answer (case-insensitive); ``until`` is exclusive."""
        self.flush()
        query = select(AnswerEventRow).order_by(col(AnswerEventRow.seq).desc()).limit(limit)
        if surface is not None:
            query = query.where(AnswerEventRow.surface == surface)
        if contains:
            pattern = f"%{contains.lower()}%"
            query = query.where(
                or_(func.lower(AnswerEventRow.question).like(pattern), func.lower(AnswerEventRow.answer).like(pattern))
            )
        if since:
            query = query.where(col(AnswerEventRow.created_at) >= utc_timestamp(since))
        if until:
            query = query.where(col(AnswerEventRow.created_at) < utc_timestamp(until))
        with Session(self._engine) as session:
            return [AnswerEvent.from_row(row) for row in session.exec(query)]

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
        self.flush()

    def _flush_loop(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            self._wake.wait(FLUSH_INTERVAL_S)  # gather what arrives meanwhile into one transaction
            self.flush()

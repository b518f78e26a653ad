"""Every answer served, on any surface, as an answer event: so "why did the bot say X last Tuesday" has an answer.

An event keeps the question, the answer text, the recommendation, the cited claim ids with their scores,
the evidence record ids the answer showed, the surface (cli, rest, openai, conversation, web, slack) and
the time.

An event is durable before its answer is returned: :meth:`AnswerLog.record` (or the future of
:meth:`AnswerLog.submit`) completes only once the row is committed. A writer thread commits whatever is
waiting in one transaction (group commit: concurrent answers share a commit, a lone one goes at once). If
that transaction fails, every event is retried on its own, so one event the database refuses never takes
another with it; an event that still cannot be written raises :class:`AnswerNotLogged`, and the caller
must not serve its answer as logged. :attr:`AnswerLog.write_error` says why writes are failing, for
readiness probes.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Text, func, insert, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.answer import Answer
from assistant.errors import NotFound, WeighinError
from evaluators.records import utc_timestamp

log = logging.getLogger(__name__)

SURFACES = ("cli", "rest", "openai", "conversation", "web", "slack")
RETRY_DELAYS_S = (0.05, 0.2, 0.5)
"""Pauses between the attempts to write one event on its own, once its group's transaction failed."""


class AnswerNotLogged(WeighinError):
    """The database refused an answer event (after retries): the answer must not be served as logged."""


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


def _storable(text: str) -> str:
    """NUL cannot be stored in PostgreSQL text; questions with it are refused earlier, this is the last guard."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def event_row(answer: Answer, surface: str, user: str | None, conversation_id: str | None) -> dict[str, Any]:
    """The ``answer_event`` columns for one answer (a plain dict: built on the answer's path, so kept cheap)."""
    evidence_ids = list(dict.fromkeys(str(e["record_id"]) for e in answer.evidence if e.get("record_id")))
    return {
        "id": answer.id,
        "surface": surface,
        "question": _storable(answer.question),
        "answer": _storable(answer.answer),
        "recommendation": answer.recommendation,
        "confidence": answer.confidence,
        "abstained": answer.abstained,
        "claims_json": json.dumps([{"claim_id": c.claim_id, "score": c.score} for c in answer.citations]),
        "evidence_ids_json": json.dumps(evidence_ids),
        "user": _storable(user) if user else user,
        "conversation_id": conversation_id,
        "created_at": utc_timestamp(),
    }


@dataclass(slots=True)
class _Waiting:
    row: dict[str, Any]
    done: Future[None]


class AnswerLog:
    def __init__(self, engine: Engine, background: bool = True, retry_delays: tuple[float, ...] = RETRY_DELAYS_S):
        self._engine = engine
        SQLModel.metadata.create_all(engine, tables=[AnswerEventRow.__table__])  # type: ignore[attr-defined]
        self._retry_delays = retry_delays
        self._pending: list[_Waiting] = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._closed = False
        self.write_error: str | None = None
        """Why the last write failed (None once a write succeeds again)."""
        self._failed_at = 0.0
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._write_loop, name="weighin-answer-log", daemon=True)
            self._thread.start()

    def submit(
        self, answer: Answer, surface: str, *, user: str | None = None, conversation_id: str | None = None
    ) -> Future[None]:
        """Queue the event; the future completes once it is committed, or fails with :class:`AnswerNotLogged`."""
        if surface not in SURFACES:
            raise ValueError(f"surface must be one of {SURFACES}, got {surface!r}")
        waiting = _Waiting(event_row(answer, surface, user, conversation_id), Future())
        if self._thread is None:
            self._write([waiting])
            return waiting.done
        with self._wake:
            if self._closed:
                raise AnswerNotLogged("the answer log is closed")
            self._pending.append(waiting)
            self._wake.notify()
        return waiting.done

    def record_batch(self, entries: Sequence[tuple[Answer, tuple[str, str | None]]]) -> list[BaseException | None]:
        """Write ``(answer, (surface, user))`` events now, in this thread, in one transaction (each on its own
        if that fails); one outcome per entry: None when stored, else the :class:`AnswerNotLogged`."""
        group = []
        for answer, (surface, user) in entries:
            if surface not in SURFACES:
                raise ValueError(f"surface must be one of {SURFACES}, got {surface!r}")
            group.append(_Waiting(event_row(answer, surface, user, None), Future()))
        self._write(group)
        return [waiting.done.exception(0) for waiting in group]

    def record(
        self, answer: Answer, surface: str, *, user: str | None = None, conversation_id: str | None = None
    ) -> None:
        """Write the event and return once it is durable; raises :class:`AnswerNotLogged` when it cannot be."""
        self.submit(answer, surface, user=user, conversation_id=conversation_id).result()

    def _write(self, group: list[_Waiting]) -> None:
        try:  # one multi-row INSERT: the ORM's per-object flush cost more than the answers' evidence look-ups
            with self._engine.begin() as connection:
                connection.execute(insert(AnswerEventRow), [waiting.row for waiting in group])
        except Exception:
            for waiting in group:
                self._write_alone(waiting)
        else:
            self.write_error = None
            for waiting in group:
                waiting.done.set_result(None)

    def _write_alone(self, waiting: _Waiting) -> None:
        if waiting.done.done():
            return
        error: Exception | None = None
        for delay in (0.0, *self._retry_delays):
            time.sleep(delay)
            try:
                with self._engine.begin() as connection:
                    connection.execute(insert(AnswerEventRow), [waiting.row])
            except IntegrityError as exc:  # written after all when an earlier attempt's commit raised late
                if self._stored(waiting.row["id"]):
                    break
                error = exc
            except Exception as exc:
                error = exc
            else:
                break
        else:
            self._failed(waiting, error)
            return
        self.write_error = None
        waiting.done.set_result(None)

    def _failed(self, waiting: _Waiting, error: Exception | None) -> None:
        reason = f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"
        self.write_error = reason
        self._failed_at = time.monotonic()
        log.error("answer event %s not written: %s", waiting.row["id"], reason)
        if not waiting.done.done():
            waiting.done.set_exception(AnswerNotLogged(f"the answer could not be logged ({reason})"))

    def recent_write_error(self, within_s: float) -> str | None:
        """Why writes failed, if the last one failed less than ``within_s`` ago.

        A readiness probe reads this rather than :attr:`write_error`: a server kept out of rotation gets no
        answers to write, so a failure that never expired would keep it out for good once the database
        recovers. After ``within_s`` it takes questions again, and the next failed write takes it out again.
        """
        if self.write_error is None or time.monotonic() - self._failed_at >= within_s:
            return None
        return self.write_error

    def _stored(self, answer_id: str) -> bool:
        try:
            with Session(self._engine) as session:
                query = select(AnswerEventRow.seq).where(AnswerEventRow.id == answer_id)
                return session.exec(query).first() is not None
        except Exception:
            return False

    def get(self, answer_id: str) -> AnswerEvent:
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
        offset: int = 0,
    ) -> list[AnswerEvent]:
        """Newest first, skipping ``offset``; ``contains`` matches the question or the answer (case-insensitive);
        ``until`` is exclusive."""
        query = select(AnswerEventRow).order_by(col(AnswerEventRow.seq).desc()).offset(offset).limit(limit)
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
        """Write what is waiting, then stop the writer."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(10)

    def _write_loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                group, self._pending = self._pending, []
                if not group and self._closed:
                    return
            try:
                self._write(group)
            except Exception as exc:  # never leave a caller waiting on a future nobody will complete
                for waiting in group:
                    self._failed(waiting, exc)

"""Event ids already taken on, kept in the database so Slack's retries never produce a second reply.

Slack delivers an event again when it thinks the first delivery failed (no 200 within 3 s, a restart in
between), with the same ``event_id``. The id's primary key decides who answers: of two deliveries, even
concurrent ones in different processes, exactly one insert succeeds. Rows older than a day are dropped
now and then; Slack gives up retrying within the hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col

from evaluators.records import utc_timestamp

KEEP = timedelta(days=1)
PRUNE_EVERY = 500


class SlackEventRow(SQLModel, table=True):
    __tablename__ = "slack_event"

    event_id: str = Field(primary_key=True)
    created_at: str = Field(index=True)


class SeenEvents:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        SQLModel.metadata.create_all(engine, tables=[SlackEventRow.__table__])  # type: ignore[attr-defined]
        self._since_prune = 0
        self.prune()

    def first_sighting(self, event_id: str) -> bool:
        """True for the one delivery that should be answered, False for every repeat of ``event_id``."""
        try:
            with Session(self._engine) as session:
                session.add(SlackEventRow(event_id=event_id, created_at=utc_timestamp()))
                session.commit()
        except IntegrityError:
            return False
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self.prune()
        return True

    def prune(self, now: datetime | None = None) -> int:
        """Forget ids older than ``KEEP``; returns how many."""
        self._since_prune = 0
        cutoff = utc_timestamp((now or datetime.now(UTC)) - KEEP)
        with Session(self._engine) as session:
            result = session.exec(delete(SlackEventRow).where(col(SlackEventRow.created_at) < cutoff))
            session.commit()
        return int(result.rowcount or 0)

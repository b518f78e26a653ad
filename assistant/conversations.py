"""Conversations: questions asked in turn, stored in the database, with follow-ups read in context.

Each user message keeps what the person typed and the whole question it was resolved to
(``assistant.followup``); each assistant message keeps the full answer JSON it returned, so a stored
conversation replays exactly what was said.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.answer import Answer
from assistant.errors import InvalidQuestion, NotFound
from assistant.followup import LOOKBACK, Turn, question_in_context, resolve_in_context
from evaluators.records import utc_timestamp

MAX_TITLE_CHARS = 200
__all__ = ["ConversationService", "ConversationStore", "question_in_context"]


class ConversationRow(SQLModel, table=True):
    __tablename__ = "conversation"

    id: str = Field(primary_key=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    created_at: str


class MessageRow(SQLModel, table=True):
    __tablename__ = "conversation_message"

    seq: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True)
    role: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    resolved_question: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answer_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: str


@dataclass(frozen=True, slots=True)
class Message:
    role: str
    content: str
    created_at: str
    resolved_question: str | None = None
    answer: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "content": self.content, "created_at": self.created_at}
        if self.resolved_question is not None:
            data["resolved_question"] = self.resolved_question
        if self.answer is not None:
            data["answer"] = self.answer
        return data


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    title: str
    created_at: str
    messages: list[Message]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "created_at": self.created_at,
            "messages": [m.to_dict() for m in self.messages],
        }


class ConversationStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        SQLModel.metadata.create_all(
            engine,
            tables=[ConversationRow.__table__, MessageRow.__table__],  # type: ignore[attr-defined]
        )

    def create(self, title: str = "") -> Conversation:
        row = ConversationRow(
            id=f"conv-{uuid.uuid4().hex[:16]}", title=title[:MAX_TITLE_CHARS], created_at=utc_timestamp()
        )
        conversation = Conversation(row.id, row.title, row.created_at, [])
        with Session(self._engine) as session:
            session.add(row)
            session.commit()
        return conversation

    def get(self, conversation_id: str) -> Conversation:
        with Session(self._engine) as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFound(f"unknown conversation {conversation_id!r}")
            query = (
                select(MessageRow).where(MessageRow.conversation_id == conversation_id).order_by(col(MessageRow.seq))
            )
            messages = [_message(m) for m in session.exec(query)]
        return Conversation(row.id, row.title, row.created_at, messages)

    def exists(self, conversation_id: str) -> bool:
        with Session(self._engine) as session:
            return session.get(ConversationRow, conversation_id) is not None

    def turns(self, conversation_id: str, limit: int = LOOKBACK) -> list[Turn]:
        """The last ``limit`` exchanges, oldest first: each resolved question and what its answer settled on."""
        with Session(self._engine) as session:
            query = (
                select(MessageRow)
                .where(MessageRow.conversation_id == conversation_id)
                .order_by(col(MessageRow.seq).desc())
                .limit(2 * limit)
            )
            rows = list(reversed(list(session.exec(query))))
        turns: list[Turn] = []
        for row in rows:
            if row.role == "user":
                turns.append(Turn(row.resolved_question or row.content))
            elif turns and row.answer_json:
                stored = json.loads(row.answer_json)
                turns[-1] = Turn(turns[-1].question, settled_on(stored))
        return turns

    def create_with_id(self, conversation_id: str, title: str) -> None:
        """Create the conversation ``conversation_id`` unless it exists (a Slack thread's, say)."""
        with Session(self._engine) as session:
            if session.get(ConversationRow, conversation_id) is not None:
                return
            session.add(ConversationRow(id=conversation_id, title=title[:MAX_TITLE_CHARS], created_at=utc_timestamp()))
            try:
                session.commit()
            except IntegrityError:  # created meanwhile by a concurrent message in the same thread
                session.rollback()

    def add_exchange(self, conversation_id: str, content: str, resolved: str, answer: Answer) -> list[Message]:
        now = utc_timestamp()
        rows = [
            MessageRow(
                conversation_id=conversation_id,
                role="user",
                content=content,
                resolved_question=resolved,
                created_at=now,
            ),
            MessageRow(
                conversation_id=conversation_id,
                role="assistant",
                content=answer.answer,
                answer_json=json.dumps(answer.to_dict(), ensure_ascii=False),
                created_at=now,
            ),
        ]
        with Session(self._engine) as session:
            if session.get(ConversationRow, conversation_id) is None:
                raise NotFound(f"unknown conversation {conversation_id!r}")
            messages = [_message(row) for row in rows]
            session.add_all(rows)
            session.commit()
        return messages


def settled_on(answer: dict[str, Any]) -> str | None:
    """The framework a stored answer settled on, as :attr:`Answer.settled_on` reads it."""
    pick = answer.get("subject") or answer.get("recommendation")
    return pick if isinstance(pick, str) else None


def _message(row: MessageRow) -> Message:
    answer = json.loads(row.answer_json) if row.answer_json else None
    return Message(row.role, row.content, row.created_at, row.resolved_question, answer)


class ConversationService:
    """Conversations' own part of answering: follow-ups resolved against the earlier turns, exchanges stored.

    The answering itself (validation, the answer event, live evidence) is the answer desk's
    (:class:`assistant.desk.AnswerDesk`), which calls :meth:`resolve` and :meth:`add_exchange`.
    """

    def __init__(self, store: ConversationStore) -> None:
        self.store = store

    def start(self, title: str = "") -> Conversation:
        return self.store.create(title)

    def get(self, conversation_id: str) -> Conversation:
        return self.store.get(conversation_id)

    def resolve(self, conversation_id: str, content: str) -> str:
        """``content`` read in the conversation's context: "and for mobile?" becomes a whole question."""
        if not content.strip():
            raise InvalidQuestion("question is empty")
        if not self.store.exists(conversation_id):
            raise NotFound(f"unknown conversation {conversation_id!r}")
        return resolve_in_context(content.strip(), self.store.turns(conversation_id))

    def for_thread(self, key: str) -> str:
        """The conversation of a thread on another service, created on first use. ``key`` names the thread and
        must not be guessable (the Slack bot keys it with its signing secret): a conversation is read by id."""
        conversation_id = "conv-" + hashlib.sha256(key.encode()).hexdigest()[:16]
        self.store.create_with_id(conversation_id, "thread")
        return conversation_id

    def add_exchange(self, conversation_id: str, content: str, resolved: str, answer: Answer) -> list[Message]:
        return self.store.add_exchange(conversation_id, content, resolved, answer)

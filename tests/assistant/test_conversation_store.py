"""The conversation store on SQLite and PostgreSQL: conversations and their messages come back exactly."""

from __future__ import annotations

import pytest

from assistant.conversations import ConversationStore
from assistant.errors import NotFound
from assistant.followup import Turn
from evaluators.store import open_engine
from tests.assistant.test_answer_log import an_answer


@pytest.fixture
def store(database_url: str):
    engine = open_engine(database_url)
    yield ConversationStore(engine)
    engine.dispose()


def test_exchanges_come_back_in_order_with_their_answers(store: ConversationStore) -> None:
    conversation = store.create("AutoML ✓ " + "x" * 500)
    answer = an_answer()
    store.add_exchange(conversation.id, "Which framework for AutoML?", "Which framework for AutoML?", answer)
    store.add_exchange(conversation.id, "and for mobile?", "Which framework for mobile?", an_answer("mobile?"))
    stored = store.get(conversation.id)
    assert stored.title == conversation.title and len(stored.title) < 500
    assert [(m.role, m.content) for m in stored.messages] == [
        ("user", "Which framework for AutoML?"),
        ("assistant", "TensorFlow."),
        ("user", "and for mobile?"),
        ("assistant", "TensorFlow."),
    ]
    assert stored.messages[1].answer == answer.to_dict()
    assert store.turns(conversation.id) == [
        Turn("Which framework for AutoML?", "tensorflow"),
        Turn("Which framework for mobile?", "tensorflow"),
    ]
    assert store.turns(conversation.id, limit=1) == [Turn("Which framework for mobile?", "tensorflow")]


def test_unknown_conversations(store: ConversationStore) -> None:
    assert not store.exists("conv-nope") and store.turns("conv-nope") == []
    with pytest.raises(NotFound):
        store.get("conv-nope")
    with pytest.raises(NotFound):
        store.add_exchange("conv-nope", "q", "q", an_answer())

"""Conversations resolve follow-ups against the previous turns, stored in the database."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import create_engine

from assistant.answer_log import AnswerLog
from assistant.conversations import ConversationService, ConversationStore
from assistant.desk import AnswerDesk


class Conversations:
    """Conversations as a surface sees them: started and read here, answered through the desk."""

    def __init__(self, service: ConversationService, desk: AnswerDesk) -> None:
        self.service, self.desk = service, desk

    def start(self, title: str = ""):
        return self.service.start(title)

    def send(self, conversation_id: str, content: str):
        served = asyncio.run(self.desk.answer(content, surface="conversation", conversation_id=conversation_id))
        return served.messages


@pytest.fixture
def conversations(assistant, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    service = ConversationService(ConversationStore(engine))
    log = AnswerLog(engine, background=False)
    desk = AnswerDesk(assistant, log, None, max_question_chars=1000, conversations=service)
    return Conversations(service, desk)


def test_it_means_the_framework_the_last_answer_settled_on(conversations):
    conversation = conversations.start("debugging")
    conversations.send(conversation.id, "Which framework is easier to debug?")
    conversations.send(conversation.id, "What is the capital of France?")  # abstains: settles on nothing
    user, reply = conversations.send(conversation.id, "what are its downsides?")
    assert user.resolved_question == "What are PyTorch's downsides?"
    assert reply.answer is not None and reply.answer["answer"].startswith("PyTorch's drawbacks")


def test_why_asks_the_previous_question_again(conversations):
    conversation = conversations.start()
    conversations.send(conversation.id, "Should my startup use TensorFlow?")
    user, reply = conversations.send(conversation.id, "why?")
    assert user.resolved_question == "Should my startup use TensorFlow?"
    assert reply.answer is not None and not reply.answer["abstained"]

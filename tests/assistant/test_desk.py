"""The answer desk: validate once, answer, log one event, queue what is missing as one evaluation when live."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from assistant.answer_log import AnswerLog
from assistant.conversations import ConversationService, ConversationStore
from assistant.desk import AnswerDesk
from assistant.errors import InvalidQuestion
from assistant.evidence import AnswerEvidence, evidence_item
from assistant.service import Assistant
from evaluators.evaluation_queue import EvaluationQueue
from evaluators.service import build_evaluation_service
from evaluators.store import open_engine


@pytest.fixture
def desk(assistant, bundled_claims, tmp_path: Path) -> AnswerDesk:
    """A desk over an empty evidence database, with a queue that is not started (nothing runs)."""
    engine = open_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    service = build_evaluation_service(engine, bundled_claims)
    answering = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    queue = EvaluationQueue(service, engine, evidence_item, start=False)
    conversations = ConversationService(ConversationStore(engine))
    answers = AnswerLog(engine, background=False)
    return AnswerDesk(answering, answers, queue, max_question_chars=200, conversations=conversations)


def test_one_event_per_answer_with_its_surface_and_user(desk: AnswerDesk) -> None:
    served = asyncio.run(desk.answer("  Which framework is easier to debug?  ", surface="slack", user="slack:U1"))
    assert served.question == "Which framework is easier to debug?" and served.run is None
    [event] = desk.answers.recent()
    assert (event.id, event.surface, event.user) == (served.answer.id, "slack", "slack:U1")


def test_a_bad_question_is_neither_answered_nor_logged(desk: AnswerDesk) -> None:
    for bad in ("   ", "x" * 201, "a\x00b"):
        with pytest.raises(InvalidQuestion):
            asyncio.run(desk.answer(bad, surface="rest"))
    assert desk.answers.recent() == []


def test_live_queues_the_cited_claims_and_the_measured_questions_missing_jobs_as_one_run(desk: AnswerDesk) -> None:
    served = asyncio.run(desk.answer("Which framework trains faster, PyTorch or TensorFlow?", surface="cli", live=True))
    measured = served.answer.measured
    assert measured is not None and measured["missing_jobs"]
    assert served.run is not None and served.pending == [served.run.id] and served.run.status == "queued"
    assert set(measured["missing_jobs"]) <= set(served.run.job_ids)
    assert desk.queue is not None
    cited = [c.claim_id for c in served.answer.citations]
    assert {job.id for job in desk.queue.service.missing_or_stale_jobs(cited)} <= set(served.run.job_ids)
    assert len(desk.answers.recent()) == 1


def test_without_live_nothing_is_queued(desk: AnswerDesk) -> None:
    served = asyncio.run(desk.answer("Which framework trains faster, PyTorch or TensorFlow?", surface="rest"))
    assert served.run is None and served.pending == []
    assert desk.queue is not None and desk.queue.runs() == []


@pytest.mark.parametrize(
    ("history", "follow_up", "resolved"),
    [
        (["Which framework is easier to debug?"], "what are its downsides?", "What are PyTorch's downsides?"),
        # "it" is the framework the answer was about, though "which is heavier" recommends none
        (["Which framework is heavier?"], "what's the catch with it?", "What's the catch with TensorFlow?"),
        (["Which framework should I pick for AutoML?", "and for mobile?"], "what about debugging?", None),
    ],
)
def test_the_desk_resolves_a_follow_up_the_same_from_a_conversation_a_thread_and_messages(
    desk: AnswerDesk, history: list[str], follow_up: str, resolved: str | None
) -> None:
    assert desk.conversations is not None
    conversation = desk.conversations.start("t").id

    async def ask_all(**where: str) -> str:
        for earlier in history:
            await desk.answer(earlier, surface="rest", **where)
        return (await desk.answer(follow_up, surface="rest", **where)).question

    stored = asyncio.run(ask_all(conversation_id=conversation))
    threaded = asyncio.run(ask_all(thread="slack:C1:1.0"))
    messages = asyncio.run(desk.answer(follow_up, surface="openai", history=history)).question
    assert stored == threaded == messages
    assert stored == (resolved or "Which framework should I pick for debugging?")

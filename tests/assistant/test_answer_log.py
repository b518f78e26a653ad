"""The answer log: events are written behind the answer, read back exactly, and never lost on close."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation
from assistant.answer_log import AnswerLog
from assistant.errors import NotFound
from evaluators.store import open_engine


def an_answer(question: str = "Which framework for AutoML?") -> Answer:
    citation = Citation(
        claim_id="c-1",
        text="TensorFlow leads on AutoML.",
        section="AutoML",
        quote="leads",
        start=0,
        end=5,
        score=1.25,
        favors="tensorflow",
    )
    evidence = [{"claim_id": "c-1", "record_id": "r-1"}, {"claim_id": "c-1", "record_id": "r-1"}, {"claim_id": "c-1"}]
    return Answer(question, "TensorFlow.", "tensorflow", 0.9, False, [citation], evidence=evidence)


@pytest.fixture
def engine(database_url: str):
    engine = open_engine(database_url)
    yield engine
    engine.dispose()


def test_background_writes_are_visible_as_soon_as_they_are_read(engine) -> None:
    log = AnswerLog(engine)
    answer = an_answer()
    log.record(answer, "slack", user="U123")
    event = log.get(answer.id)  # flushes what is pending
    assert event.surface == "slack" and event.user == "U123" and event.question == answer.question
    assert event.claims == [{"claim_id": "c-1", "score": 1.25}] and event.evidence_ids == ["r-1"]
    log.close()


def test_close_writes_what_is_pending(engine) -> None:
    log = AnswerLog(engine)
    answers = [an_answer(f"question {i}") for i in range(5)]
    for answer in answers:
        log.record(answer, "rest")
    log.close()
    reread = AnswerLog(engine, background=False)
    assert [e.id for e in reversed(reread.recent(10))] == [a.id for a in answers]
    assert [e.id for e in reread.recent(10, surface="cli")] == []


def test_unknown_surface_and_unknown_answer(engine) -> None:
    log = AnswerLog(engine, background=False)
    with pytest.raises(ValueError, match="surface must be one of"):
        log.record(an_answer(), "fax")
    with pytest.raises(NotFound):
        log.get("ans-nope")

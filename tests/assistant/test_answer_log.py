"""The answer log: an event is durable when ``record`` returns, read back exactly, and one bad event never
drops another."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from assistant.answer import Answer, Citation
from assistant.answer_log import AnswerLog, AnswerNotLogged
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


def test_an_event_is_stored_when_record_returns(engine) -> None:
    log = AnswerLog(engine)
    answer = an_answer()
    log.record(answer, "slack", user="U123")
    event = AnswerLog(engine, background=False).get(answer.id)  # another reader: nothing left pending anywhere
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


def refuse_rows_containing(engine, marker: str, times: int | None = None) -> list[int]:
    """Make the database refuse every INSERT whose parameters contain ``marker`` (``times`` times, else always)."""
    refused = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def refuse(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        inserting = statement.lstrip().upper().startswith("INSERT") and marker in repr(parameters)
        if inserting and (times is None or refused[0] < times):
            refused[0] += 1
            raise RuntimeError(f"refused: {marker}")

    return refused


def test_one_refused_event_never_drops_the_others(engine) -> None:
    refuse_rows_containing(engine, "POISON")
    log = AnswerLog(engine, retry_delays=(0.0,))
    answers = [an_answer(f"question {i}") for i in range(20)] + [an_answer("POISON")]
    futures = [log.submit(answer, "rest") for answer in answers]
    errors = [future.exception(10) for future in futures]
    assert [type(e) for e in errors[:-1]] == [type(None)] * 20 and isinstance(errors[-1], AnswerNotLogged)
    stored = {e.id for e in AnswerLog(engine, background=False).recent(100)}
    assert stored == {a.id for a in answers[:-1]}
    assert log.write_error and "POISON" in log.write_error
    log.record(an_answer("healthy again"), "rest")
    assert log.write_error is None
    log.close()


def test_a_failed_write_is_retried(engine) -> None:
    refused = refuse_rows_containing(engine, "FLAKY", times=2)
    log = AnswerLog(engine, retry_delays=(0.0, 0.0))
    answer = an_answer("FLAKY question")
    log.record(answer, "rest")
    assert refused[0] == 2 and log.get(answer.id).question == "FLAKY question"
    log.close()


def test_without_a_writer_thread_a_refused_event_raises(engine) -> None:
    refuse_rows_containing(engine, "POISON")
    log = AnswerLog(engine, background=False, retry_delays=())
    with pytest.raises(AnswerNotLogged, match="POISON"):
        log.record(an_answer("POISON"), "cli")


def test_nul_is_stored_replaced(engine) -> None:
    log = AnswerLog(engine, background=False)
    answer = an_answer("a\x00b")
    log.record(answer, "cli")
    assert log.get(answer.id).question == "a\ufffdb"


def test_concurrent_answers_are_all_stored(engine) -> None:
    log = AnswerLog(engine)
    answers = [an_answer(f"q{i}") for i in range(64)]
    threads = [threading.Thread(target=log.record, args=(answer, "rest")) for answer in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert {e.id for e in log.recent(100)} == {a.id for a in answers}
    log.close()


def test_recent_pages_with_offset(engine) -> None:
    log = AnswerLog(engine, background=False)
    answers = [an_answer(f"q{i}") for i in range(5)]
    for answer in answers:
        log.record(answer, "rest")
    assert [e.id for e in log.recent(2, offset=2)] == [answers[2].id, answers[1].id]


def test_a_batch_is_written_in_the_callers_thread_and_one_bad_event_fails_alone(engine) -> None:
    refuse_rows_containing(engine, "POISON")
    log = AnswerLog(engine, background=False, retry_delays=(0.0,))
    answers = [an_answer("fine 1"), an_answer("POISON"), an_answer("fine 2")]
    outcomes = log.record_batch([(answer, ("rest", None)) for answer in answers])
    assert outcomes[0] is None and isinstance(outcomes[1], AnswerNotLogged) and outcomes[2] is None
    assert {e.id for e in log.recent(10)} == {answers[0].id, answers[2].id}

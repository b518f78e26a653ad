"""One codec for the worker's outcome: what the worker writes, every reader decodes with the same rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from evaluators.errors import UnknownJobError
from evaluators.outcome_codec import (
    NO_REASON,
    OUTCOME_PREFIX,
    OutcomeFormatError,
    decode_foreign_outcome,
    decode_outcome,
    encode_outcome_line,
    parse_outcome_line,
    read_outcome_lines,
)
from evaluators.registry import Job, JobRegistry

JOB = Job(id="job-a", version=1, title="a", target="m:f", frameworks=())
STARTED = "2026-01-02T03:04:05+00:00"


def test_what_the_worker_encodes_decodes_to_the_same_outcome() -> None:
    sent = {"job_id": "job-a", "status": "ok", "result": {"x": float("nan"), "y": (1, 2)}, "started_at": STARTED}
    line = encode_outcome_line(sent)
    assert line.startswith(OUTCOME_PREFIX)
    received = parse_outcome_line(f"noise\n{line}\nmore noise")
    assert received is not None and received["result"] == {"x": None, "y": [1, 2]}
    outcome = decode_outcome(received, JOB, "cpu")
    assert outcome.ok and outcome.started_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "data",
    [
        {"status": "ok", "result": None},
        {"status": "ok", "result": ["not", "an", "object"]},
        {"status": "error"},
        {"result": {"x": 1}},
    ],
)
def test_only_an_ok_status_with_an_object_result_is_a_measurement(data: dict[str, object]) -> None:
    outcome = decode_outcome(data, JOB, "cpu", duration_s=2.5)
    assert not outcome.ok
    assert outcome.error == NO_REASON
    assert outcome.duration_s == 2.5


def test_no_outcome_is_an_error_with_the_callers_reason() -> None:
    outcome = decode_outcome(None, JOB, "cpu", missing_reason="job process crashed")
    assert outcome.error == "job process crashed" and outcome.worker is None


def test_an_imported_outcome_must_name_a_known_job_and_its_start() -> None:
    registry = JobRegistry([JOB])
    assert (
        decode_foreign_outcome({"job_id": "job-a", "started_at": STARTED, "device": "cuda"}, registry).requested_device
        == "cuda"
    )
    with pytest.raises(OutcomeFormatError):
        decode_foreign_outcome({"job_id": "job-a"}, registry)
    with pytest.raises(OutcomeFormatError):
        decode_foreign_outcome({"started_at": STARTED}, registry)
    with pytest.raises(UnknownJobError):
        decode_foreign_outcome({"job_id": "job-z", "started_at": STARTED}, registry)


def test_a_file_of_lines_skips_other_text_and_names_a_broken_line() -> None:
    good = encode_outcome_line({"job_id": "job-a", "status": "ok", "result": {}})
    assert len(read_outcome_lines(["log line", good, '{"job_id": "b"}'])) == 2
    with pytest.raises(OutcomeFormatError, match="line 2"):
        read_outcome_lines(["log line", "{broken"])

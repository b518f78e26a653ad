"""The observation contract: the validator accepts what jobs build and names every way a dict breaks it."""

from __future__ import annotations

from typing import Any

import pytest

from evaluators.errors import JobPartError
from evaluators.job_context import JobResult
from evaluators.observations import (
    check_side,
    observation,
    score_side,
    timing_observation,
    timing_side,
    unavailable,
    validate_observation,
    validate_observations,
    value_side,
)


def a_timing(**changes: Any) -> dict[str, Any]:
    built = timing_observation(
        "cnn_train_step_eager",
        "a CNN train step",
        {"pytorch": timing_side([[0.02, 0.021], [0.019]], "cpu"), "tensorflow": unavailable("not installed")},
    )
    return {**built, **changes}


def test_built_observations_conform() -> None:
    built = [
        a_timing(),
        observation("zero_copy", "a shared buffer", "check", "memory", {"pytorch": check_side(True, "shared")}),
        observation("size", "installed size", "value", "MB", {"pytorch": value_side(900.0)}, better="lower"),
        observation("loss", "tuned loss", "score", "loss", {"pytorch": score_side([0.5, 0.4, 0.6])}, better="lower"),
    ]
    assert validate_observations(built) == []
    assert built[3]["sides"]["pytorch"]["value"] == 0.5
    assert built[0]["sides"]["pytorch"]["samples_s"] == [0.02, 0.021, 0.019]
    assert built[0]["sides"]["pytorch"]["processes"] == 2


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (a_timing(kind="speed"), "'kind' must be one of"),
        (a_timing(better="faster"), "'better' must be one of"),
        (a_timing(device="gpu"), "'device' must be 'cpu' or 'cuda:N'"),
        (a_timing(unit="ms"), "a timing's unit is 's'"),
        (a_timing(label=""), "'label' must be a non-empty string"),
        (a_timing(sides={}), "'sides' must be a non-empty object"),
        (a_timing(extra=1), "unknown field 'extra'"),
        (
            a_timing(sides={"pytorch": {"samples_s": [0.1], "per_process": [[0.2]], "processes": 1, "device": "cpu"}}),
            "must pool exactly",
        ),
        (
            a_timing(
                sides={"pytorch": {"samples_s": [-1.0], "per_process": [[-1.0]], "processes": 1, "device": "cpu"}}
            ),
            "positive seconds",
        ),
        (
            a_timing(sides={"pytorch": {"samples_s": [0.1], "per_process": [[0.1]], "processes": 3, "device": "cpu"}}),
            "'processes' must count",
        ),
        (a_timing(sides={"pytorch": {"unavailable": ""}}), "needs a reason"),
        (
            {
                "metric": "c",
                "label": "l",
                "kind": "check",
                "unit": "u",
                "device": "cpu",
                "better": "lower",
                "sides": {"pytorch": {"passed": True, "detail": "d"}},
            },
            "a check has no 'better'",
        ),
        (
            {
                "metric": "c",
                "label": "l",
                "kind": "check",
                "unit": "u",
                "device": "cpu",
                "sides": {"pytorch": {"passed": "yes", "detail": ""}},
            },
            "'passed' must be a bool",
        ),
        (
            {
                "metric": "v",
                "label": "l",
                "kind": "value",
                "unit": "MB",
                "device": "cpu",
                "better": "lower",
                "sides": {"pytorch": {"value": float("nan")}},
            },
            "'value' must be a finite number",
        ),
        ("not a dict", "must be an object"),
    ],
)
def test_validator_names_each_problem(broken: Any, problem: str) -> None:
    assert any(problem in found for found in validate_observation(broken)), validate_observation(broken)


def test_metric_ids_are_unique_within_a_job() -> None:
    assert any("used twice" in p for p in validate_observations([a_timing(), a_timing()]))


def test_builders_refuse_broken_observations_and_mixed_devices() -> None:
    with pytest.raises(JobPartError, match="breaks the contract"):
        observation("x", "l", "check", "u", {"pytorch": {"passed": 1}})
    sides = {"pytorch": timing_side([[0.1]], "cuda:0"), "tensorflow": timing_side([[0.1]], "cpu")}
    with pytest.raises(JobPartError, match="mixed devices"):
        timing_observation("step", "a step", sides)
    same = timing_observation("step", "a step", {**sides, "tensorflow": timing_side([[0.1]], "cuda:0")})
    assert same["device"] == "cuda:0"


def test_job_result_refuses_observations_that_break_the_contract() -> None:
    JobResult([a_timing()], "measured.", {}, "k")
    with pytest.raises(ValueError, match="contract"):
        JobResult([a_timing(kind="speed")], "measured.", {}, "k")
    with pytest.raises(ValueError, match="cuda:N"):
        JobResult([a_timing()], "measured.", {}, "k", device="cuda")

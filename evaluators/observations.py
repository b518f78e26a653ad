"""What a job observes, in the one shape the hypothesis judge reads, and a validator for that shape.

Jobs no longer decide verdicts: they report *observations*, and the claim-job hypothesis table judges
each claim link from them. One observation is a JSON-able dict::

    {"metric": "cnn_train_step_eager",          # unique within the job
     "label": "a CNN train step (...)",          # noun phrase that fits in a sentence
     "kind": "timing" | "value" | "score" | "check",
     "unit": "s" | "MB" | "loss" | ...,
     "better": "lower" | "higher",               # timing/value/score only
     "device": "cpu" | "cuda:0",
     "sides": {"pytorch": {...}, "tensorflow": {...}}}

A side is ``{"unavailable": reason}`` when it could not run at all (package or framework missing);
otherwise, per kind: timing ``{"samples_s", "per_process", "processes", "device"}``, value/score
``{"value"}`` (a noisy score adds ``"samples"``, with ``value`` their median), check ``{"passed", "detail"}``.
Side labels are free strings; framework comparisons use ``pytorch``/``tensorflow`` and mode comparisons
``tf.function``, ``tf-eager``, ``torch.compile``, ``torch-eager``.

This module is pure (no frameworks, no I/O) so the judge, the tests and the jobs share it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from evaluators.errors import JobPartError

KINDS: tuple[str, ...] = ("timing", "value", "score", "check")
BETTER: tuple[str, ...] = ("lower", "higher")
FIELDS: frozenset[str] = frozenset({"metric", "label", "kind", "unit", "better", "device", "sides"})
Observation = dict[str, Any]


def unavailable(reason: str) -> dict[str, str]:
    """A side that could not run (framework or package not installed here)."""
    return {"unavailable": reason}


def timing_side(per_process: Sequence[Sequence[float]], device: str) -> dict[str, Any]:
    """Timing side from each fresh process's raw samples (seconds), pooled in process order."""
    return {
        "samples_s": [float(s) for samples in per_process for s in samples],
        "per_process": [[float(s) for s in samples] for samples in per_process],
        "processes": len(per_process),
        "device": device,
    }


def check_side(passed: bool, detail: str) -> dict[str, Any]:
    return {"passed": bool(passed), "detail": detail}


def value_side(value: float) -> dict[str, Any]:
    return {"value": float(value)}


def score_side(samples: Sequence[float]) -> dict[str, Any]:
    """A noisy score: every sample kept, ``value`` is their median."""
    values = [float(s) for s in samples]
    return {"samples": values, "value": statistics.median(values)}


def observation(
    metric: str,
    label: str,
    kind: str,
    unit: str,
    sides: Mapping[str, Mapping[str, Any]],
    device: str = "cpu",
    better: str | None = None,
) -> Observation:
    """Build an observation and refuse one that breaks the contract (a bug in the job, not data)."""
    built: Observation = {"metric": metric, "label": label, "kind": kind, "unit": unit, "device": device}
    if better is not None:
        built["better"] = better
    built["sides"] = {name: dict(side) for name, side in sides.items()}
    problems = validate_observation(built)
    if problems:
        raise JobPartError(f"observation {metric!r} breaks the contract: {'; '.join(problems)}")
    return built


def timing_observation(
    metric: str, label: str, sides: Mapping[str, Mapping[str, Any]], device: str | None = None
) -> Observation:
    """A timing comparison; refuses sides measured on different devices ("mixed devices")."""
    measured = sorted({str(side["device"]) for side in sides.values() if "unavailable" not in side})
    if len(measured) > 1:
        raise JobPartError(f"mixed devices: {metric} ran on {', '.join(measured)}; both sides must share one")
    return observation(
        metric, label, "timing", "s", sides, device=device or (measured[0] if measured else "cpu"), better="lower"
    )


def _problems_for_side(kind: str, name: str, side: Any) -> list[str]:
    if not isinstance(side, Mapping):
        return [f"side {name!r} is not an object"]
    if "unavailable" in side:
        reason = side["unavailable"]
        return [] if isinstance(reason, str) and reason else [f"side {name!r}: 'unavailable' needs a reason"]
    if kind == "timing":
        return _timing_problems(name, side)
    if kind == "check":
        problems = [] if isinstance(side.get("passed"), bool) else [f"side {name!r}: 'passed' must be a bool"]
        if not isinstance(side.get("detail"), str) or not side.get("detail"):
            problems.append(f"side {name!r}: 'detail' must be a non-empty string")
        return problems
    problems = [] if _finite(side.get("value")) else [f"side {name!r}: 'value' must be a finite number"]
    if "samples" in side and not (
        isinstance(side["samples"], list) and side["samples"] and all(_finite(v) for v in side["samples"])
    ):
        problems.append(f"side {name!r}: 'samples' must be a non-empty list of finite numbers")
    return problems


def _timing_problems(name: str, side: Mapping[str, Any]) -> list[str]:
    samples, per_process = side.get("samples_s"), side.get("per_process")
    problems: list[str] = []
    if not isinstance(samples, list) or not samples or not all(_finite(v) and v > 0 for v in samples):
        problems.append(f"side {name!r}: 'samples_s' must be a non-empty list of positive seconds")
    if not isinstance(per_process, list) or not all(isinstance(p, list) and p for p in per_process):
        problems.append(f"side {name!r}: 'per_process' must be a list of non-empty sample lists")
    elif isinstance(samples, list) and sorted(v for p in per_process for v in p) != sorted(samples):
        problems.append(f"side {name!r}: 'samples_s' must pool exactly the 'per_process' samples")
    if not isinstance(side.get("processes"), int) or (
        isinstance(per_process, list) and side.get("processes") != len(per_process)
    ):
        problems.append(f"side {name!r}: 'processes' must count the 'per_process' lists")
    if not isinstance(side.get("device"), str) or not side.get("device"):
        problems.append(f"side {name!r}: 'device' must name the device")
    return problems


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate_observation(candidate: Any) -> list[str]:
    """Every way ``candidate`` breaks the observation contract; an empty list means it conforms."""
    if not isinstance(candidate, Mapping):
        return ["an observation must be an object"]
    problems = [f"unknown field {key!r}" for key in candidate if key not in FIELDS]
    for key in ("metric", "label", "unit", "device"):
        if not isinstance(candidate.get(key), str) or not candidate.get(key):
            problems.append(f"{key!r} must be a non-empty string")
    kind = candidate.get("kind")
    if kind not in KINDS:
        problems.append(f"'kind' must be one of {KINDS}, got {kind!r}")
    if kind in ("timing", "value", "score") and candidate.get("better") not in BETTER:
        problems.append(f"'better' must be one of {BETTER} for a {kind}")
    if kind == "check" and "better" in candidate:
        problems.append("a check has no 'better'")
    if kind == "timing" and candidate.get("unit") != "s":
        problems.append("a timing's unit is 's'")
    device = candidate.get("device")
    if isinstance(device, str) and not (device == "cpu" or device.startswith("cuda:")):
        problems.append(f"'device' must be 'cpu' or 'cuda:N', got {device!r}")
    sides = candidate.get("sides")
    if not isinstance(sides, Mapping) or not sides:
        return [*problems, "'sides' must be a non-empty object"]
    for name, side in sides.items():
        problems += _problems_for_side(str(kind), str(name), side)
    return problems


def validate_observations(observations: Iterable[Any]) -> list[str]:
    """Problems across a job's observations, each prefixed with its metric; metric ids must be unique."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, candidate in enumerate(observations):
        metric = candidate.get("metric") if isinstance(candidate, Mapping) else None
        name = metric if isinstance(metric, str) else f"#{index}"
        if name in seen:
            problems.append(f"{name}: metric id is used twice")
        seen.add(name)
        problems += [f"{name}: {problem}" for problem in validate_observation(candidate)]
    return problems

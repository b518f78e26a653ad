"""The worker protocol's outcome, written and read in one place.

A worker prints one line ``WEIGHIN-OUTCOME {json}`` (and may also write the JSON to a file); every
reader (the local executor, the Ray executor, ``weighin evidence import`` and the service) decodes it
here, with one validity rule: an outcome is a measurement only when ``status`` is ``"ok"`` and ``result``
is an object; anything else is an error outcome with the worker's reason (or a default one). An outcome
from another machine must also name a job of this catalog and when it started
(:func:`decode_foreign_outcome`); a line that is not an outcome is :class:`OutcomeFormatError`.

The wire-level functions import only the standard library, so the worker stays light.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaluators.registry import Job

OUTCOME_PREFIX = "WEIGHIN-OUTCOME "
NO_REASON = "the worker reported an error without a reason"


class OutcomeFormatError(ValueError):
    """Text that should hold a worker outcome does not (bad JSON, not an object, no job or start time)."""


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What happened to one job run: either a result payload or an error reason, plus log tails."""

    job: Job
    requested_device: str
    started_at: datetime
    duration_s: float
    result: dict[str, Any] | None = None
    error: str | None = None
    stdout_tail: str = ""
    stderr_tail: str = ""
    exit_code: int | None = None
    worker: dict[str, Any] | None = None
    """The worker's outcome JSON (fingerprint, code hash, host, node) when it printed one."""

    @property
    def ok(self) -> bool:
        return self.result is not None


def json_safe(value: Any) -> Any:
    """Replace NaN/inf (not valid JSON) with None and tuples with lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def encode_outcome(outcome: Mapping[str, Any]) -> str:
    """The outcome as JSON text (what ``--outcome FILE`` holds)."""
    return json.dumps(json_safe(dict(outcome)), allow_nan=False)


def encode_outcome_line(outcome: Mapping[str, Any]) -> str:
    """The one line a worker prints on standard output."""
    return f"{OUTCOME_PREFIX}{encode_outcome(outcome)}"


def parse_outcome_text(text: str) -> dict[str, Any]:
    """One outcome from JSON text (a prefix is allowed); :class:`OutcomeFormatError` when it is none."""
    body = text.strip().removeprefix(OUTCOME_PREFIX.strip()).strip()
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise OutcomeFormatError(f"not JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise OutcomeFormatError("not a JSON object")
    return value


def parse_outcome_line(stdout: str) -> dict[str, Any] | None:
    """The outcome a worker printed (the last ``WEIGHIN-OUTCOME`` line), or None if it printed none."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(OUTCOME_PREFIX):
            try:
                return parse_outcome_text(line)
            except OutcomeFormatError:
                return None
    return None


def read_outcome_lines(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Outcomes from a file of lines: one JSON object per line, prefixes allowed, other lines skipped.

    A line that starts like an outcome but is not one raises :class:`OutcomeFormatError` naming the line.
    """
    outcomes = []
    for number, line in enumerate(lines, start=1):
        text = line.removeprefix(OUTCOME_PREFIX).strip()
        if not text.startswith("{"):
            continue
        try:
            outcomes.append(parse_outcome_text(text))
        except OutcomeFormatError as exc:
            raise OutcomeFormatError(f"line {number}: {exc}") from exc
    return outcomes


def decode_outcome(
    data: Mapping[str, Any] | None,
    job: Job,
    requested_device: str,
    *,
    started_at: datetime | None = None,
    duration_s: float | None = None,
    stdout_tail: str = "",
    stderr_tail: str = "",
    exit_code: int | None = None,
    missing_reason: str = "the worker printed no outcome",
) -> JobOutcome:
    """A :class:`JobOutcome` from a worker's outcome; the caller's clock fills what the worker did not say.

    ``data`` None (no outcome printed) is an error outcome with ``missing_reason``.
    """
    common: dict[str, Any] = {
        "job": job,
        "requested_device": requested_device,
        "started_at": _time(data.get("started_at")) if data else None,
        "duration_s": _seconds(data.get("duration_s")) if data else None,
        "stdout_tail": stdout_tail,
        "stderr_tail": stderr_tail,
        "exit_code": exit_code,
    }
    common["started_at"] = common["started_at"] or started_at or datetime.now(UTC)
    common["duration_s"] = common["duration_s"] if common["duration_s"] is not None else (duration_s or 0.0)
    if data is None:
        return JobOutcome(**common, error=missing_reason)
    worker = dict(data)
    result = worker.get("result")
    if worker.get("status") == "ok" and isinstance(result, dict):
        return JobOutcome(**common, result=result, worker=worker)
    return JobOutcome(**common, error=str(worker.get("error") or NO_REASON), worker=worker)


def decode_foreign_outcome(data: Mapping[str, Any], job_of: Any) -> JobOutcome:
    """An outcome measured on another machine (``weighin evidence import``): it must name its job and start.

    ``job_of`` maps a job id to a :class:`Job` (a registry); its unknown-job error propagates.
    """
    job_id, started = data.get("job_id"), _time(data.get("started_at"))
    if not isinstance(job_id, str) or not job_id:
        raise OutcomeFormatError("no job_id")
    if started is None:
        raise OutcomeFormatError("no valid started_at")
    return decode_outcome(data, job_of[job_id], str(data.get("device") or "auto"), started_at=started)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)

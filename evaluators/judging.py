"""Judge one claim-job link: a job's observation read against the link's hypothesis.

Jobs report observations (``evaluators.observations`` describes their shape) and never decide verdicts;
this module does, for every link of the hypothesis table (``knowledge.hypotheses``), with the thresholds
of :mod:`evaluators.verdicts`. The outcome of a link is what the measurement showed (``measured``: the
better side, ``parity``, ``works``/``fails``, ``within noise``) and the verdict:

- ``supported``: the measurement agrees with the hypothesis beyond noise, and the link covers the sentence;
- ``contradicted``: it shows the opposite beyond noise (or, for a full-coverage comparison of checks or of
  deterministic values, no difference where the sentence claims one);
- ``inconclusive``: within noise, or agreement on a sentence the job covers only in part (the reason names
  the unmeasured part);
- ``error``: no usable observation (job failed, metric missing, a side unavailable, sides on different devices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from evaluators.verdicts import (
    MIN_PROCESSES,
    MIN_RATIO,
    MIN_REPEATS,
    NOISY_PARITY_RATIO,
    PARITY_RATIO,
    TimingComparison,
    compare_timings,
    summarize,
)
from knowledge.hypotheses import FAILS, PARITY, WORKS, ClaimLink, Hypothesis

WITHIN_NOISE = "within noise"


@dataclass(frozen=True, slots=True)
class LinkJudgement:
    """The stored form of one link's verdict (``links`` of an evidence record)."""

    claim_id: str
    job_id: str
    rule: str
    metric: str
    predicts: str
    measured: str
    verdict: str
    reason: str
    unmeasured: str = ""
    hypothesis: dict[str, str] = field(default_factory=dict)
    """The hypothesis judged, whole: an audit recomputes the verdict from it and the observations."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Reading:
    measured: str
    verdict: str
    reason: str
    opposite: bool = False
    """True when the measurement shows the opposite side better (a contradiction partial coverage keeps)."""


def judge_link(claim_id: str, link: ClaimLink, observations: Sequence[Mapping[str, Any]] | None) -> LinkJudgement:
    """The verdict of one link; ``observations`` is None when the job produced no measurement."""
    hypothesis = link.hypothesis
    reading = _read(hypothesis, observations)
    verdict, reason = reading.verdict, reading.reason
    if link.unmeasured and verdict == "supported":
        verdict, reason = "inconclusive", f"{reason}; agrees, but {link.unmeasured} is not measured"
    elif link.unmeasured and verdict == "contradicted" and not reading.opposite:
        verdict, reason = "inconclusive", f"{reason}; no difference here, and {link.unmeasured} is not measured"
    return LinkJudgement(
        claim_id=claim_id,
        job_id=hypothesis.job_id,
        rule=link.rule,
        metric=hypothesis.metric,
        predicts=_predicts(hypothesis),
        measured=reading.measured,
        verdict=verdict,
        reason=reason,
        unmeasured=link.unmeasured,
        hypothesis=hypothesis.to_dict(),
    )


def _predicts(hypothesis: Hypothesis) -> str:
    if hypothesis.predicts in (WORKS, FAILS):
        return f"{hypothesis.side} {hypothesis.predicts}"
    if hypothesis.predicts == PARITY:
        return PARITY
    return f"{hypothesis.predicts} better than {hypothesis.against}"


def _read(hypothesis: Hypothesis, observations: Sequence[Mapping[str, Any]] | None) -> _Reading:
    if observations is None:
        return _Reading("error", "error", "the job did not produce a measurement")
    observation = next((o for o in observations if o.get("metric") == hypothesis.metric), None)
    if observation is None:
        return _Reading("error", "error", f"the job reported no {hypothesis.metric!r} observation")
    sides: Mapping[str, Mapping[str, Any]] = observation.get("sides") or {}
    needed = _needed_sides(hypothesis, sides)
    for side in needed:
        if side not in sides:
            return _Reading("error", "error", f"the observation has no {side!r} side")
        if sides[side].get("unavailable"):
            return _Reading("unavailable", "error", f"{side} could not run here: {sides[side]['unavailable']}")
    devices = {str(sides[side].get("device") or observation.get("device") or "") for side in needed} - {""}
    if len(devices) > 1:
        return _Reading("error", "error", f"sides ran on different devices ({', '.join(sorted(devices))})")
    kind = observation.get("kind")
    if kind == "check":
        return _read_check(hypothesis, {side: bool(sides[side].get("passed")) for side in needed})
    if kind in ("timing", "value", "score"):
        return _read_quantity(hypothesis, observation, sides)
    return _Reading("error", "error", f"unknown observation kind {kind!r}")


def _needed_sides(hypothesis: Hypothesis, sides: Mapping[str, Any]) -> list[str]:
    if hypothesis.predicts in (WORKS, FAILS):
        return [hypothesis.side]
    if hypothesis.predicts == PARITY:
        return [hypothesis.side, hypothesis.against] if hypothesis.side else list(sides)
    return [hypothesis.predicts, hypothesis.against]


def _read_check(hypothesis: Hypothesis, passed: Mapping[str, bool]) -> _Reading:
    if hypothesis.predicts == WORKS:
        side = hypothesis.side
        if passed[side]:
            return _Reading("works", "supported", f"works in {side}")
        return _Reading("fails", "contradicted", f"fails in {side}", opposite=True)
    if hypothesis.predicts == FAILS:
        side = hypothesis.side
        if passed[side]:
            return _Reading("works", "contradicted", f"works in {side}", opposite=True)
        return _Reading("fails", "supported", f"fails in {side}")
    if hypothesis.predicts == PARITY:
        same = len(set(passed.values())) == 1
        return _Reading(PARITY if same else "differ", "supported" if same else "contradicted", _check_summary(passed))
    mine, theirs = passed[hypothesis.predicts], passed[hypothesis.against]
    summary = _check_summary(passed)
    if mine and not theirs:
        return _Reading(hypothesis.predicts, "supported", summary)
    if theirs and not mine:
        return _Reading(hypothesis.against, "contradicted", summary, opposite=True)
    return _Reading(PARITY, "contradicted", f"{summary}: no difference")


def _check_summary(passed: Mapping[str, bool]) -> str:
    works = [side for side, ok in passed.items() if ok]
    fails = [side for side, ok in passed.items() if not ok]
    parts = ([f"works in {', '.join(works)}"] if works else []) + ([f"fails in {', '.join(fails)}"] if fails else [])
    return "; ".join(parts)


def side_samples(side: Mapping[str, Any]) -> list[float]:
    """Every sample of a side (timing ``samples_s``, score ``samples``), or its single ``value``."""
    for key in ("samples_s", "samples"):
        if side.get(key):
            return [float(v) for v in side[key]]
    return [float(side["value"])] if side.get("value") is not None else []


def _read_quantity(hypothesis: Hypothesis, observation: Mapping[str, Any], sides: Mapping[str, Any]) -> _Reading:
    lower_better = observation.get("better", "lower") == "lower"
    if hypothesis.predicts == PARITY:
        names = [hypothesis.side, hypothesis.against] if hypothesis.side else list(sides)
        if len(names) != 2:
            return _Reading("error", "error", "parity needs exactly two sides")
        first, second = names
    else:
        first, second = hypothesis.predicts, hypothesis.against
    a, b = side_samples(sides[first]), side_samples(sides[second])
    if not a or not b:
        return _Reading("error", "error", "a side has no figures")
    noisy = observation.get("kind") == "timing" or len(a) > 1 or len(b) > 1
    if noisy:
        return _read_noisy(hypothesis, first, second, lower_better, sides)
    return _read_deterministic(hypothesis, first, second, a[0], b[0], lower_better)


def _read_noisy(
    hypothesis: Hypothesis,
    first: str,
    second: str,
    lower_better: bool,
    sides: Mapping[str, Any],
) -> _Reading:
    comparison = compare_sides(sides[first], sides[second], lower_better)
    ratio = comparison.speedup
    reason = f"{first} vs {second}: {_ratio_text(first, second, ratio)} ({comparison.reason})"
    beyond = comparison.verdict in ("supported", "contradicted")
    if hypothesis.predicts == PARITY:
        if beyond:
            return _Reading(first if ratio > 1 else second, "contradicted", reason, opposite=True)
        if ratio == ratio and 1 / NOISY_PARITY_RATIO <= ratio <= NOISY_PARITY_RATIO:
            return _Reading(PARITY, "supported", reason)
        return _Reading(WITHIN_NOISE, "inconclusive", reason)
    if comparison.verdict == "supported":
        return _Reading(first, "supported", reason)
    if comparison.verdict == "contradicted":
        return _Reading(second, "contradicted", reason, opposite=True)
    return _Reading(WITHIN_NOISE, "inconclusive", reason)


def compare_sides(first: Mapping[str, Any], second: Mapping[str, Any], lower_better: bool) -> TimingComparison:
    """Is ``first`` better than ``second`` beyond noise? The one rule verdicts and findings share.

    Timed sides measured in fresh processes need :data:`MIN_PROCESSES` processes each, and then as many
    samples (an import is one sample per process); other noisy figures need :data:`MIN_REPEATS` samples.
    Higher-is-better figures are compared through their reciprocals.
    """
    a, b = side_samples(first), side_samples(second)
    in_processes = "processes" in first or "processes" in second
    if in_processes:
        processes = min(int(first.get("processes") or 0), int(second.get("processes") or 0))
        if processes < MIN_PROCESSES:
            return TimingComparison(
                "inconclusive", float("nan"), False, f"fewer than {MIN_PROCESSES} processes per side"
            )
    needed = MIN_PROCESSES if in_processes or "samples" in first else MIN_REPEATS
    if not lower_better:
        a, b = [1 / v if v else float("inf") for v in a], [1 / v if v else float("inf") for v in b]
    return compare_timings(b, a, min_repeats=needed)


def _ratio_text(first: str, second: str, ratio: float) -> str:
    if ratio != ratio:  # NaN: not enough samples
        return "no ratio"
    return f"{first} {ratio:.2f}x better" if ratio >= 1 else f"{second} {1 / ratio:.2f}x better"


def _read_deterministic(
    hypothesis: Hypothesis, first: str, second: str, a: float, b: float, lower_better: bool
) -> _Reading:
    if a <= 0 or b <= 0:
        return _Reading("error", "error", "a figure is zero or negative")
    ratio = b / a if lower_better else a / b
    text = f"{first} {a:g} vs {second} {b:g}: {_ratio_text(first, second, ratio)}"
    equal = 1 / PARITY_RATIO <= ratio <= PARITY_RATIO
    if hypothesis.predicts == PARITY:
        if equal:
            return _Reading(PARITY, "supported", text)
        beyond = ratio >= MIN_RATIO or ratio <= 1 / MIN_RATIO
        return _Reading(first if ratio > 1 else second, "contradicted" if beyond else "inconclusive", text)
    if ratio >= MIN_RATIO:
        return _Reading(first, "supported", text)
    if ratio <= 1 / MIN_RATIO:
        return _Reading(second, "contradicted", text, opposite=True)
    if equal:
        return _Reading(PARITY, "contradicted", f"{text}: no difference")
    return _Reading(WITHIN_NOISE, "inconclusive", f"{text}: below the {MIN_RATIO}x threshold")


def median_of(side: Mapping[str, Any]) -> float | None:
    samples = side_samples(side)
    return summarize(samples).median if samples else None

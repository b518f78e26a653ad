"""Verdict vocabulary and the pure rules that turn measurements into verdicts.

Kept free of I/O and frameworks so the rules are unit-tested exactly as jobs apply them: a
performance claim is ``supported`` only when one side is at least ``min_ratio`` times faster *and* the
inter-quartile ranges do not overlap over at least ``min_repeats`` samples each.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["supported", "contradicted", "inconclusive", "error", "not_testable"]
VERDICTS: tuple[str, ...] = ("supported", "contradicted", "inconclusive", "error", "not_testable")

MIN_RATIO = 1.2
MIN_REPEATS = 5


@dataclass(frozen=True, slots=True)
class SampleSummary:
    """Median and inter-quartile range of raw timing samples (seconds)."""

    median: float
    q1: float
    q3: float
    n: int

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    def to_dict(self) -> dict[str, float | int]:
        return {"median": self.median, "q1": self.q1, "q3": self.q3, "iqr": self.iqr, "n": self.n}


def summarize(samples: Sequence[float]) -> SampleSummary:
    """Median and quartiles (inclusive method, so small samples stay inside their range)."""
    if not samples:
        raise ValueError("cannot summarise zero samples")
    values = sorted(float(v) for v in samples)
    if len(values) == 1:
        return SampleSummary(values[0], values[0], values[0], 1)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return SampleSummary(median=median, q1=q1, q3=q3, n=len(values))


@dataclass(frozen=True, slots=True)
class TimingComparison:
    """Outcome of comparing a claimed-faster side against a baseline."""

    verdict: Verdict
    speedup: float
    """baseline median / candidate median: > 1 means the candidate is faster."""
    separated: bool
    """True when the two inter-quartile ranges do not overlap."""
    reason: str


def compare_timings(
    baseline: Sequence[float],
    candidate: Sequence[float],
    min_ratio: float = MIN_RATIO,
    min_repeats: int = MIN_REPEATS,
) -> TimingComparison:
    """Verdict on "candidate is faster than baseline" from raw time samples (lower is better)."""
    if len(baseline) < min_repeats or len(candidate) < min_repeats:
        return TimingComparison("inconclusive", float("nan"), False, f"fewer than {min_repeats} repeats per side")
    base, cand = summarize(baseline), summarize(candidate)
    if cand.median <= 0 or base.median <= 0:
        return TimingComparison("inconclusive", float("nan"), False, "a median time is zero")
    speedup = base.median / cand.median
    separated = cand.q3 < base.q1 or base.q3 < cand.q1
    if speedup >= min_ratio and separated:
        return TimingComparison("supported", speedup, True, f"{speedup:.2f}x faster, IQRs separated")
    if speedup <= 1 / min_ratio and separated:
        return TimingComparison("contradicted", speedup, True, f"{1 / speedup:.2f}x slower, IQRs separated")
    reason = "IQRs overlap" if not separated else f"ratio {speedup:.2f}x is below the {min_ratio}x threshold"
    return TimingComparison("inconclusive", speedup, separated, reason)


def distinction_verdict(comparison: TimingComparison) -> Verdict:
    """Verdict for an undirected claim ("the two differ measurably"): any clear gap supports it."""
    return "supported" if comparison.verdict in ("supported", "contradicted") else "inconclusive"


def ratio_verdict(ratios: Iterable[float], min_ratio: float = MIN_RATIO) -> Verdict:
    """Verdict from deterministic ratios (size, memory) where repeats add nothing: all must agree."""
    values = list(ratios)
    if not values:
        return "inconclusive"
    if all(r >= min_ratio for r in values):
        return "supported"
    if all(r <= 1 / min_ratio for r in values):
        return "contradicted"
    return "inconclusive"


def check_verdict(passed: bool, applicable: bool = True) -> Verdict:
    """Verdict for a functional check (round trip, equality): passing supports, failing contradicts."""
    if not applicable:
        return "inconclusive"
    return "supported" if passed else "contradicted"


def aggregate_verdicts(verdicts: Iterable[str]) -> Verdict | None:
    """One verdict for a claim from its current per-job verdicts; ``None`` when nothing was measured.

    A contradiction outweighs support (one reproducible counter-example matters), support outweighs
    inconclusive, and errors only show when nothing else is known.
    """
    seen = set(verdicts)
    for verdict in ("contradicted", "supported", "inconclusive", "not_testable", "error"):
        if verdict in seen:
            return verdict
    return None


def format_speedup(faster: str, slower: str, speedup: float) -> str:
    """Short key figure such as ``"tf.function 3.1x faster than eager"``."""
    if speedup >= 1:
        return f"{faster} {speedup:.1f}x faster than {slower}"
    return f"{slower} {1 / speedup:.1f}x faster than {faster}"

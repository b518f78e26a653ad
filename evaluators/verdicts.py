"""Verdict vocabulary and every threshold that turns a measurement into a verdict, in one place.

Kept free of I/O and frameworks so the rules are unit-tested exactly as the service applies them
(:mod:`evaluators.judging` reads observations against the hypothesis table with these rules). A timed
advantage is ``supported`` only when the predicted side is at least :data:`MIN_RATIO` times faster *and*
the inter-quartile ranges do not overlap over at least :data:`MIN_REPEATS` samples from at least
:data:`MIN_PROCESSES` processes per side; the mirror image is ``contradicted``; anything between is
``inconclusive``. Deterministic values (sizes) within :data:`PARITY_RATIO` are equal.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["supported", "contradicted", "inconclusive", "error", "not_testable"]
VERDICTS: tuple[str, ...] = ("supported", "contradicted", "inconclusive", "error", "not_testable")
MIXED = "mixed"
"""A claim whose linked jobs found different things (never a link's own verdict)."""
MEASURED = "measured"
"""A record of a job that ran but speaks to no claim (its findings still serve answers)."""
STATUSES: tuple[str, ...] = (*VERDICTS, MIXED, MEASURED)
"""Everything a record or a claim can read as: the one vocabulary of every surface."""
LABELS: dict[str, str] = {
    "supported": "Supported",
    "contradicted": "Contradicted",
    "inconclusive": "Inconclusive",
    "error": "Error",
    "not_testable": "Not testable",
    MIXED: "Mixed",
    MEASURED: "Measured",
    "unverified": "Not measured yet",
}
"""How each verdict reads on the pages, in reports, the CLI and Slack."""

MIN_RATIO = 1.2
"""A gap smaller than this is within noise for timings and noisy scores."""
MIN_REPEATS = 5
"""Timed samples per side, at least."""
MIN_PROCESSES = 3
"""Fresh processes per timed side, at least: one process can be unlucky in a way repeats do not show."""
MIN_SEEDS = 3
"""Seeds per side, at least, for a noisy score (a search's best loss)."""
PARITY_RATIO = 1.05
"""Deterministic values (installed size) this close are equal."""
NOISY_PARITY_RATIO = 1.1
"""Timed sides whose medians are this close, without a gap beyond noise, are at parity."""


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


def summarize_verdicts(verdicts: Iterable[str]) -> str | None:
    """One word for a claim from its links' verdicts: the shared verdict, ``mixed`` when they differ, None if none.

    No verdict outranks another: a claim with one supported and one contradicted link reads ``mixed``, and
    the per-link verdicts say which job found what.
    """
    seen = set(verdicts)
    if not seen:
        return None
    return next(iter(seen)) if len(seen) == 1 else MIXED


def format_speedup(faster: str, slower: str, speedup: float) -> str:
    """Short key figure such as ``"tf.function 3.1x faster than eager"``."""
    if speedup >= 1:
        return f"{faster} {speedup:.1f}x faster than {slower}"
    return f"{slower} {1 / speedup:.1f}x faster than {faster}"

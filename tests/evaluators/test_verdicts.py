from __future__ import annotations

import pytest

from evaluators.verdicts import (
    compare_timings,
    format_speedup,
    summarize,
    summarize_verdicts,
)

SLOW = [1.00, 1.02, 0.98, 1.01, 0.99, 1.03, 0.97]
FAST = [0.50, 0.51, 0.49, 0.52, 0.48, 0.50, 0.51]


def test_summary_reports_median_and_quartiles() -> None:
    summary = summarize([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (summary.median, summary.q1, summary.q3, summary.n) == (3.0, 2.0, 4.0, 5)
    assert summary.iqr == 2.0


def test_clearly_faster_candidate_is_supported() -> None:
    result = compare_timings(SLOW, FAST)
    assert result.verdict == "supported"
    assert result.speedup == pytest.approx(2.0, rel=0.05)
    assert result.separated


def test_clearly_slower_candidate_is_contradicted() -> None:
    assert compare_timings(FAST, SLOW).verdict == "contradicted"


def test_ratio_below_threshold_is_inconclusive_even_when_separated() -> None:
    slightly_faster = [v * 0.9 for v in [1.0] * 7]
    result = compare_timings([1.0] * 7, slightly_faster)
    assert result.separated
    assert result.verdict == "inconclusive"


def test_overlapping_iqrs_are_inconclusive_even_with_a_large_ratio() -> None:
    noisy = [0.2, 0.3, 2.0, 0.25, 1.9, 0.3, 2.1]
    assert compare_timings([1.0, 1.1, 0.9, 1.0, 1.05, 0.95, 1.0], noisy).verdict == "inconclusive"


def test_fewer_than_five_repeats_are_inconclusive() -> None:
    assert compare_timings(SLOW[:4], FAST[:4]).verdict == "inconclusive"


def test_threshold_is_inclusive_at_exactly_1_2x() -> None:
    assert compare_timings([1.2] * 5, [1.0] * 5).verdict == "supported"


def test_claim_summary_never_lets_one_verdict_hide_another() -> None:
    assert summarize_verdicts(["supported", "supported"]) == "supported"
    assert summarize_verdicts(["supported", "contradicted"]) == "mixed"
    assert summarize_verdicts(["supported", "inconclusive"]) == "mixed"
    assert summarize_verdicts(["supported", "error"]) == "mixed"
    assert summarize_verdicts([]) is None


def test_format_speedup_names_the_faster_side() -> None:
    assert format_speedup("tf.function", "eager", 3.14) == "tf.function 3.1x faster than eager"
    assert format_speedup("PyTorch", "TensorFlow", 0.5) == "TensorFlow 2.0x faster than PyTorch"

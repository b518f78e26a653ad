"""Every link of the hypothesis table can disagree: synthetic outcomes in each direction flip its verdict.

For each link the bundled article gets, a battery of observations (the predicted side clearly better, the
other side clearly better, the two within noise; a check passing and failing) is judged. A link whose
verdict is the same for every outcome of its battery fails the test: it could not disagree.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from evaluators.judging import judge_link
from evaluators.linking import catalog_linker
from knowledge.claims import Claim
from knowledge.hypotheses import FAILS, PARITY, WORKS, ClaimLink, Hypothesis

METRIC_KINDS = {
    "cnn_train_step": "timing",
    "import_time": "timing",
    "installed_size": "value",
    "import_rss": "value",
    "tuned_validation_loss": "score",
}
"""Quantities by kind (every other metric of the table is a check), as the jobs report them."""


def timing_side(median: float, seed: int, processes: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    per_process = [[median * rng.uniform(0.97, 1.03) for _ in range(5)] for _ in range(processes)]
    return {"samples_s": [v for run in per_process for v in run], "per_process": per_process, "processes": processes}


def quantity(metric: str, kind: str, values: dict[str, float]) -> dict[str, Any]:
    if kind == "timing":
        sides = {side: timing_side(value, seed) for seed, (side, value) in enumerate(values.items())}
    elif kind == "score":
        sides = {
            side: {"samples": [value * f for f in (0.98, 1.0, 1.02, 0.99, 1.01)]} for side, value in values.items()
        }
    else:
        sides = {side: {"value": value} for side, value in values.items()}
    return {"metric": metric, "label": metric, "kind": kind, "unit": "s", "better": "lower", "sides": sides}


def check(metric: str, passed: dict[str, bool]) -> dict[str, Any]:
    sides = {side: {"passed": ok, "detail": "synthetic"} for side, ok in passed.items()}
    return {"metric": metric, "label": metric, "kind": "check", "sides": sides}


def battery(hypothesis: Hypothesis) -> dict[str, dict[str, Any]]:
    """Named outcomes for one hypothesis: agree, oppose and (for quantities) within noise."""
    metric = hypothesis.metric
    kind = METRIC_KINDS.get(metric, "check")
    if hypothesis.predicts == WORKS:
        return {"agree": check(metric, {hypothesis.side: True}), "oppose": check(metric, {hypothesis.side: False})}
    if hypothesis.predicts == FAILS:
        return {"agree": check(metric, {hypothesis.side: False}), "oppose": check(metric, {hypothesis.side: True})}
    mine, theirs = hypothesis.predicts, hypothesis.against
    if kind == "check":
        return {
            "agree": check(metric, {mine: True, theirs: False}),
            "oppose": check(metric, {mine: False, theirs: True}),
            "same": check(metric, {mine: True, theirs: True}),
        }
    return {
        "agree": quantity(metric, kind, {mine: 1.0, theirs: 2.0}),
        "oppose": quantity(metric, kind, {mine: 2.0, theirs: 1.0}),
        "noise": quantity(metric, kind, {mine: 1.0, theirs: 1.08}),
    }


def article_links(claims: list[Claim]) -> list[tuple[Claim, ClaimLink]]:
    linker = catalog_linker()
    return [(claim, link) for claim in claims for link in linker.links_for_claim(claim)]


def test_the_article_has_links_of_every_hypothesis_kind(bundled_article_claims: list[Claim]) -> None:
    kinds = {
        ("works" if link.hypothesis.predicts == WORKS else METRIC_KINDS.get(link.hypothesis.metric, "check"))
        for _, link in article_links(bundled_article_claims)
    }
    assert {"works", "value", "score"} <= kinds


def test_every_link_of_the_article_can_disagree(bundled_article_claims: list[Claim]) -> None:
    frozen = []
    for claim, link in article_links(bundled_article_claims):
        verdicts = {name: judge_link(claim.id, link, [obs]).verdict for name, obs in battery(link.hypothesis).items()}
        if len(set(verdicts.values())) == 1:
            frozen.append((claim.text[:60], link.hypothesis.describe(), verdicts))
        assert verdicts["oppose"] == "contradicted", (claim.text, link.hypothesis.describe(), verdicts)
        expected_agree = "inconclusive" if link.unmeasured else "supported"
        assert verdicts["agree"] == expected_agree, (claim.text, link.hypothesis.describe(), verdicts)
        if "noise" in verdicts:
            assert verdicts["noise"] == "inconclusive", (claim.text, verdicts)
    assert not frozen, f"links whose verdict cannot change: {frozen}"


def test_no_difference_contradicts_a_claimed_advantage_only_where_the_link_covers_the_sentence() -> None:
    hypothesis = Hypothesis("debugging-breakpoints", "breakpoint_sees_values", "pytorch", against="tf-eager")
    both = [check("breakpoint_sees_values", {"pytorch": True, "tf-eager": True})]
    full = judge_link("c-1", ClaimLink("r", hypothesis), both)
    partial = judge_link("c-1", ClaimLink("r", hypothesis, unmeasured="error messages"), both)
    assert (full.measured, full.verdict) == ("parity", "contradicted")
    assert partial.verdict == "inconclusive" and "error messages" in partial.reason


def test_failures_are_errors_never_contradictions() -> None:
    link = ClaimLink("r", Hypothesis("tfjs-converter", "tfjs_conversion", WORKS, side="tensorflow"))
    missing_package = {
        "metric": "tfjs_conversion",
        "kind": "check",
        "sides": {"tensorflow": {"unavailable": "no tfjs"}},
    }
    assert judge_link("c", link, [missing_package]).verdict == "error"
    assert judge_link("c", link, None).verdict == "error"  # the job crashed or timed out
    assert judge_link("c", link, []).verdict == "error"  # it ran but did not report the metric


def test_sides_on_different_devices_are_refused() -> None:
    link = ClaimLink("r", Hypothesis("x", "cnn_train_step", "tf.function", against="tf-eager"))
    observation = quantity("cnn_train_step", "timing", {"tf.function": 1.0, "tf-eager": 2.0})
    observation["sides"]["tf.function"]["device"] = "cuda:0"
    observation["sides"]["tf-eager"]["device"] = "cpu"
    judged = judge_link("c", link, [observation])
    assert judged.verdict == "error" and "different devices" in judged.reason


def test_timings_need_three_processes_per_side() -> None:
    link = ClaimLink("r", Hypothesis("x", "cnn_train_step", "tf.function", against="tf-eager"))
    observation = quantity("cnn_train_step", "timing", {"tf.function": 1.0, "tf-eager": 2.0})
    observation["sides"]["tf.function"] = timing_side(1.0, seed=1, processes=1)
    assert judge_link("c", link, [observation]).verdict == "inconclusive"


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ({"a": 1.0, "b": 1.02}, "supported"),
        ({"a": 1.0, "b": 3.0}, "contradicted"),
        ({"a": 1.0, "b": 1.12}, "inconclusive"),
    ],
)
def test_parity_hypotheses(values: dict[str, float], verdict: str) -> None:
    link = ClaimLink("r", Hypothesis("x", "size", PARITY))
    assert judge_link("c", link, [quantity("size", "value", values)]).verdict == verdict


def test_higher_is_better_scores_read_the_right_way_round() -> None:
    link = ClaimLink("r", Hypothesis("x", "accuracy", "tensorflow", against="pytorch"))
    observation = quantity("accuracy", "score", {"tensorflow": 0.9, "pytorch": 0.5})
    observation["better"] = "higher"
    assert judge_link("c", link, [observation]).verdict == "supported"
    observation = quantity("accuracy", "score", {"tensorflow": 0.5, "pytorch": 0.9})
    observation["better"] = "higher"
    assert judge_link("c", link, [observation]).verdict == "contradicted"

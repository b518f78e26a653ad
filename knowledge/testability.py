"""Which claims each verification job can check, declared once.

The registry resolves a job's claims from these rules, and the knowledge extractor calls
:func:`is_testable` to set ``Claim.testable``; both read the same table so "testable" always means
"some local job measures it". This module imports only the standard library: the extractor runs in
the serving process.

A rule matches a claim when the claim's topic is one of the rule's topics (an empty set means any
topic that is not untestable by nature) and at least one term occurs in the claim text. Terms are
case-insensitive and anchored at a word start, so ``"optimi"`` matches "optimized" and
"optimization", while ``"js"`` does not match inside "adjust".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

UNTESTABLE_TOPICS: dict[str, str] = {
    "rating": "a star rating is the author's judgement; no local job can measure it",
    "adoption": "adoption and community size need surveys or usage data, not a local job",
    "origin": "who created a framework is history, not something a local job can measure",
}
"""Topics no local job measures, with the reason the audit shows."""

UNTESTABLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\b(corporate|enterprise|enterprises|companies)\b",
        "enterprise and corporate backing are not measurable locally",
    ),
    (r"\b(community|academi\w*|papers|popular|adopted)\b", "community and adoption need external data"),
    (r"\b(google|facebook|meta|amazon|airbnb|twitter)\b", "statements about companies are not measurable locally"),
)
"""Text patterns that explain why an otherwise unmatched claim is not testable."""


@lru_cache(maxsize=64)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex per rule, compiled once; each term must start at a word boundary."""
    alternatives = "|".join(re.escape(term.lower()) for term in terms)
    return re.compile(rf"(?<![\w.])(?:{alternatives})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """Topics and terms selecting the claims one job verifies."""

    terms: tuple[str, ...]
    topics: frozenset[str] = field(default_factory=frozenset)

    def matches(self, text: str, topic: str) -> bool:
        if topic in UNTESTABLE_TOPICS:
            return False
        if self.topics and topic not in self.topics:
            return False
        return _term_pattern(self.terms).search(text) is not None


_DESIGN_TOPICS = frozenset({"overview", "graph", "research", "usability", "debugging", "cons", "alternatives"})
_DEPLOY_TOPICS = frozenset(
    {"deployment", "production", "overview", "alternatives", "cons", "conclusion", "integration"}
)

JOB_RULES: dict[str, ClaimRule] = {
    "torch-dynamic-control-flow": ClaimRule(
        terms=(
            "dynamic computational graph",
            "dynamic graph",
            "define-by-run",
            "on the fly",
            "on-the-fly",
            "loops and conditionals",
            "dynamic model",
        ),
        topics=_DESIGN_TOPICS,
    ),
    "debugging-breakpoints": ClaimRule(
        terms=("debugging", "pdb", "print statements", "variable inspection", "inspect outputs", "native python tools"),
        topics=_DESIGN_TOPICS,
    ),
    "tf-graph-vs-eager": ClaimRule(
        terms=("static computational graph", "define-before-run", "optimization and performance"),
        topics=_DESIGN_TOPICS | {"performance"},
    ),
    "torch-compile": ClaimRule(
        terms=("optimized and deployed", "optimization and performance", "define-before-run"),
        topics=_DESIGN_TOPICS | _DEPLOY_TOPICS | {"performance"},
    ),
    "torch-vs-tf-training-step": ClaimRule(
        terms=("distinctions in performance", "performance benefits", "faster", "speed"),
        topics=_DESIGN_TOPICS | {"performance"},
    ),
    "numpy-interop": ClaimRule(terms=("numpy",), topics=frozenset()),
    "torchscript-roundtrip": ClaimRule(terms=("torchscript",), topics=frozenset()),
    "onnx-export": ClaimRule(terms=("onnx", "open neural network exchange", "cross-framework"), topics=frozenset()),
    "torchscript-cpp-runtime": ClaimRule(terms=("c++ runtime", "c++"), topics=frozenset()),
    "tf-serving-artifact": ClaimRule(terms=("tensorflow serving", "serving"), topics=frozenset()),
    "tflite-export": ClaimRule(terms=("tensorflow lite", "lite", "mobile"), topics=frozenset()),
    "tfjs-converter": ClaimRule(terms=("tensorflow.js", "js", "browser", "web"), topics=frozenset()),
    "automl-tuners": ClaimRule(
        terms=("automl", "keras tuner", "hyperparameter", "automated tuning", "automated machine learning"),
        topics=frozenset(),
    ),
    "framework-footprint": ClaimRule(terms=("heavy", "larger framework"), topics=frozenset()),
    "tf-eager-default": ClaimRule(
        terms=("eager execution", "eager mode", "tensorflow 2.x", "in 2.x"),
        topics=frozenset(),
    ),
}
"""Claim rule of every job in the default catalog, keyed by job id."""


def matching_job_ids(text: str, topic: str) -> list[str]:
    """Ids of the jobs whose rule matches this claim text and topic."""
    return [job_id for job_id, rule in JOB_RULES.items() if rule.matches(text, topic)]


def is_testable(text: str, topic: str) -> bool:
    """True exactly when some verification job's rule matches the claim; the extractor sets ``testable`` from it."""
    return bool(matching_job_ids(text, topic))


def not_testable_reason(text: str, topic: str) -> str:
    """Why no local job can measure a claim, in words the audit shows."""
    if topic in UNTESTABLE_TOPICS:
        return UNTESTABLE_TOPICS[topic]
    for pattern, reason in UNTESTABLE_PATTERNS:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    return "no local verification job measures this statement (it is an opinion or outside what a small job can check)"

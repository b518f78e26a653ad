"""Deciding: rank the retrieved claims for this question, judge whether the article covers it, and pick
the framework the claims credit.

Every constant here was calibrated on the dev question set together with the project's own paraphrase
and out-of-scope set (tests/data/questions-paraphrase.jsonl); BENCHMARKS.md records the scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from assistant.question import QUESTION_STOPWORDS, Intent, Question
from knowledge.claims import Claim
from knowledge.frameworks import RIVALS
from knowledge.retriever import Hit, Retriever

CANDIDATES = 30
TOPIC_BOOST = (0.15, 0.08)
"""Added to a claim whose topic is the question's first (second) topic; SECONDARY_ASPECT of it when the
question's topic is only one of the claim's other aspects."""
SECONDARY_ASPECT = 0.6
SPECIFIC_BOOST = 0.04
"""Added to a claim that names a concrete tool (TorchScript, Keras Tuner, ...): it says more."""
DUPLICATE_COSINE = 0.9
"""Two claims this similar say the same thing; only the better one is cited."""
SUBJECT_BOOST = 0.08
"""Added to a claim about the one framework a question names."""
META_PENALTY = 0.10
"""Taken from claims about the article itself ("overview" topic): they match many questions, answer none."""
ABSTAIN_THRESHOLD = 0.45
NAMED_DENSE_DISCOUNT = 0.25
"""A framework's name alone lifts cosine by roughly this much; discounted when judging scope."""
SUPPORT_FLOOR = 0.5
"""A claim scoring under this share of the best one is too weak to cite..."""
MIN_SUPPORT = 2
"""...unless fewer than this many claims would be left."""
LEAD_SHARE = 0.5
LEAD_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class Scope:
    confidence: float
    topic: float
    dense: float
    coverage: float


def content_text(question: Question) -> str:
    words = re.findall(r"[\w+.#-]+", question.masked.lower())
    return " ".join(w for w in words if w not in QUESTION_STOPWORDS)


def rerank(question: Question, hits: list[Hit]) -> list[Hit]:
    """Fold what we know about the question (its topics, the framework it names) into the scores."""
    named = question.named[0] if len(question.named) == 1 else None
    reranked = []
    for hit in hits:
        bonus = SPECIFIC_BOOST if hit.claim.terms else 0.0
        for rank, topic in enumerate(question.topics[: len(TOPIC_BOOST)]):
            if hit.claim.topic == topic:
                bonus += TOPIC_BOOST[rank]
            elif topic in hit.claim.aspects:
                bonus += TOPIC_BOOST[rank] * SECONDARY_ASPECT
        if named and hit.claim.subject == named:
            bonus += SUBJECT_BOOST
        if hit.claim.topic == "overview":
            bonus -= META_PENALTY
        reranked.append(replace(hit, score=hit.score + bonus))
    return sorted(reranked, key=lambda h: -h.score)


def judge_scope(question: Question, retriever: Retriever, vectors: np.ndarray, hits: list[Hit]) -> Scope:
    """How sure we are that the article speaks to this question (0..1).

    ``vectors`` holds the question's embedding and, second, that of the question with framework names
    masked, so "What is the licence of PyTorch?" is not mistaken for in-scope on the name alone.
    """
    claim_vectors = retriever.index.vectors
    raw = float((claim_vectors @ vectors[0]).max()) if len(claim_vectors) else 0.0
    masked = float((claim_vectors @ vectors[1]).max()) if len(claim_vectors) else 0.0
    dense = max(masked, raw - NAMED_DENSE_DISCOUNT)
    dense_score = float(np.clip((dense - 0.15) / 0.45, 0.0, 1.0))
    terms = retriever.terms(content_text(question))
    vocabulary = {t for hit in hits for t in retriever.terms(hit.claim.text)}
    coverage = sum(t in vocabulary for t in terms) / len(terms) if terms else 0.0
    topic = 1.0 if question.topics else 0.0
    confidence = 0.30 * topic + 0.45 * dense_score + 0.25 * coverage
    return Scope(round(confidence, 4), topic, round(dense, 4), round(coverage, 4))


@dataclass(frozen=True, slots=True)
class Decision:
    recommendation: str | None
    support: list[Hit]
    """Claims that back the answer, best first."""
    rating_comparison: tuple[Claim, ...] = ()


def _vote(hits: list[Hit]) -> str | None:
    weights = {"pytorch": 0.0, "tensorflow": 0.0, "none": 0.0}
    for rank, hit in enumerate(hits):
        w = max(hit.score, 0.0) ** 2 / (1 + rank)
        if hit.claim.favors in RIVALS:
            weights[hit.claim.favors] += w
        elif hit.claim.favors == "both":
            weights["pytorch"] += w / 2
            weights["tensorflow"] += w / 2
        else:
            weights["none"] += w
    leader, runner = sorted(RIVALS, key=lambda f: -weights[f])
    total = sum(weights.values()) or 1.0
    if weights[leader] / total >= LEAD_SHARE and weights[leader] >= LEAD_RATIO * weights[runner]:
        return leader
    return None


def _rating_decision(question: Question, claims: list[Claim], hits: list[Hit]) -> Decision | None:
    rated = sorted((c for c in claims if c.rating is not None and c.subject in RIVALS), key=lambda c: -(c.rating or 0))
    if not rated:
        return None
    if len(question.named) == 1:
        pick = question.named[0]
    elif question.comparative and len({c.subject for c in rated}) > 1 and rated[0].rating != rated[1].rating:
        pick = rated[0].subject
    else:
        return None
    by_id = {h.claim.id: h for h in hits}
    top = hits[0].score if hits else 1.0
    support = [by_id.get(c.id) or Hit(c, top, 0.0, 0.0) for c in rated]
    support.sort(key=lambda h: h.claim.subject != pick)
    return Decision(pick, support, tuple(rated))


def decide(
    question: Question, hits: list[Hit], claims: list[Claim], duplicates: Mapping[int, frozenset[int]], k: int
) -> Decision:
    """``hits`` reranked candidates; ``duplicates`` the index's near-duplicate claims (to drop repeats)."""
    hits = distinct(hits, duplicates)
    if question.topic == "rating":
        rating = _rating_decision(question, claims, hits)
        if rating:
            return Decision(rating.recommendation, rating.support[:k], rating.rating_comparison)
    about_named = question.intent in {Intent.WHO_WHAT_HOW, Intent.PROS_CONS} or (
        question.intent is Intent.WHICH and not question.choice
    )
    if about_named and len(question.named) == 1:
        pick: str | None = question.named[0]
    else:
        pick = _vote(hits)
    return Decision(pick, _supporting(hits[: max(k, 4)], pick, k))


def distinct(hits: list[Hit], duplicates: Mapping[int, frozenset[int]]) -> list[Hit]:
    """Drop claims that say the same as a better-ranked one (same table row twice, say).

    ``duplicates``: claim positions whose cosine is above ``DUPLICATE_COSINE`` (``HybridIndex.near_duplicates``).
    """
    kept: list[Hit] = []
    kept_positions: set[int] = set()
    for hit in hits:
        if hit.position >= 0 and not kept_positions.isdisjoint(duplicates.get(hit.position, ())):
            continue
        kept.append(hit)
        if hit.position >= 0:
            kept_positions.add(hit.position)
    return kept


def _supporting(hits: list[Hit], pick: str | None, keep: int) -> list[Hit]:
    """Claims that back the pick (crediting it, or about it), then the rest; weak tails are dropped."""
    if not hits:
        return []
    floor = hits[0].score * SUPPORT_FLOOR
    strong = [h for i, h in enumerate(hits) if h.score >= floor or i < MIN_SUPPORT]
    if pick:
        strong.sort(key=lambda h: (h.claim.favors != pick and h.claim.subject != pick, -h.score))
    return strong[:keep]

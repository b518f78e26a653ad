"""Choosing the claims an answer cites: those that back its pick (or fault the framework asked about), one
passage once, weak tails dropped."""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.claims import Claim
from knowledge.retriever import Hit

SUPPORT_FLOOR = 0.5
"""A claim scoring under this share of the best one is too weak to cite..."""
MIN_SUPPORT = 2
"""...unless fewer than this many claims would be left."""


def states_the_opposite(claim: Claim, framework: str, faulted: bool) -> bool:
    """A strength of ``framework`` when its drawbacks are asked (``faulted``), or a weakness when its strengths are."""
    listed, opposite = (claim.weaknesses, claim.strengths) if faulted else (claim.strengths, claim.weaknesses)
    return framework in opposite and framework not in listed


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


def supporting(
    hits: list[Hit], pick: str | None, keep: int, faulted: bool = False, varied: bool = False, credited: bool = False
) -> list[Hit]:
    """Claims that back the pick (crediting it, about it, or, for a weakness asked, faulting it), then the
    rest; weak tails and repeated quotes are dropped. ``varied``: one claim per topic first (a list of
    strengths should not be four ways of saying "good for research")."""
    if not hits:
        return []
    floor = hits[0].score * SUPPORT_FLOOR
    strong = [h for i, h in enumerate(hits) if h.score >= floor or i < MIN_SUPPORT]
    if pick and faulted:
        strong.sort(key=lambda h: (pick not in h.claim.weaknesses, -h.score))
    elif pick and credited:
        strong.sort(key=lambda h: (pick not in h.claim.strengths, -h.score))
    elif pick:
        strong.sort(key=lambda h: (h.claim.favors != pick and h.claim.subject != pick, -h.score))
    kept = distinct_quotes(strong)
    return (one_per_topic(kept) if varied else kept)[:keep]


def weighed_pairs(hits: list[Hit], framework: str, keep: int) -> list[Hit]:
    """Strengths and weaknesses of ``framework`` in turn, best first: what "should I use it?" weighs."""
    strengths = [h for h in hits if framework in h.claim.strengths]
    weaknesses = [h for h in hits if framework in h.claim.weaknesses]
    paired = [h for pair in zip(strengths, weaknesses, strict=False) for h in pair]
    rest = [h for h in strengths + weaknesses + hits if h not in paired]
    return distinct_quotes(paired + rest)[:keep]


def one_per_topic(hits: list[Hit]) -> list[Hit]:
    """The best claim of each topic first, in rank order, then the rest."""
    first: list[Hit] = []
    rest: list[Hit] = []
    topics: set[str] = set()
    for hit in hits:
        (rest if hit.claim.topic in topics else first).append(hit)
        topics.add(hit.claim.topic)
    return first + rest


def distinct_quotes(hits: list[Hit]) -> list[Hit]:
    """One citation per passage: a claim whose quote overlaps an already cited one is left out."""
    kept: list[Hit] = []
    for hit in hits:
        c = hit.claim
        if any(c.document_id == k.claim.document_id and c.start < k.claim.end and k.claim.start < c.end for k in kept):
            continue
        kept.append(hit)
    return kept

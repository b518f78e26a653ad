"""Deciding: rank the retrieved claims for this question and pick the framework the claims credit (whether the
knowledge base covers the question at all is :mod:`assistant.scope`'s).

Every constant here was calibrated on the dev question set together with the project's own paraphrase
and out-of-scope set (tests/data/questions-paraphrase.jsonl); BENCHMARKS.md records the scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from assistant import question_words as words
from assistant.question import Intent, Question
from assistant.question_words import QUESTION_STOPWORDS
from assistant.scope import WHO_TOPICS, Lexicon
from assistant.support import (
    SUPPORT_FLOOR,
    distinct,
    distinct_quotes,
    states_the_opposite,
    supporting,
    weighed_pairs,
)
from knowledge import frameworks, labels, quantities
from knowledge.claims import Claim
from knowledge.frameworks import RIVALS, other
from knowledge.reading import first_comparative_at
from knowledge.retriever import Hit

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
TARGET_BOOST = 0.05
"""For a claim about the very platform the question asks about (phones: the claims that say mobile)."""
"""Added to a claim about the one framework a question names."""
META_PENALTY = 0.10
"""Taken from claims about the article itself ("overview" topic): they match many questions, answer none."""
ALTERNATIVES_PENALTY = 0.2
"""Taken from the claim listing the alternatives (JAX, MXNet) unless the question is about them."""
LEAD_SHARE = 0.5
LEAD_RATIO = 1.5
STANCE_BOOST = 0.10
"""Added to a claim stating a weakness (strength) when the question asks about weaknesses (strengths)."""


def rerank(question: Question, hits: list[Hit]) -> list[Hit]:
    """Fold what we know about the question (its topics, the framework it names) into the scores."""
    named = question.named[0] if len(question.named) == 1 else None
    about_alternatives = bool(question.third) or "alternatives" in question.topics[:2]
    # What depends on the question alone is read once, not for each of the ~30 candidates; each bonus is
    # still added in the same order, so every score is the same float.
    boosts = tuple(zip(question.topics[: len(TOPIC_BOOST)], TOPIC_BOOST, strict=False))
    stance = question.weakness or question.intent in _STANCES
    targets = [words.DEPLOYMENT_TARGETS[target][1] for target in question.targets]
    reranked = []
    for hit in hits:
        claim = hit.claim
        bonus = SPECIFIC_BOOST if claim.terms else 0.0
        for topic, boost in boosts:
            if claim.topic == topic:
                bonus += boost
            elif topic in claim.aspects:
                bonus += boost * SECONDARY_ASPECT
        if named and claim.subject == named:
            bonus += SUBJECT_BOOST
        if claim.topic == "overview":
            bonus -= META_PENALTY
        if claim.topic == "alternatives" and not about_alternatives:
            bonus -= ALTERNATIVES_PENALTY
        if stance:  # otherwise the stance bonus is 0.0, and adding it changes nothing
            bonus += _stance_bonus(question, claim, named)
        if targets and any(stated.search(claim.text) for stated in targets):
            bonus += TARGET_BOOST
        reranked.append(_rescored(hit, hit.score + bonus))
    return sorted(reranked, key=lambda h: -h.score)


_STANCES = frozenset({Intent.DRAWBACKS, Intent.PROS})
"""Forms whose candidates get a stance bonus (as does any question asking about a weakness)."""
if tuple(f.name for f in fields(Hit)) == ("claim", "score", "dense", "lexical", "position"):

    def _rescored(hit: Hit, score: float) -> Hit:
        """``replace(hit, score=score)`` at a third of the cost (rerank makes one for every candidate)."""
        return Hit(hit.claim, score, hit.dense, hit.lexical, hit.position)

else:  # a Hit with other fields: the general (slower) way

    def _rescored(hit: Hit, score: float) -> Hit:
        return replace(hit, score=score)


def _stance_bonus(question: Question, claim: Claim, named: str | None) -> float:
    """Favour claims that state what is asked: a weakness for "what's the catch", a strength for "pros"."""
    if question.weakness or question.intent is Intent.DRAWBACKS:
        wanted = claim.weaknesses
    elif question.intent is Intent.PROS:
        wanted = claim.strengths
    else:
        return 0.0
    if not wanted:
        return 0.0
    bonus = STANCE_BOOST if named is None or named in wanted else STANCE_BOOST / 2
    text = claim.text.lower()
    if claim.weaknesses and any(term in text for term in question.weak_terms):
        bonus += STANCE_BOOST  # states the very weakness asked about
    return bonus


def compares_third(question: Question) -> bool:
    """A comparison involving a framework the article only mentions in passing: the article makes none. A framework
    named only as the asker's background (:func:`in_background`) makes no comparison."""
    return (
        bool(question.third)
        and not in_background(question)
        and (bool(question.named) or len(question.third) > 1 or question.comparative or question.choice)
    )


_LEAD = re.compile(r"[^:,?]{1,80}?[:,]\s")
"""What opens a question before what it asks ("Coming from JAX, ", "JAX fan, open mind: ")."""
_LEAD_WORDS = re.compile(r"[^\W\d_]{2,}")
"""A lead says something besides a framework's name ("JAX: ..." is the name alone)."""


def in_background(question: Question) -> bool:
    """The question names its third frameworks only in a lead before what it asks, and asks about PyTorch or
    TensorFlow ("Coming from JAX, should I adopt TensorFlow for serving?", "JAX refugee asking: what are PyTorch's
    weak spots?"): who is asking, not a comparison ("Compared with JAX, is PyTorch faster?" compares)."""
    lead = _LEAD.match(question.text)
    if lead is None:
        return False
    head, rest = question.text[: lead.end()], question.text[lead.end() :]
    asked = frameworks.mentions(rest)
    if set(question.third) & set(asked) or not set(asked) & set(RIVALS):
        return False
    bare = not _LEAD_WORDS.search(frameworks.PASSING_NAME.sub(" ", head))
    if bare or frameworks.rivals_in(head) or words.SETS_APART.search(head):
        return False  # "JAX: is it faster ...?", "MXNet, TensorFlow: ...", "JAX vs PyTorch, honestly: ..."
    # "As a JAX user, is PyTorch any faster?", "Coming from JAX, is PyTorch worth it, or should I stick with it?":
    # one framework set against the one in the lead
    compared = question.comparative or (not words.ASKS_WHO.search(rest) and first_comparative_at(rest) >= 0)
    compares = compared or words.EITHER_OR.search(rest)  # "who is behind PyTorch?" compares nothing
    return len(question.named) > 1 or not compares


@dataclass(frozen=True, slots=True)
class Decision:
    recommendation: str | None
    """The framework the claims point to for what was asked: for a question asking for the worse side, the one
    they fault (:attr:`faulted`), which the answer names and does not recommend."""
    support: list[Hit]
    """Claims that back the answer, best first."""
    rating_comparison: tuple[Claim, ...] = ()
    subject: str | None = None
    """The framework the answer is about (the one asked about, or the pick); None when about both."""
    verdict: bool | None = None
    """For a yes/no or "should I" question: yes (True), no (False), or not settled (None)."""
    measured: bool = False
    """About a property the jobs measure: the claims cited are those on it, and the measurement answers."""
    faulted: str | None = None
    """For a question asking for the worse side ("which would you not pick"): the framework the claims fault."""
    made_by: tuple[bool, str, str] | None = None
    """For a yes/no asking whether an organisation made or backs a framework: whether the claims say so, the
    framework, and the organisation they name as its maker (:func:`maker_verdict`)."""


def _lead(weights: dict[str, float]) -> str | None:
    leader, runner = sorted(RIVALS, key=lambda f: -weights[f])
    total = sum(weights.values()) or 1.0
    if weights[leader] / total >= LEAD_SHARE and weights[leader] >= LEAD_RATIO * weights[runner]:
        return leader
    return None


def _vote(hits: list[Hit], by: str = "favors") -> str | None:
    """The framework the hits credit (``by="favors"``), are about (``"subject"``), fault (``"weakness"``) or
    state a strength of (``"strength"``)."""
    weights = {"pytorch": 0.0, "tensorflow": 0.0, "none": 0.0}
    for rank, hit in enumerate(hits):
        w = max(hit.score, 0.0) ** 2 / (1 + rank)
        if by in {"weakness", "strength"}:  # claims stating neither do not vote
            voted: tuple[str, ...] = hit.claim.weaknesses if by == "weakness" else hit.claim.strengths
        else:
            value = hit.claim.subject if by == "subject" else hit.claim.favors
            voted = (value,) if value in RIVALS else RIVALS if value == "both" else ("none",)
        for framework in voted:
            weights[framework] += w / len(voted)
    if by in {"weakness", "strength"}:
        weights["none"] = 0.0
    return _lead(weights)


def _balance(hits: list[Hit]) -> str | None:
    """The framework whose stated strengths, less its stated weaknesses, clearly outweigh the other's."""
    net = dict.fromkeys(RIVALS, 0.0)
    for hit in hits:
        for framework in hit.claim.strengths:
            net[framework] += max(hit.score, 0.0)
        for framework in hit.claim.weaknesses:
            net[framework] -= max(hit.score, 0.0)
    leader, runner = sorted(RIVALS, key=lambda f: -net[f])
    if net[leader] > 0 and net[leader] >= LEAD_RATIO * max(net[runner], 0.0):
        return leader
    return None


def _rating_decision(question: Question, claims: list[Claim], hits: list[Hit]) -> Decision | None:
    rated = sorted((c for c in claims if c.rating is not None and c.subject in RIVALS), key=lambda c: -(c.rating or 0))
    if not rated:
        return None
    ranked = len({c.subject for c in rated}) > 1 and rated[0].rating != rated[-1].rating
    # The direction asked for: the question model's polarity ("which trails on stars?" asks for the lower), else
    # the comparative's own word.
    lowest_asked = question.polarity == "worse" or (question.polarity == "neutral" and question.lower)
    directed = question.polarity != "neutral" or question.comparative
    named = question.named[0] if len(question.named) == 1 else None
    pick: str | None
    if ranked and (directed if named is None else question.polarity != "neutral"):
        # "Which trails on stars?", "Does PyTorch have the best rating?": the ratings answer, whichever is named
        pick = rated[-1].subject if lowest_asked and not question.polar else rated[0].subject
    else:
        # "PyTorch's rating?": PyTorch's; "Which score goes with 'deployment versatility'?": the rating saying so;
        # "How do the ratings compare?": both ratings, no pick
        pick = named or _described(question, rated)
    by_id = {h.claim.id: h for h in hits}
    top = hits[0].score if hits else 1.0
    support = [by_id.get(c.id) or Hit(c, top, 0.0, 0.0) for c in rated]
    if pick:
        support.sort(key=lambda h: h.claim.subject != pick)
    verdict = None
    given = {c.subject: value for c in reversed(rated) if (value := labels.stated_rating(c.text)) is not None}
    ratings: dict[str, float] = {str(f): value for f, (value, _) in given.items()}
    scales = {scale for _, scale in given.values()}
    stated = rating_verdict(question.text, ratings, scale=max(scales)) if question.polar and scales else None
    if stated is not None:
        # "Is PyTorch's rating under TensorFlow's?": the answer names the lower side where asked about it, and
        # recommends the higher-rated either way
        verdict, lowest_asked = stated.holds, stated.lower
        pick = stated.about or (rated[0].subject if ranked and stated.ranks else None)
    elif words.ALTERNATIVES.search(words.asking_sentence(question.text)):
        verdict = None  # "Is TensorFlow or PyTorch rated higher?" asks which, not yes or no
    elif question.polar and len(question.named) == 2:
        first, second = (next(c.rating for c in rated if c.subject == f) for f in question.named)
        verdict = (first or 0) < (second or 0) if question.lower else (first or 0) > (second or 0)
    elif question.polar and named is not None and ranked and question.polarity != "neutral":
        verdict = named == (rated[-1].subject if question.polarity == "worse" else rated[0].subject)
    # The lower-rated side, where that is what was asked for: "Which trails on stars?", or a yes to "Is PyTorch
    # rated lower than TensorFlow?"
    asked_lower = ranked and lowest_asked and (not question.polar or verdict is True or stated is not None)
    faulted = rated[-1].subject if asked_lower else None
    return Decision(pick, support, tuple(rated), subject=pick, verdict=verdict, faulted=faulted)


RATING_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class RatingVerdict:
    """What a yes/no about the star ratings comes to."""

    holds: bool
    lower: bool = False
    """It asks about the lower-rated side ("Is PyTorch rated under TensorFlow?")."""
    about: str | None = None
    """The one framework whose figure it asks about ("Did PyTorch get 4.5 stars?"); None for a comparison."""
    ranks: bool = False
    """It asks whether one side ranks above the other (the answer then recommends the higher-rated), not whether
    the two are the same or both have a figure (it recommends neither)."""


def rating_verdict(text: str, ratings: Mapping[str, float], *, scale: float = 5.0) -> RatingVerdict | None:
    """Whether a yes/no about the star ratings holds, read from its asking clause, and what it asks about; None
    where it asks something else ("Is PyTorch's 4.5 for research flexibility?"), offers alternatives ("Is PyTorch
    rated 4.5 or 4.6?") or asks by how much ("a full star behind?").

    Three things can be asked: whether the two are the same ("Did they tie?"); whether a side's rating is, or is
    at least or at most, a figure ("Did PyTorch get four and a half stars?", "Is TensorFlow's rating below 4.5?",
    "four stars or more"; every figure asked must hold; one after a possessive or "out of" is a reference, not what
    is asked); and whether a side ranks above or below the other ("Is PyTorch's rating under TensorFlow's?", "did
    the article rate it above TensorFlow?": the side named before the ranking word, else the other of the one it is
    set against; "Is the higher-rated one PyTorch?": the one named after a ranking word that sets none against).
    ``ratings`` and ``scale`` are as the claims state them ("4.5/5": 4.5 on a scale of 5); a number above the scale
    is no rating.
    """
    if not set(RIVALS) <= set(ratings):
        return None
    clauses = words.asking_clauses(text)
    asking = next(
        (c for c in reversed(clauses) if words.RANKED_ABOVE.search(c) or words.RANKED_BELOW.search(c)),
        clauses[-1] if clauses else text,
    )
    if _GAP.search(asking) or words.ALTERNATIVES.search(asking):
        return None
    both = " ".join(clauses)
    figures = _asked_figures(asking, scale)
    if words.SAME.search(asking) and not figures:
        return RatingVerdict(abs(ratings[RIVALS[0]] - ratings[RIVALS[1]]) <= RATING_TOLERANCE)
    if figures:
        return _figures_verdict(asking, both, figures, ratings)
    above, below = words.RANKED_ABOVE.search(asking), words.RANKED_BELOW.search(asking)
    if not (above or below):
        return None
    word = min((m for m in (above, below) if m), key=lambda m: m.start())
    before = frameworks.rivals_in(asking[: word.start()], called=True)
    rest = asking[word.end() :]
    after = frameworks.rivals_in(rest, called=True)
    sets_against = words.RANKS_AGAINST.match(word.group(0)) or words.THAN.search(rest)
    if before:
        subject: str | None = before[-1]
    elif len(after) == 1:
        subject = other(after[0]) if sets_against else after[0]
    else:
        subject = None
    if subject is None:
        return None
    lower = word is below
    difference = ratings[subject] - ratings[other(subject)]
    return RatingVerdict(difference < -RATING_TOLERANCE if lower else difference > RATING_TOLERANCE, lower, ranks=True)


def _figures_verdict(
    asking: str, both: str, figures: list[tuple[int, int, float, str]], ratings: Mapping[str, float]
) -> RatingVerdict | None:
    """Whether every figure asked holds of the framework named last before it ("PyTorch 4.5 stars and TensorFlow
    4.6?"), or of both ("Are both rated 4.5?")."""
    held: list[bool] = []
    about: set[str] = set()
    for start, _end, value, op in figures:
        sides = frameworks.rivals_in(asking[:start], called=True)[-1:] or frameworks.rivals_in(both, called=True)
        if re.search(r"\b(?:both|each|the two)\b", asking[:start], re.IGNORECASE):
            sides = RIVALS
        if not sides:
            return None
        held.extend(words.bound_holds(ratings[side], op, value, RATING_TOLERANCE) for side in sides)
        about.update(sides)
    return RatingVerdict(all(held), about=about.pop() if len(about) == 1 else None)


def _asked_figures(clause: str, scale: float) -> list[tuple[int, int, float, str]]:
    """The ratings a clause asks about: (start, end, value, comparison: :func:`question_words.bound_of`) for each
    figure that is neither a reference ("PyTorch's 4.5", "out of 5") nor a description ("the 4.6-star
    framework")."""
    asked = []
    for start, end, value in quantities.numbers_in(clause):
        before, after = clause[:start], clause[end:]
        if value > scale or words.REFERENCE_FIGURE.search(before) or words.DESCRIBING_FIGURE.match(after):
            continue
        spoken = not clause[start].isdigit()
        if spoken and not (" point " in clause[start:end] or "half" in clause[start:end] or _STARS.match(after)):
            continue  # "the lower-rated one" names no figure; "five stars", "four point six" do
        asked.append((start, end, value, words.bound_of(before, after)))
    return asked


_GAP = re.compile(
    r"\b(?:stars?|points?)\s+(?:behind|ahead|above|below|higher|lower|apart)\b|\bgap\b|\bby\s+(?:a\s+)?[\d.]+", re.I
)
"""A question about by how much ("a full star behind", "by 0.1"), which the ratings answer in figures, not yes/no."""
_STARS = re.compile(r"\s*(?:-|\s)?(?:stars?|out of|/)", re.IGNORECASE)


_RATING_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\.?\d)")
_RANKED = re.compile(
    r"\b(?:higher|lower|highest|lowest|top|best|worst|better|worse)[- ]rated\b|\brated\s+(?:higher|lower|best|worst)\b",
    re.IGNORECASE,
)


def _describes_by_rating(text: str, claims: list[Claim]) -> bool:
    """``text`` calls a framework by its rating: a rating the claims give ("the 4.5-star framework", "the 4.6 one")
    or its rank ("the higher-rated one")."""
    given = [
        {n for c in claims if c.rating is not None and c.subject == f for n in _NUMBER.findall(c.text)} for f in RIVALS
    ]
    own = given[0] ^ given[1]  # "4.5" is one framework's, the "5" of "4.5/5" both
    return bool(_RANKED.search(text)) or any(number in own for number in _NUMBER.findall(text))


def _described(question: Question, rated: list[Claim]) -> str | None:
    """The rated framework a question describes in its rating's own words ("the research-flexibility framework",
    "the one with 4.5 stars"): words of one framework's rating claims and not the other's."""
    words = {f: {w for c in rated if c.subject == f for w in _RATING_WORD.findall(c.text.lower())} for f in RIVALS}
    shared = words[RIVALS[0]] & words[RIVALS[1]]
    asked = set(_RATING_WORD.findall(question.masked.lower())) - QUESTION_STOPWORDS
    described = [f for f in RIVALS if asked & (words[f] - shared)]
    return described[0] if len(described) == 1 else None


def _faults(question: Question, support: list[Hit], subject: str) -> bool:
    """One of the best claims about ``subject`` faults it on the very topic asked about ("Is PyTorch fine for a
    service with an enterprise SLA?": "Limited enterprise support"), not on another ("Historically complex API")."""
    return any(
        subject in h.claim.weaknesses and question.topic in h.claim.aspects
        for h in support[:2]
        if subject in (h.claim.subject, h.claim.favors)
    )


def _verdict(question: Question, subject: str, support: list[Hit]) -> bool | None:
    """Yes or no about ``subject``: do the best claims about it state what the question asks?"""
    about = [h.claim for h in support[:2] if subject in (h.claim.subject, h.claim.favors)]
    if not about:
        return False
    faulted = any(subject in c.weaknesses for c in about)
    if question.weakness:
        return faulted
    return subject not in about[0].weaknesses


@dataclass(frozen=True, slots=True)
class Weighing:
    """What the evidence says about the candidate claims, for the decision."""

    contradicted: frozenset[str] = frozenset()
    """Claims a measurement here contradicts: they are cited with their measurement, never vote for a pick."""
    on_property: frozenset[str] | None = None
    """For a question about a measured property: the claims linked to the jobs that measure it (None: unknown)."""
    linked: frozenset[str] = frozenset()
    """For a question about a capability a job checks (mobile export, C++ loading, debugging): the claims linked
    to that job. They speak to the very capability asked about, so where they credit one framework they pick,
    before the claims on its wider topic ("deployment", which the article credits both with)."""


def decide(
    question: Question,
    hits: list[Hit],
    claims: list[Claim],
    duplicates: Mapping[int, frozenset[int]],
    k: int,
    weighing: Weighing = Weighing(),
    lexicon: Lexicon | None = None,
) -> Decision:
    """``hits`` reranked candidates; ``duplicates`` the index's near-duplicate claims (to drop repeats);
    ``lexicon`` the names the claims use (:meth:`Lexicon.of`)."""
    hits = distinct(hits, duplicates)
    if weighing.on_property is None:
        tied = _tied(question, hits, lexicon)
        decision = _decide(question, hits, claims, k, weighing.contradicted, weighing.linked, tied)
        made = maker_verdict(question, lexicon)
        return decision if made is None else replace(decision, made_by=made)
    # A measured property: only claims on it are cited (a training-speed answer cites no deployment sentences).
    on_property = [h for h in hits if h.claim.id in weighing.on_property]
    if not on_property:
        return Decision(None, [], measured=True)
    return replace(_decide(question, on_property, claims, k, weighing.contradicted), measured=True)


def _decide(
    question: Question,
    hits: list[Hit],
    claims: list[Claim],
    k: int,
    contradicted: frozenset[str],
    linked: frozenset[str] = frozenset(),
    tied: str | None = None,
) -> Decision:
    if question.intent is Intent.WHO and not question.named and _describes_by_rating(question.text, claims):
        # "Who makes the 4.5-star framework?", "Who made the higher-rated one?": the framework its rating describes
        rated = _rating_decision(question, claims, hits)
        if rated and rated.subject:
            # the search found the ratings; who makes or uses the framework they point to is in claims of its own
            top, found = (hits[0].score if hits else 1.0), {h.claim.id for h in hits}
            who = [Hit(c, top, 0.0, 0.0) for c in claims if c.topic in WHO_TOPICS and c.subject == rated.subject]
            return _about_one(question, [*hits, *(h for h in who if h.claim.id not in found)], rated.subject, k)
    if question.intent is Intent.RATING or question.topic == "rating":
        rating = _rating_decision(question, claims, hits)
        if rating:
            return replace(rating, support=rating.support[:k])
    if question.intent is Intent.THIRD_FRAMEWORK:
        third = [h for h in hits if set(question.third) & set(h.claim.frameworks)] or hits
        return Decision(None, supporting(third[: max(k, 4)], None, k))
    pool = _on_topic(question, hits) or hits
    voters = [h for h in pool if h.claim.id not in contradicted]  # cited with their measurement, never voting
    faulting = (_stating(question, voters) or voters) if question.weakness else voters
    if question.measurable and not question.weakness:
        # The article states no measurement; crediting a framework for something else is no answer to "faster".
        return Decision(None, supporting(pool[: max(k, 4)], None, k))
    if question.intent is Intent.YES_NO and len(question.named) > 1:
        # "Is X less mature than Y?" asks which one the article faults; "Is X better than Y?" which it credits.
        asked, pick = question.named[0], _vote(faulting, "weakness" if question.weakness else "favors")
        support = supporting(pool[: max(k, 4)], pick, k, faulted=question.weakness)
        verdict = None if pick is None else pick == asked
        return Decision(pick, support, subject=asked, verdict=verdict, faulted=pick if question.weakness else None)
    if len(question.named) == 1 and question.intent in {Intent.YES_NO, Intent.SHOULD_I}:
        return _about_one_yes_no(question, hits, question.named[0], k, contradicted, linked, tied)
    if len(question.named) == 1 and question.intent is not Intent.CHOICE:
        return _about_one(question, hits, question.named[0], k)
    if len(question.named) == 2 and question.intent is Intent.PROS:  # "What does PyTorch do better than TF?"
        return _about_one(question, hits, _asked_about(question), k)
    # a quantity ("heavier") is the measurement's to settle, not the balance of claims on its wider topic
    balanced = None if question.measurable else _balance(_on_property(question, voters[:EVALUATIVE_POOL]))
    credited = _credited(voters, linked) or balanced
    faulted = None
    if question.weakness:  # "Which is the less Pythonic?", "Which would you avoid for a phone app?": not the one
        # credited with what is asked, else the one the claims fault
        faulted = other(credited) if credited else _vote(faulting, "weakness")
    pick = faulted
    if pick is None and not question.weakness:
        pick = tied or credited or _vote(voters)
    elif pick is None and question.intent is not Intent.CHOICE:
        pick = _vote(voters)
    support = supporting(pool[: max(k, 4)], pick, k, faulted=question.weakness)
    return Decision(pick, support, subject=pick, faulted=faulted)


def _about_one_yes_no(
    question: Question,
    hits: list[Hit],
    named: str,
    k: int,
    contradicted: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
    tied: str | None = None,
) -> Decision:
    """Yes or no (or "it depends") about the one framework asked about; contradicted claims do not vote."""
    pool = hits[: max(k, 4)]
    voting = [h for h in hits if h.claim.id not in contradicted]
    if question.evaluative or question.intent is Intent.SHOULD_I:
        # "Is X good for ...?": the framework the article credits with the capability, else with a strength on
        # this topic, answers it; the wider pool keeps the named framework's own boost from hiding the other's.
        about = _credited(voting, linked) or _balance(_on_property(question, voting[:EVALUATIVE_POOL])) or named
    else:
        # "Does Twitter use PyTorch?": the framework the claims tie Twitter to (who made it is the named one's
        # answer: "Was TensorFlow made by Meta?" is about TensorFlow)
        adopted = tied if question.property == "adoption" else None
        about = adopted or _vote(voting[: max(k, 4)], "subject") or named
    if question.intent is Intent.SHOULD_I and not USE_CASES.intersection(question.topics):
        # "Should our company standardise on X?" names no use; the article's answer is that both have their
        # place, so the answer weighs X's strengths against its weaknesses rather than saying yes.
        return Decision(None, weighed_pairs(hits[: max(k, 4) * 2], named, k), subject=named)
    support = supporting(pool if about == named else hits[: max(k, 4) * 2], about, k)
    # The article crediting the other framework here answers "Is X good for ...?" no, and "Is X a poor fit
    # for ...?" yes.
    verdict = _verdict(question, named, support) if about == named else question.weakness
    faulted = named if question.weakness and verdict else None
    judged = question.evaluative or question.intent is Intent.SHOULD_I  # "is X fine / should we use X for ...?"
    if about == named and verdict is False and judged and not question.weakness and not linked:
        # "No: the article counts this against PyTorch" recommends the other framework, never the one it faults
        about = other(named) if _faults(question, support, named) else about
    return Decision(about, support, subject=named, verdict=verdict, faulted=faulted)


USE_CASES = frozenset(
    {"automl", "debugging", "deployment", "research", "graph", "usability", "production", "integration", "performance"}
)
"""Topics that are a use a framework is put to; the others (adoption, origin, rating...) are about the framework."""
EVALUATIVE_POOL = 12
"""Candidates weighed for "Is X good for ...?": enough to include the other framework's claims."""


def _who_support(question: Question, hits: list[Hit], named: str, k: int) -> list[Hit]:
    """Claims naming who made (or uses) the framework first, in the order the question asks for them."""
    order = [t for t in question.topics if t in WHO_TOPICS] or list(WHO_TOPICS)
    floor = hits[0].score * SUPPORT_FLOOR if hits else 0.0

    def rank(hit: Hit) -> tuple[int, bool, float]:
        topic = order.index(hit.claim.topic) if hit.claim.topic in order else len(order)
        return topic, named not in (hit.claim.subject, hit.claim.favors, *hit.claim.frameworks), -hit.score

    named_who = [h for h in hits if h.claim.topic in order]
    rest = [h for h in hits if h.claim.topic not in order and h.score >= floor]
    return distinct_quotes(sorted(named_who, key=rank) + rest)[:k]


def _about_one(question: Question, hits: list[Hit], named: str, k: int) -> Decision:
    """Who made or uses it, its strengths or drawbacks, how to do something with it."""
    if question.intent is Intent.WHO:
        return Decision(named, _who_support(question, hits, named, k), subject=named)
    if question.both_sides:
        return Decision(named, weighed_pairs(hits[: max(k, 4) * 2], named, k), subject=named)
    varied, faulted = question.intent is Intent.PROS, question.intent is Intent.DRAWBACKS
    if varied or faulted:
        hits = [h for h in hits if not states_the_opposite(h.claim, named, faulted)]
    pool = hits[: max(k, 4) * (2 if varied else 1)]
    return Decision(named, supporting(pool, named, k, faulted=faulted, varied=varied, credited=varied), subject=named)


_CLAUSE_BREAK = re.compile(r";|,?(?<!\s)\s+(?:while|whereas|but)\s+")
TIED_POOL = 12
"""Candidates read for the clause that ties an organisation to a framework."""


def _tied(question: Question, hits: list[Hit], lexicon: Lexicon | None) -> str | None:
    """For a question about who uses or makes a framework that names an organisation the claims name: the one
    framework the claims name in the same clause ("Which one do Twitter's engineers use?": "..., while enterprises
    like Google, Airbnb, and Twitter prefer TensorFlow"), if they tie it to one."""
    if (
        lexicon is None
        or lexicon.proper is None
        or not (question.form is Intent.WHO or question.property in WHO_TOPICS)
    ):
        return None
    asked = {m.group(0).lower() for m in lexicon.proper.finditer(question.text)}
    if not asked:
        return None
    tied: set[str] = set()
    for hit in hits[:TIED_POOL]:
        for clause in _CLAUSE_BREAK.split(hit.claim.text):
            if asked & {m.group(0).lower() for m in lexicon.proper.finditer(clause)}:
                tied.update(frameworks.rivals_in(clause))
    return next(iter(tied)) if len(tied) == 1 else None


def maker_verdict(question: Question, lexicon: Lexicon | None) -> tuple[bool, str, str] | None:
    """Whether the claims say that the organisation a yes/no names made or backs the framework it names ("Was
    TensorFlow made by Meta?": no, Google; "Is mxnet an amazon thing?": yes), that framework, and the organisation
    the claims name for it. Organisations the maker vocabulary calls one framework's are one ("Meta", "Facebook").
    None where the question asks nothing of the kind, names no organisation the claims name or several, names an
    organisation only to call a framework by it ("Is Meta's framework rated lower?"), or the claims name no maker
    of the framework."""
    if lexicon is None or not lexicon.makers or not question.polar:
        return None
    if question.comparative or (question.form not in MAKER_FORMS and question.property not in MAKER_PROPERTIES):
        return None  # "Is TensorFlow from Google better than PyTorch?" asks about something else
    text = question.text
    sentence = words.asking_sentence(text)
    called = [range(m.start(), m.end()) for m in frameworks.CALLED_AFTER.finditer(sentence)]
    known = {org.lower() for _, org in lexicon.makers} | set(frameworks.MAKERS)
    alternation = "|".join(map(re.escape, sorted(known, key=len, reverse=True)))
    anywhere = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    if len({_maker_group(m.group(0)) for m in anywhere.finditer(sentence)}) > 1:
        return None  # "Is TensorFlow made by Google or Meta?": which of them, not yes or no
    asked_makers = words.makers_asked(sentence, alternation)
    named = {_maker_group(org) for at, org in asked_makers if not any(at in span for span in called)}
    clauses = [c for c in words.asking_clauses(text) if frameworks.mention_spans(c)]
    clause = clauses[-1] if clauses else text  # "JAX user here: is MXNet from Amazon?" asks of MXNet
    if words.SET_ASIDE.search(clause):
        return None  # "a third option besides torch and TF that Amazon backs?" asks of neither
    spans = [range(m.start(), m.end()) for m in frameworks.CALLED_AFTER.finditer(clause)]
    asked = list(dict.fromkeys(f for at, f in frameworks.mention_spans(clause) if not any(at in s for s in spans)))
    if len(named) != 1 or not asked:
        return None
    group = named.pop()
    makers = {f: [org for fw, org in lexicon.makers if fw == f] for f in asked}
    if not all(makers.values()):
        return None
    holds = all(any(_maker_group(org) == group for org in orgs) for orgs in makers.values())
    return holds, asked[0], makers[asked[0]][0]


MAKER_FORMS = frozenset({Intent.WHO, Intent.THIRD_FRAMEWORK})
MAKER_PROPERTIES = frozenset({"origin", "alternatives"})
"""What the question model reads a question about who made a framework as: only these are answered by a maker."""


def _maker_group(org: str) -> str:
    """An organisation by the framework the maker vocabulary says it made ("meta" and "facebook": PyTorch's)."""
    key = org.lower()
    return f"maker of {frameworks.MAKERS[key]}" if key in frameworks.MAKERS else key


def _asked_about(question: Question) -> str:
    """Of the two frameworks a question names, the one it asks about: the first, unless the words before it set it
    against the other ("Compared with TensorFlow, what does PyTorch do well?")."""
    first, second = question.named[:2]
    match = frameworks.FRAMEWORK_NAME.search(question.text)
    return (
        second
        if match and words.SET_AGAINST.search(question.text[max(0, match.start() - 24) : match.start()])
        else first
    )


def _credited(hits: list[Hit], linked: frozenset[str]) -> str | None:
    """The framework the claims on the asked capability (:attr:`Weighing.linked`) clearly credit, if any."""
    on = [h for h in hits if h.claim.id in linked]
    return (_balance(on) or _vote(on)) if on else None


def _stating(question: Question, hits: list[Hit]) -> list[Hit]:
    """The claims that state the very weakness asked about ("heavier": "can be heavy"), if any do."""
    return [h for h in hits if h.claim.weaknesses and any(t in h.claim.text.lower() for t in question.weak_terms)]


def _on_property(question: Question, hits: list[Hit]) -> list[Hit]:
    """The hits whose claim speaks to the question's topic (as one of its aspects)."""
    return [h for h in hits if question.topic is not None and question.topic in h.claim.aspects]


def _on_topic(question: Question, hits: list[Hit]) -> list[Hit]:
    """For a measurable question (speed, memory, size), only claims about performance may pick: a framework
    credited for deployment says nothing about which one imports faster."""
    if not question.measurable:
        return hits
    return [h for h in hits if "performance" in h.claim.aspects]

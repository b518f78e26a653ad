"""Writing the answer text: a first sentence that answers in the question's own form, then points that
each restate a cited claim.

Only claim text and fixed connecting phrases appear: the composer never states a fact of its own. All
composition happens here, so a further part (measured findings, say) is one more block in ``compose``.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant import question_words as words
from assistant.decision import Decision
from assistant.question import Intent, Question
from knowledge.claims import Claim
from knowledge.frameworks import display, other, rivals_in
from knowledge.labels import TOOLS

_RATING_TEXT = re.compile(r"\d+(?:\.\d+)?\s*/\s*\d+")
_MADE_BY = re.compile(
    r"\b(?:was |were |is )?((?:launched|developed|created|built|made|founded|supported|backed) by "
    r"[A-Z][\w’'/.-]*(?: (?:[A-Z][\w’'/.-]*|AI|Research|lab))*)"
)
_FAQ_QUESTION = re.compile(r"^[^?]{8,}\?\s+(?=[A-Z])")
_TOPIC_NAMES = {
    "automl": "AutoML",
    "debugging": "debugging",
    "deployment": "deployment",
    "research": "research",
    "graph": "computational graphs",
    "usability": "ease of use",
    "production": "production use",
    "adoption": "adoption",
    "origin": "origins",
    "rating": "ratings",
    "cons": "drawbacks",
    "integration": "integrations",
    "alternatives": "alternatives",
    "performance": "performance",
}


def _ratings(decision: Decision) -> str:
    return ", ".join(
        f"{display(c.subject)} {m.group(0).replace(' ', '')}"
        for c in decision.rating_comparison
        if (m := _RATING_TEXT.search(c.text))
    )


def _yes_no(question: Question, decision: Decision) -> str:
    asked = display(decision.subject or question.named[0])
    pick = decision.recommendation
    if question.weakness and len(question.named) > 1 and pick:
        faulted, spared = display(pick), display(other(pick))
        return f"{'Yes' if decision.verdict else 'No'}: the article faults {faulted} here, not {spared}."
    if pick and decision.subject and pick != decision.subject:
        # "Is X a poor fit for ...?", "Should we avoid X for ...?" against "Is X good for ...?"
        answer = "Yes" if question.weakness or question.against else "No"  # "regret" reads as both
        return f"{answer}: the article credits {display(pick)} here rather than {asked}."
    if decision.verdict is None and not question.named:
        return f"Yes, in {asked}, per the article:"  # "Is eager execution available?": where the claims say
    if decision.verdict is None:
        return f"It depends on your needs; the article weighs {asked} like this:"
    if question.weakness:
        return (
            f"Yes: the article names this as a weakness of {asked}."
            if decision.verdict
            else (f"No: the article does not fault {asked} for this.")
        )
    if decision.verdict:
        return f"{'No' if question.against else 'Yes'}: the article credits {asked} here."
    return f"{'Yes' if question.against else 'No'}: the article counts this against {asked}."


def _who(decision: Decision) -> str | None:
    for number, hit in enumerate(decision.support, start=1):
        match = _MADE_BY.search(hit.claim.text)
        if match and decision.subject and decision.subject in hit.claim.frameworks:
            return f"{display(decision.subject)} was {match.group(1)} [{number}]."
    return None


def _how_to(question: Question, decision: Decision, name: str) -> str:
    """Point to the one tool a cited claim is about ("Mobile — ...: TensorFlow Lite"), not a list of them;
    among several, the one whose claim shares most words with the question."""
    pick = decision.recommendation
    candidates = []
    for number, hit in enumerate(decision.support, start=1):
        tools = [t for t in hit.claim.terms if t in TOOLS and rivals_in(t) in {(), (pick,)}]
        listed = ":" in hit.claim.text and "," in hit.claim.text.rsplit(":", 1)[-1]  # "Tools: A, B, C"
        on_topic = question.topic is None or question.topic in hit.claim.aspects
        if len(tools) == 1 and not listed and on_topic:
            candidates.append((-hit.lexical, number, tools[0]))
    if not candidates:
        return f"With {name}, per the article:"
    _, number, tool = min(candidates)
    owner = "" if name.lower() in tool.lower() else f" ({name})"
    return f"Use {tool}{owner}, per the article [{number}]:"


def _unmeasured(question: Question, decision: Decision) -> str | None:
    """The opening of a measurable question nothing measured here answers, when the article does not either."""
    pick = decision.recommendation
    if (question.measurable or decision.measured) and pick is None:
        if not decision.support:
            return "The article gives no measurement of this and makes no claim on it."
        return "The article gives no measurement of this; what it says on it:"
    if decision.measured and pick and decision.subject and pick != decision.subject:
        # The article credits the other framework: that answers neither yes nor no to a measured property.
        return f"The article gives no measurement of this; it credits {display(pick)} here:"
    return None


def _verdict_said(question: Question) -> str:
    """What a yes/no about the article's verdict proposes: 'none' (no single winner, both have their place), 'one'
    (one framework wins), or '' when it proposes neither."""
    asking = " ".join(words.asking_clauses(question.text))
    if words.NO_ONE_WINNER.search(asking):
        return "none"
    return "one" if words.ONE_WINNER.search(asking) else ""


def _third_names(question: Question) -> str:
    """The frameworks mentioned in passing that a question names ("JAX and MXNet"), or "other frameworks" when it
    names none ("Is there a third option besides torch and TF?")."""
    return " and ".join(display(f) for f in question.third) or "other frameworks"


def _opening(question: Question, decision: Decision) -> str:
    pick = decision.recommendation
    intent = question.intent
    if decision.made_by is not None:
        holds, framework, maker = decision.made_by
        return f"{'Yes' if holds else 'No'}: per the article, {display(framework)} comes from {maker}."
    if intent is Intent.THIRD_FRAMEWORK:
        names = _third_names(question)
        return f"The article mentions {names} only in passing; what it says:"
    if unmeasured := _unmeasured(question, decision):
        return unmeasured
    if intent in {Intent.YES_NO, Intent.SHOULD_I} and decision.subject:
        return _yes_no(question, decision)
    if decision.subject and question.both_sides and intent in {Intent.PROS, Intent.DRAWBACKS}:
        return f"{display(decision.subject)}'s strengths and drawbacks, per the article:"
    if decision.subject and intent is Intent.DRAWBACKS:
        return f"{display(decision.subject)}'s drawbacks, per the article:"
    if decision.subject and intent is Intent.PROS:
        return f"{display(decision.subject)}'s strengths, per the article:"
    if intent is Intent.WHO and (made := _who(decision)):
        return made
    if decision.rating_comparison and decision.verdict is not None:
        return f"{'Yes' if decision.verdict else 'No'}: the article rates them {_ratings(decision)}."
    if pick is None and decision.rating_comparison:
        return f"The article rates them {_ratings(decision)}."
    if pick is None and question.polar and question.property == "conclusion" and (said := _verdict_said(question)):
        # "Does the article crown a single winner?": no; "Is its verdict that neither clearly wins?": yes
        return f"{'Yes' if said == 'none' else 'No'}: the article names no single winner; its claims on this are below."
    if pick is None:
        return "No single framework: the article's claims on this are below."
    name = display(pick)
    if decision.rating_comparison and len(question.named) != 1:
        return f"{name}. The article rates them {_ratings(decision)}."
    own = [m for c in decision.rating_comparison if c.subject == pick and (m := _RATING_TEXT.search(c.text))]
    if own:
        return f"The article rates {name} {own[0].group(0).replace(' ', '')} [1]."
    if intent is Intent.CHOICE and question.weakness:
        if any(pick in hit.claim.weaknesses for hit in decision.support):
            return f"{name}: the article faults {name} here, not {display(other(pick))}."
        # the other side is the one credited with what is asked ("TensorFlow Lite" for a phone app)
        return f"{name}: the article credits {display(other(pick))} here, not {name}."
    if intent is Intent.CHOICE:
        return f"{name}. The article credits {name} here:"
    if intent is Intent.HOW_TO:
        return _how_to(question, decision, name)
    return f"{name}. From the article:"


def point(claim: Claim) -> str:
    """A claim as a bullet: its statement, without a FAQ question it answers."""
    return _FAQ_QUESTION.sub("", claim.text, count=1).rstrip(".")


def compose(
    question: Question, decision: Decision, opening: str | None = None, contradicted: frozenset[str] = frozenset()
) -> str:
    """The opening (``opening`` when the measurement gives it), then one point per cited claim; a claim a
    measurement here contradicts is marked as such."""
    lines = [opening or _opening(question, decision)]
    if opening:
        lines.append("What the article says on it:" if decision.support else "The article makes no claim on it.")
    for number, hit in enumerate(decision.support, start=1):
        marked = " (contradicted by a measurement here)" if hit.claim.id in contradicted else ""
        lines.append(f"- {point(hit.claim)}.{marked} [{number}]")
    return "\n".join(lines)


def abstention(claims: list[Claim], unnamed: tuple[str, ...] = ()) -> str:
    """Say plainly that the article does not cover the question (or name the organisations it asks about,
    ``unnamed``), and what it does cover."""
    counts = Counter(c.topic for c in claims if c.topic in _TOPIC_NAMES)
    covered = ", ".join(_TOPIC_NAMES[t] for t, _ in counts.most_common(6))
    silent = f"does not mention {' or '.join(unnamed)}" if unnamed else "does not cover this"
    return (
        f"The article {silent}, so I won't guess. "
        f"It compares PyTorch and TensorFlow on {covered}; ask about one of those."
    )


def passing_mention(question: Question, claims: list[Claim], compared: bool = True) -> str:
    """Abstaining on what the article does not say of a framework it mentions in passing (a comparison, when
    ``compared``), saying what it does say about it."""
    names = _third_names(question)
    said = [point(c) for c in claims]
    silent = f"does not compare {names} with the others" if compared else "does not say"
    text = f"The article {silent}; it mentions {names} only in passing."
    if said:
        text += "\n" + "\n".join(f"- {s}. [{i}]" for i, s in enumerate(said, start=1))
    return text

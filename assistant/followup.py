"""Follow-up questions in a conversation: "and for mobile?" after "which framework for AutoML?".

A follow-up is elliptical: it opens with a connector ("and", "what about", "how about", "same for") or
is a bare fragment ("mobile?", "TensorFlow?"). It is rewritten into a whole question by putting the
fragment in the place of what it replaces in the previous question: its topic words ("AutoML" becomes
"mobile") and/or its framework names ("PyTorch" becomes "TensorFlow"). The question analysis then
treats the rewritten question like any other, so follow-ups need nothing special downstream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.question import analyse
from assistant.question_words import TOPIC_RES
from knowledge import frameworks
from knowledge.frameworks import FRAMEWORK_NAME as _FRAMEWORK_NAME

_CONNECTOR = re.compile(
    r"^\s*(?:(?:and|but|also|ok(?:ay)?|so)\s*,?\s*)?"
    r"(?:(?:what|how)\s+about|what\s+if|same\s+(?:question\s+)?for|and|also|then)?\s*,?\s*"
    r"(?:(?:for|on|in|with|about|regarding|when(?:\s+it\s+comes\s+to)?)\s+)?",
    re.IGNORECASE,
)
_OPENS_WITH_CONNECTOR = re.compile(
    r"^\s*(?:and|but|also|what\s+about|how\s+about|what\s+if|same\s+(?:question\s+)?for)\b", re.IGNORECASE
)
_WHOLE_QUESTION = re.compile(
    r"^\s*(?:which|what|who|whom|whose|how|why|when|where|is|are|does|do|did|can|could|should|would|will|was|were"
    r"|has|have|tell|explain|compare|list|give|show)\b",
    re.IGNORECASE,
)
MAX_FRAGMENT_WORDS = 4
_NOUN_SLOT = frozenset({"for", "in", "with", "on", "about", "at", "of", "regarding"})
"""Prepositions whose object a follow-up's fragment can replace ("for AutoML" -> "for mobile")."""
_ASKS_WHY = re.compile(r"^\s*(?:and\s+)?(?:why|how so|how come|why is that|why so|says who)\s*[?.!]*\s*$", re.I)
_POSSESSIVE = re.compile(r"\bits\b", re.IGNORECASE)
_PRONOUN = re.compile(r"(?<!make )(?<!makes )(?<!making )(?<!find )\b(?:it|them)\b(?!['’]s)", re.IGNORECASE)
_DEMONSTRATIVE = re.compile(
    r"\b(?:that|this|the same)\s+(?!is\b|was\b|one\b|way\b|framework\b|library\b)([a-z][\w-]*)", re.IGNORECASE
)
_BARE_CATCH = re.compile(r"\b(the catch|downsides?|drawbacks?|weakness(?:es)?|strengths?|pros|cons)\s*\??$", re.I)


def is_follow_up(text: str) -> bool:
    """True for an elliptical message that only makes sense after a previous question."""
    if _OPENS_WITH_CONNECTOR.match(text):
        return True
    words = re.findall(r"[\w+#.-]+", text)
    return 0 < len(words) <= MAX_FRAGMENT_WORDS and not _WHOLE_QUESTION.match(text)


def _fragment(text: str) -> str:
    return _CONNECTOR.sub("", text, count=1).strip().rstrip("?.! ").strip()


def _topic_span(question: str) -> tuple[int, int] | None:
    """The words of ``question`` that carry its main topic (the span a follow-up's fragment replaces)."""
    topic = analyse(question).topic
    if topic is None:
        return None
    matches = [m for regex in TOPIC_RES[topic] for m in regex.finditer(question)]
    if not matches:
        return None
    start, end = min(m.start() for m in matches), max(m.end() for m in matches)
    while start > 0 and (question[start - 1].isalnum() or question[start - 1] in "-+"):
        start -= 1
    while end < len(question) and (question[end].isalnum() or question[end] in "-+"):
        end += 1
    return start, end


def _swap_frameworks(question: str, fragment: str) -> str:
    named = frameworks.rivals_in(fragment)
    if len(named) != 1:
        return question
    display = frameworks.display(named[0])
    return _FRAMEWORK_NAME.sub(display, question)


def referent(previous: str | None, previous_pick: str | None = None) -> str | None:
    """The framework "it" stands for: the one the previous question named, else the one its answer picked."""
    named = frameworks.rivals_in(previous or "")
    if len(named) == 1:
        return named[0]
    return previous_pick if previous_pick in frameworks.RIVALS else None


def _name_the_referent(text: str, framework: str) -> str | None:
    """``text`` with "it", "its", "that prototype" and a bare "the catch" naming ``framework``; None if none."""
    name = frameworks.display(framework)
    named = _POSSESSIVE.sub(f"{name}'s", text)
    named = _DEMONSTRATIVE.sub(lambda m: f"the {name} {m.group(1)}", named)
    named = _PRONOUN.sub(name, named)
    if named == text and _BARE_CATCH.search(text):
        joiner = "with" if "catch" in text.lower() else "of"
        named = f"{text.rstrip('?. ')} {joiner} {name}?"
    return named if named != text else None


def resolve_follow_up(text: str, previous: str | None, previous_pick: str | None = None) -> str:
    """The whole question ``text`` stands for after ``previous`` (``text`` itself when it is not a follow-up).

    ``previous_pick``: the framework the previous answer settled on, for "it" after "which framework...?".
    """
    if not previous:
        return text
    if _ASKS_WHY.match(text):
        return previous  # the answer to "why?" is the previous answer's cited claims
    framework = referent(previous, previous_pick)
    if framework and not frameworks.rivals_in(text) and not analyse(text).choice:
        named = _name_the_referent(text, framework)
        if named:
            return named[0].upper() + named[1:]
    if not is_follow_up(text):
        return text
    fragment = _fragment(text)
    if not fragment:
        return previous
    names_framework = bool(frameworks.rivals_in(fragment))
    has_topic = analyse(fragment).topic is not None
    rewritten = previous.strip()
    if names_framework and _FRAMEWORK_NAME.search(rewritten):
        rewritten = _swap_frameworks(rewritten, fragment)
        fragment = " ".join(_FRAMEWORK_NAME.sub(" ", fragment).split()).strip(" ,")
        if not has_topic:
            return rewritten
    elif names_framework and not has_topic:
        return f"{rewritten.rstrip('?.! ')} for {fragment}?"
    span = _topic_span(rewritten)
    if span is None or analyse(rewritten).topic == "cons":
        # "What's the catch with PyTorch?" + "and for production?": the catch stays, for production.
        return f"{rewritten.rstrip('?.! ')} for {fragment}?"
    start, end = span
    before = rewritten[:start].split()
    if not before or before[-1].lower() not in _NOUN_SLOT:
        # Only the object of a preposition ("for AutoML") can take the fragment's place and stay a question;
        # "easier to deploy" + "and for mobile?" keeps its verb: "easier to deploy for mobile?".
        return f"{rewritten.rstrip('?.! ')} for {fragment}?"
    return f"{rewritten[:start]}{fragment}{rewritten[end:]}"


def question_in_context(text: str, history: list[str], picks: list[str | None] | None = None) -> str:
    """Resolve ``text`` against earlier user messages (oldest first), each itself resolved in turn.

    ``picks``: the framework each earlier answer settled on (same order as ``history``), when known.
    """
    previous: str | None = None
    pick: str | None = None
    for number, earlier in enumerate(history):
        previous = resolve_follow_up(earlier, previous, pick)
        pick = picks[number] if picks and number < len(picks) else None
    return resolve_follow_up(text, previous, pick)


@dataclass(frozen=True, slots=True)
class Turn:
    """An earlier exchange as a follow-up reads it: the whole question asked, and the framework its answer
    settled on (``Answer.settled_on``: the framework it was about, else its recommendation)."""

    question: str
    pick: str | None = None


LOOKBACK = 3
"""How many earlier answers "it" may refer back to: the newest of them that settled on one framework."""


def resolve_in_context(text: str, turns: Sequence[Turn]) -> str:
    """The whole question ``text`` stands for after ``turns`` (oldest first): the one rule every surface uses."""
    if not turns:
        return text
    pick = next((turn.pick for turn in reversed(turns[-LOOKBACK:]) if turn.pick), None)
    return resolve_follow_up(text, turns[-1].question, pick)

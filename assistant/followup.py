"""Follow-up questions in a conversation: "and for mobile?" after "which framework for AutoML?".

A follow-up is elliptical: it opens with a connector ("and", "what about", "how about", "same for") or
is a bare fragment ("mobile?", "TensorFlow?"). It is rewritten into a whole question by putting the
fragment in the place of what it replaces in the previous question: its topic words ("AutoML" becomes
"mobile") and/or its framework names ("PyTorch" becomes "TensorFlow"). The question analysis then
treats the rewritten question like any other, so follow-ups need nothing special downstream.
"""

from __future__ import annotations

import re

from assistant.question import _TOPIC_RES, analyse
from knowledge import frameworks

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
_FRAMEWORK_NAME = re.compile(
    r"(?<![\w.])(py-?torch|tensor-?flow(?:\s*2(?:\.x)?)?|keras|torch|tf)(?=['’]s\b|(?![\w]))", re.IGNORECASE
)
MAX_FRAGMENT_WORDS = 4


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
    matches = [m for regex in _TOPIC_RES[topic] for m in regex.finditer(question)]
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


def resolve_follow_up(text: str, previous: str | None) -> str:
    """The whole question ``text`` stands for after ``previous`` (``text`` itself when it is not a follow-up)."""
    if not previous or not is_follow_up(text):
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
    if span is None:
        return f"{rewritten.rstrip('?.! ')} for {fragment}?"
    start, end = span
    return f"{rewritten[:start]}{fragment}{rewritten[end:]}"


def question_in_context(text: str, history: list[str]) -> str:
    """Resolve ``text`` against earlier user messages (oldest first), each itself resolved in turn."""
    previous: str | None = None
    for earlier in history:
        previous = resolve_follow_up(earlier, previous)
    return resolve_follow_up(text, previous)

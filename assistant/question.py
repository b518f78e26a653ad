"""Understanding a question before retrieval: what kind of answer it wants, which framework it names,
which topic it is about, and which of its words carry content.

The words it reads them by live in ``assistant.question_words``.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

from assistant import question_words as words
from assistant.errors import InvalidQuestion
from knowledge import frameworks


class Intent(Enum):
    """The form of answer a question wants; the answer's first sentence takes that form."""

    CHOICE = "choice"
    """Asks to choose between the frameworks: "which framework...", "X or Y?", "what do you recommend"."""
    YES_NO = "yes_no"
    WHO = "who"
    """Who made or uses a framework: "Who created PyTorch?", "Which companies prefer TensorFlow?"."""
    DRAWBACKS = "drawbacks"
    """The weaknesses of one framework: "What are PyTorch's downsides?", "What's the catch with it?"."""
    PROS = "pros"
    """The strengths of one framework: "What are TensorFlow's strengths?"."""
    HOW_TO = "how_to"
    """How to do something, or which tool does it: "How do I deploy to a phone?"."""
    RATING = "rating"
    SHOULD_I = "should_i"
    """Asks for advice about one framework: "Should my startup use PyTorch?"."""
    THIRD_FRAMEWORK = "third_framework"
    """About a framework the article mentions only in passing (JAX, MXNet)."""
    WHAT = "what"
    """Anything else: "What does TensorFlow offer for...?"."""
    MEASURABLE = "measurable"
    """Asks about a property a job measures: "Which framework imports faster?"."""
    OFF_TOPIC = "off_topic"
    """About something the article does not cover."""


Polarity = Literal["better", "worse", "neutral"]
"""What a question asks for: the better side ("faster", "lighter"), the worse ("more memory"), or neither."""


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    intent: Intent
    named: tuple[str, ...]
    """PyTorch and/or TensorFlow as named in the question (tools count: "TorchScript" names PyTorch)."""
    topics: tuple[str, ...]
    """Claim topics the question's vocabulary points to, strongest first."""
    comparative: bool
    choice: bool
    """Asks to choose between frameworks ("which library...?"), not for a thing ("which format...?")."""
    masked: str
    """The question with framework names removed, for scope checks that must not key on "PyTorch"."""
    weakness: bool = False
    """Asks where a framework is weak ("Which is heavier?", "What's the catch?")."""
    third: tuple[str, ...] = ()
    """Frameworks the article mentions only in passing (JAX, MXNet) named in the question."""
    anchored: bool = True
    """Names a framework or uses machine-learning vocabulary (not just words the article happens to use)."""
    measurable: bool = False
    """Asks about something a benchmark measures (speed, memory, import time, install size)."""
    evaluative: bool = False
    """Asks whether a framework is good for something ("Is PyTorch good for production?"), not a fact about it."""
    lower: bool = False
    """Asks for the lesser of the two ("Which is rated lower?")."""
    polar: bool = False
    """Asked as a yes/no question ("Is ...", "Does ...") whatever else it asks."""
    weak_terms: tuple[str, ...] = ()
    """The weakness asked about, as a claim would word it ("heavier" -> "heavy", "less mature" -> "mature")."""
    both_sides: bool = False
    """Asks for strengths and weaknesses together ("pros and cons of PyTorch?")."""
    other_kind: bool = False
    """About a framework or library of another kind ("the best JavaScript framework"), not these two."""
    targets: tuple[str, ...] = ()
    """Where the model is to run, when the question says (``mobile``, ``browser``, ``edge``)."""
    form: Intent = Intent.WHAT
    """The form of answer wanted (the typed reading; ``intent`` is the rule-based one it starts from)."""
    property: str | None = None
    """The property asked about: a measured property id (``install-size``) or an article topic id."""
    polarity: Polarity = "neutral"
    in_scope: bool = True
    frameworks: tuple[str, ...] = ()
    """PyTorch and/or TensorFlow, as asked about."""
    confidence: float = 1.0
    """How sure the reading is (1.0 for the rule-based reading)."""

    @builtins.property  # the field ``property`` shadows the builtin inside the class body
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate(text: str, max_chars: int) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidQuestion("question is empty")
    if bad := _CONTROL.search(cleaned):  # NUL cannot even be stored (PostgreSQL text); no question needs these
        raise InvalidQuestion(f"question contains a control character (U+{ord(bad.group()):04X})")
    if len(cleaned) > max_chars:
        raise InvalidQuestion(f"question is {len(cleaned)} characters; the limit is {max_chars}")
    return cleaned


def _topics(text: str) -> tuple[str, ...]:
    scored = [(sum(len(r.findall(text)) for r in regexes), topic) for topic, regexes in words.TOPIC_RES.items()]
    return tuple(topic for score, topic in sorted(scored, key=lambda s: -s[0]) if score)


def _intent(text: str, topics: tuple[str, ...], named: tuple[str, ...], third: tuple[str, ...]) -> Intent:
    """The form of answer wanted; the first rule that matches wins, most specific first."""
    choice = bool(words.FRAMEWORK_CHOICE.search(text)) or (len(named) > 1 and bool(words.COMPARATIVE.search(text)))
    if third:
        return Intent.THIRD_FRAMEWORK
    if topics[:1] == ("rating",):
        return Intent.RATING
    if words.WHO.search(text):
        return Intent.WHO
    yes_no = bool(words.YES_NO.match(text))
    if not choice and not yes_no and words.DRAWBACKS.search(text):
        return Intent.DRAWBACKS
    if not choice and not yes_no and words.PROS.search(text):
        return Intent.PROS
    if words.SHOULD_I.search(text) and len(named) == 1 and not re.search(r"\bor\b|\bwhich\b", text, re.IGNORECASE):
        return Intent.SHOULD_I
    if yes_no and named and not re.search(r"\bor\b", text, re.IGNORECASE):
        return Intent.YES_NO
    if len(named) == 1 and words.HOW_TO.search(text):
        return Intent.HOW_TO  # "What should I use to serve TensorFlow models?" asks for a tool, not a framework
    if choice:
        return Intent.CHOICE
    if yes_no:
        return Intent.YES_NO
    if words.HOW_TO.search(text):
        return Intent.HOW_TO
    return Intent.WHAT


_MASK = re.compile(
    r"(?<![\w.])(py-?torch|tensor-?flow(?:\s*2(?:\.x)?)?|tf|keras|torch)(?:['’]s)?(?![\w])", re.IGNORECASE
)


def _base_form(phrase: str) -> str:
    """A weakness word as claims state it: the last word, comparative endings dropped ("heavier" -> "heavy")."""
    word = phrase.lower().split()[-1]
    for ending, base in (("ier", "y"), ("iest", "y"), ("er", ""), ("est", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)] + base
    return word


def analyse(text: str) -> Question:
    topics = _topics(text)
    masked = " ".join(_MASK.sub(" ", text).split())
    mentioned = frameworks.mentions(text)
    named = tuple(f for f in mentioned if f in frameworks.RIVALS)
    third = tuple(f for f in mentioned if f not in frameworks.RIVALS)
    intent = _intent(text, topics, named, third)
    if intent is Intent.WHO and "origin" in topics:
        topics = ("origin", *(t for t in topics if t != "origin"))
    return typed(
        Question(
            text=text,
            intent=intent,
            named=named,
            topics=topics,
            comparative=bool(words.COMPARATIVE.search(text)),
            choice=bool(words.FRAMEWORK_CHOICE.search(text))
            or (len(named) > 1 and bool(words.COMPARATIVE.search(text))),
            masked=masked,
            weakness=bool(words.WEAKNESS_WORDS.search(text)),
            third=third,
            anchored=bool(named or third or words.ANCHOR.search(text) or words.FRAMEWORK_CHOICE.search(text)),
            measurable=bool(words.MEASURABLE.search(text)),
            evaluative=bool(words.EVALUATIVE.search(text)),
            lower=bool(words.LOWER.search(text)),
            polar=bool(words.YES_NO.match(text)),
            targets=tuple(name for name, (asked, _) in words.DEPLOYMENT_TARGETS.items() if asked.search(text)),
            other_kind=bool(words.FOREIGN_KIND.search(text)) and not words.ML_WORDS.search(text),
            both_sides=bool(words.PROS.search(text) and words.DRAWBACKS.search(text)),
            weak_terms=tuple(_base_form(m.group(0)) for m in words.WEAKNESS_WORDS.finditer(text)),
        )
    )


# --- Typed reading derived from the rule-based fields ------------------------------------------------------
# STOPGAP, replaced at merge by the learned question model (issue 17 item 1): it fills ``form``, ``property``,
# ``polarity``, ``in_scope``, ``frameworks`` and ``confidence`` from the fields above so that the answer code
# can be written against the typed names now.

_MEASURED_PROPERTIES = {
    "training speed": "training-speed",
    "inference speed": "inference-speed",
    "import time": "import-time",
    "size and memory": "install-size",
    "NumPy interop": "numpy-interop",
    "graph mode": "graph-speedup",
    "torch.compile": "torch-compile-speedup",
}


def typed(question: Question) -> Question:
    """``question`` with its typed reading filled in from its rule-based fields (see the note above)."""
    from assistant.measured import asks_weakness, measurable_topics

    measured = [_MEASURED_PROPERTIES[t.name] for t in measurable_topics(question.text)]
    if measured == ["install-size"] and re.search(r"\b(memory|ram)\b", question.text, re.IGNORECASE):
        measured = ["import-memory"]
    in_scope = question.anchored and not (question.other_kind and not question.named)
    form = question.intent
    if not in_scope:
        form = Intent.OFF_TOPIC
    elif (measured or question.measurable) and question.intent in {Intent.CHOICE, Intent.WHAT}:
        form = Intent.MEASURABLE
    worse = question.weakness or asks_weakness(question.text) or question.intent is Intent.DRAWBACKS
    better = question.comparative or question.choice
    return replace(
        question,
        form=form,
        property=measured[0] if measured else question.topic,
        polarity="worse" if worse else "better" if better else "neutral",
        in_scope=in_scope,
        frameworks=question.named,
    )

"""Understanding a question: what form of answer it wants, what it asks about, which frameworks it names,
which side it asks for, and whether the article (or a measurement) covers it.

``QuestionReader.read(text, embedding)`` is the entry point: the learned fields (``form``, ``property``,
``polarity``, ``in_scope``, ``confidence``) come from the fitted model (``assistant.question_model``) over the
question's MiniLM embedding, which retrieval computes anyway; framework names come from the vocabulary
module (``knowledge.frameworks``), an exact rule. The older fields that ``assistant.decision`` and
``assistant.compose`` read are derived from the learned ones where that keeps the answer scores
(BENCHMARKS.md); the rest still come from ``assistant.question_words``.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

import numpy as np

from assistant import question_words as words
from assistant.errors import InvalidQuestion
from assistant.question_encoder import CONSULT_BELOW, ENCODER_WEIGHT, QuestionEncoder
from assistant.question_features import ArticleProfile
from assistant.question_model import QuestionModel, Reading
from knowledge import frameworks
from knowledge.claims import TOPICS


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
    MEASURABLE = "measurable"
    """About something a job measures (speed, import time, install size, memory): "Which imports faster?"."""
    OFF_TOPIC = "off_topic"
    """About something else: another product, a price, a recipe; the answer says what the article covers."""
    WHAT = "what"
    """Anything else: "What does TensorFlow offer for...?" (rule-based ``intent`` only; no learned form)."""


Polarity = Literal["better", "worse", "neutral"]


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
    """Asked as a yes/no question ("Is ...", "Does ...", or as the model reads its form) whatever else it asks."""
    weak_terms: tuple[str, ...] = ()
    """The weakness asked about, as a claim would word it ("heavier" -> "heavy", "less mature" -> "mature")."""
    both_sides: bool = False
    """Asks for strengths and weaknesses together ("pros and cons of PyTorch?")."""
    other_kind: bool = False
    """About a framework or library of another kind ("the best JavaScript framework"), not these two."""
    targets: tuple[str, ...] = ()
    """Where the model is to run, when the question says (``mobile``, ``browser``, ``edge``)."""
    form: Intent = Intent.WHAT
    """The form of answer wanted, as the model reads it (one of the eleven forms; never ``WHAT`` once read)."""
    property: str | None = None
    """What it asks about: an article topic (``knowledge.claims.TOPICS``) or a measured property id."""
    polarity: Polarity = "neutral"
    """Which side it asks for: the better one ("lighter", "faster"), the worse ("more memory", "weaknesses")."""
    in_scope: bool = True
    """The article or a measurement speaks to it (False: another product, a price, a recipe)."""
    frameworks: tuple[str, ...] = ()
    """Every framework named (PyTorch, TensorFlow, JAX, MXNet; tools count), in order of appearance."""
    confidence: float = 0.0
    """The form classifier's probability for ``form`` (0.0 when the question was not read by the model)."""
    against: bool = False
    """A yes/no that asks about turning away from a framework ("Should we avoid TensorFlow for research?", "Is it
    a mistake to use TensorFlow Lite?"): a yes means the other one, or no change."""

    @builtins.property  # the field ``property`` shadows the builtin inside this class body
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None

    @builtins.property
    def measured_property(self) -> str | None:
        """The measured property asked about (``training-speed``, ``install-size``...), None for an article topic."""
        return self.property if self.property is not None and self.property not in TOPICS else None


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
    named = frameworks.named_topics(text, frameworks.ASKED_TOPICS)
    scored = [
        (sum(len(r.findall(text)) for r in regexes) + named.get(topic, 0), topic)
        for topic, regexes in words.TOPIC_RES.items()
    ]
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


def _base_form(phrase: str) -> str:
    """A weakness word as claims state it: the last word, comparative endings dropped ("heavier" -> "heavy")."""
    word = phrase.lower().split()[-1]
    for ending, base in (("ier", "y"), ("iest", "y"), ("er", ""), ("est", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)] + base
    return word


class QuestionReader:
    """Reads questions with the fitted model against what the knowledge base covers; built once with the
    answer service (``article``: the profile of the claims it answers from)."""

    def __init__(
        self,
        model: QuestionModel,
        article: ArticleProfile,
        encoder: QuestionEncoder | None = None,
        encoder_weight: float = ENCODER_WEIGHT,
        consult_below: float = CONSULT_BELOW,
    ) -> None:
        """``encoder``: the fine-tuned reader whose probabilities each head averages with its own where one of
        them is less sure than ``consult_below`` (none: the linear heads alone)."""
        self.model = model
        self.article = article
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self.consult_below = consult_below
        self._encode = encoder.aligned(model.classes) if encoder else None

    def read(self, text: str, embedding: np.ndarray, masked_embedding: np.ndarray) -> Question:
        """``text`` (validated) read with its MiniLM embeddings, as retrieval computes them: the question's and
        that of the question without framework names."""
        question = _rule_based(text)  # first: the model reads the frameworks it names too
        reading = self.model.read(
            text,
            embedding,
            masked_embedding,
            self.article,
            question.frameworks,
            self._encode,
            self.encoder_weight,
            self.consult_below,
        )
        return _with_reading(question, reading)


def analyse(text: str, reading: Reading | None = None) -> Question:
    """The question's exact facts (names), its rule-based fields, and what ``reading`` (the model) says.

    Without a reading only the rule-based fields and the names are filled (``form`` stays ``WHAT`` and
    ``confidence`` 0.0): what the follow-up rewriter needs, which runs before a question is embedded.
    """
    question = _rule_based(text)
    return _asked_by_name(question) if reading is None else _with_reading(question, reading)


def _with_reading(question: Question, reading: Reading) -> Question:
    form = Intent(reading.form)
    polarity: Polarity = (
        "worse" if reading.polarity == "worse" else "better" if reading.polarity == "better" else "neutral"
    )
    read = replace(
        question,
        form=form,
        property=reading.property,
        polarity=polarity,
        in_scope=reading.in_scope,
        confidence=round(reading.confidence, 4),
    )
    return _derived(read)


MEASURED_QUANTITIES = frozenset(
    {
        "training-speed",
        "inference-speed",
        "compiled-training-speed",
        "torch-compile-speedup",
        "import-time",
        "install-size",
        "import-memory",
    }
)
"""Measured properties that are quantities (time, size, memory) the article states no figure or claim on
(its static-graph performance claim makes ``graph-speedup`` an article topic too)."""
PROPERTY_TOPICS: dict[str, str] = {
    **dict.fromkeys((*MEASURED_QUANTITIES, "graph-speedup"), "performance"),
    "numpy-interop": "usability",
    "debugging": "debugging",
    "dynamic-control-flow": "graph",
    "eager-default": "graph",
    **dict.fromkeys(
        ("torchscript", "onnx-export", "cpp-runtime", "savedmodel-serving", "tflite-mobile", "tfjs-browser"),
        "deployment",
    ),
    "automl-tuning": "automl",
}
"""The article topic a measured property belongs to (what its claims are labelled)."""


def _derived(question: Question) -> Question:
    """The older fields, from the learned ones where that keeps the answer scores (BENCHMARKS.md)."""
    prop = question.property
    topic = PROPERTY_TOPICS.get(prop, prop) if prop else None
    measurable = question.form is Intent.MEASURABLE or prop in MEASURED_QUANTITIES
    topics = question.topics if topic is None else (topic, *(t for t in question.topics if t != topic))
    intent = question.intent if question.form in _RULE_SHAPED else question.form
    weakness = question.polarity == "worse" or question.form is Intent.DRAWBACKS
    # a yes or no is asked when the model reads one ("Investor update aside: is it true TensorFlow ...?" opens
    # with no question word); a rating, a third framework, a who, or a form read from the wording keeps the
    # wording's ("Is PyTorch rated higher?", "Is JAX from Google?", "Did Amazon launch PyTorch?")
    polar = question.polar if question.form in _RULE_SHAPED | _POLAR_BY_WORDING else question.form in _POLAR
    return _asked_by_name(
        replace(question, measurable=measurable, topics=topics, intent=intent, weakness=weakness, polar=polar)
    )


_RULE_SHAPED = frozenset({Intent.MEASURABLE, Intent.OFF_TOPIC, Intent.WHAT})
"""Forms whose answer shape (a pick, a yes or no) the older ``intent`` still takes from the wording."""
_POLAR = frozenset({Intent.YES_NO, Intent.SHOULD_I})
"""Learned forms answered yes or no."""
_POLAR_BY_WORDING = frozenset({Intent.RATING, Intent.THIRD_FRAMEWORK, Intent.WHO})
"""Learned forms asked either way ("How is PyTorch rated?", "Is PyTorch rated higher?"): the wording tells."""


def _rule_based(text: str) -> Question:
    topics = _topics(text)
    masked = frameworks.mask(text)
    mentioned = frameworks.mentions(text, called=True)
    named = tuple(f for f in mentioned if f in frameworks.RIVALS)
    third = tuple(f for f in mentioned if f not in frameworks.RIVALS)
    intent = _intent(text, topics, named, third)
    if intent is Intent.WHO and "origin" in topics:
        topics = ("origin", *(t for t in topics if t != "origin"))
    return Question(
        text=text,
        intent=intent,
        named=named,
        topics=topics,
        comparative=bool(words.COMPARATIVE.search(text)),
        choice=_choice(text, named),
        masked=masked,
        weakness=bool(words.WEAKNESS_WORDS.search(text)),
        third=third,
        anchored=bool(named or third or words.ANCHOR.search(text) or words.FRAMEWORK_CHOICE.search(text)),
        measurable=bool(words.MEASURABLE.search(text)),
        evaluative=bool(words.EVALUATIVE.search(text)),
        lower=bool(words.LOWER.search(text)),
        polar=words.asks_yes_no(text),
        against=words.asks_against(text),
        targets=tuple(name for name, (asked, _) in words.DEPLOYMENT_TARGETS.items() if asked.search(text)),
        other_kind=bool(words.FOREIGN_KIND.search(text)) and not words.ML_WORDS.search(text),
        both_sides=bool(words.PROS.search(text) and words.DRAWBACKS.search(text)),
        weak_terms=tuple(_base_form(m.group(0)) for m in words.WEAKNESS_WORDS.finditer(text)),
        frameworks=mentioned,
    )


def _choice(text: str, named: tuple[str, ...]) -> bool:
    return bool(words.FRAMEWORK_CHOICE.search(text)) or (len(named) > 1 and bool(words.COMPARATIVE.search(text)))


def _asked_by_name(question: Question) -> Question:
    """Asked who made a framework, a maker named beside it ("who made tensorflow? my friend says facebook") is an
    answer offered, not a framework asked about."""
    if question.intent is not Intent.WHO:
        return question
    by_name = frameworks.mentions(question.text, makers=False, called=True)
    if not by_name or by_name == question.frameworks:
        return question
    named = tuple(f for f in by_name if f in frameworks.RIVALS)
    return replace(question, frameworks=by_name, named=named, choice=_choice(question.text, named))

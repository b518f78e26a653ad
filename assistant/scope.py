"""Scope: whether the knowledge base speaks to a question at all, and what an answer says when it does not.

:func:`judge_scope` scores how close a question comes to the claims (the similarity rule, calibrated on the dev
set); :func:`judge_silence` decides whether to abstain: the question model's learned scope for the bundled article,
the similarity rule and :func:`off_topic` for documents ingested later, and organisations the claims never name.
:class:`Lexicon` holds the words and names of the claims that these judgements read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.question import Intent, Question
from assistant.question_features import PROPER_NAME
from assistant.question_words import QUESTION_STOPWORDS
from knowledge import frameworks
from knowledge.claims import Claim
from knowledge.documents import BUNDLED_ID
from knowledge.retriever import Hit, Retriever

WHO_TOPICS = ("origin", "adoption")
"""Claims that name who made a framework or who uses it."""

ABSTAIN_THRESHOLD = 0.45
NAMED_DENSE_DISCOUNT = 0.25
"""A framework's name alone lifts cosine by roughly this much; discounted when judging scope."""

UNANCHORED_THRESHOLD = 0.7
"""A question that names no framework and uses no machine-learning word must clear this instead: words it
shares with the article ("mobile", "graph", "lite") are then weak evidence that the article answers it."""


_ABOUT_ONE = frozenset({Intent.PROS, Intent.DRAWBACKS, Intent.SHOULD_I})
"""Questions about one framework's strengths, weaknesses or fit: the article's pros, cons and conclusion
answer them whatever their other words."""


@dataclass(frozen=True, slots=True)
class Scope:
    confidence: float
    topic: float
    dense: float
    coverage: float


def content_text(question: Question) -> str:
    words = re.findall(r"[\w+.#-]+", question.masked.lower())
    return " ".join(w for w in words if w not in QUESTION_STOPWORDS)


def judge_scope(
    question: Question, retriever: Retriever, vectors: np.ndarray, hits: list[Hit], content: str | None = None
) -> Scope:
    """How sure we are that the article speaks to this question (0..1).

    ``vectors`` holds the question's embedding and, second, that of the question with framework names
    masked, so "What is the licence of PyTorch?" is not mistaken for in-scope on the name alone.
    ``content``: :func:`content_text` of the question, when the caller has it.
    """
    claim_vectors = retriever.index.vectors
    raw = float((claim_vectors @ vectors[0]).max()) if len(claim_vectors) else 0.0
    masked = float((claim_vectors @ vectors[1]).max()) if len(claim_vectors) else 0.0
    dense = max(masked, raw - NAMED_DENSE_DISCOUNT)
    dense_score = min(max((dense - 0.15) / 0.45, 0.0), 1.0)  # np.clip of a float, without its ~5 us of wrapping
    terms = retriever.terms(content_text(question) if content is None else content)
    vocabulary = {t for hit in hits for t in retriever.terms(f"{hit.claim.text} {hit.claim.section_path}")}
    coverage = sum(t in vocabulary for t in terms) / len(terms) if terms else 0.0
    about_named = len(question.named) == 1 and question.intent in _ABOUT_ONE
    topic = 1.0 if question.topics or about_named else 0.0
    confidence = 0.30 * topic + 0.45 * dense_score + 0.25 * coverage
    return Scope(round(confidence, 4), topic, round(dense, 4), round(coverage, 4))


FOREIGN_NAMES = 2
"""A question naming this many things the article never mentions (and neither framework) is about them."""


def vocabulary(claims: list[Claim]) -> frozenset[str]:
    """Every word of the claims, lower-cased: what the article can speak about."""
    return frozenset(w.lower() for c in claims for w in re.findall(r"[\w+#.-]+", f"{c.text} {c.section_path}"))


def asks_for_one_sides_list(question: Question) -> bool:
    """The strengths or drawbacks of one of the two, as the question model reads it ("tensorflow pain points?"):
    the article's pros and cons speak to it however few words the question shares with them, so a low
    :func:`judge_scope` confidence does not make it abstain (``judge_scope`` already counts such a question as
    on a topic, by the rules' ``intent``)."""
    return question.in_scope and question.form in _ONE_SIDES_LISTS and len(question.named) == 1


_ONE_SIDES_LISTS = frozenset({Intent.PROS, Intent.DRAWBACKS})


def off_topic(question: Question, confidence: float, known: frozenset[str]) -> bool:
    """Beyond the confidence threshold: about another technology that merely shares words with the article, as
    the question model reads it (``Question.in_scope``, learned from labelled questions on the bundled article)
    or as its exact rules do. The model was fitted on questions about the bundled article and knows nothing of
    ingested documents, so its reading refuses only a question that names something the claims never mention
    ("OpenVINO"); a name an ingested document uses ("JAX") leaves the question to the rest."""
    foreign = {m.group(1) for m in PROPER_NAME.finditer(question.text) if m.group(1).lower() not in known}
    if not question.in_scope and foreign:
        return True
    if not question.anchored and confidence < UNANCHORED_THRESHOLD:
        return True
    if question.other_kind and not question.named:
        return True
    return not question.named and len(foreign) >= FOREIGN_NAMES


@dataclass(frozen=True, slots=True)
class Silence:
    """Whether the knowledge base leaves a question unanswered, and why."""

    silent: bool
    refused: bool
    """Outside what Weigh-in speaks to at all: not even a measurement made here answers it."""
    unnamed: tuple[str, ...] = ()
    """The organisations a question about who makes or uses a framework names and the claims never do."""


_NAME_RUN = re.compile(r"\b[A-Z][\w&-]*[A-Za-z](?:[ \t]+[A-Z][\w&-]*[A-Za-z])*")
"""A run of capitalised words: a name ("Hugging Face"), or a sentence's first word before one ("Does Tesla")."""
_OPENERS = frozenset(".?!:()[]'\"‘’“”")
"""What may stand before a sentence's (or a quotation's) first word."""
_NAME_IN_CLAIM = re.compile(r"(?<=[a-z0-9,;(/]\s)[A-Z][\w&-]*[A-Za-z]|(?<=[a-z(/])[A-Z][\w&-]*[A-Za-z]")
"""A capitalised word inside a claim's sentence, not opening it: a name the claim uses ("Airbnb", "Google")."""
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][\w-]*")
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
MAX_NOTES = 3
"""Notes in brackets, in words, before or after the question ("(translated from Hungarian)", "[meetup Q&A, mic 3]"):
how the question came, not what it asks about ("(Hulu)" alone may be what it asks about). At most this many each
side."""
MAX_UNNAMED = 3
"""Names an abstention repeats back at most."""
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 30
"""Longer runs of capitals, or longer words, are shouting or noise, not an organisation's name."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What the claims of a knowledge base say in words, for judging what a question asks about."""

    words: frozenset[str] = frozenset()
    """Every word of the claims, lower-cased (:func:`vocabulary`)."""
    names: frozenset[str] = frozenset()
    """The capitalised words the claims use inside their sentences ("Airbnb", "Google", "Research")."""
    proper: re.Pattern[str] | None = None
    """Any of the names that claims about who makes or uses a framework (:data:`WHO_TOPICS`) use and no claim
    writes in lower case, as a word in any case: the organisations ("Twitter"), not words ("Research"). None when
    there are none."""
    makers: tuple[tuple[str, str], ...] = ()
    """(framework, organisation as the claims write it) for each organisation a claim says made or backs a
    framework (:func:`maker_attributions`): ("pytorch", "Facebook"), ("mxnet", "Amazon")."""

    @classmethod
    def of(cls, claims: list[Claim]) -> Lexicon:
        named = [(c, {m.group(0) for m in _NAME_IN_CLAIM.finditer(c.text)}) for c in claims]
        names = frozenset(n for _, found in named for n in found)
        about_who = {n for c, found in named if c.topic in WHO_TOPICS for n in found}
        lower = {w for c in claims for w in _LOWER_WORD.findall(c.text)}
        proper = sorted((n for n in about_who if n.lower() not in lower), key=lambda n: (-len(n), n))
        alternation = "|".join(re.escape(n) for n in proper)
        pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE) if proper else None
        makers = tuple(dict.fromkeys(pair for c in claims for pair in maker_attributions(c.text)))
        return cls(vocabulary(claims), names, pattern, makers)

    def names_one(self, text: str) -> bool:
        """``text`` names an organisation the claims about who makes or uses a framework name ("Meta", "Twitter")."""
        return self.proper is not None and self.proper.search(text) is not None

    def knows(self, word: str) -> bool:
        """The claims use ``word``: as a name inside a sentence, or in any case anywhere (a sentence's first word)."""
        return word in self.names or word.lower() in self.words


_MADE_BY = re.compile(
    r"\b(?:launched|developed|created|built|made|founded|supported|backed|maintained|released|open-sourced|"
    r"sponsored|started|designed)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?(?P<org>[A-Z][\w&-]*[A-Za-z])"
)
_OWNED = re.compile(
    r"(?<![\w-])(?P<org>[A-Z][\w&-]*[A-Za-z])['’]s\s+(?:[\w-]+\s+){0,3}?"
    r"(?:tool|framework|library|project|toolkit|lab|offering|stack|platform|engine)s?\b"
)
"""A maker as a sentence states it: "launched by Facebook's AI Research lab", "(supported by Amazon)", "(Google's
emerging research-focused tool)"."""
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z])")


def maker_attributions(text: str) -> list[tuple[str, str]]:
    """(framework, organisation) for each organisation ``text`` says made or backs a framework: the framework named
    last before it in its sentence ("MXNet (supported by Amazon)", "TensorFlow ... was developed by Google"). An
    organisation said to use or prefer a framework ("companies like Meta lean on PyTorch") is no maker."""
    found = []
    for match in (*_MADE_BY.finditer(text), *_OWNED.finditer(text)):
        org = match["org"]
        if frameworks.mentions(org, makers=False):
            continue  # "TensorFlow's serving stack": a framework's own
        starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, match.start())]
        before = text[starts[-1] if starts else 0 : match.start("org")]
        named = frameworks.mention_spans(before)
        if named:
            found.append((named[-1][1], org))
    return list(dict.fromkeys(found))


def unnamed_organisations(text: str, known: Lexicon) -> tuple[str, ...]:
    """The names ``text`` uses, when it uses none the claims use (:meth:`Lexicon.knows`) and none of a framework:
    "Which framework does Netflix use?" gives ("Netflix",), "Google Brain or DeepMind?" nothing (the claims name
    Google). A framework's name is what is asked about, not an organisation; a sentence's first word counts only as
    a name the claims use ("Does Tesla ..."); a question in capitals names nothing this way, nor do notes in words in
    brackets before or after the question ("(translated from Hungarian) Who made PyTorch?")."""
    if text.isupper():
        return ()
    text = _without_notes(text)
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        words = match.group(0).split()
        if _opens(text, match.start()) and words[0] not in known.names:  # "Which", "Does": capitalised to open
            words = words[1:]
        if not words or (len(words) == 1 and words[0].isupper() and len(words[0]) <= 3):  # "CPU", "DAW"
            continue
        if len(words) > MAX_NAME_WORDS or any(len(w) > MAX_NAME_CHARS for w in words):  # no organisation's name
            continue
        if any(frameworks.mentions(w) for w in words):  # "PyTorch", "Keras Tuner": what is asked about
            continue
        if any(known.knows(w) for w in words):
            return ()
        found.append(" ".join(words))
    return tuple(dict.fromkeys(found))[:MAX_UNNAMED]


def _without_notes(text: str) -> str:
    """``text`` without the notes in words in brackets that open or close it (:data:`MAX_NOTES` each side)."""
    start = 0
    for _ in range(MAX_NOTES):
        note = _BRACKETED.match(text, start)
        if note is None or not _LOWER_WORD.search(note.group(0)):
            break
        start = note.end()
    end = len(text.rstrip(" .?!"))
    for _ in range(MAX_NOTES):
        opening = text.rfind("(" if text[:end].endswith(")") else "[", start, end)
        note = _BRACKETED.match(text, opening) if opening >= 0 else None
        if note is None or note.end() != end or not _LOWER_WORD.search(note.group(0)):
            break
        end = len(text[:opening].rstrip(" .?!"))
    return text[start:end]


def _opens(text: str, start: int) -> bool:
    """The word at ``start`` opens the text, a sentence or a quotation (only the spaces before it are read)."""
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or text[before] in _OPENERS


def judge_silence(
    question: Question, scope: Scope, hits: list[Hit], known: Lexicon, unnamed_kind: bool = False
) -> Silence:
    """Whether to abstain on a question whose best candidates are ``hits`` (reranked); ``known``: the words and
    names of the knowledge base's claims.

    Where the best candidate is a claim of the bundled article, the question model's scope decides: it was learned
    from labelled questions about that article, and the similarity rule below (calibrated on the dev set) refused
    in-scope questions in voices the team had not written and let through near misses that share its words (a
    training file the model never saw: abstention 0.906 with the rule, 0.947 with the model; BENCHMARKS.md).
    Claims of ingested documents, which the model never saw, are judged by the similarity rule and the exact rules
    of :func:`off_topic`. A question whose every content word the best claims hold, and which comes as close to
    them as :data:`UNANCHORED_THRESHOLD` asks, is about what they say whatever the model read ("What's best for
    computer vision?", a field the article lists, read as off topic by a model that saw few questions naming no
    framework); no training question the model reads as off topic comes that close (BENCHMARKS.md).

    Before either, a question about who makes or uses a framework that names only organisations the claims never
    name ("Which framework does Netflix use?"), or that asks about a kind of organisation they never name
    (``unnamed_kind``: "Which banks run PyTorch?", as :data:`assistant.passing.UNNAMED_KIND` learned it), is not
    answered from claims about others."""
    if question.form is Intent.WHO or question.property in WHO_TOPICS:
        unnamed = unnamed_organisations(question.text, known)
        if unnamed:  # "Which framework does Netflix use?": the claims name no Netflix, whatever they share
            return Silence(True, True, unnamed)
        if unnamed_kind:
            return Silence(True, True)
    if hits and hits[0].claim.document_id == BUNDLED_ID:
        covered = scope.coverage >= 1.0 and scope.confidence >= UNANCHORED_THRESHOLD
        outside = not question.in_scope and not covered
        return Silence(outside, outside)
    refused = off_topic(question, scope.confidence, known.words)
    low = scope.confidence < ABSTAIN_THRESHOLD and not asks_for_one_sides_list(question)
    return Silence(low or refused, refused)

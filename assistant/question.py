"""Understanding a question before retrieval: what kind of answer it wants, which framework it names,
which topic it is about, and which of its words carry content.

The topic lexicon is question-side vocabulary (how people ask: "troubleshoot", "phones", "downsides")
mapped to the claim topics of ``knowledge.labels``. It is domain knowledge about the subject, not about
any question set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from assistant.errors import InvalidQuestion
from knowledge import frameworks


class Intent(Enum):
    WHICH = "which"
    """Asks to choose: "which framework...", "X or Y?", "what do you recommend"."""
    YES_NO = "yes_no"
    WHO_WHAT_HOW = "who_what_how"
    PROS_CONS = "pros_cons"


_TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "automl": (
        r"auto-?ml",
        r"hyper-?parameter",
        r"(?<!fine-)\btun(?:e|es|ing|er)\b",
        r"neural architecture search",
        r"automated (?:machine learning|model)",
    ),
    "debugging": (
        r"debug",
        r"troubleshoot",
        r"\bbugs?\b",
        r"breakpoint",
        r"\bpdb\b",
        r"step through",
        r"inspect",
        r"misbehav",
    ),
    "deployment": (
        r"deploy",
        r"\bserv(?:e|es|ing|er)\b",
        r"mobile",
        r"phones?\b",
        r"android",
        r"\bios\b",
        r"\bedge\b",
        r"embedded",
        r"browser",
        r"\bweb\b",
        r"javascript",
        r"export",
        r"seriali[sz]",
        r"\bonnx\b",
        r"torchscript",
        r"c\+\+",
        r"platforms?\b",
        r"\bship\b",
        r"convert",
        r"inference",
        r"\bformats?\b",
        r"cross-framework",
        r"interoperab",
    ),
    "research": (
        r"research",
        r"academ",
        r"papers?\b",
        r"prototyp",
        r"experiment",
        r"\bnlp\b",
        r"natural language",
        r"computer vision",
        r"\bgans?\b",
        r"generative",
        r"reinforcement",
        r"\brl\b",
    ),
    "graph": (
        r"\bgraphs?\b",
        r"\bdynamic",
        r"\bstatic\b",
        r"\beager",
        r"define-by-run",
        r"on the fly",
        r"control flow",
        r"execution mode",
    ),
    "usability": (
        r"pythonic",
        r"\bpython\b",
        r"numpy",
        r"syntax",
        r"easy to (?:learn|use)",
        r"easier to (?:learn|use)",
        r"beginner",
        r"learning curve",
        r"intuitive",
        r"user-friendly",
        r"pick up",
    ),
    "production": (r"production", r"enterprise", r"\bscal(?:e|able|ability)\b", r"large[- ]scale"),
    "adoption": (
        r"compan(?:y|ies)",
        r"who uses",
        r"adopt",
        r"popular",
        r"community",
        r"industry",
        r"prefer",
        r"enterprises use",
        r"used by",
    ),
    "origin": (
        r"\bcreat(?:ed|or|ors)\b",
        r"\bdevelop(?:ed|s)\b",
        r"\bmade\b",
        r"\bbuilt\b",
        r"found(?:ed|er)",
        r"launched",
        r"\bbehind\b",
        r"\borigin",
    ),
    "rating": (r"\brat(?:ing|ings|ed)\b", r"\bscor(?:e|ed|es)\b", r"\bstars?\b"),
    "cons": (
        r"drawbacks?",
        r"weakness",
        r"\bcons\b",
        r"disadvantages?",
        r"downsides?",
        r"limitations?",
        r"fall short",
        r"\bworse\b",
        r"negatives?",
    ),
    "integration": (r"integrat", r"google cloud", r"\bgcp\b", r"\btfx\b", r"pipelines?", r"interop"),
    "alternatives": (
        r"alternatives?",
        r"competitors?",
        r"\bcompet(?:e|es|ing|ition)\b",
        r"\bjax\b",
        r"mxnet",
        r"besides",
    ),
    "conclusion": (r"\boverall\b", r"\bwins?\b", r"\bwinner\b", r"verdict", r"in the end", r"\bboth\b"),
    "performance": (r"\bfast(?:er|est)?\b", r"\bspeed", r"performance", r"efficien", r"\bslow(?:er)?\b"),
}
_TOPIC_RES = {t: [re.compile(p, re.IGNORECASE) for p in pats] for t, pats in _TOPIC_LEXICON.items()}

# Words that say how something is asked, not what about; they must not steer lexical matching.
QUESTION_STOPWORDS = frozenset(
    """
which what who whom whose how why when where does do did is are
was were can could should would will shall may might must framework frameworks library
libraries toolkit toolkits tool one ones option options better best more most less good
great pick choose choice use using used get got give gives gave article offer
offers want need like me my i we you your it its the a
an of for to in on at by with and or vs versus than
there this that these those so tell about also really overall recommend go between
two other others model models
""".split()
)

_WHICH = re.compile(
    r"^\s*(which|what (?:framework|library|toolkit|one|tool|format|should))\b|\bwhich\b.*\?|"
    r"\b(recommend|should i (?:use|pick|choose|go)|better choice|go with)\b|\bor\b.*\?$",
    re.I,
)
_FRAMEWORK_CHOICE = re.compile(
    r"\bwhich (?:\w+ )?(?:framework|library|toolkit|one|platform)s?\b|\bwhat (?:framework|library|toolkit)\b|"
    r"\b(?:recommend|should i (?:use|pick|choose|go)|better choice|go with|wins?|winner)\b|\bor\b.*\?$",
    re.IGNORECASE,
)
_YES_NO = re.compile(r"^\s*(is|are|does|do|did|can|could|will|was|were|has|have|should)\b", re.IGNORECASE)
_COMPARATIVE = re.compile(r"\b(higher|highest|better|best|more|most|top|winner|wins?|beats?)\b", re.IGNORECASE)


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

    @property
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
    scored = [(sum(len(r.findall(text)) for r in regexes), topic) for topic, regexes in _TOPIC_RES.items()]
    return tuple(topic for score, topic in sorted(scored, key=lambda s: -s[0]) if score)


def _intent(text: str, topics: tuple[str, ...]) -> Intent:
    if "cons" in topics[:1] or re.search(r"\bpros\b|\bpros and cons\b", text, re.IGNORECASE):
        return Intent.PROS_CONS
    if _WHICH.search(text):
        return Intent.WHICH
    if _YES_NO.match(text):
        return Intent.YES_NO
    return Intent.WHO_WHAT_HOW


_MASK = re.compile(
    r"(?<![\w.])(py-?torch|tensor-?flow(?:\s*2(?:\.x)?)?|tf|keras|torch)(?:['’]s)?(?![\w])", re.IGNORECASE
)


def analyse(text: str) -> Question:
    topics = _topics(text)
    masked = " ".join(_MASK.sub(" ", text).split())
    return Question(
        text=text,
        intent=_intent(text, topics),
        named=frameworks.rivals_in(text),
        topics=topics,
        comparative=bool(_COMPARATIVE.search(text)),
        choice=bool(_FRAMEWORK_CHOICE.search(text)),
        masked=masked,
    )

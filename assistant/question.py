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
        r"(?:another|other) frameworks?",
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
        r"\bset(?:-| )?up\b",
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
        r"\bbacking\b",
        r"\brel(?:y|ies|ying) on\b",
        r"\bleans? on\b",
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
    "rating": (r"\brat(?:e|es|ing|ings|ed)\b", r"\bscor(?:e|ed|es)\b", r"\bstars?\b"),
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
        r"\bcatch\b",
        r"\bproblems?\b",
        r"\bsteep(?:er)?\b",
        r"\bheav(?:y|ier|iest)\b",
        r"less mature",
        r"\blag(?:s|ging)?\b",
        r"\bcomplex\b",
        r"less flexible",
        r"slower to adopt",
    ),
    "integration": (
        r"integrat",
        r"google cloud",
        r"\bgcp\b",
        r"\btfx\b",
        r"pipelines?",
        r"interop",
        r"\bkeras\b(?! tuner)",
        r"related to",
    ),
    "alternatives": (
        r"alternatives?",
        r"competitors?",
        r"\bcompet(?:e|es|ing|ition)\b",
        r"\bjax\b",
        r"mxnet",
        r"besides",
    ),
    "conclusion": (r"\boverall\b", r"\bwins?\b", r"\bwinner\b", r"verdict", r"in the end", r"\bboth\b"),
    "performance": (
        r"\bfast(?:er|est)?\b",
        r"\bspeed",
        r"performance",
        r"efficien",
        r"\bslow(?:er)?\b",
        r"\bmemory\b",
        r"\bfootprint\b",
        r"\b(?:install(?:ation)?|disk|download|package) size\b",
        r"\bimport(?:s|ing)? (?:faster|slower|quick\w*|time)\b",
        r"\blight(?:er|weight)?\b",
        r"\bsize\b",
        r"\btrains?\b",
    ),
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

_FRAMEWORK_CHOICE = re.compile(
    r"\bwhich (?:\w+ )?(?:framework|library|toolkit|one|platform)s?\b|\bwhat (?:framework|library|toolkit)\b|"
    r"\b(?:recommend|should i (?:use|pick|choose|go)|better choice|go with|wins?|winner)\b|\bor\b.*\?$|"
    r"\bwhich (?:is|has|does|of the two)\b",
    re.IGNORECASE,
)
_YES_NO = re.compile(r"^\s*(is|are|does|do|did|can|could|will|was|were|has|have|should)\b", re.IGNORECASE)
_COMPARATIVE = re.compile(
    r"\b(higher|highest|lower|lowest|better|best|worse|more|most|less|top|winner|wins?|beats?|than)\b", re.IGNORECASE
)
_WEAKNESS_WORDS = re.compile(
    r"\b(heav(?:y|ier|iest)|slow(?:er|est)?|less (?:mature|flexible)|complex|harder|hard to|difficult|"
    r"lag(?:s|ging)?|(?:falls?|lags?) behind|worse|weak(?:er|est|ness(?:es)?)|downsides?|drawbacks?|cons|catch|"
    r"limitations?|disadvantages?|fall(?:s)? short|(?:needs?|requires?) more|negatives?|problems?|steep(?:er)?)\b",
    re.IGNORECASE,
)
"""A question asking where a framework is weak: the pick is the framework the claims fault."""
_DRAWBACKS = re.compile(
    r"\b(downsides?|drawbacks?|weakness(?:es)?|cons|catch|limitations?|disadvantages?|fall(?:s)? short|"
    r"negatives?|problems?|issues)\b",
    re.IGNORECASE,
)
_PROS = re.compile(r"\b(pros|strengths?|advantages?|benefits?|upsides?|good about|love about|strong points?)\b", re.I)
_WHO = re.compile(
    r"^\s*(?:who|whom|whose)\b|\b(?:which|what) (?:compan(?:y|ies)|organi[sz]ations?|enterprises|businesses|teams?)\b"
    r"|\b(?:name|list)\b.*\bcompan",
    re.IGNORECASE,
)
_SHOULD_I = re.compile(r"^\s*(?:should|shall|must) (?:i|we|my|our|a|the)\b|\bis it worth\b", re.IGNORECASE)
_HOW_TO = re.compile(
    r"^\s*how (?:do|can|could|should|would|to)\b|^\s*(?:what|which) (?:\w+ )?(?:tools?|formats?|apis?|runtimes?)\b"
    r"|^\s*what (?:can|should) i use\b",
    re.IGNORECASE,
)
_MEASURABLE = re.compile(
    r"\b(fast(?:er|est)?|slow(?:er|est)?(?! to adopt)|speed|memory|ram|footprint|latency|throughput|"
    r"(?:install(?:ation)?|disk|download|package|wheel) size|import(?:s|ing)? (?:faster|slower|quick\w*|time))\b",
    re.IGNORECASE,
)
"""Asks what a benchmark measures (speed, memory, import time, install size), which the article never does."""
_EVALUATIVE = re.compile(
    r"\b(good|great|better|best|suited|suitable|fit|right|ideal|recommended|worth|choice|wise|smart)\b", re.I
)
_LOWER = re.compile(r"\b(lower|lowest|worse|worst)\b", re.IGNORECASE)
_FOREIGN_KIND = re.compile(
    r"\b(javascript|js|web|css|front-?end|back-?end|ui|testing|test|php|java|ruby|rust|game|logging|mobile app|"
    r"orm|http|rest)\s+(?:web\s+)?(?:frameworks?|librar(?:y|ies)|toolkits?)\b",
    re.IGNORECASE,
)
"""A framework or library of another kind ("a JavaScript framework"): about another technology."""
_ML_WORDS = re.compile(
    r"\b(models?|neural|deep learning|machine learning|ml|ai|train(?:s|ed|ing)?|inference|gpus?|tensors?|"
    r"hyper-?parameters?|datasets?)\b",
    re.IGNORECASE,
)
_ANCHOR = re.compile(
    r"\b(frameworks?|librar(?:y|ies)|toolkits?|models?|neural|deep learning|machine learning|\bml\b|\bai\b|"
    r"train(?:s|ed|ing)?|inference|gpus?|tensors?|hyper-?parameters?|datasets?|prototyp\w*|research|"
    r"which one|the two|these two|either|both|debug\w*|deploy\w*|graphs? (?:mode|execution)|computational)\b",
    re.IGNORECASE,
)
"""Words that tie a question to machine-learning frameworks; without one, shared words alone are weak evidence."""


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
    other_kind: bool = False
    """About a framework or library of another kind ("the best JavaScript framework"), not these two."""

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


def validate(text: str, max_chars: int) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidQuestion("question is empty")
    if len(cleaned) > max_chars:
        raise InvalidQuestion(f"question is {len(cleaned)} characters; the limit is {max_chars}")
    return cleaned


def _topics(text: str) -> tuple[str, ...]:
    scored = [(sum(len(r.findall(text)) for r in regexes), topic) for topic, regexes in _TOPIC_RES.items()]
    return tuple(topic for score, topic in sorted(scored, key=lambda s: -s[0]) if score)


def _intent(text: str, topics: tuple[str, ...], named: tuple[str, ...], third: tuple[str, ...]) -> Intent:
    """The form of answer wanted; the first rule that matches wins, most specific first."""
    choice = bool(_FRAMEWORK_CHOICE.search(text)) or (len(named) > 1 and bool(_COMPARATIVE.search(text)))
    if third:
        return Intent.THIRD_FRAMEWORK
    if topics[:1] == ("rating",):
        return Intent.RATING
    if _WHO.search(text):
        return Intent.WHO
    yes_no = bool(_YES_NO.match(text))
    if not choice and not yes_no and _DRAWBACKS.search(text):
        return Intent.DRAWBACKS
    if not choice and not yes_no and _PROS.search(text):
        return Intent.PROS
    if _SHOULD_I.search(text) and len(named) == 1 and not re.search(r"\bor\b|\bwhich\b", text, re.IGNORECASE):
        return Intent.SHOULD_I
    if yes_no and named and not re.search(r"\bor\b", text, re.IGNORECASE):
        return Intent.YES_NO
    if len(named) == 1 and _HOW_TO.search(text):
        return Intent.HOW_TO  # "What should I use to serve TensorFlow models?" asks for a tool, not a framework
    if choice:
        return Intent.CHOICE
    if yes_no:
        return Intent.YES_NO
    if _HOW_TO.search(text):
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
    return Question(
        text=text,
        intent=intent,
        named=named,
        topics=topics,
        comparative=bool(_COMPARATIVE.search(text)),
        choice=bool(_FRAMEWORK_CHOICE.search(text)) or (len(named) > 1 and bool(_COMPARATIVE.search(text))),
        masked=masked,
        weakness=bool(_WEAKNESS_WORDS.search(text)),
        third=third,
        anchored=bool(named or third or _ANCHOR.search(text) or _FRAMEWORK_CHOICE.search(text)),
        measurable=bool(_MEASURABLE.search(text)),
        evaluative=bool(_EVALUATIVE.search(text)),
        lower=bool(_LOWER.search(text)),
        polar=bool(_YES_NO.match(text)),
        other_kind=bool(_FOREIGN_KIND.search(text)) and not _ML_WORDS.search(text),
        weak_terms=tuple(_base_form(m.group(0)) for m in _WEAKNESS_WORDS.finditer(text)),
    )

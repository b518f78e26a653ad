"""Rules that label a claim: topic, kind, key terms and rating (testability: ``knowledge.hypotheses``).

Plain keyword rules, on purpose: they are predictable, testable and cheap, and the articles this
product reads use a small vocabulary per topic. A claim's text counts twice, its section path once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge import frameworks

_TOPIC_PATTERNS: dict[str, tuple[str, ...]] = {
    # A score is a rating when it is given out of a maximum or is a reviewer's ("each score", "scored higher"):
    # "fraud scoring" and "the service scores requests" are not (their claims would never be linked).
    "rating": (
        r"★",
        r"\b\d(?:\.\d+)?\s*/\s*(?:5|10)\b",
        r"\brating",
        r"\brated\b",
        r"\b(?:each|our|overall|final|average|user|review|their|its|higher|lower|better|worse|top|best)\s+scores?\b",
        r"\bscor(?:e|es|ed)\s+(?:higher|lower|better|worse|best|well|poorly|from)\b",
        r"\bscor(?:e|es|ed)\b[^.]{0,30}?\b\d+(?:\.\d+)?\s*(?:/|out of)\s*\d+",
    ),
    "automl": (
        r"automl",
        r"hyperparameter",
        r"\btuning\b",
        r"automated machine learning",
        r"prebuilt pipelines",
        r"non-experts",
    ),
    "debugging": (
        r"debug",
        r"\bpdb\b",
        r"print statements",
        r"variable inspection",
        r"inspect outputs",
        r"trial-and-error",
    ),
    "graph": (
        r"computational graph",
        r"\bgraph\b",
        r"\bdynamic\b",
        r"\bstatic\b",
        r"\beager",
        r"define-by-run",
        r"define-before-run",
        r"on the fly",
        r"on-the-fly",
    ),
    "deployment": (
        r"deploy",
        r"serving",
        r"\blite\b",
        r"\bjs\b",
        r"mobile",
        r"browser",
        r"\bweb\b",
        r"\bonnx\b",
        r"edge devices",
        r"c\+\+",
        r"serializ",
        r"cross-platform",
        r"platforms?\b",
        r"embedded",
        r"server-side",
        r"cloud servers",
    ),
    "research": (
        r"research",
        r"academ",
        r"papers",
        r"experiment",
        r"prototyp",
        r"innovation",
        r"\bnlp\b",
        r"computer vision",
        r"\bgans?\b",
        r"generative adversarial",
        r"reinforcement learning",
    ),
    "usability": (
        r"pythonic",
        r"\bpython\b",
        r"syntax",
        r"numpy",
        r"intuitive",
        r"beginner",
        r"approachable",
        r"\bapis?\b",
        r"loops",
        r"conditionals",
        r"friction",
        r"usability",
        r"learning curve",
        r"barrier",
        r"easy for",
        r"setup",
    ),
    "production": (r"production", r"enterprise", r"scalab", r"large-scale", r"at scale"),
    "adoption": (r"adopt", r"companies", r"community", r"prefer", r"lean on", r"airbnb", r"twitter", r"backing"),
    "origin": (r"launched by", r"developed by", r"created by", r"ai research lab", r"was developed"),
    "cons": (r"\bcons?\b", r"drawback", r"weakness", r"disadvantage", r"less mature", r"weaker", r"heavy"),
    "integration": (r"integrat", r"google cloud", r"interoperab", r"libraries", r"ecosystem"),
    "alternatives": (r"alternatives", r"compete"),
    "conclusion": (r"conclusion", r"winner", r"complementary", r"using both", r"depends heavily"),
    "performance": (
        r"performance",
        r"\bspeed",
        r"faster",
        r"slower(?! to adopt)",
        r"optimi[sz]",
        r"efficien",
        r"benchmark",
        r"\bheavy\b",
        r"larger framework",
    ),
}
_TOPIC_RES = {topic: [re.compile(p, re.IGNORECASE) for p in pats] for topic, pats in _TOPIC_PATTERNS.items()}

# Ties go to the more specific topic.
_TOPIC_PRIORITY = (
    "rating",
    "origin",
    "automl",
    "debugging",
    "alternatives",
    "cons",
    "graph",
    "deployment",
    "adoption",
    "integration",
    "usability",
    "research",
    "production",
    "performance",
    "conclusion",
)

_DECISIVE = ("rating", "origin")
"""Topics a claim is about whenever it states them ("launched by Facebook's AI Research lab"), whatever else
it mentions: they answer who and how-rated questions that nothing else answers."""

TOOLS = frameworks.TOOLS
"""Re-exported from the vocabulary module (``knowledge.frameworks``), where tool names are defined."""
key_terms = frameworks.key_terms

_OPINION = re.compile(
    r"\b(best|ideal|love|surpris\w*|shines?|superiority|elegan\w*|powerhouse|celebrated|remarkabl\w*|incredibl\w*|"
    r"easier|better|intuitive|natural|owns|dominat\w*|strong|leading|mature|vibrant|impressive|refreshingly|"
    r"giants?|iconic|heavy|complex|weaker|smooth|friendly|approachable|few frameworks)\b",
    re.IGNORECASE,
)
_ADOPTION = re.compile(
    r"\b(adopt\w*|companies|enterprises like|prefer|lean on|community|backing|footprint)\b", re.IGNORECASE
)
_WEAKNESS = re.compile(
    r"\b(less (?:mature|flexible)|newer|weaker|heav(?:y|ier)|complex (?:api|setup)|historically complex|"
    r"requires more|slower|smaller|limited|lags?|lagging|harder|steeper|drawbacks?|weakness(?:es)?)\b",
    re.IGNORECASE,
)
_STRENGTH = re.compile(
    r"\b(best|ideal|love|shines?|superiority|elegan\w*|powerhouse|celebrated|strengths?|remarkabl\w*|"
    r"incredibl\w*|easier|easy|better|intuitive|natural|owns|dominat\w*|strong|leading|mature|vibrant|"
    r"impressive|refreshingly|smooth|friendly|approachable|flexib\w*|ready|advantage|lead|wins?|massive|"
    r"simplicity|simplifies|improv\w*|benefits?|versatil\w*|solid|high)\b",
    re.IGNORECASE,
)
_RATING_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(5|10|100)\b")


def topic_scores(text: str, section: Iterable[str] = ()) -> dict[str, int]:
    section_text = " ".join(section)
    scores: dict[str, int] = {}
    named, named_in_section = frameworks.named_topics(text), frameworks.named_topics(section_text)
    for topic, regexes in _TOPIC_RES.items():
        score = sum(2 * len(r.findall(text)) + len(r.findall(section_text)) for r in regexes)
        score += 2 * named.get(topic, 0) + named_in_section.get(topic, 0)
        if score:
            scores[topic] = score
    return scores


def classify_topic(text: str, section: Iterable[str] = (), *, hint: str | None = None) -> str:
    """Best topic; ``hint`` (a table's "Cons" column, a Conclusion section) wins outright."""
    if hint:
        return hint
    scores = topic_scores(text, section)
    if not scores:
        return "overview"
    for decisive in _DECISIVE:
        if scores.get(decisive, 0) >= 2:  # stated in the claim itself, not only in its section
            return decisive
    best = max(scores.values())
    for topic in _TOPIC_PRIORITY:
        if scores.get(topic) == best:
            return topic
    return "overview"


def aspects(text: str, section: Iterable[str], topic: str) -> tuple[str, ...]:
    scores = topic_scores(text, section)
    ranked = sorted(scores, key=lambda t: (-scores[t], _TOPIC_PRIORITY.index(t) if t in _TOPIC_PRIORITY else 99))
    return (topic, *[t for t in ranked if t != topic])


def stated_rating(text: str) -> tuple[float, float] | None:
    """A rating such as "4.6/5" as the text states it, (4.6, 5.0), or None."""
    match = _RATING_VALUE.search(text)
    if not match or ("★" not in text and "rating" not in text.lower() and "rated" not in text.lower()):
        return None
    return float(match.group(1)), float(match.group(2))


def rating_value(text: str) -> float | None:
    """A rating such as "4.6/5" as a fraction of the maximum (0.92), or None."""
    stated = stated_rating(text)
    return None if stated is None else round(stated[0] / stated[1], 4)


def classify_kind(text: str, topic: str, rating: float | None) -> str:
    if rating is not None:
        return "rating"
    if topic == "adoption" or _ADOPTION.search(text):
        return "adoption"
    if _OPINION.search(text):
        return "opinion"
    return "factual"


def stance(text: str, subject: str, favors: str, rivals: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strengths, weaknesses): the frameworks among ``rivals`` the claim states a strength or a weakness of.

    A claim about ``subject`` that credits the other framework (a "Cons" cell) states a weakness of its
    subject; otherwise weakness words ("less mature", "can be heavy") make it one, and praise a strength.
    """
    rivals = tuple(rivals)
    if subject not in rivals:
        return (), ()
    if favors in rivals and favors != subject:
        return (), (subject,)
    if _WEAKNESS.search(text):
        return (), (subject,)
    if _STRENGTH.search(text):
        return (subject,), ()
    return (), ()

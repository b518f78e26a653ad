"""Writing the answer text: the direct answer first, then points that each restate a cited claim.

Only claim text and fixed connecting phrases appear: the composer never states a fact of its own.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.decision import Decision
from assistant.question import Intent, Question
from knowledge.claims import Claim
from knowledge.frameworks import display

_RATING_TEXT = re.compile(r"\d+(?:\.\d+)?\s*/\s*\d+")
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


def _opening(question: Question, decision: Decision) -> str:
    pick = decision.recommendation
    if pick is None:
        return "No single framework: the article's claims on this are below."
    name = display(pick)
    if decision.rating_comparison and len(question.named) != 1:
        scores = ", ".join(
            f"{display(c.subject)} {m.group(0).replace(' ', '')}"
            for c in decision.rating_comparison
            if (m := _RATING_TEXT.search(c.text))
        )
        return f"{name}. The article rates them {scores}."
    if question.intent is Intent.YES_NO and question.named and pick not in question.named:
        asked = " or ".join(display(f) for f in question.named)
        return f"{name}, rather than {asked}: the article credits {name} here."
    if question.intent is Intent.WHICH:
        return f"{name}. The article credits {name} here:"
    return f"{name}. From the article:"


def compose(question: Question, decision: Decision) -> str:
    lines = [_opening(question, decision)]
    for number, hit in enumerate(decision.support, start=1):
        lines.append(f"- {hit.claim.text.rstrip('.')}. [{number}]")
    return "\n".join(lines)


def abstention(claims: list[Claim]) -> str:
    """Say plainly that the article does not cover the question, and what it does cover."""
    counts = Counter(c.topic for c in claims if c.topic in _TOPIC_NAMES)
    covered = ", ".join(_TOPIC_NAMES[t] for t, _ in counts.most_common(6))
    return (
        "The article does not cover this, so I won't guess. "
        f"It compares PyTorch and TensorFlow on {covered}; ask about one of those."
    )

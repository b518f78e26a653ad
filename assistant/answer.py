"""The Answer: what every surface (CLI, REST, chat, Slack) returns, in one JSON shape."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.retriever import Hit


@dataclass(frozen=True, slots=True)
class Citation:
    claim_id: str
    text: str
    section: str
    quote: str
    start: int
    end: int
    score: float
    favors: str

    @classmethod
    def from_hit(cls, hit: Hit) -> Citation:
        c = hit.claim
        return cls(c.id, c.text, c.section_path, c.quote, c.start, c.end, round(hit.score, 4), c.favors)


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    recommendation: str | None
    confidence: float
    abstained: bool
    citations: list[Citation]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    id: str = field(default_factory=lambda: f"ans-{uuid.uuid4().hex[:16]}")
    measured: dict[str, Any] | None = None
    """What the evaluators measured here about the question (findings, missing jobs), when it is measurable."""
    subject: str | None = None
    """The framework the answer is about where that is not simply its pick: the one whose drawbacks or makers it
    lists, or the one that does worse on what was asked ("which uses more memory?", "which would you not pick
    for ...?"), which is never the recommendation."""

    @property
    def settled_on(self) -> str | None:
        """The framework a follow-up's "it" refers to: what the answer is about, else its pick."""
        return self.subject or self.recommendation

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        ordered = {"id": data.pop("id")}
        ordered.update(data)
        return ordered

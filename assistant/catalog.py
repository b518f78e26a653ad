"""Browsing claims with their current verdicts and evidence history (for the API and audits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.errors import UserInputError
from evaluators.service import EvaluationService
from evaluators.verdicts import MIXED, VERDICTS
from knowledge.claims import TOPICS, Claim

UNVERIFIED = "unverified"
"""The verdict filter's name for testable claims whose jobs have not run yet."""
VERDICT_FILTERS = (*VERDICTS, MIXED, UNVERIFIED)
FRAMEWORK_FILTERS = ("pytorch", "tensorflow", "both", "neither")


@dataclass(frozen=True, slots=True)
class ClaimPage:
    total: int
    items: list[dict[str, Any]]


class ClaimCatalog:
    def __init__(self, evaluations: EvaluationService) -> None:
        self.evaluations = evaluations

    def verdict(self, claim: Claim) -> str:
        return self.evaluations.claim_verdict(claim.id) or UNVERIFIED

    def summary(self, claim: Claim, verdict: str | None = None) -> dict[str, Any]:
        return {**claim.to_dict(), "verdict": verdict or self.verdict(claim)}

    def list(
        self,
        topic: str | None = None,
        framework: str | None = None,
        verdict: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> ClaimPage:
        """Claims in document order, filtered, one page of them with their current verdicts."""
        _check_choice("topic", topic, TOPICS)
        _check_choice("framework", framework, FRAMEWORK_FILTERS)
        _check_choice("verdict", verdict, VERDICT_FILTERS)
        claims = [
            c
            for c in self.evaluations.claims
            if (topic is None or c.topic == topic or topic in c.aspects)
            and (framework is None or framework in c.frameworks or framework == c.subject or framework == c.favors)
        ]
        if verdict is None:
            page = claims[offset : offset + limit]
            return ClaimPage(len(claims), [self.summary(c) for c in page])
        judged = [(c, self.verdict(c)) for c in claims]
        matching = [(c, v) for c, v in judged if v == verdict]
        return ClaimPage(len(matching), [self.summary(c, v) for c, v in matching[offset : offset + limit]])

    def detail(self, claim_id: str) -> dict[str, Any]:
        """The claim, its current evidence, its whole evidence history and the jobs that measure it."""
        claim = self.evaluations.claim(claim_id)
        current = self.evaluations.evidence_for_claim(claim_id)
        history = self.evaluations.store.history_for_claim(claim_id)
        registry = self.evaluations.registry
        return {
            **self.summary(claim),
            "jobs": [job.id for job in self.evaluations.jobs_for_claim(claim)],
            "hypotheses": self.evaluations.hypotheses(claim),
            "links": self.evaluations.claim_links(claim_id),
            "current_evidence": [r.to_dict() for r in current],
            "history": [{**r.to_dict(), "stale": self.evaluations.store.is_stale(r, registry)} for r in history],
        }


def _check_choice(name: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise UserInputError(f"{name} must be one of {', '.join(choices)}, got {value!r}")

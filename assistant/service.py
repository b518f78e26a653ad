"""The answer service: ``Assistant.ask(question) -> Answer``, shared by every surface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from assistant.answer import Answer, Citation
from assistant.compose import abstention, compose, passing_mention
from assistant.decision import (
    ABSTAIN_THRESHOLD,
    CANDIDATES,
    DUPLICATE_COSINE,
    compares_third,
    content_text,
    decide,
    judge_scope,
    off_topic,
    rerank,
    vocabulary,
)
from assistant.errors import UserInputError
from assistant.measured import MeasuredPart, asks_weakness, weigh
from assistant.question import Question, QuestionReader, validate
from assistant.question_features import ArticleProfile
from assistant.question_model import QuestionModel
from knowledge.frameworks import mask
from knowledge.retriever import Retriever

MAX_K = 20


class EvidenceSource(Protocol):
    """Measured evidence for cited claims and measurable questions (filled in by the evaluators; empty without)."""

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def measured_for(self, question: Question) -> MeasuredPart | None: ...


class Assistant:
    def __init__(
        self,
        retriever: Retriever,
        evidence: EvidenceSource | None = None,
        default_k: int = 4,
        max_question_chars: int = 2000,
        reader: QuestionReader | None = None,
    ) -> None:
        """``reader``: the fitted question model; the one shipped with the package when not given."""
        self.retriever = retriever
        self.reader = reader or QuestionReader(
            QuestionModel.load(), ArticleProfile.of(retriever.claims, retriever.index.vectors)
        )
        self.evidence = evidence
        self.default_k = default_k
        self.max_question_chars = max_question_chars
        self._known_words = vocabulary(retriever.claims)

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.ask_many([question], k)[0]

    def ask_many(self, questions: Sequence[str], k: int | None = None) -> list[Answer]:
        """Answer several questions, embedding them in one batch (what concurrent callers should use)."""
        k = self._check_k(k)
        cleaned = [validate(q, self.max_question_chars) for q in questions]
        # Each question needs its own vector (retrieval and the question model read it) and that of its
        # framework-masked form; most name no framework, so the two texts are the same and are embedded once.
        masked = [mask(q) or q for q in cleaned]
        texts = list(dict.fromkeys(text for pair in zip(cleaned, masked, strict=True) for text in pair))
        row = {text: i for i, text in enumerate(texts)}
        embedded = self.retriever.embed(texts)
        return [
            self._answer(self.reader.read(q, embedded[row[q]], embedded[row[m]]), embedded[[row[q], row[m]]], k)
            for q, m in zip(cleaned, masked, strict=True)
        ]

    def _check_k(self, k: int | None) -> int:
        value = self.default_k if k is None else k
        if not 1 <= value <= MAX_K:
            raise UserInputError(f"k must be between 1 and {MAX_K}, got {value}")
        return value

    def _answer(self, question: Any, vectors: np.ndarray, k: int) -> Answer:
        candidates = self.retriever.search(
            question.text, CANDIDATES, vector=vectors[0], lexical_text=content_text(question)
        )
        hits = rerank(question, candidates)
        scope = judge_scope(question, self.retriever, vectors, hits[:k])
        measured = self.evidence.measured_for(question) if self.evidence else None
        outside = off_topic(question, scope.confidence, self._known_words)
        if scope.confidence < ABSTAIN_THRESHOLD or outside:
            # The article is silent, but a question about PyTorch or TensorFlow that a job measured is answered.
            if measured is not None and measured.findings and question.named and not outside:
                return self._measured_only(question, measured)
            return Answer(question.text, abstention(self.retriever.claims), None, scope.confidence, True, [])
        duplicates = self.retriever.index.near_duplicates(DUPLICATE_COSINE)
        decision = decide(question, hits, self.retriever.claims, duplicates, k)
        citations = [Citation.from_hit(h) for h in decision.support]
        if compares_third(question):
            said = [h.claim for h in decision.support if set(question.third) & set(h.claim.frameworks)][:1]
            cited = [c for c in citations if c.claim_id in {s.id for s in said}]
            return Answer(question.text, passing_mention(question, said), None, scope.confidence, True, cited)
        evidence = self.evidence.evidence_for_claims([c.claim_id for c in citations]) if self.evidence else []
        weighed = weigh(
            decision.recommendation,
            scope.confidence,
            measured,
            asks_choice=question.choice,
            asks_weakness=asks_weakness(question),
        )
        return Answer(
            question=question.text,
            answer=with_measurement(compose(question, decision), weighed.note, measured),
            recommendation=weighed.recommendation,
            confidence=round(weighed.confidence, 4),
            abstained=False,
            citations=citations,
            evidence=evidence,
            measured=measured.to_dict() if measured else None,
        )

    def _measured_only(self, question: Any, measured: MeasuredPart) -> Answer:
        """The article is silent but this machine measured it: answer from the measurement, and say so."""
        weighed = weigh(
            None, MEASURED_ONLY_CONFIDENCE, measured, asks_choice=True, asks_weakness=asks_weakness(question)
        )
        opening = "The article does not cover this, but it was measured here."
        return Answer(
            question=question.text,
            answer=with_measurement(opening, weighed.note, measured),
            recommendation=weighed.recommendation if question.choice or question.comparative else None,
            confidence=round(weighed.confidence, 4),
            abstained=False,
            citations=[],
            measured=measured.to_dict(),
        )


MEASURED_ONLY_CONFIDENCE = 0.6
"""Confidence of an answer that rests on a local measurement alone (one machine, one workload)."""


def with_measurement(text: str, note: str, measured: MeasuredPart | None) -> str:
    """An answer's text followed by how the measurement bears on it and the 'Measured here' lines."""
    if note:
        text = f"{text}\n{note}"
    if measured is None:
        return text
    lines = measured.lines()
    return f"{text}\n\nMeasured here:\n" + "\n".join(f"- {line}" for line in lines) if lines else text

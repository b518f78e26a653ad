"""Retrieval: a question in, scored claims out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge.claims import Claim
from knowledge.embedder import Embedder
from knowledge.index import HybridIndex, top_positions


@dataclass(frozen=True, slots=True)
class Hit:
    claim: Claim
    score: float
    """Fused score: cosine + weighted, normalised BM25."""
    dense: float
    """Cosine similarity between question and claim."""
    lexical: float
    """BM25 scaled to the best lexical hit of this question (0..1)."""
    position: int = -1
    """Row of the claim in the index (its vector), or -1 for a claim added without retrieval."""


class Retriever:
    def __init__(self, embedder: Embedder, index: HybridIndex) -> None:
        self._embedder = embedder
        self.index = index

    @property
    def claims(self) -> list[Claim]:
        return self.index.claims

    def embed(self, questions: list[str]) -> np.ndarray:
        return self._embedder.encode(questions)

    def search(
        self, question: str, k: int, vector: np.ndarray | None = None, lexical_text: str | None = None
    ) -> list[Hit]:
        """Top ``k`` claims.

        ``vector``: the question's embedding when the caller batched it already. ``lexical_text``: the
        words BM25 should match (callers drop question words like "which"); the question by default.
        """
        query = self.embed([question])[0] if vector is None else vector
        scored = self.index.search(query, question if lexical_text is None else lexical_text, k)
        return [Hit(self.index.claims[s.position], s.score, s.dense, s.lexical, s.position) for s in scored]

    def on_topic(self, topic: str, vector: np.ndarray, k: int, document_id: str | None = None) -> list[Hit]:
        """The ``k`` claims labelled ``topic`` (of ``document_id`` where given), the closest to ``vector`` first
        (scored by cosine alone)."""
        rows = [
            i
            for i, claim in enumerate(self.index.claims)
            if claim.topic == topic and document_id in (None, claim.document_id)
        ]
        if not rows:
            return []
        cosines = self.index.vectors[rows] @ vector.reshape(-1).astype(np.float32)
        best = top_positions(cosines, k)
        return [Hit(self.index.claims[rows[i]], float(cosines[i]), float(cosines[i]), 0.0, rows[i]) for i in best]

    def terms(self, text: str) -> list[str]:
        """The question's content words as BM25 sees them (stemmed, stop words removed)."""
        return self.index.query_terms(text)

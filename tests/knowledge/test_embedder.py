from __future__ import annotations

import numpy as np
import pytest

SENTENCES = [
    "Which framework should I pick for AutoML?",
    "PyTorch, launched by Facebook’s AI Research lab, is known for its dynamic computational graph.",
    "TFLite",
]


def test_vectors_are_normalised_and_384_wide(embedder):
    vectors = embedder.encode(SENTENCES)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batching_does_not_change_vectors(embedder):
    together = embedder.encode(SENTENCES)
    alone = np.vstack([embedder.encode([s]) for s in SENTENCES])
    assert np.allclose(together, alone, atol=1e-5)


def test_fast_encoder_matches_sentence_transformers(embedder):
    """The torch-only encoder must give the reference pipeline's embeddings (it exists for start-up time)."""
    pytest.importorskip("sentence_transformers")
    from knowledge.embedder import SentenceTransformerEmbedder

    reference = SentenceTransformerEmbedder(threads=1).encode(SENTENCES)
    assert np.abs(embedder.encode(SENTENCES) - reference).max() < 1e-5

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
    """The ONNX Runtime encoder must give the reference pipeline's embeddings (it exists for start-up and speed)."""
    pytest.importorskip("sentence_transformers")
    from knowledge.embedder import SentenceTransformerEmbedder

    reference = SentenceTransformerEmbedder(threads=1).encode(SENTENCES)
    assert np.abs(embedder.encode(SENTENCES) - reference).max() < 1e-5


def test_the_onnx_graph_is_built_once_into_the_cache(embedder, tmp_path):
    from knowledge.embedder import MiniLMEmbedder

    cached = MiniLMEmbedder(threads=1, cache_dir=tmp_path)
    [graph] = tmp_path.glob("*.onnx")
    built_at = graph.stat().st_mtime_ns
    again = MiniLMEmbedder(threads=1, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == [graph] and graph.stat().st_mtime_ns == built_at  # reused, no leftovers
    assert np.abs(cached.encode(SENTENCES) - embedder.encode(SENTENCES)).max() < 1e-6
    assert np.array_equal(again.encode(SENTENCES), cached.encode(SENTENCES))

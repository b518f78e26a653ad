"""Issue 19, problem 1: ingest cost. Near-duplicates in O(n·k) memory, a per-document claim cap, and a
server that picks up an index rebuilt by another process (``weighin ingest``) without a restart."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import numpy as np

from knowledge.index import FaissDenseIndex, HybridIndex, IndexManifest, NumpyDenseIndex
from knowledge.neighbours import NEIGHBOURS
from tests.api.conftest import api_settings, build_test_runtime, make_client
from tests.conftest import knowledge_base_for

KEY = {"X-API-Key": "test-key-1"}


def near_identical_vectors(count: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=384) + 0.05 * rng.normal(size=(count, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def index_over(vectors: np.ndarray, dense: object) -> HybridIndex:
    manifest = IndexManifest(model="m", dimension=384, corpus_hash="", code_version="", backend="faiss")
    return HybridIndex(manifest, [], vectors, dense, lexical=None)  # type: ignore[arg-type]


def test_near_duplicates_of_thousands_of_near_identical_claims_take_memory_in_n_times_k():
    """Main compared every claim with every other: 8,000 claims made an 8,000² matrix (256 MB) and a Python
    loop over 64 million pairs. Each claim now has at most k neighbours, in both directions."""
    vectors = near_identical_vectors(8_000)
    for dense in (FaissDenseIndex.from_vectors(vectors), NumpyDenseIndex(vectors)):
        index = index_over(vectors, dense)
        tracemalloc.start()
        try:
            found = index.near_duplicates(0.9)
            peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        finally:
            tracemalloc.stop()
        assert peak_mb < 64, f"{type(dense).__name__} peaked at {peak_mb:.0f} MB"
        assert len(found) == len(vectors)
        assert found.pairs <= 2 * NEIGHBOURS * len(vectors)  # k each way, not the 64 million pairs above 0.9
        some = next(iter(found[0]))
        assert 0 in found[some] and float(vectors[0] @ vectors[some]) > 0.9


def sentences(count: int) -> str:
    body = " ".join(
        f"PyTorch trains the convolutional model number {i} faster than TensorFlow does." for i in range(count)
    )
    return f"# Framework notes\n\n{body}\n"


def test_a_document_with_more_claims_than_the_cap_is_refused_with_413_naming_it(embedder, tmp_path):
    settings = api_settings(tmp_path / "data", tmp_path / "db.sqlite", WEIGHIN_MAX_DOCUMENT_CLAIMS="50")
    runtime = build_test_runtime(settings, embedder)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            too_many = client.post("/v1/documents", json={"filename": "many.md", "content": sentences(60)}, headers=KEY)
            assert too_many.status_code == 413, too_many.text
            problem = too_many.json()
            assert "60 claims" in problem["detail"] and "WEIGHIN_MAX_DOCUMENT_CLAIMS" in problem["detail"]
            assert problem["errors"][0]["field"] == "content" and "many.md" in problem["detail"]
            assert not (tmp_path / "data" / "documents" / "many.json").exists()
            fits = client.post("/v1/documents", json={"filename": "few.md", "content": sentences(40)}, headers=KEY)
            assert fits.status_code == 201 and fits.json()["claims"] == 40
    finally:
        runtime.close()


def test_a_running_server_answers_from_a_document_ingested_by_another_process(embedder, tmp_path: Path):
    """Issue 18: ``weighin ingest`` rebuilt the index on disk, but the server kept answering from the old one
    until restarted. The server now watches the manifest's generation and swaps the new index in."""
    settings = api_settings(tmp_path / "data", tmp_path / "db.sqlite", WEIGHIN_INDEX_WATCH_SECONDS="1")
    runtime = build_test_runtime(settings, embedder)
    note = tmp_path / "jax-notes.md"
    note.write_text("# JAX notes\n\nJAX offers composable transformations such as grad, jit and vmap.\n")
    question = {"question": "Which library offers vmap and jit transformations?"}
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            before = runtime.assistant.retriever.index.manifest.generation
            assert not any("vmap" in c["quote"] for c in client.post("/v1/ask", json=question).json()["citations"])
            knowledge_base_for(settings, embedder).ingest(note)  # what `weighin ingest` does, in its own process
            deadline = time.monotonic() + 20
            while runtime.assistant.retriever.index.manifest.generation == before and time.monotonic() < deadline:
                time.sleep(0.2)
            assert runtime.assistant.retriever.index.manifest.generation == before + 1
            cited = client.post("/v1/ask", json=question).json()["citations"]
            assert any("vmap" in c["quote"] for c in cited), cited
            assert any("vmap" in c.text for c in runtime.evaluations.claims)
    finally:
        runtime.close()

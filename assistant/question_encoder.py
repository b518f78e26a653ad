"""The fine-tuned question encoder: MiniLM with a low-rank adapter, and three softmax heads over its vector.

The linear heads of ``assistant.question_model`` read the question through a frozen MiniLM vector and its
n-grams. This second reader sees the words in order: all-MiniLM-L6-v2 with a rank-8 update of every dense
weight of its six layers (LoRA), fitted together with a form, a property and a polarity head on the labelled
question corpus (``assistant.question_encoder_training``). Both readers' probabilities are averaged
(:data:`ENCODER_WEIGHT`): with three training files held out, the average read form, property, polarity and
scope better than either reader alone (BENCHMARKS.md).

The adapter and the heads ship as ``assistant/data/question_encoder.npz`` (1.3 MB: the adapter's low-rank
factors, not a second copy of the model). Serving adds the adapter to the checkpoint's weights, writes the
graph like the retrieval embedder's (``knowledge.minilm_onnx``, cached under the data dir's ``models/`` when
there is one) and runs it on ONNX Runtime; torch is never imported. It costs one more encoder pass per question
that the linear heads are unsure of (:data:`CONSULT_BELOW`).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import QuestionModelMissing
from assistant.question_model import HEADS

if TYPE_CHECKING:
    from knowledge.embedder import Embedder

SHIPPED_ENCODER = Path(__file__).resolve().parent / "data" / "question_encoder.npz"
ENCODER_PRECISION = "int8"
"""The encoder's graph stores its dense weights as int8 whatever precision retrieval embeds at: over the 4,093
training questions it picks the float32 graph's form for 99.9% of them, property 99.6%, polarity 99.4%, in 1.8 ms
a question against 3.9 ms (``knowledge.minilm_onnx``; BENCHMARKS.md)."""
ENCODER_WEIGHT = 0.5
"""The encoder's share of each head's probabilities, the linear reader's being the rest (chosen with three
training files held out, two such folds: BENCHMARKS.md)."""
CONSULT_BELOW = 0.8
"""The encoder reads a question only when one of the linear heads is less sure than this of its likeliest class.
On the same two folds the encoder then read 37-44% of the questions, with the four figures within a question or two
of reading all of them (BENCHMARKS.md): the sure questions were ones both readers agree on."""


@dataclass(frozen=True, slots=True)
class SoftmaxHead:
    """``softmax(coef @ (scale * vector) + intercept)`` over ``classes``."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    scale: float

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = self.coef @ (self.scale * vector) + self.intercept
        shifted = np.exp(logits - logits.max())
        return np.asarray(shifted / shifted.sum())


class QuestionEncoder:
    """Reads one question into each head's class probabilities (in the head's own class order)."""

    def __init__(self, embedder: Embedder, heads: dict[str, SoftmaxHead], metadata: dict[str, Any]) -> None:
        self.embedder = embedder
        self.heads = heads
        self.metadata = metadata

    @classmethod
    def load(
        cls,
        path: Path = SHIPPED_ENCODER,
        threads: int | None = 1,
        cache_dir: Path | None = None,
        precision: str = ENCODER_PRECISION,
    ) -> QuestionEncoder:
        from knowledge.embedder import MiniLMEmbedder

        heads, metadata = read_heads(path)
        try:
            embedder = MiniLMEmbedder(threads=threads, cache_dir=cache_dir, precision=precision, adapter=path)
        except (OSError, KeyError, ValueError, RuntimeError) as exc:  # RuntimeError: the cached graph's build
            raise QuestionModelMissing(f"cannot read the question encoder {path}: {exc}") from exc
        for name, head in heads.items():
            if head.coef.shape[1] != embedder.dimension:
                raise QuestionModelMissing(
                    f"{path}: the {name} head reads {head.coef.shape[1]} dimensions, the model has "
                    f"{embedder.dimension}; refit it"
                )
        return cls(embedder, heads, metadata)

    def read(self, text: str) -> dict[str, np.ndarray]:
        vector = self.embedder.encode([text])[0]
        return {name: head.probabilities(vector) for name, head in self.heads.items()}

    def aligned(self, classes: Mapping[str, tuple[str, ...]]) -> Callable[[str], dict[str, np.ndarray]]:
        """:meth:`read` with each head's probabilities in the order of ``classes[head]`` (the linear heads'
        classes). Both readers must know the same classes (fitted on the same corpus), else
        ``QuestionModelMissing``."""
        orders = {head: _order(self.heads[head].classes, wanted, head) for head, wanted in classes.items()}
        return lambda text: {head: p[orders[head]] for head, p in self.read(text).items()}


def read_heads(path: Path) -> tuple[dict[str, SoftmaxHead], dict[str, Any]]:
    """The heads and the metadata of an encoder file; a missing or malformed file is ``QuestionModelMissing``."""
    try:
        with np.load(path, allow_pickle=False) as data:
            scale = float(data["logit_scale"])
            heads = {
                name: SoftmaxHead(
                    tuple(str(c) for c in data[f"head:{name}:classes"]),
                    data[f"head:{name}:coef"].astype(np.float32),
                    data[f"head:{name}:intercept"].astype(np.float32),
                    scale,
                )
                for name in HEADS
            }
            metadata = json.loads(str(data["metadata"]))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise QuestionModelMissing(f"cannot read the question encoder {path}: {exc}") from exc
    for name, head in heads.items():
        if (
            head.coef.ndim != 2
            or head.coef.shape[0] != len(head.classes)
            or head.intercept.shape != (len(head.classes),)
        ):
            raise QuestionModelMissing(f"{path}: the {name} head's weights do not match its classes; refit it")
    return heads, metadata


def _order(encoder_classes: tuple[str, ...], classes: tuple[str, ...], head: str) -> np.ndarray:
    """Indices that put the encoder's probabilities in ``classes``' order."""
    if set(encoder_classes) != set(classes):
        raise QuestionModelMissing(
            f"the question encoder's {head} classes {sorted(encoder_classes)} are not the question model's "
            f"{sorted(classes)}; refit both on the same corpus"
        )
    return np.asarray([encoder_classes.index(c) for c in classes], dtype=np.int64)

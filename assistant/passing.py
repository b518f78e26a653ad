"""Whether the article's passing mention of a third framework answers a question about it.

The bundled article names JAX, MXNet and Keras in one sentence: who backs them, that JAX is research-focused and
emerging, that PyTorch and TensorFlow are the most widely adopted. "Which company backs MXNet?" or "Is JAX as widely
used as PyTorch?" is answered by that sentence; "Should I learn JAX?" or "Is MXNet good for mobile?" is not, and an
answer that lists the sentence anyway must say that the article does not answer it (it abstains).

Which is which is learned from the labelled question corpus (``expect.abstain`` of the training questions whose
form is ``third_framework``): a logistic regression over the MiniLM embedding of the question with framework names
masked, which the answer service computes anyway. Fitted offline by ``python -m assistant.passing_training``; it
reads only what the bundled article says, so it is asked only where the best claim is the bundled article's.
Serving needs only NumPy: one dot product.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import QuestionModelMissing

SHIPPED = Path(__file__).resolve().parent / "data" / "passing_mention.npz"
UNNAMED_KIND = Path(__file__).resolve().parent / "data" / "unnamed_kind.npz"
"""The same kind of model for a question about who uses a framework: whether it asks about a kind of organisation
the article never names ("Which banks use PyTorch?"); ``python -m assistant.unnamed_training``."""


@dataclass(frozen=True, slots=True)
class PassingMention:
    coef: np.ndarray
    """One weight per embedding dimension; a positive score means the article does not answer the question."""
    intercept: float
    metadata: dict[str, Any] = field(default_factory=dict)
    """How it was fitted: corpus hash and files, questions, C, held-out-file accuracy against the rule before."""

    def unanswered(self, masked_embedding: np.ndarray) -> bool:
        """True when the article does not answer the question (its framework-masked embedding): the probability the
        model gives is above the threshold it was fitted with (``metadata["threshold"]``, 0.5 when none)."""
        threshold = float(self.metadata.get("threshold", 0.5))
        return float(masked_embedding @ self.coef) + self.intercept > math.log(threshold / (1.0 - threshold))

    @classmethod
    def load(cls, path: Path = SHIPPED) -> PassingMention:
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(
                    data["coef"].astype(np.float32),
                    float(data["intercept"]),
                    json.loads(str(data["metadata"])),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise QuestionModelMissing(f"cannot read the passing-mention model {path}: {exc}") from exc

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez_compressed(
                out,
                allow_pickle=False,
                coef=self.coef.astype(np.float32),
                intercept=np.asarray(self.intercept),
                metadata=np.asarray(json.dumps(self.metadata)),
            )

"""The fitted question classifiers, as served: linear heads over the question's features.

Three heads read a question (``assistant.question_features``: its MiniLM embeddings with and without framework
names, which retrieval computes anyway, exact vocabulary facts, how close it comes to the knowledge base's
claims, and learned word and character n-grams): its **form** (one of the eleven answer forms), the
**property** it asks about (an article topic or a measured property, or none) and its **polarity** (does
it ask for the better side, the worse side, or neither). It is **in scope** (the article or the
measurements cover it) unless its form is ``off_topic``.

The heads are linear support-vector classifiers fitted offline by ``assistant.question_training``, each
with a temperature fitted on its cross-validated decision values so that a softmax of its scores is a
calibrated probability. Served, where one of the heads is unsure (``assistant.question_encoder.CONSULT_BELOW``),
each head averages its probabilities with those of the fine-tuned encoder (``assistant.question_encoder``), which
reads the words in order.

The heads ship as ``assistant/data/question_model.npz`` with how they were built
(corpus hash, embedding model, scikit-learn version, feature weights). Serving needs only NumPy: a
prediction is three small matrix products over the dense features plus a gather of the weights of the
n-grams the question has.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import QuestionModelMissing
from assistant.question_features import ArticleProfile, Row, Vocabulary, featurize

SHIPPED_MODEL = Path(__file__).resolve().parent / "data" / "question_model.npz"
HEADS = ("form", "property", "polarity")
OFF_TOPIC = "off_topic"
"""The form of a question the knowledge base does not cover: a question is in scope exactly when its form is
another (the corpus's definition; a separate scope head did worse in cross-validation, BENCHMARKS.md)."""
NO_PROPERTY = "none"
"""The property class of a question that asks about nothing the article or the jobs cover."""

ALWAYS = float("inf")
"""``consult_below`` that asks the encoder on every question (no probability reaches it)."""


@dataclass(frozen=True, slots=True)
class LinearHead:
    """One linear classifier: ``classes[argmax(coef @ x + intercept)]``; probabilities are the softmax of
    those scores times ``temperature``."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float = 1.0
    by_column: np.ndarray = field(init=False, repr=False, compare=False)
    """``coef`` transposed and contiguous: one row of class weights per feature, so that reading a question
    gathers the rows of the few n-grams it has."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_column", np.ascontiguousarray(self.coef.T))

    def scores(self, rows: Any) -> np.ndarray:
        """Decision scores of a design matrix (dense or sparse), one row per input row (a binary head has one
        column, for ``classes[1]``)."""
        return np.asarray(rows @ self.coef.T + self.intercept)

    def decision(self, row: Row) -> np.ndarray:
        """Decision scores of one row: the dense prefix's product plus the weights of its nonzero n-grams."""
        width = len(row.dense)
        tail = row.values @ self.by_column[width + row.columns] if len(row.columns) else 0.0
        return np.asarray(row.dense @ self.by_column[:width] + tail + self.intercept)

    def probabilities(self, row: Row) -> np.ndarray:
        logits = self.temperature * self.decision(row)
        if len(self.classes) == 2 and len(logits) == 1:  # scikit-learn's binary form: one row for classes[1]
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.asarray([1.0 - positive, positive])
        # The ufuncs' own reductions: what .max() and .sum() call, without their Python wrappers (~2 us each,
        # three heads a question).
        shifted = np.exp(logits - np.maximum.reduce(logits))
        return np.asarray(shifted / np.add.reduce(shifted))


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model reads in one question."""

    form: str
    confidence: float
    """The form head's probability for ``form`` (with the encoder, the average of both readers' probabilities:
    no longer calibrated on its own; it is shown and logged, never compared with a threshold)."""
    property: str | None
    property_confidence: float
    polarity: str
    in_scope: bool


class QuestionModel:
    def __init__(self, heads: dict[str, LinearHead], vocabulary: Vocabulary, metadata: dict[str, Any]) -> None:
        self.heads = heads
        self.vocabulary = vocabulary
        self.metadata = metadata
        """How the model was built: corpus hash and files, embedding model, scikit-learn version, CV scores."""

    @classmethod
    def load(cls, path: Path = SHIPPED_MODEL) -> QuestionModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                heads = {
                    head: LinearHead(
                        tuple(str(c) for c in data[f"{head}_classes"]),
                        data[f"{head}_coef"].astype(np.float32),
                        data[f"{head}_intercept"].astype(np.float32),
                        float(data[f"{head}_temperature"]),
                    )
                    for head in HEADS
                }
                vocabulary = Vocabulary(
                    tuple(str(g) for g in data["vocabulary"]),
                    tuple(str(g) for g in data["char_vocabulary"]),
                    data["char_idf"].astype(np.float32),
                )
                metadata = json.loads(str(data["metadata"]))
        except (OSError, KeyError, ValueError) as exc:
            raise QuestionModelMissing(f"cannot read the question model {path}: {exc}") from exc
        return cls(heads, vocabulary, metadata)

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            arrays[f"{name}_classes"] = np.asarray(head.classes)
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
            arrays[f"{name}_temperature"] = np.asarray(head.temperature)
        arrays["vocabulary"] = np.asarray(self.vocabulary.words)
        arrays["char_vocabulary"] = np.asarray(self.vocabulary.chars)
        arrays["char_idf"] = self.vocabulary.idf.astype(np.float32)
        arrays["metadata"] = np.asarray(json.dumps(self.metadata))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez_compressed(out, allow_pickle=False, **arrays)

    @property
    def classes(self) -> dict[str, tuple[str, ...]]:
        """Each head's classes, in the order of its probabilities (what ``QuestionEncoder.aligned`` takes)."""
        return {name: head.classes for name, head in self.heads.items()}

    def read(
        self,
        text: str,
        embedding: np.ndarray,
        masked_embedding: np.ndarray,
        article: ArticleProfile,
        mentioned: tuple[str, ...] | None = None,
        encode: Callable[[str], Mapping[str, np.ndarray]] | None = None,
        encoder_weight: float = 0.0,
        consult_below: float = ALWAYS,
    ) -> Reading:
        """Read one question, given its MiniLM embeddings (as retrieval computes them: the question's, and
        that of the question with framework names removed) and what the knowledge base covers
        (``mentioned``: the frameworks it names, ``frameworks.mentions(text)``, when the caller has them).

        ``encode``: the fine-tuned encoder, giving its probabilities per head in each head's class order
        (``QuestionEncoder.aligned``). It is asked only when some head's likeliest class is below
        ``consult_below`` (by default on every question); each head then reads the average of both readers, the
        encoder's weighing ``encoder_weight``."""
        row = featurize(text, embedding, masked_embedding, self.vocabulary, article, mentioned)
        probabilities = {name: head.probabilities(row) for name, head in self.heads.items()}
        if encode is not None and min(float(p.max()) for p in probabilities.values()) < consult_below:
            encoded = encode(text)
            probabilities = {
                name: (1.0 - encoder_weight) * p + encoder_weight * encoded[name] for name, p in probabilities.items()
            }
        picked: dict[str, tuple[str, float]] = {}
        for name, p in probabilities.items():
            best = int(p.argmax())
            picked[name] = self.heads[name].classes[best], float(p[best])
        form, confidence = picked["form"]
        prop, prop_confidence = picked["property"]
        return Reading(
            form=form,
            confidence=confidence,
            property=None if prop == NO_PROPERTY else prop,
            property_confidence=prop_confidence,
            polarity=picked["polarity"][0],
            in_scope=form != OFF_TOPIC,
        )

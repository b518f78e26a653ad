"""Which measured properties a sentence speaks about, learned from the labelled claim corpus.

One logistic regression per property (one-vs-rest) over three kinds of feature:

- the MiniLM embedding of the sentence with the framework names masked ("the framework is faster"), so
  that what it says decides and not whom it names;
- for each property, whether a sentence holds one of its declared cue words (the jobs' declarations);
- the word unigrams and bigrams of the masked sentence that at least :data:`MIN_COUNT` training sentences
  have (:func:`ngrams`), binary and scaled to :data:`NGRAM_WEIGHT` in all: which words speak of a property
  ("spin-up", "resident", "hand-off") is learned from the labels, as every other weight is.

It is fitted (``bench/fit_property_model.py``) on the training rows of ``corpora/claims/`` (:func:`training_rows`:
the ``train`` split of ``labels.jsonl`` and the single sentences of ``train-extra.jsonl``) and on the
declared phrases of each property, and ships as ``property_model.json`` beside this module with the hash of
what it was fitted on (:func:`training_hash`): a test fails when the corpus or the declarations change
without a refit. The held-out splits (``test``, ``fresh``) are never read. Reading a fitted model needs
NumPy only; fitting needs scikit-learn (imported by :func:`fit`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from evaluators.declarations import UNMEASURED_PHRASES, MeasuredProperty
from evaluators.errors import EvaluatorUserError
from knowledge.frameworks import CLAIM_NAME

MODEL_FILE = Path(__file__).resolve().with_name("property_model.json")
NGRAM_WEIGHT = 2.0
"""Length of a sentence's n-gram block beside its unit-length embedding (chosen by leave-one-article-out with the
threshold, ``bench/claim_linking.py``; BENCHMARKS.md)."""
MIN_COUNT = 2
"""An n-gram enters the vocabulary when at least this many training sentences have it."""
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


TRAINING_SPLITS = ("train", "train-extra")
"""The corpus splits the model is fitted on; every other split (``test``, ``fresh``) is held out."""
TRAINING_FILES = ("labels.jsonl", "train-extra.jsonl")
"""The labelled files of a claim corpus directory that hold training rows."""


class PropertyModelError(EvaluatorUserError):
    """A property model file that cannot be read."""


def training_rows(corpus: Path) -> list[dict[str, Any]]:
    """The labelled rows of a claim corpus directory that the model is fitted on, in file order: only rows
    whose split is one of :data:`TRAINING_SPLITS`, so a held-out row never reaches fitting or the hash."""
    rows: list[dict[str, Any]] = []
    for name in TRAINING_FILES:
        path = corpus / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("split") in TRAINING_SPLITS:
                    rows.append(row)
    return rows


def masked(text: str) -> str:
    """The sentence with framework names replaced ("the framework"): the embedding reads what is said."""
    return CLAIM_NAME.sub("the framework", text)


def has_cue(lowered: str, cues: Iterable[str]) -> bool:
    """Whether a lower-cased sentence holds one of the cue words as a whole word ("forward pass" is also
    "forward-pass": a space in a cue matches a hyphen too), its last word also in the plural ("dynamic graph" is
    also "dynamic graphs")."""
    return any(cue_pattern(cue).search(lowered) for cue in cues)


@functools.lru_cache(maxsize=1024)
def cue_pattern(cue: str) -> re.Pattern[str]:
    lowered = cue.lower()
    if re.search(r"[^aeiou]y$", lowered):  # "dependency", "dependencies"
        lowered, plural = lowered[:-1], "(?:y|ies)"
    elif lowered.endswith(("s", "x", "z", "ch", "sh")):  # "process", "processes"
        plural = "(?:es)?"
    else:  # "graph", "graphs"
        plural = "s?"
    words = r"[\s-]+".join(re.escape(word) for word in lowered.split())
    return re.compile(rf"(?<![\w]){words}{plural}(?![\w])")


def property_cues(properties: Sequence[MeasuredProperty]) -> dict[str, tuple[str, ...]]:
    """Property id -> its declared cue words, in declaration order."""
    cues: dict[str, tuple[str, ...]] = {}
    for prop in properties:
        cues.setdefault(prop.property_id, prop.cues)
    return cues


def property_phrases(properties: Sequence[MeasuredProperty]) -> dict[str, tuple[str, ...]]:
    phrases: dict[str, tuple[str, ...]] = {}
    for prop in properties:
        phrases.setdefault(prop.property_id, prop.phrases)
    return phrases


def ngrams(text: str) -> set[str]:
    """The word unigrams and bigrams of a sentence, lower-cased, its framework names masked."""
    words = _TOKEN.findall(masked(text.replace("’", "'")).lower())
    return {*words, *(f"{a} {b}" for a, b in pairwise(words))}


def fit_vocabulary(texts: Iterable[str], min_count: int = MIN_COUNT) -> tuple[str, ...]:
    """The n-grams at least ``min_count`` of ``texts`` have, sorted."""
    counts: dict[str, int] = {}
    for text in texts:
        for gram in ngrams(text):
            counts[gram] = counts.get(gram, 0) + 1
    return tuple(sorted(gram for gram, count in counts.items() if count >= min_count))


def column_index(vocabulary: Sequence[str]) -> dict[str, int]:
    """Each n-gram of ``vocabulary`` -> its column in the n-gram block (what :func:`features` reads)."""
    return {gram: i for i, gram in enumerate(vocabulary)}


def features(
    vectors: np.ndarray,
    texts: Sequence[str],
    cues: dict[str, tuple[str, ...]],
    columns: Mapping[str, int] | None = None,
    ngram_weight: float = NGRAM_WEIGHT,
) -> np.ndarray:
    """Rows of [embedding, one cue flag per property, the n-gram block] for sentences already embedded
    (masked); no n-gram block without ``columns`` (:func:`column_index` of the vocabulary)."""
    flags = np.array(
        [[float(has_cue(text.lower(), words)) for words in cues.values()] for text in texts], dtype=np.float32
    ).reshape(len(texts), len(cues))
    columns = columns or {}
    grams = np.zeros((len(texts), len(columns)), dtype=np.float32)
    if columns:
        for row, text in enumerate(texts):
            present = [columns[g] for g in ngrams(text) if g in columns]
            if present:
                grams[row, present] = ngram_weight / np.sqrt(len(present))
    return np.hstack([np.asarray(vectors, dtype=np.float32), flags, grams])


@dataclass(frozen=True)
class PropertyModel:
    """Fitted weights: ``probabilities`` of each property for feature rows; above ``threshold`` it is spoken of."""

    property_ids: tuple[str, ...]
    weights: np.ndarray
    """One row per property: the embedding's weights, then the cue flags', then the n-grams'."""
    bias: np.ndarray
    threshold: float
    cue_threshold: float
    """The lower probability that suffices when the sentence holds one of the property's cue words."""
    trained_on: str
    """:func:`training_hash` of what it was fitted on."""
    vocabulary: tuple[str, ...] = ()
    """The n-grams whose weights follow the cue flags' (:func:`features`)."""
    ngram_weight: float = NGRAM_WEIGHT
    columns: dict[str, int] = field(init=False, repr=False, compare=False)
    """Each n-gram's column in the n-gram block (built once: a sentence is read per claim)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", column_index(self.vocabulary))

    def rows(self, vectors: np.ndarray, texts: Sequence[str], cues: dict[str, tuple[str, ...]]) -> np.ndarray:
        """The feature rows this model reads (:func:`features` with its vocabulary)."""
        return features(vectors, texts, cues, self.columns, self.ngram_weight)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights.T + self.bias)))

    def detect(self, rows: np.ndarray) -> list[set[str]]:
        """For each row, the properties whose probability reaches the threshold."""
        found = self.probabilities(rows) >= self.threshold
        return [{pid for pid, hit in zip(self.property_ids, row, strict=True) if hit} for row in found]

    def to_json(self) -> dict[str, Any]:
        return {
            "property_ids": list(self.property_ids),
            "weights": np.round(self.weights, 6).tolist(),
            "bias": np.round(self.bias, 6).tolist(),
            "threshold": self.threshold,
            "cue_threshold": self.cue_threshold,
            "trained_on": self.trained_on,
            "vocabulary": list(self.vocabulary),
            "ngram_weight": self.ngram_weight,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PropertyModel:
        return cls(
            tuple(data["property_ids"]),
            np.asarray(data["weights"], dtype=np.float32),
            np.asarray(data["bias"], dtype=np.float32),
            float(data["threshold"]),
            float(data["cue_threshold"]),
            str(data["trained_on"]),
            tuple(str(gram) for gram in data.get("vocabulary", ())),
            float(data.get("ngram_weight", NGRAM_WEIGHT)),
        )


def load_model(path: Path = MODEL_FILE) -> PropertyModel | None:
    """The shipped model, or None where none has been fitted (the linker then falls back to cue words)."""
    if not path.exists():
        return None
    try:
        return PropertyModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PropertyModelError(f"{path}: not a property model ({exc})") from exc


def training_hash(rows: Iterable[dict[str, Any]], properties: Sequence[MeasuredProperty]) -> str:
    """Hash of the labelled sentences (text and properties) and of the declared phrases and cues."""
    digest = hashlib.sha256()
    for row in rows:
        targets = sorted({str(link["property"]) for link in row["links"]})
        digest.update(json.dumps([row["sentence"], targets], ensure_ascii=False).encode())
    for pid, phrases in property_phrases(properties).items():
        digest.update(json.dumps([pid, list(phrases), list(property_cues(properties)[pid])]).encode())
    digest.update(json.dumps(list(UNMEASURED_PHRASES)).encode())
    return digest.hexdigest()


def training_set(
    rows: Sequence[dict[str, Any]], properties: Sequence[MeasuredProperty]
) -> tuple[list[str], list[set[str]]]:
    """Sentences with their labelled properties, each declared phrase as an example of its property, and the
    phrases of what no job measures (:data:`evaluators.declarations.UNMEASURED_PHRASES`) as examples of none."""
    texts = [str(row["sentence"]) for row in rows]
    targets = [{str(link["property"]) for link in row["links"]} for row in rows]
    for pid, phrases in property_phrases(properties).items():
        texts += list(phrases)
        targets += [{pid}] * len(phrases)
    texts += list(UNMEASURED_PHRASES)
    targets += [set() for _ in UNMEASURED_PHRASES]
    return texts, targets


def fit(
    rows: np.ndarray,
    targets: Sequence[set[str]],
    property_ids: Sequence[str],
    trained_on: str,
    threshold: float = 0.5,
    strength: float = 4.0,
    cue_threshold: float = 0.5,
    vocabulary: tuple[str, ...] = (),
    ngram_weight: float = NGRAM_WEIGHT,
) -> PropertyModel:
    """One logistic regression per property (``strength`` is scikit-learn's C), balanced by class weight;
    ``rows`` built by :func:`features` with ``vocabulary``'s columns and ``ngram_weight``."""
    from sklearn.linear_model import LogisticRegression

    weights, bias = [], []
    for pid in property_ids:
        labels = np.array([pid in target for target in targets], dtype=int)
        model = LogisticRegression(C=strength, class_weight="balanced", max_iter=2000)
        model.fit(rows, labels)
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    return PropertyModel(
        tuple(property_ids),
        np.asarray(weights, np.float32),
        np.asarray(bias, np.float32),
        threshold,
        min(cue_threshold, threshold),
        trained_on,
        vocabulary,
        ngram_weight,
    )


def fit_on(
    rows: Sequence[dict[str, Any]],
    properties: Sequence[MeasuredProperty],
    encode: Callable[[list[str]], np.ndarray],
    threshold: float = 0.5,
    strength: float = 4.0,
    cue_threshold: float = 0.5,
    ngram_weight: float = NGRAM_WEIGHT,
) -> PropertyModel:
    """Fit on labelled corpus rows and the declared phrases; ``encode`` embeds masked sentences (cached by caller).
    The n-gram vocabulary is that of the labelled sentences (no n-gram block when ``ngram_weight`` is 0)."""
    texts, targets = training_set(rows, properties)
    cues = property_cues(properties)
    vectors = encode([masked(text) for text in texts])
    vocabulary = fit_vocabulary(str(row["sentence"]) for row in rows) if ngram_weight > 0 else ()
    return fit(
        features(vectors, texts, cues, column_index(vocabulary), ngram_weight),
        targets,
        list(cues),
        training_hash(rows, properties),
        threshold,
        strength,
        cue_threshold,
        vocabulary,
        ngram_weight,
    )

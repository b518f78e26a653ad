"""Fitting the question model offline: ``python -m assistant.question_training`` (needs scikit-learn).

Reads the training files of the labelled corpus (``assistant.question_corpus.TRAIN_FILES``), embeds each
question with MiniLM (float32, as retrieval does; with and without framework names), profiles the bundled
article's claims (the scope features), chooses each head's regularisation by stratified cross-validation on
the training files alone, fits each head's temperature on its out-of-fold scores, fits on every training
question and writes ``assistant/data/question_model.npz`` with the corpus hash, the embedding model and the
library versions. The held-back test split is never read here; ``bench/question_understanding.py``
scores it. Serving never imports this module (scikit-learn costs seconds to import).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.question_corpus import REPO, TRAIN_FILES, LabelledQuestion, corpus_hash, load_all
from assistant.question_features import ArticleProfile, featurize, vocabulary_of
from assistant.question_model import HEADS, NO_PROPERTY, OFF_TOPIC, SHIPPED_MODEL, LinearHead, QuestionModel
from knowledge.frameworks import mask

C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0)
FOLDS = 5
SEED = 17
ABSENT_SCORE = -10.0
"""Out-of-fold score of a class a fold never saw in training."""
TEMPERATURES = tuple(float(t) for t in np.geomspace(0.25, 16.0, 25))


@dataclass(frozen=True, slots=True)
class Embedded:
    """Labelled questions with what the features need: both embeddings, and the article they are read against."""

    records: list[LabelledQuestion]
    embeddings: np.ndarray
    masked: np.ndarray
    article: ArticleProfile

    def subset(self, rows: np.ndarray) -> Embedded:
        return Embedded([self.records[i] for i in rows], self.embeddings[rows], self.masked[rows], self.article)


def target(record: LabelledQuestion, head: str) -> str:
    """The label of ``record`` that ``head`` learns."""
    if head == "form":
        return record.form
    if head == "property":
        return record.property or NO_PROPERTY
    return record.polarity


def embed(texts: Sequence[str]) -> np.ndarray:
    from knowledge.embedder import MiniLMEmbedder

    return MiniLMEmbedder().encode(list(texts))


def bundled_article() -> ArticleProfile:
    """The bundled article's claims, embedded: what the scope features are fitted against."""
    from knowledge.documents import bundled_document
    from knowledge.extraction import extract_claims

    claims = extract_claims(bundled_document())
    return ArticleProfile.of(claims, embed([c.text for c in claims]))


def embedded(records: list[LabelledQuestion], article: ArticleProfile) -> Embedded:
    texts = [r.text for r in records]
    return Embedded(records, embed(texts), embed([mask(t) or t for t in texts]), article)


def design(data: Embedded, vocabulary: Sequence[str]) -> np.ndarray:
    index = {gram: i for i, gram in enumerate(vocabulary)}
    rows = zip(data.records, data.embeddings, data.masked, strict=True)
    return np.stack([featurize(r.text, e, m, index, data.article) for r, e, m in rows])


def fit_head(features: np.ndarray, labels: Sequence[str], c: float, temperature: float = 1.0) -> LinearHead:
    from sklearn.svm import LinearSVC

    fitted = LinearSVC(C=c).fit(features, list(labels))
    classes = tuple(str(x) for x in fitted.classes_)
    return LinearHead(classes, fitted.coef_.astype(np.float32), fitted.intercept_.astype(np.float32), temperature)


def fit(data: Embedded, c: dict[str, float], temperature: dict[str, float], metadata: dict[str, Any]) -> QuestionModel:
    vocabulary = vocabulary_of(r.text for r in data.records)
    features = design(data, vocabulary)
    heads = {
        head: fit_head(features, [target(r, head) for r in data.records], c[head], temperature[head]) for head in HEADS
    }
    return QuestionModel(heads, vocabulary, metadata)


def _nll(scores: np.ndarray, classes: tuple[str, ...], truth: Sequence[str], temperature: float) -> float:
    if scores.shape[1] == 1:  # binary: the score is for classes[1]
        scores = np.hstack([np.zeros_like(scores), scores])
    logits = temperature * scores
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    rows = np.arange(len(truth))
    return float(-log_p[rows, [classes.index(t) for t in truth]].mean())


Split = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Training rows, held-out rows, and the design matrix built with the training rows' vocabulary."""


def _out_of_fold(
    data: Embedded, head: str, c: float, splits: list[Split]
) -> tuple[np.ndarray, tuple[str, ...], list[str]]:
    """Out-of-fold decision scores and predicted labels of ``head`` at ``c``."""
    truth = [target(r, head) for r in data.records]
    classes = tuple(sorted(set(truth)))
    scores = np.zeros((len(truth), 1 if len(classes) == 2 else len(classes)))
    for train, held, features in splits:
        fitted = fit_head(features[train], [truth[i] for i in train], c)
        held_scores = fitted.scores(features[held])
        if scores.shape[1] == 1:
            scores[held] = held_scores
            continue
        for column, label in enumerate(classes):  # a rare class can be missing from a fold's training rows
            present = label in fitted.classes
            scores[held, column] = held_scores[:, fitted.classes.index(label)] if present else ABSENT_SCORE
    return scores, classes, _predicted(scores, classes)


def _predicted(scores: np.ndarray, classes: tuple[str, ...]) -> list[str]:
    if scores.shape[1] == 1:
        return [classes[int(s > 0)] for s in scores[:, 0]]
    return [classes[i] for i in scores.argmax(1)]


def cross_validate(data: Embedded, grid: Sequence[float] = C_GRID, folds: int = FOLDS) -> dict[str, Any]:
    """Each head's best C (by out-of-fold accuracy), its temperature, and its cross-validated figures (scope F1
    from the form head's out-of-fold ``off_topic`` calls). Folds are stratified by form; each fold fits its
    own n-gram vocabulary."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    splits: list[Split] = []
    for train, held in splitter.split(np.zeros(len(data.records)), [r.form for r in data.records]):
        vocabulary = vocabulary_of(data.records[i].text for i in train)
        splits.append((train, held, design(data, vocabulary)))
    chosen: dict[str, Any] = {"c": {}, "temperature": {}, "scores": {}}
    for head in HEADS:
        truth = [target(r, head) for r in data.records]
        best = None
        for c in grid:
            scores, classes, predicted = _out_of_fold(data, head, c, splits)
            figure = _figure(head, truth, predicted)
            if best is None or figure > best[0]:
                best = (figure, c, scores, classes)
        assert best is not None
        figure, c, scores, classes = best
        chosen["c"][head] = c
        chosen["temperature"][head] = min(TEMPERATURES, key=lambda t: _nll(scores, classes, truth, t))
        chosen["scores"][FIGURES[head]] = round(figure, 4)
        if head == "form":
            predicted = _predicted(scores, classes)
            chosen["scores"]["scope_f1"] = round(_figure("scope", _scope(truth), _scope(predicted)), 4)
    chosen["scores"].update(questions=len(data.records), folds=folds)
    return chosen


FIGURES = {"form": "form_accuracy", "property": "property_accuracy", "polarity": "polarity_accuracy"}


def _scope(forms: Sequence[str]) -> list[str]:
    return ["out" if form == OFF_TOPIC else "in" for form in forms]


def _figure(head: str, truth: Sequence[str], predicted: Sequence[str]) -> float:
    if head == "scope":
        return f1([t == "out" for t in truth], [p == "out" for p in predicted])
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / (len(truth) or 1)


def f1(truth: Sequence[bool], guess: Sequence[bool]) -> float:
    tp = sum(t and g for t, g in zip(truth, guess, strict=True))
    predicted, actual = sum(guess), sum(truth)
    return 2 * tp / (predicted + actual) if predicted + actual else 1.0


def score(model: QuestionModel, data: Embedded) -> dict[str, float]:
    """How well ``model`` reads ``data`` (the held-back split, in the bench): the four figures."""
    readings = [
        model.read(r.text, e, m, data.article)
        for r, e, m in zip(data.records, data.embeddings, data.masked, strict=True)
    ]
    guessed = {
        "form": [g.form for g in readings],
        "property": [g.property or NO_PROPERTY for g in readings],
        "polarity": [g.polarity for g in readings],
    }
    figures = {FIGURES[h]: round(_figure(h, [target(r, h) for r in data.records], guessed[h]), 4) for h in HEADS}
    truth = ["in" if r.in_scope else "out" for r in data.records]
    scope = _figure("scope", truth, ["in" if g.in_scope else "out" for g in readings])
    return {**figures, "scope_f1": round(scope, 4), "questions": len(data.records)}


def build(files: Sequence[Path] = TRAIN_FILES, grid: Sequence[float] = C_GRID) -> QuestionModel:
    """Cross-validate, then fit on every training question; the model records how it was built."""
    import sklearn

    from knowledge.embedder import MODEL_NAME

    data = embedded(load_all(files), bundled_article())
    cv = cross_validate(data, grid)
    metadata = {
        "corpus_hash": corpus_hash(files),
        "corpus_files": [str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in files],
        "questions": len(data.records),
        "embedding_model": MODEL_NAME,
        "classifier": "sklearn.svm.LinearSVC, softmax temperature fitted on out-of-fold scores",
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
        "c": cv["c"],
        "temperature": cv["temperature"],
        "cross_validated": cv["scores"],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return fit(data, cv["c"], cv["temperature"], metadata)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the question model on the labelled corpus's train files.")
    parser.add_argument("--out", type=Path, default=SHIPPED_MODEL, help="where to write the fitted model")
    args = parser.parse_args(argv)
    model = build()
    model.save(args.out)
    print(f"wrote {args.out} ({model.metadata['questions']} questions, C {model.metadata['c']})")
    print(f"cross-validated: {model.metadata['cross_validated']}")


if __name__ == "__main__":
    main()

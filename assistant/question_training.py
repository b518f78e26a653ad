"""Fitting the question model offline: ``python -m assistant.question_training`` (needs scikit-learn).

Reads the training files of the labelled corpus (``assistant.question_corpus.TRAIN_FILES``), embeds each
question with MiniLM (float32, as retrieval does; with and without framework names), adds generic noisy copies
of each question (``assistant.question_augment``: typed in lower case without punctuation, the framework names
spelled another way; a copy always travels with its source, into the same fold), profiles the bundled
article's claims (the scope features), chooses each head's regularisation with each training file held out
in turn (a change of voice, as a new question set brings), fits each head's temperature on those held-out
scores, scores the chosen settings once more by grouped cross-validation (folds stratified by form and grouped
so that near-duplicate questions never straddle two folds), fits on every training question and its copies
and writes ``assistant/data/question_model.npz`` with the corpus hash, the embedding model and the
library versions. The held-back test split is never read here; ``bench/question_understanding.py``
scores it. Serving never imports this module (scikit-learn costs seconds to import).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant import question_features
from assistant.question_augment import augment
from assistant.question_corpus import REPO, TRAIN_FILES, LabelledQuestion, corpus_hash, load
from assistant.question_encoder import CONSULT_BELOW, ENCODER_WEIGHT, QuestionEncoder
from assistant.question_features import ArticleProfile, Vocabulary, featurize, tokens
from assistant.question_model import HEADS, NO_PROPERTY, OFF_TOPIC, SHIPPED_MODEL, LinearHead, QuestionModel
from knowledge.frameworks import mask

C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0)
FOLDS = 5
SEED = 17
ABSENT_SCORE = -10.0
"""Out-of-fold score of a class a fold never saw in training."""
TEMPERATURES = tuple(float(t) for t in np.geomspace(0.25, 16.0, 25))
NEAR_DUPLICATE_COSINE = 0.9
"""Questions whose embeddings are at least this close share a fold (a rewording, not a new question)."""
NEAR_DUPLICATE_WORDS = 0.8
"""...as do questions sharing at least this share (Jaccard) of their word tokens."""


@dataclass(frozen=True, slots=True)
class Embedded:
    """Labelled questions with what the features need: both embeddings, and the article they are read against."""

    records: list[LabelledQuestion]
    embeddings: np.ndarray
    masked: np.ndarray
    article: ArticleProfile
    sources: tuple[str, ...] = ()
    """The training file each record came from (for the held-out-file figures); empty when not known."""

    def subset(self, rows: np.ndarray) -> Embedded:
        sources = tuple(self.sources[i] for i in rows) if self.sources else ()
        return Embedded(
            [self.records[i] for i in rows], self.embeddings[rows], self.masked[rows], self.article, sources
        )


AUGMENT = ("casual", "respelled")
"""The noisy copies each training question gets (``assistant.question_augment.KINDS``), measured on the 2,223
training questions with each training file held out in turn (form accuracy / scope F1, no copies: 0.945 /
0.936): lower case without punctuation ("casual") 0.949 / 0.944, the framework names respelled a little more;
one or two typos cost 0.6 points of form accuracy (a typo moves the embedding more than it moves what is
asked), and a dropped or doubled word or the two names exchanged changed nothing beyond a question or two.
The commit that chose them has the figures per file."""


@dataclass(frozen=True, slots=True)
class Copies:
    """Noisy copies of some labelled questions, embedded, and the index of each copy's source question: a copy
    trains wherever its source trains and is never scored."""

    data: Embedded
    origin: np.ndarray


def copies_of(data: Embedded, kinds: Sequence[str] = AUGMENT) -> Copies:
    records, origin = augment(data.records, kinds)
    sources = [data.sources[i] for i in origin] if data.sources else ()
    return Copies(embedded(records, data.article, sources), np.asarray(origin, dtype=np.int64))


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


def embedded(records: list[LabelledQuestion], article: ArticleProfile, sources: Sequence[str] = ()) -> Embedded:
    texts = [r.text for r in records]
    return Embedded(records, embed(texts), embed([mask(t) or t for t in texts]), article, tuple(sources))


def embedded_files(files: Sequence[Path], article: ArticleProfile) -> Embedded:
    """Every labelled question of ``files``, embedded, each remembering its file."""
    records = [(record, path.name) for path in files for record in load(path)]
    return embedded([r for r, _ in records], article, [name for _, name in records])


def design(data: Embedded, vocabulary: Vocabulary) -> Any:
    """The design matrix (``scipy.sparse.csr_matrix``): dense prefix, then the sparse n-gram tail."""
    from scipy import sparse

    rows = [
        featurize(r.text, e, m, vocabulary, data.article)
        for r, e, m in zip(data.records, data.embeddings, data.masked, strict=True)
    ]
    prefix = sparse.csr_matrix(np.stack([row.dense for row in rows]))
    pointers = np.cumsum([0, *(len(row.columns) for row in rows)])
    columns = np.concatenate([row.columns for row in rows]) if rows else np.zeros(0, dtype=np.int64)
    values = np.concatenate([row.values for row in rows]) if rows else np.zeros(0, dtype=np.float32)
    tail = sparse.csr_matrix((values, columns, pointers), shape=(len(rows), vocabulary.width))
    return sparse.hstack([prefix, tail]).tocsr()


def near_duplicate_groups(data: Embedded) -> np.ndarray:
    """A group id per question: questions linked by a near-identical embedding or word set, transitively."""
    parent = list(range(len(data.records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    similar = data.embeddings @ data.embeddings.T
    words = [set(tokens(r.text)) for r in data.records]
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            shared = len(words[i] & words[j]) / (len(words[i] | words[j]) or 1)
            if similar[i, j] >= NEAR_DUPLICATE_COSINE or shared >= NEAR_DUPLICATE_WORDS:
                parent[root(i)] = root(j)
    return np.asarray([root(i) for i in range(len(words))])


HEAD_SCALE: dict[str, dict[str, float]] = {
    "form": {"char": 1.5},
    "property": {"word": 2.0},
    "polarity": {"word": 3.0, "char": 1.5},
}
"""How many times more than the shared features each head weighs the word ("word") and character ("char")
n-gram blocks. Polarity turns on word pairs ("more memory" is worse, "less memory" better, "less mature" worse),
which character n-grams inside one word cannot see (word scale 3 chosen at 1,626 questions: 2 0.878 / 0.871,
3 0.884 / 0.873, 4 0.883 / 0.868, 6 0.874 / 0.859, grouped 5-fold / files held out). At 2,223 questions, with
the copies of ``AUGMENT``, the character n-grams do not overfit a file's spelling: dropping them cost the form
head 0.9 points held out by file, halving them 0.3, and weighing them 1.5 times gained 0.3 (2 times lost 0.3);
the property head gained 0.3 from words weighed twice. The scale is folded into the head's weights after
fitting, so serving reads every head off the same row."""


def column_scale(head: str, width: int, vocabulary: Vocabulary) -> np.ndarray | None:
    """Per-column scale of the design matrix for ``head`` (None: as built)."""
    scale = HEAD_SCALE.get(head)
    if not scale:
        return None
    columns = np.ones(width, dtype=np.float32)
    start = width - vocabulary.width
    columns[start : start + len(vocabulary.words)] = scale.get("word", 1.0)
    columns[start + len(vocabulary.words) :] = scale.get("char", 1.0)
    return columns


def fit_head(
    features: Any, labels: Sequence[str], c: float, temperature: float = 1.0, scale: np.ndarray | None = None
) -> LinearHead:
    """A linear SVM on ``features`` (columns times ``scale`` while fitting; the head reads unscaled rows)."""
    from scipy import sparse
    from sklearn.svm import LinearSVC

    scaled = features if scale is None else sparse.csr_matrix(features) @ sparse.diags(scale)
    fitted = LinearSVC(C=c).fit(scaled, list(labels))
    coef = fitted.coef_ if scale is None else fitted.coef_ * scale
    classes = tuple(str(x) for x in fitted.classes_)
    return LinearHead(classes, coef.astype(np.float32), fitted.intercept_.astype(np.float32), temperature)


def fit(
    data: Embedded,
    c: dict[str, float],
    temperature: dict[str, float],
    metadata: dict[str, Any],
    copies: Copies | None = None,
) -> QuestionModel:
    """Every head fitted on ``data`` and its ``copies``; the n-gram vocabulary is that of ``data`` alone."""
    features, vocabulary = _fold_design(data, np.arange(len(data.records)), copies)
    records = list(data.records)
    if copies is not None and len(copies.origin):
        records += copies.data.records
    heads = {
        head: fit_head(
            features,
            [target(r, head) for r in records],
            c[head],
            temperature[head],
            column_scale(head, features.shape[1], vocabulary),
        )
        for head in HEADS
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


Split = tuple[np.ndarray, np.ndarray, Any, Vocabulary]
"""Training rows, held-out rows, the design matrix built with the training rows' vocabulary (the questions'
rows, then their copies' rows), and that vocabulary."""


def _out_of_fold(
    data: Embedded, head: str, c: float, splits: list[Split], copies: Copies | None = None
) -> tuple[np.ndarray, tuple[str, ...], list[str]]:
    """Out-of-fold decision scores and predicted labels of ``head`` at ``c``: each split fits on its training
    questions and their copies, and scores its held-out questions (never a copy)."""
    truth = [target(r, head) for r in data.records]
    copied = [target(r, head) for r in copies.data.records] if copies is not None else []
    classes = tuple(sorted(set(truth)))
    scores = np.zeros((len(truth), 1 if len(classes) == 2 else len(classes)))
    for train, held, features, vocabulary in splits:
        scale = column_scale(head, features.shape[1], vocabulary)
        rows, labels = train, [truth[i] for i in train]
        if copies is not None:
            kept = np.flatnonzero(np.isin(copies.origin, train))
            rows = np.concatenate([train, len(truth) + kept])
            labels += [copied[i] for i in kept]
        fitted = fit_head(features[rows], labels, c, scale=scale)
        held_scores = np.asarray(features[held] @ fitted.coef.T + fitted.intercept)
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


def _splits(data: Embedded, folds: int, copies: Copies | None = None) -> list[Split]:
    """Stratified by form, grouped by near-duplicates; each fold fits its own n-gram vocabulary."""
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    forms = [r.form for r in data.records]
    pairs = splitter.split(np.zeros(len(forms)), forms, near_duplicate_groups(data))
    return [(train, held, *_fold_design(data, train, copies)) for train, held in pairs]


def _file_splits(data: Embedded, copies: Copies | None = None) -> list[Split]:
    """Each training file held out in turn, fitted on the others."""
    sources = np.asarray(data.sources)
    pairs = [(np.flatnonzero(sources != name), np.flatnonzero(sources == name)) for name in dict.fromkeys(sources)]
    return [(train, held, *_fold_design(data, train, copies)) for train, held in pairs if len(train) and len(held)]


def _fold_design(data: Embedded, train: np.ndarray, copies: Copies | None = None) -> tuple[Any, Vocabulary]:
    """The design matrix of every question (then of every copy) with the n-gram vocabulary of the ``train``
    questions alone."""
    from scipy import sparse

    vocabulary = Vocabulary.fit(data.records[i].text for i in train)
    features = design(data, vocabulary)
    if copies is not None and len(copies.origin):
        features = sparse.vstack([features, design(copies.data, vocabulary)]).tocsr()
    return features, vocabulary


def cross_validate(
    data: Embedded, grid: Sequence[float] = C_GRID, folds: int = FOLDS, copies: Copies | None = None
) -> dict[str, Any]:
    """Each head's best C, its temperature, and its cross-validated figures (scope F1 from the form head's
    out-of-fold ``off_topic`` calls). ``copies`` (by default those of ``AUGMENT``) train beside their sources.

    With ``data.sources`` from several files, C is chosen with each training file held out in turn (a change
    of voice, which is what a new question set brings: the figure the model's use depends on), the smaller C on
    a tie, and the temperature is fitted on those held-out scores (confidence as a new voice earns it); from
    one file, both come from grouped ``folds``-fold. ``scores`` are the grouped figures at the chosen C,
    ``by_file`` the held-out-file figures and ``held_out_files`` those pooled over every file.
    """
    if copies is None:
        copies = copies_of(data)
    splits = _splits(data, folds, copies)
    file_splits = _file_splits(data, copies) if len(set(data.sources)) > 1 else []
    chosen: dict[str, Any] = {"c": {}, "temperature": {}, "scores": {}}
    by_file: dict[str, list[str]] = {}
    for head in HEADS:
        truth = [target(r, head) for r in data.records]
        best = None
        for c in grid:
            scores, classes, predicted = _out_of_fold(data, head, c, file_splits or splits, copies)
            figure = _figure(head, truth, predicted)
            if best is None or figure > best[0]:
                best = (figure, c, scores, classes, predicted)
        assert best is not None
        _, c, scores, classes, predicted = best
        chosen["c"][head] = c
        chosen["temperature"][head] = min(TEMPERATURES, key=lambda t: _nll(scores, classes, truth, t))
        if file_splits:
            by_file[head] = predicted
            scores, classes, predicted = _out_of_fold(data, head, c, splits, copies)
        chosen["scores"][FIGURES[head]] = round(_figure(head, truth, predicted), 4)
        if head == "form":
            chosen["scores"]["scope_f1"] = round(_figure("scope", _scope(truth), _scope(predicted)), 4)
    chosen["scores"].update(questions=len(data.records), folds=folds, grouped="near-duplicates share a fold")
    if file_splits:
        chosen["by_file"] = _per_file(data, by_file)
        chosen["held_out_files"] = _pooled(data, by_file)
    return chosen


def _per_file(data: Embedded, predicted: dict[str, list[str]]) -> dict[str, dict[str, float | int]]:
    """The figures on each training file from predictions made with that file held out."""
    figures: dict[str, dict[str, float | int]] = {}
    for name in dict.fromkeys(data.sources):
        rows = [i for i, source in enumerate(data.sources) if source == name]
        truth = {head: [target(data.records[i], head) for i in rows] for head in HEADS}
        guess = {head: [predicted[head][i] for i in rows] for head in HEADS}
        figures[name] = {FIGURES[head]: round(_figure(head, truth[head], guess[head]), 4) for head in HEADS}
        figures[name]["scope_f1"] = round(_figure("scope", _scope(truth["form"]), _scope(guess["form"])), 4)
        figures[name]["questions"] = len(rows)
    return figures


def _pooled(data: Embedded, predicted: dict[str, list[str]]) -> dict[str, float | int]:
    """The held-out-file figures over every training question at once (each predicted with its file held out)."""
    truth = {head: [target(r, head) for r in data.records] for head in HEADS}
    figures: dict[str, float | int] = {
        FIGURES[head]: round(_figure(head, truth[head], predicted[head]), 4) for head in HEADS
    }
    figures["scope_f1"] = round(_figure("scope", _scope(truth["form"]), _scope(predicted["form"])), 4)
    figures["questions"] = len(data.records)
    return figures


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


def score(
    model: QuestionModel,
    data: Embedded,
    encoder: QuestionEncoder | None = None,
    encoder_weight: float | None = None,
    consult_below: float = CONSULT_BELOW,
) -> dict[str, float]:
    """How well ``model`` reads ``data`` (the held-back split, in the bench): the four figures; with ``encoder``,
    how well both readers read it together (the encoder's share ``encoder_weight``, the served one by default,
    asked where a linear head is less sure than ``consult_below``), and the share of questions it read."""
    weight = ENCODER_WEIGHT if encoder_weight is None else encoder_weight
    consulted: list[str] = []
    aligned = encoder.aligned(model.classes) if encoder else None

    def encode(text: str) -> Mapping[str, np.ndarray]:
        assert aligned is not None
        consulted.append(text)
        return aligned(text)

    readings = [
        model.read(r.text, e, m, data.article, None, encode if aligned else None, weight, consult_below)
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
    read_by_encoder = {"encoder_read": round(len(consulted) / (len(data.records) or 1), 4)} if aligned else {}
    return {**figures, "scope_f1": round(scope, 4), "questions": len(data.records), **read_by_encoder}


def build(files: Sequence[Path] = TRAIN_FILES, grid: Sequence[float] = C_GRID) -> QuestionModel:
    """Cross-validate, then fit on every training question; the model records how it was built."""
    import sklearn

    from knowledge.embedder import MODEL_NAME

    data = embedded_files(files, bundled_article())
    copies = copies_of(data)
    cv = cross_validate(data, grid, copies=copies)
    metadata = {
        "corpus_hash": corpus_hash(files),
        "corpus_files": [str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in files],
        "questions": len(data.records),
        "embedding_model": MODEL_NAME,
        "classifier": "sklearn.svm.LinearSVC, C and softmax temperature chosen with each training file held out",
        "augmented": {"kinds": list(AUGMENT), "copies": len(copies.origin)},
        "features": feature_settings(),
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
        "c": cv["c"],
        "temperature": cv["temperature"],
        "cross_validated": cv["scores"],
        "held_out_files": cv.get("by_file", {}),
        "held_out_files_pooled": cv.get("held_out_files", {}),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return fit(data, cv["c"], cv["temperature"], metadata, copies)


def feature_settings() -> dict[str, Any]:
    """The feature weights a model was fitted with (recorded beside it)."""
    names = ("EXACT_WEIGHT", "MASKED_WEIGHT", "NGRAM_WEIGHT", "CHAR_WEIGHT", "CHAR_SIZES", "MIN_COUNT")
    return {name.lower(): getattr(question_features, name) for name in names} | {"head_scale": HEAD_SCALE}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the question model on the labelled corpus's train files.")
    parser.add_argument("--out", type=Path, default=SHIPPED_MODEL, help="where to write the fitted model")
    args = parser.parse_args(argv)
    model = build()
    model.save(args.out)
    print(f"wrote {args.out} ({model.metadata['questions']} questions, C {model.metadata['c']})")
    print(f"cross-validated: {model.metadata['cross_validated']}")
    for name, figures in model.metadata["held_out_files"].items():
        print(f"held out {name}: {figures}")
    print(f"held out, each file in turn, pooled: {model.metadata['held_out_files_pooled']}")


if __name__ == "__main__":
    main()

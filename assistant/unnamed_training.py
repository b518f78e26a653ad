"""Fitting the unnamed-kind model offline: ``python -m assistant.unnamed_training`` (needs scikit-learn).

A question about who makes or uses a framework may ask about a kind of organisation the bundled article never names
("Which banks run PyTorch?", "Which airlines use TensorFlow?"), which the article's companies do not answer, or about
one it does name in other words ("Which social network is on TensorFlow?", "Which firms does the article tie to
TF?"). Word lists do not tell them apart, and neither does the likeness of the kind to the organisations the claims
name (BENCHMARKS.md). This fits a logistic regression on the framework-masked MiniLM embedding of the in-scope
training questions whose form is ``who`` or whose property is adoption or origin, labelled by ``expect.abstain``.

The regularisation is chosen with each training file held out in turn; the probability above which the served model
abstains (:data:`THRESHOLD`) was chosen the same way, against the answers the service gave without it (at C 30, 12
more right abstentions and 1 wrong one over the training files held out in turn; BENCHMARKS.md). Near-copies of a
question in two files make that estimate somewhat optimistic. Held-back sets are never read here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.passing import UNNAMED_KIND, PassingMention
from assistant.question_corpus import CORPUS_DIR, REPO, TRAIN_FILES, corpus_hash, load
from assistant.question_training import embed
from knowledge.frameworks import PASSING_NAME, mask

FILES: tuple[Path, ...] = (*TRAIN_FILES, CORPUS_DIR / "train-extra11.jsonl", CORPUS_DIR / "train-extra12.jsonl")
"""Every training file of the corpus (the question model's and the two read since)."""
C_GRID = (1.0, 3.0, 10.0, 30.0)
THRESHOLD = 0.8
PROPERTY = "adoption"
"""Who uses a framework. Who made one is not asked: the article names both makers, and the only makers it leaves out
are a third framework's (Keras), whose masked questions read like "Who created PyTorch?"."""


def questions(files: Sequence[Path]) -> tuple[list[str], np.ndarray, list[str]]:
    """The in-scope questions about who uses PyTorch or TensorFlow (not JAX or MXNet), whether a correct answer
    abstains, their file."""
    records = [
        (r, path.name)
        for path in files
        for r in load(path)
        if r.in_scope and r.abstain is not None and r.property == PROPERTY and not PASSING_NAME.search(r.text)
    ]
    return [r.text for r, _ in records], np.asarray([r.abstain for r, _ in records]), [name for _, name in records]


def held_out_accuracy(features: np.ndarray, labels: np.ndarray, sources: list[str], c: float) -> float:
    """Accuracy at :data:`THRESHOLD` with each training file held out in turn, pooled."""
    from sklearn.linear_model import LogisticRegression

    right = 0
    for name in dict.fromkeys(sources):
        held = np.asarray([s == name for s in sources])
        fitted = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(features[~held], labels[~held])
        right += int(((fitted.predict_proba(features[held])[:, 1] > THRESHOLD) == labels[held]).sum())
    return right / len(labels)


def build(files: Sequence[Path] = FILES, grid: Sequence[float] = C_GRID) -> PassingMention:
    from sklearn.linear_model import LogisticRegression

    texts, labels, sources = questions(files)
    features = embed([mask(t) or t for t in texts])
    scores = {c: held_out_accuracy(features, labels, sources, c) for c in grid}
    best = max(grid, key=lambda c: (scores[c], -c))
    fitted = LogisticRegression(C=best, max_iter=5000, class_weight="balanced").fit(features, labels)
    metadata = {
        "corpus_hash": corpus_hash(files),
        "corpus_files": [str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in files],
        "questions": len(texts),
        "abstaining": int(labels.sum()),
        "classifier": "sklearn.linear_model.LogisticRegression (balanced) on the framework-masked MiniLM embedding",
        "c": best,
        "threshold": THRESHOLD,
        "held_out_files_accuracy": {str(c): round(s, 4) for c, s in scores.items()},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return PassingMention(fitted.coef_[0].astype(np.float32), float(fitted.intercept_[0]), metadata)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the unnamed-kind model on the question corpus's train files.")
    parser.add_argument("--out", type=Path, default=UNNAMED_KIND, help="where to write the fitted model")
    args = parser.parse_args(argv)
    model = build()
    model.save(args.out)
    meta = model.metadata
    print(f"wrote {args.out} ({meta['questions']} questions, {meta['abstaining']} abstaining, C {meta['c']})")
    print(f"each training file held out in turn, at {meta['threshold']}: {meta['held_out_files_accuracy']}")


if __name__ == "__main__":
    main()

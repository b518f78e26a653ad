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
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.passing import UNNAMED_KIND, PassingMention
from assistant.passing_training import fit
from assistant.question_corpus import CORPUS_DIR, TRAIN_FILES, load
from knowledge.frameworks import PASSING_NAME

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


def build(files: Sequence[Path] = FILES, grid: Sequence[float] = C_GRID) -> PassingMention:
    texts, labels, sources = questions(files)
    return fit(texts, labels, sources, files, grid, balanced=True, threshold=THRESHOLD)


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

"""Fitting the passing-mention model offline: ``python -m assistant.passing_training`` (needs scikit-learn).

Reads the training files of the labelled question corpus (``assistant.question_corpus.TRAIN_FILES``), keeps the
questions whose form is ``third_framework``, embeds each with framework names masked (float32 MiniLM, as the answer
service does), scores the regularisation grid with each training file held out in turn (a change of voice, as a new
question set brings) against the rule it replaces (abstain exactly on a comparison with a third framework), fits the
best on every question and writes ``assistant/data/passing_mention.npz``. Held-back sets are never read here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.passing import SHIPPED, PassingMention
from assistant.question import analyse
from assistant.question_corpus import REPO, TRAIN_FILES, corpus_hash, load
from assistant.question_training import embed
from knowledge.frameworks import mask

C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
FORM = "third_framework"


def questions(files: Sequence[Path]) -> tuple[list[str], np.ndarray, list[str]]:
    """The third-framework questions of ``files``: their texts, whether a correct answer abstains, their file
    (``older-sets.jsonl`` carries no answer expectations and gives none)."""
    records = [(r, path.name) for path in files for r in load(path) if r.form == FORM and r.abstain is not None]
    return [r.text for r, _ in records], np.asarray([r.abstain for r, _ in records]), [name for _, name in records]


def _classifier(c: float, balanced: bool) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)


def held_out_accuracy(
    features: np.ndarray,
    labels: np.ndarray,
    sources: list[str],
    c: float,
    *,
    balanced: bool = False,
    threshold: float = 0.5,
) -> float:
    """Accuracy with each training file held out in turn, pooled: a question counts as abstaining where the fitted
    probability is above ``threshold``."""
    right = 0
    for name in dict.fromkeys(sources):
        held = np.asarray([s == name for s in sources])
        fitted = _classifier(c, balanced).fit(features[~held], labels[~held])
        right += int(((fitted.predict_proba(features[held])[:, 1] > threshold) == labels[held]).sum())
    return right / len(labels)


def fit(
    texts: list[str],
    labels: np.ndarray,
    sources: list[str],
    files: Sequence[Path],
    grid: Sequence[float],
    *,
    balanced: bool = False,
    threshold: float = 0.5,
) -> PassingMention:
    """A logistic regression on the framework-masked MiniLM embedding of ``texts``, its regularisation chosen from
    ``grid`` with each of ``files`` held out in turn, refitted on every question; what it was fitted on and how it
    scored in its metadata. The passing-mention and unnamed-kind models are both fitted here."""
    features = embed([mask(t) or t for t in texts])
    scores = {c: held_out_accuracy(features, labels, sources, c, balanced=balanced, threshold=threshold) for c in grid}
    best = max(grid, key=lambda c: (scores[c], -c))
    fitted = _classifier(best, balanced).fit(features, labels)
    balance = " (balanced)" if balanced else ""
    metadata = {
        "corpus_hash": corpus_hash(files),
        "corpus_files": [str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in files],
        "questions": len(texts),
        "abstaining": int(labels.sum()),
        "classifier": f"sklearn.linear_model.LogisticRegression{balance} on the framework-masked MiniLM embedding",
        "c": best,
        "threshold": threshold,
        "held_out_files_accuracy": {str(c): round(s, 4) for c, s in scores.items()},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return PassingMention(fitted.coef_[0].astype(np.float32), float(fitted.intercept_[0]), metadata)


def rule_accuracy(texts: list[str], labels: np.ndarray) -> float:
    """The rule this model replaces: abstain on a comparison with a third framework (``compares_third``)."""
    from assistant.decision import compares_third

    return float(np.mean([compares_third(analyse(t)) == label for t, label in zip(texts, labels, strict=True)]))


def build(files: Sequence[Path] = TRAIN_FILES, grid: Sequence[float] = C_GRID) -> PassingMention:
    texts, labels, sources = questions(files)
    model = fit(texts, labels, sources, files, grid)
    return replace(model, metadata={**model.metadata, "rule_accuracy": round(rule_accuracy(texts, labels), 4)})


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the passing-mention model on the question corpus's train files.")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where to write the fitted model")
    args = parser.parse_args(argv)
    model = build()
    model.save(args.out)
    meta = model.metadata
    print(f"wrote {args.out} ({meta['questions']} questions, {meta['abstaining']} abstaining, C {meta['c']})")
    print(f"each training file held out in turn: {meta['held_out_files_accuracy']}; the rule: {meta['rule_accuracy']}")


if __name__ == "__main__":
    main()

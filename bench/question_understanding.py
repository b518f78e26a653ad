"""How well the question model reads questions: cross-validated on the train files, then the held-back test
split, scored once with the shipped weights; and what a reading costs beyond the embedding.

Run: .venv/bin/python bench/question_understanding.py [--no-cv]. Prints a markdown table for BENCHMARKS.md.
Targets on the test split (issue 17): form accuracy >= 0.95, scope F1 >= 0.95, property accuracy >= 0.90.
Never tune on the test split: change features or settings only by the cross-validated figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.question_corpus import TEST_FILE, TRAIN_FILES, corpus_hash, load, load_all
from assistant.question_model import QuestionModel
from assistant.question_training import Embedded, bundled_article, cross_validate, embedded, score

TARGETS = {"form_accuracy": 0.95, "scope_f1": 0.95, "property_accuracy": 0.90}


def read_cost_us(model: QuestionModel, data: Embedded, rounds: int = 5) -> float:
    """Median microseconds to read one question, embeddings given (what serving adds to an ask)."""
    samples = []
    for _ in range(rounds):
        for record, vector, masked in zip(data.records, data.embeddings, data.masked, strict=True):
            start = time.perf_counter()
            model.read(record.text, vector, masked, data.article)
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-cv", action="store_true", help="skip re-running the cross-validation")
    args = parser.parse_args()
    model = QuestionModel.load()
    fresh = model.metadata["corpus_hash"] == corpus_hash(TRAIN_FILES)
    article = bundled_article()
    rows: dict[str, dict[str, float]] = {}
    if not args.no_cv:
        rows["train, 5-fold cross-validated"] = cross_validate(embedded(load_all(TRAIN_FILES), article))["scores"]
    test = embedded(load(TEST_FILE), article)
    rows["test split (held back), shipped weights"] = score(model, test)
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}")
    print(f"model: C {model.metadata['c']}, fitted on the current corpus: {fresh}\n")
    print("| split | questions | form accuracy | property accuracy | polarity accuracy | scope F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, figures in rows.items():
        print(
            f"| {name} | {int(figures['questions'])} | {figures['form_accuracy']:.3f} | "
            f"{figures['property_accuracy']:.3f} | {figures['polarity_accuracy']:.3f} | {figures['scope_f1']:.3f} |"
        )
    test_figures = rows["test split (held back), shipped weights"]
    missed = [f"{k} {test_figures[k]:.3f} < {v}" for k, v in TARGETS.items() if test_figures[k] < v]
    print(f"\ntargets on test: {'all met' if not missed else 'missed: ' + '; '.join(missed)}")
    print(f"reading one question, embeddings given: {read_cost_us(model, test):.0f} µs (median)")


if __name__ == "__main__":
    main()

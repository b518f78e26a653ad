"""How well the question model reads questions: cross-validated on the train files, then the held-back test
split, scored once with the shipped weights (the linear heads alone, and averaged with the fine-tuned encoder as
served); and what a reading costs beyond the embedding.

Run: .venv/bin/python bench/question_understanding.py [--no-cv] [--split test|fresh|fresh2|...]. Prints a
markdown table for BENCHMARKS.md. Targets on the held-back split (issue 17): form accuracy >= 0.95, scope F1
>= 0.95, property accuracy >= 0.90. `--split NAME` scores the shipped weights on
`corpora/questions/NAME.jsonl` (`fresh`, `fresh2`: held-back sets written after the model shipped) without
refitting; a training file is refused. Never tune on a held-back split: change features or settings only by
the cross-validated figures (grouped 5-fold, and each training file held out in turn).
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

from assistant.question_corpus import CORPUS_DIR, TRAIN_FILES, corpus_hash, load
from assistant.question_encoder import CONSULT_BELOW, ENCODER_WEIGHT, QuestionEncoder
from assistant.question_model import ALWAYS, QuestionModel
from assistant.question_training import Embedded, bundled_article, cross_validate, embedded, embedded_files, score

TARGETS = {"form_accuracy": 0.95, "scope_f1": 0.95, "property_accuracy": 0.90}
NAMES = {
    "test": "test split (held back), shipped weights",
    "fresh": "fresh set (held back, written after shipping), shipped weights",
}


def held_back(split: str) -> tuple[Path, str]:
    """The file of a held-back split (``corpora/questions/<split>.jsonl``) and its row name in the table."""
    path = CORPUS_DIR / f"{split}.jsonl"
    if path in TRAIN_FILES or not path.is_file() or path.parent != CORPUS_DIR:
        raise SystemExit(f"{path}: not a held-back split of corpora/questions (training files cannot be scored here)")
    return path, NAMES.get(split, f"{split} set (held back), shipped weights")


def read_cost_us(model: QuestionModel, data: Embedded, rounds: int = 5) -> float:
    """Median microseconds to read one question with the linear heads, embeddings given."""
    samples = []
    for _ in range(rounds):
        for record, vector, masked in zip(data.records, data.embeddings, data.masked, strict=True):
            start = time.perf_counter()
            model.read(record.text, vector, masked, data.article)
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def encoder_cost_us(encoder: QuestionEncoder, data: Embedded, rounds: int = 3) -> float:
    """Median microseconds of the encoder's pass over one question (what it adds to an ask that it reads)."""
    samples = []
    for _ in range(rounds):
        for record in data.records:
            start = time.perf_counter()
            encoder.read(record.text)
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-cv", action="store_true", help="skip re-running the cross-validation")
    parser.add_argument("--split", default="test", help="which held-back set to score: corpora/questions/SPLIT.jsonl")
    args = parser.parse_args()
    held_back_file, held_back_name = held_back(args.split)
    model = QuestionModel.load()
    up_to_date = model.metadata["corpus_hash"] == corpus_hash(TRAIN_FILES)
    article = bundled_article()
    rows: dict[str, dict[str, float]] = {}
    if not args.no_cv:
        cv = cross_validate(embedded_files(TRAIN_FILES, article))
        rows["train, 5-fold cross-validated (near-duplicates grouped)"] = cv["scores"]
        for name, figures in cv.get("by_file", {}).items():
            rows[f"train: {name} held out, fitted on the other files"] = figures
    held_back_set = embedded(load(held_back_file), article)
    encoder = QuestionEncoder.load()
    rows[f"{held_back_name}, linear heads alone"] = score(model, held_back_set)
    rows[held_back_name] = score(model, held_back_set, encoder)
    rows[f"{held_back_name}, encoder asked on every question"] = score(
        model, held_back_set, encoder, consult_below=ALWAYS
    )
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}")
    encoder_current = encoder.metadata.get("corpus_hash") == corpus_hash(TRAIN_FILES)
    print(f"model: C {model.metadata['c']}, fitted on the current corpus: {up_to_date}")
    print(
        f"encoder: share {ENCODER_WEIGHT}, asked where a linear head is below {CONSULT_BELOW} "
        f"({rows[held_back_name]['encoder_read']:.0%} of {held_back_name}), fitted on the current corpus: "
        f"{encoder_current}\n"
    )
    print("| split | questions | form accuracy | property accuracy | polarity accuracy | scope F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, figures in rows.items():
        print(
            f"| {name} | {int(figures['questions'])} | {figures['form_accuracy']:.3f} | "
            f"{figures['property_accuracy']:.3f} | {figures['polarity_accuracy']:.3f} | {figures['scope_f1']:.3f} |"
        )
    figures_held_back = rows[held_back_name]
    missed = [f"{k} {figures_held_back[k]:.3f} < {v}" for k, v in TARGETS.items() if figures_held_back[k] < v]
    print(f"\ntargets on {args.split}: {'all met' if not missed else 'missed: ' + '; '.join(missed)}")
    print(f"reading one question, embeddings given: {read_cost_us(model, held_back_set):.0f} µs (median)")
    cost = encoder_cost_us(encoder, held_back_set)
    share = rows[held_back_name]["encoder_read"]
    print(f"the encoder's pass over one question: {cost:.0f} µs (median); {share * cost:.0f} µs a question on average")


if __name__ == "__main__":
    main()

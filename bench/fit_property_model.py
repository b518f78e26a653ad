"""Fit the claim linker's property model on the training split and write evaluators/property_model.json.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/fit_property_model.py [--threshold P] [--cue-threshold P] [--strength C]
        [--ngram-weight W]

Fits on the training rows of ``corpora/claims/`` (``evaluators.property_model.training_rows``: the ``train``
rows of ``labels.jsonl`` and the single sentences of ``train-extra.jsonl``) and the jobs' declared phrases,
never on ``test`` or ``fresh``. The defaults are the settings chosen by leave-one-article-out
cross-validation over the training articles (``bench/claim_linking.py --cross-validate``, the extra sentences
always in training; BENCHMARKS.md has the figures). Refit whenever the corpus or a job's declared phrases or
cue words change: a test compares the recorded hash.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.claim_linking import CUE_THRESHOLD, LABELS, NGRAM_WEIGHT, STRENGTH, THRESHOLD


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--cue-threshold", type=float, default=CUE_THRESHOLD)
    parser.add_argument("--strength", type=float, default=STRENGTH)
    parser.add_argument("--ngram-weight", type=float, default=NGRAM_WEIGHT)
    options = parser.parse_args(argv)
    from evaluators.catalog import measured_properties
    from evaluators.property_model import MODEL_FILE, fit_on, training_rows
    from knowledge.embedder import MiniLMEmbedder

    train = training_rows(LABELS.parent)
    encoder = MiniLMEmbedder(threads=1)
    model = fit_on(
        train,
        measured_properties(),
        encoder.encode,
        options.threshold,
        options.strength,
        options.cue_threshold,
        options.ngram_weight,
    )
    MODEL_FILE.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE} ({len(train)} training sentences, {len(model.property_ids)} properties)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

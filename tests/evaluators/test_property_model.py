"""The property model: fitted on the training split and the declarations, refitted when either changes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evaluators.catalog import measured_properties
from evaluators.property_model import (
    MODEL_FILE,
    PropertyModel,
    PropertyModelError,
    column_index,
    features,
    fit,
    fit_vocabulary,
    load_model,
    ngrams,
    training_hash,
    training_rows,
    training_set,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "claims"


def _train_rows() -> list[dict]:
    return training_rows(CORPUS)


def test_the_shipped_model_was_fitted_on_the_current_training_split_and_declarations() -> None:
    model = load_model()
    assert model is not None, "no evaluators/property_model.json: run bench/fit_property_model.py"
    assert model.trained_on == training_hash(_train_rows(), measured_properties()), (
        "the claim corpus or the jobs' phrases and cues changed: refit with bench/fit_property_model.py"
    )
    assert set(model.property_ids) == {prop.property_id for prop in measured_properties()}


def test_the_hash_changes_with_a_label_and_never_reads_the_test_split() -> None:
    rows = _train_rows()
    properties = measured_properties()
    relabelled = [dict(rows[0], links=[{"property": "install-size"}]), *rows[1:]]
    assert training_hash(relabelled, properties) != training_hash(rows, properties)
    texts, _ = training_set(rows, properties)
    assert all(row["split"] in ("train", "train-extra") for row in rows) and len(texts) > len(rows)


def test_training_rows_are_the_train_split_and_the_extra_sentences_never_a_held_out_split(tmp_path: Path) -> None:
    labels = [{"split": split, "sentence": split} for split in ("train", "test", "fresh", "train")]
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(row) for row in labels) + "\n\n")
    (tmp_path / "train-extra.jsonl").write_text(json.dumps({"split": "train-extra", "sentence": "extra"}) + "\n")
    assert [row["sentence"] for row in training_rows(tmp_path)] == ["train", "train", "extra"]
    (tmp_path / "train-extra.jsonl").unlink()
    assert [row["sentence"] for row in training_rows(tmp_path)] == ["train", "train"]


def test_the_shipped_corpus_trains_on_its_extra_sentences() -> None:
    splits = {row["split"] for row in _train_rows()}
    assert splits == {"train", "train-extra"}


def test_a_fitted_model_detects_what_it_learned_and_survives_its_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(40, 3))
    targets = [{"a"} if row[0] > 0 else set() for row in rows]
    model = fit(rows, targets, ["a"], "hash", threshold=0.5)
    assert model.detect(np.array([[3.0, 0, 0], [-3.0, 0, 0]])) == [{"a"}, set()]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()))
    again = load_model(path)
    assert again is not None and again.detect(np.array([[3.0, 0, 0]])) == [{"a"}]
    assert isinstance(again, PropertyModel) and again.trained_on == "hash"


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text("{}")
    with pytest.raises(PropertyModelError, match="not a property model"):
        load_model(path)
    assert load_model(tmp_path / "absent.json") is None
    assert MODEL_FILE.name == "property_model.json"


def test_a_word_learned_from_labels_speaks_of_its_property_with_no_cue_and_no_embedding(tmp_path: Path) -> None:
    """The n-gram block: "spin-up" is no declared cue; the labels teach it. The embeddings here are noise, so only
    the words can tell the sentences apart, and the vocabulary travels with the model's file."""
    texts = [f"the {noun} spin-up took {n} seconds" for n in range(12) for noun in ("cold", "first")] + [
        f"the {noun} docs took {n} pages" for n in range(12) for noun in ("new", "old")
    ]
    targets = [{"import-time"}] * 24 + [set()] * 24
    vocabulary = fit_vocabulary(texts)
    assert "spin" in vocabulary and ngrams("PyTorch's spin-up") == ngrams("TF spin-up")  # names masked
    vectors = np.random.default_rng(1).normal(size=(len(texts), 8)).astype(np.float32)
    model = fit(
        features(vectors, texts, {"import-time": ()}, column_index(vocabulary)),
        targets,
        ["import-time"],
        "h",
        threshold=0.5,
        vocabulary=vocabulary,
    )
    probe = np.zeros((2, 8), dtype=np.float32)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()))
    again = load_model(path)
    assert again is not None and again.vocabulary == vocabulary
    rows = again.rows(probe, ["TensorFlow's spin-up is slow", "TensorFlow's docs are long"], {"import-time": ()})
    assert again.detect(rows) == [{"import-time"}, set()]

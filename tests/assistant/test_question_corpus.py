"""Which corpus files the question model is fitted on, and which it is only ever scored on."""

from __future__ import annotations

from assistant.question_corpus import FRESH_FILE, TEST_FILE, TRAIN_FILES, load


def test_the_held_back_sets_are_not_training_data() -> None:
    assert FRESH_FILE.name == "fresh.jsonl"
    assert FRESH_FILE not in TRAIN_FILES
    assert TEST_FILE not in TRAIN_FILES


def test_the_fresh_set_loads_as_labelled_questions() -> None:
    fresh = load(FRESH_FILE)
    assert len(fresh) >= 220
    assert all(record.id.startswith("q-fresh-") for record in fresh)

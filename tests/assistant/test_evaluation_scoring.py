"""Scoring a question set: an answer that names the worse side and recommends the other is held to the set's rule."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer import Answer
from assistant.evaluation import evaluate, load_items


class Answering:
    """Gives every question the same answer: it names ``subject`` and recommends ``recommendation``."""

    def __init__(self, recommendation: str | None, subject: str | None) -> None:
        self.answer = (recommendation, subject)

    def ask_many(self, questions: list[str]) -> list[Answer]:
        recommendation, subject = self.answer
        return [Answer(q, "...", recommendation, 0.7, False, [], subject=subject) for q in questions]


def _set(tmp_path: Path, **record: object) -> Path:
    path = tmp_path / "set.jsonl"
    base = {"id": "q", "question": "Which of the two would you avoid for a phone app?"}
    path.write_text(json.dumps(base | record) + "\n")
    return path


def test_a_corpus_record_means_the_side_recommended(tmp_path: Path) -> None:
    items = load_items(_set(tmp_path, polarity="worse", expect={"abstain": False, "recommendation": "tensorflow"}))
    right = evaluate(Answering("tensorflow", "pytorch"), items)  # type: ignore[arg-type]
    flipped = evaluate(Answering("pytorch", "tensorflow"), items)  # type: ignore[arg-type]
    assert right.recommendation_accuracy == 1.0 and flipped.recommendation_accuracy == 0.0


def test_an_older_sets_record_accepts_the_side_named_or_recommended(tmp_path: Path) -> None:
    items = load_items(_set(tmp_path, expect={"abstain": False, "recommendation": "pytorch"}))
    assert evaluate(Answering("tensorflow", "pytorch"), items).recommendation_accuracy == 1.0  # type: ignore[arg-type]
    assert evaluate(Answering("tensorflow", None), items).recommendation_accuracy == 0.0  # type: ignore[arg-type]

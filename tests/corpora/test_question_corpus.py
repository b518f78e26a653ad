"""The labelled question corpus (corpora/questions): schema, label values, ids, split separation and sizes."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assistant.question_corpus import FORMS
from knowledge.claims import TOPICS

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "questions"
SPLITS = {
    "train": "train.jsonl",
    "extra": "train-extra.jsonl",
    "extra2": "train-extra2.jsonl",
    "extra3": "train-extra3.jsonl",
    "extra4": "train-extra4.jsonl",
    "extra5": "train-extra5.jsonl",
    "extra6": "train-extra6.jsonl",
    "extra7": "train-extra7.jsonl",
    "extra8": "train-extra8.jsonl",
    "extra9": "train-extra9.jsonl",
    "extra10": "train-extra10.jsonl",
    "extra11": "train-extra11.jsonl",
    "extra12": "train-extra12.jsonl",
    "test": "test.jsonl",
    "fresh": "fresh.jsonl",
    "fresh2": "fresh2.jsonl",
    "fresh3": "fresh3.jsonl",
    "fresh4": "fresh4.jsonl",
    "fresh5": "fresh5.jsonl",
    "fresh6": "fresh6.jsonl",
    "fresh7": "fresh7.jsonl",
    "fresh8": "fresh8.jsonl",
    "fresh9": "fresh9.jsonl",
    "fresh10": "fresh10.jsonl",
    "fresh11": "fresh11.jsonl",
    "fresh12": "fresh12.jsonl",
    "fresh13": "fresh13.jsonl",
    "fresh14": "fresh14.jsonl",
}
"""Each split by its id prefix (`q-<split>-NNNN`) and its file; `extra`, `extra2`, `extra3`, `extra4`, `extra5`,
`extra6`, `extra7`, `extra8`, `extra9`, `extra10`, `extra11` and `extra12` are training data in other voices (`extra11`
and `extra12` outside `TRAIN_FILES` for now, see the corpus README), `fresh`, `fresh2`, `fresh3`, `fresh4`, `fresh5`,
`fresh6`, `fresh7`, `fresh8`, `fresh9`, `fresh10`, `fresh11`, `fresh12`, `fresh13` and `fresh14` second, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth, fourteenth and fifteenth held-back sets, written after the model shipped by sessions that had not read
its code."""
HELD_BACK_SETS = (
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
)
"""The held-back sets written after the model shipped: each must reach the fresh minimums and repeat no
question of any other file, the older sets included (repeats between splits are caught for all splits)."""
OLDER_SETS = CORPUS / "older-sets.jsonl"
"""The question sets written before the corpus (dev, paraphrase, new), labelled the same way: training data."""

MEASURED_PROPERTIES = (
    "training-speed",
    "inference-speed",
    "compiled-training-speed",
    "graph-speedup",
    "torch-compile-speedup",
    "import-time",
    "install-size",
    "import-memory",
    "numpy-interop",
    "debugging",
    "dynamic-control-flow",
    "eager-default",
    "torchscript",
    "onnx-export",
    "cpp-runtime",
    "savedmodel-serving",
    "tflite-mobile",
    "tfjs-browser",
    "automl-tuning",
)
PROPERTIES = frozenset(TOPICS) | frozenset(MEASURED_PROPERTIES)
POLARITIES = ("better", "worse", "neutral")
OPENINGS = ("yes", "no", "pick", "no-single-pick", "depends", "tool", "list", "refuse", "who")
RECOMMENDATIONS = ("pytorch", "tensorflow", None)
FIELDS = {"id", "question", "form", "property", "frameworks", "polarity", "in_scope", "expect"}
EXPECT_FIELDS = {"recommendation", "abstain", "opening"}
FRAMEWORK_NAME = re.compile(r"^[a-z][a-z0-9.-]*$")

MIN_TOTAL, MIN_TEST = 640, 160
MIN_PER_FORM_TOTAL, MIN_PER_FORM_TEST = 45, 12
MIN_PER_FORM_EXTRA = {
    "extra": 35,
    "extra2": 17,
    "extra3": 18,
    "extra4": 20,
    "extra5": 20,
    "extra6": 20,
    "extra7": 20,
    "extra8": 15,
    "extra9": 20,
    "extra10": 20,
    "extra12": 18,
}
"""Each extra training set's questions per form, at least."""
MIN_FRESH, MIN_PER_FORM_FRESH = 220, 18


def load(split: str) -> list[dict[str, Any]]:
    lines = (CORPUS / SPLITS[split]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def normalised(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


def field_problems(row: dict[str, Any]) -> list[str]:
    problems = []
    keys = set(row) - {"note"}
    if keys != FIELDS:
        problems.append(f"fields {sorted(keys ^ FIELDS)} missing or unexpected")
    if not isinstance(row.get("question"), str) or not row["question"].strip():
        problems.append("question must be a non-empty string")
    if "note" in row and not isinstance(row["note"], str):
        problems.append("note must be a string")
    expect = row.get("expect")
    if not isinstance(expect, dict) or set(expect) != EXPECT_FIELDS:
        problems.append(f"expect must have exactly {sorted(EXPECT_FIELDS)}")
    return problems


def value_problems(row: dict[str, Any]) -> list[str]:
    problems = []
    expect = row["expect"]
    if row["form"] not in FORMS:
        problems.append(f"unknown form {row['form']!r}")
    if row["property"] is not None and not (isinstance(row["property"], str) and row["property"] in PROPERTIES):
        problems.append(f"unknown property {row['property']!r}")
    frameworks = row["frameworks"]
    if not isinstance(frameworks, list) or not all(isinstance(f, str) and FRAMEWORK_NAME.match(f) for f in frameworks):
        problems.append("frameworks must be a list of lowercase names")
    elif len(set(frameworks)) != len(frameworks):
        problems.append("frameworks repeats a name")
    if row["polarity"] not in POLARITIES:
        problems.append(f"unknown polarity {row['polarity']!r}")
    if not isinstance(row["in_scope"], bool) or not isinstance(expect["abstain"], bool):
        problems.append("in_scope and expect.abstain must be booleans")
    if expect["recommendation"] not in RECOMMENDATIONS:
        problems.append(f"unknown recommendation {expect['recommendation']!r}")
    if expect["opening"] not in OPENINGS:
        problems.append(f"unknown opening {expect['opening']!r}")
    return problems


def consistency_problems(row: dict[str, Any]) -> list[str]:
    problems = []
    expect = row["expect"]
    off_topic = row["form"] == "off_topic"
    if off_topic == row["in_scope"]:
        problems.append("in_scope must be false exactly for off_topic")
    if off_topic and (row["property"], expect["recommendation"], expect["abstain"]) != (None, None, True):
        problems.append("off_topic has no property, no recommendation, and abstains")
    if off_topic != (expect["opening"] == "refuse"):
        problems.append("the refuse opening belongs to off_topic and only to it")
    if row["form"] == "drawbacks" and expect["recommendation"] is not None:
        problems.append("a drawbacks question recommends nothing")
    return problems


def row_problems(row: dict[str, Any]) -> list[str]:
    problems = field_problems(row)
    if problems:
        return problems
    problems = value_problems(row)
    return problems or consistency_problems(row)


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict[str, Any]]]:
    return {split: load(split) for split in SPLITS}


VALID_ROW: dict[str, Any] = {
    "id": "q-train-0001",
    "question": "Which framework trains a small CNN faster on CPU?",
    "form": "measurable",
    "property": "training-speed",
    "frameworks": [],
    "polarity": "better",
    "in_scope": True,
    "expect": {"recommendation": "pytorch", "abstain": False, "opening": "pick"},
}


def test_a_valid_row_passes_the_checks() -> None:
    assert row_problems(VALID_ROW) == []
    assert row_problems({**VALID_ROW, "note": "why"}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"form": "comparison"}, "unknown form"),
        ({"property": "speed"}, "unknown property"),
        ({"property": ["debugging"]}, "unknown property"),
        ({"frameworks": ["PyTorch"]}, "lowercase"),
        ({"frameworks": ["jax", "jax"]}, "repeats"),
        ({"polarity": "up"}, "unknown polarity"),
        ({"in_scope": "yes"}, "booleans"),
        ({"question": "  "}, "non-empty"),
        ({"extra": 1}, "unexpected"),
        ({"expect": {"recommendation": "keras", "abstain": False, "opening": "pick"}}, "unknown recommendation"),
        ({"expect": {"recommendation": None, "abstain": False, "opening": "maybe"}}, "unknown opening"),
        ({"expect": {"recommendation": None, "abstain": False}}, "expect must have"),
        ({"in_scope": False}, "in_scope must be false exactly"),
        (
            {"form": "drawbacks", "polarity": "worse", "expect": {**VALID_ROW["expect"], "opening": "list"}},
            "recommends",
        ),
        ({"expect": {**VALID_ROW["expect"], "opening": "refuse"}}, "refuse opening"),
    ],
)
def test_a_broken_row_is_caught(change: dict[str, Any], problem: str) -> None:
    problems = row_problems({**VALID_ROW, **change})
    assert any(problem in text for text in problems), problems


def test_every_row_has_the_schema_and_label_values(corpus: dict[str, list[dict[str, Any]]]) -> None:
    bad = {row.get("id"): row_problems(row) for rows in corpus.values() for row in rows}
    assert {row_id: problems for row_id, problems in bad.items() if problems} == {}


def test_ids_are_unique_and_name_their_split(corpus: dict[str, list[dict[str, Any]]]) -> None:
    ids = [row["id"] for rows in corpus.values() for row in rows]
    assert [row_id for row_id, count in Counter(ids).items() if count > 1] == []
    for split, rows in corpus.items():
        assert all(re.fullmatch(rf"q-{split}-\d{{4}}", row["id"]) for row in rows), split


def test_no_question_repeats_within_or_across_splits(corpus: dict[str, list[dict[str, Any]]]) -> None:
    seen = Counter(normalised(row["question"]) for rows in corpus.values() for row in rows)
    assert [question for question, count in seen.items() if count > 1] == []


def test_split_sizes_reach_the_minimums(corpus: dict[str, list[dict[str, Any]]]) -> None:
    assert len(corpus["train"]) + len(corpus["test"]) >= MIN_TOTAL
    assert len(corpus["test"]) >= MIN_TEST


def test_every_form_reaches_its_minimum(corpus: dict[str, list[dict[str, Any]]]) -> None:
    test_forms = Counter(row["form"] for row in corpus["test"])
    all_forms = test_forms + Counter(row["form"] for row in corpus["train"] + corpus["extra"])
    assert {form: all_forms[form] for form in FORMS if all_forms[form] < MIN_PER_FORM_TOTAL} == {}
    assert {form: test_forms[form] for form in FORMS if test_forms[form] < MIN_PER_FORM_TEST} == {}


@pytest.mark.parametrize("split", sorted(MIN_PER_FORM_EXTRA))
def test_the_extra_training_questions_cover_every_form(corpus: dict[str, list[dict[str, Any]]], split: str) -> None:
    forms = Counter(row["form"] for row in corpus[split])
    assert {form: forms[form] for form in FORMS if forms[form] < MIN_PER_FORM_EXTRA[split]} == {}


def older_questions() -> set[str]:
    """Every question of the older sets, normalised (compared, never printed)."""
    lines = OLDER_SETS.read_text(encoding="utf-8").splitlines()
    return {normalised(json.loads(line)["question"]) for line in lines if line.strip()}


@pytest.mark.parametrize("split", HELD_BACK_SETS)
def test_a_held_back_set_repeats_no_older_question(corpus: dict[str, list[dict[str, Any]]], split: str) -> None:
    older = older_questions()
    assert older
    assert [row["id"] for row in corpus[split] if normalised(row["question"]) in older] == []


@pytest.mark.parametrize("split", HELD_BACK_SETS)
def test_a_held_back_set_repeats_no_question_of_another_split(
    corpus: dict[str, list[dict[str, Any]]], split: str
) -> None:
    elsewhere = {normalised(row["question"]) for other, rows in corpus.items() if other != split for row in rows}
    assert [row["id"] for row in corpus[split] if normalised(row["question"]) in elsewhere] == []


@pytest.mark.parametrize("split", ("extra4", "extra5", "extra6", "extra7", "extra8", "extra9", "extra10", "extra11"))
def test_a_late_extra_set_repeats_no_question_of_any_other_file(
    corpus: dict[str, list[dict[str, Any]]], split: str
) -> None:
    """train-extra4 to train-extra11 were written after the held-back sets: none of their questions may repeat one of
    another file, the older sets included (only ids are reported, so a collision with a held-back set stays unread)."""
    elsewhere = older_questions() | {
        normalised(row["question"]) for other, rows in corpus.items() if other != split for row in rows
    }
    assert [row["id"] for row in corpus[split] if normalised(row["question"]) in elsewhere] == []


@pytest.mark.parametrize("split", HELD_BACK_SETS)
def test_a_held_back_set_reaches_its_size_and_covers_every_form(
    corpus: dict[str, list[dict[str, Any]]], split: str
) -> None:
    assert len(corpus[split]) >= MIN_FRESH
    fresh_forms = Counter(row["form"] for row in corpus[split])
    assert {form: fresh_forms[form] for form in FORMS if fresh_forms[form] < MIN_PER_FORM_FRESH} == {}

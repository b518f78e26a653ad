"""The labelled question corpus the question model is fitted on (``corpora/questions/``), read and hashed.

One JSON object a line (``corpora/questions/README.md``): the question, its form, the property it asks
about (an article topic, a measured property, or null), its polarity and whether it is in scope. The
training files (not the held-back test and fresh sets) are hashed together: the shipped model records the
hash it was fitted on, and a test fails when the corpus changed without retraining.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import UserInputError

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "corpora" / "questions"
TRAIN_FILES: tuple[Path, ...] = (
    CORPUS_DIR / "train.jsonl",
    CORPUS_DIR / "train-extra.jsonl",
    CORPUS_DIR / "older-sets.jsonl",
    CORPUS_DIR / "train-extra2.jsonl",
    CORPUS_DIR / "train-extra3.jsonl",
    CORPUS_DIR / "train-extra4.jsonl",
    CORPUS_DIR / "train-extra5.jsonl",
    CORPUS_DIR / "train-extra6.jsonl",
    CORPUS_DIR / "train-extra7.jsonl",
    CORPUS_DIR / "train-extra8.jsonl",
    CORPUS_DIR / "train-extra9.jsonl",
    CORPUS_DIR / "train-extra10.jsonl",
)
"""The corpus's train split, its extra questions in other voices, the older question sets (dev, paraphrase,
new) labelled the same way, and a second to tenth batch of extra questions (written without opening a
held-back set)."""
TEST_FILE = CORPUS_DIR / "test.jsonl"
"""The held-back test split: scored with the shipped weights, never tuned on."""
FRESH_FILE = CORPUS_DIR / "fresh.jsonl"
"""A second held-back set, written after the model shipped by someone who had not seen its code or the
test split: scored with the shipped weights, never fitted or tuned on, and outside the corpus hash."""

FORMS: tuple[str, ...] = (
    "choice",
    "yes_no",
    "who",
    "drawbacks",
    "pros",
    "how_to",
    "should_i",
    "rating",
    "measurable",
    "third_framework",
    "off_topic",
)
POLARITIES: tuple[str, ...] = ("better", "worse", "neutral")


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    id: str
    text: str
    form: str
    property: str | None
    polarity: str
    in_scope: bool
    frameworks: tuple[str, ...] = ()
    abstain: bool | None = None
    """Whether a correct answer abstains (``expect.abstain``); None for a record without answer expectations."""


def _record(raw: dict[str, object], where: str) -> LabelledQuestion:
    form, polarity = str(raw["form"]), str(raw.get("polarity") or "neutral")
    if form not in FORMS:
        raise UserInputError(f"{where}: unknown form {form!r}")
    if polarity not in POLARITIES:
        raise UserInputError(f"{where}: unknown polarity {polarity!r}")
    prop = raw.get("property")
    named = raw.get("frameworks") or ()
    expect = raw.get("expect")
    return LabelledQuestion(
        id=str(raw.get("id", where)),
        text=str(raw.get("question") or raw["text"]),
        form=form,
        property=str(prop) if prop else None,
        polarity=polarity,
        in_scope=bool(raw["in_scope"]),
        frameworks=tuple(str(f) for f in named) if isinstance(named, list | tuple) else (),
        abstain=bool(expect["abstain"]) if isinstance(expect, dict) and "abstain" in expect else None,
    )


def load(path: Path) -> list[LabelledQuestion]:
    """Every labelled question in ``path``; a malformed line is a clear error naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserInputError(f"cannot read question corpus {path}: {exc.strerror or exc}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(_record(json.loads(line), f"{path.name}:{number}"))
        except (ValueError, KeyError, TypeError) as exc:
            raise UserInputError(f"{path.name}:{number}: not a labelled question ({exc})") from exc
    return records


def load_all(paths: Iterable[Path]) -> list[LabelledQuestion]:
    return [record for path in paths for record in load(path)]


def corpus_hash(paths: Sequence[Path]) -> str:
    """SHA-256 over the files' names and bytes, in order: what a fitted model records it was fitted on."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()

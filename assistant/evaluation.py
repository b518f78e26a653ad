"""Scoring a question set (format: shared/eval/README.md): recommendation accuracy, mention recall,
abstain accuracy."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import Answer
from assistant.errors import UserInputError
from assistant.followup import Turn, resolve_in_context
from assistant.service import Assistant


@dataclass(frozen=True, slots=True)
class EvalItem:
    id: str
    question: str
    abstain: bool
    recommendation: str | None
    must_mention: tuple[str, ...]
    history: tuple[str, ...] = ()
    """Earlier user messages of a conversation (oldest first): the question is a follow-up to them."""
    either_side: bool = False
    """An older set's record (shared/eval/README.md: "the framework the answer must name as its pick"), whose labels
    for a question asking for the worse side name either the side the answer names or the one it recommends; the
    labelled corpus (its records carry a ``polarity``) always means the side recommended
    (corpora/questions/README.md)."""


@dataclass
class EvalReport:
    total: int = 0
    recommendation_accuracy: float = 0.0
    mention_recall: float = 0.0
    abstain_accuracy: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_items(path: Path) -> list[EvalItem]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserInputError(f"cannot read question set {path}: {exc.strerror or exc}") from exc
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            expect = raw["expect"]
            items.append(
                EvalItem(
                    str(raw.get("id", number)),
                    raw["question"],
                    bool(expect["abstain"]),
                    expect.get("recommendation"),
                    tuple(expect.get("must_mention", ())),
                    tuple(raw.get("history", ())),
                    "polarity" not in raw,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserInputError(f"{path}:{number}: not a question record ({exc})") from exc
    if not items:
        raise UserInputError(f"{path} holds no questions")
    return items


def _mentions(answer: Answer, needles: tuple[str, ...]) -> list[str]:
    haystack = (answer.answer + " " + " ".join(c.text for c in answer.citations)).lower()
    return [n for n in needles if n.lower() not in haystack]


def _in_context(assistant: Assistant, item: EvalItem) -> str:
    """The question a follow-up stands for, after answering its history as a conversation would."""
    turns: list[Turn] = []
    for earlier in item.history:
        question = resolve_in_context(earlier, turns)
        answer = assistant.ask(question)
        turns.append(Turn(question, answer.settled_on))
    return resolve_in_context(item.question, turns)


def evaluate(assistant: Assistant, items: list[EvalItem]) -> EvalReport:
    answers = assistant.ask_many([_in_context(assistant, item) for item in items])
    report = EvalReport(total=len(items))
    rec_total = rec_ok = mention_total = mention_ok = abstain_ok = 0
    for item, answer in zip(items, answers, strict=True):
        problems = []
        if answer.abstained == item.abstain:
            abstain_ok += 1
        else:
            problems.append(f"abstained={answer.abstained}")
        if item.recommendation is not None:
            rec_total += 1
            # ``subject`` where the answer deliberately recommends none (drawbacks, who made it), so "What are
            # PyTorch's weaknesses?" still names PyTorch; an answer that names the worse side and recommends the
            # other ("which uses more memory?") is scored on its recommendation, or on either for an older set.
            either = item.either_side and item.recommendation == answer.subject
            if item.recommendation == (answer.recommendation or answer.subject) or either:
                rec_ok += 1
            else:
                problems.append(f"recommendation={answer.recommendation}")
        if item.must_mention and not item.abstain:
            mention_total += 1
            missing = _mentions(answer, item.must_mention)
            if missing:
                problems.append(f"missing={missing}")
            else:
                mention_ok += 1
        if problems:
            report.failures.append(
                {"id": item.id, "question": item.question, "problems": problems, "confidence": answer.confidence}
            )
    report.recommendation_accuracy = round(rec_ok / rec_total, 4) if rec_total else 1.0
    report.mention_recall = round(mention_ok / mention_total, 4) if mention_total else 1.0
    report.abstain_accuracy = round(abstain_ok / len(items), 4)
    return report

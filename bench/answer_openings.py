"""Whether an answer's first sentence answers what was asked: a yes/no question opens "Yes" or "No", an advice
question may open "It depends", as each labelled question's ``expect.opening`` says (corpora/questions/README.md).

The answers are the assistant's own, over the data dir's evidence (run ``weighin evaluate --all`` first: a
measured capability's yes or no follows its measurement). The opening is read from the answer's own templates
("Yes: the article credits ...", "No. Measured here, ...", "It depends on your needs; ..."), so reading it is
exact; any other opening ("Measured here, ...", "PyTorch's strengths, ...") answers neither.

Run: .venv/bin/python bench/answer_openings.py FILE... [--show N]. Prints one markdown row per file: the
questions labelled yes, no or depends, how many open as labelled, and the confusion (label -> opening).
Held-back files (test, fresh*) are scored to report, never to tune on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.settings import Settings
from assistant.wiring import build_assistant

SCORED = ("yes", "no", "depends")
"""The openings a label can ask for that read as an answer of their own (a pick or a list is scored elsewhere)."""


def opening_of(answer: str) -> str:
    """'yes', 'no', 'depends' or 'other': how the answer's first sentence answers a yes/no or advice question."""
    first = answer.lstrip()
    if first.startswith(("Yes:", "Yes.", "Yes,")):
        return "yes"
    if first.startswith(("No:", "No.", "No,", "Not measurably.")):
        return "no"
    if first.startswith("It depends"):
        return "depends"
    return "other"


def labelled(path: Path) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if (r.get("expect") or {}).get("opening") in SCORED and not r.get("history")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print up to N misses per file")
    args = parser.parse_args()
    assistant = build_assistant(Settings.from_env())
    print("| file | labelled yes / no / depends | opening as labelled | label -> opening (misses) |")
    print("|---|---:|---:|---|")
    for path in args.files:
        rows = labelled(path)
        if not rows:
            continue
        answers = assistant.ask_many([str(r["question"]) for r in rows])
        misses: Counter[tuple[str, str]] = Counter()
        shown = 0
        for row, answer in zip(rows, answers, strict=True):
            expected, got = str(row["expect"]["opening"]), opening_of(answer.answer)  # type: ignore[index]
            if expected != got:
                misses[(expected, got)] += 1
                if shown < args.show:
                    shown += 1
                    print(f"  {expected} -> {got}: {row['question']}\n      {answer.answer.splitlines()[0][:150]}")
        right = len(rows) - sum(misses.values())
        confusion = ", ".join(f"{e} -> {g} {n}" for (e, g), n in misses.most_common())
        print(f"| {path.stem} | {len(rows)} | {right} ({right / len(rows):.3f}) | {confusion} |")


if __name__ == "__main__":
    main()

"""Compact listings: one line per item, readable at 80 columns in a terminal and whole when piped.

In a terminal the columns are aligned and the last one (free text) is cut to the console's width with an
ellipsis; piped, each line is the fields joined by tabs, never cut, so ``cut -f`` and ``grep`` see everything
(as ``gh`` lists do). Colour is the console's business: rich drops it when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from evaluators.verdicts import LABELS

VERDICT_STYLES = {
    "supported": "green",
    "contradicted": "red",
    "inconclusive": "yellow",
    "error": "bold red",
    "not_testable": "dim",
    "mixed": "magenta",
    "measured": "cyan",
    "unverified": "dim italic",
}
"""The terminal's colour per verdict, over the shared vocabulary (``evaluators.verdicts.LABELS``)."""


def verdict_markup(verdict: str) -> str:
    """The verdict's label in its colour, as rich markup."""
    label = escape(LABELS.get(verdict, verdict))
    style = VERDICT_STYLES.get(verdict)
    return f"[{style}]{label}[/]" if style else label


@dataclass(frozen=True, slots=True)
class Row:
    """Fixed-width fields (ids, verdicts, short values) then one free-text field that may be cut."""

    fields: tuple[str, ...]
    text: str
    verdict: str = ""
    """The key (in :data:`LABELS`) of the field that holds a verdict's label, to colour it."""


def print_rows(console: Console, rows: Sequence[Row]) -> None:
    if not rows:
        return
    if not console.is_terminal:
        for row in rows:
            console.file.write("\t".join((*row.fields, " ".join(row.text.split()))) + "\n")
        return
    widths = [max(len(row.fields[i]) for row in rows) for i in range(len(rows[0].fields))]
    for row in rows:
        line = Text()
        for value, width in zip(row.fields, widths, strict=True):
            style = VERDICT_STYLES.get(row.verdict, "") if value == LABELS.get(row.verdict) else ""
            line.append(value.ljust(width), style=style)
            line.append("  ")
        room = console.width - line.cell_len
        text = " ".join(row.text.split())
        line.append(text if len(text) <= room else text[: max(room - 1, 0)] + "…")
        console.print(line, no_wrap=True, overflow="ignore", crop=True)

"""Rewrite the generated table in docs/evidence.md from the hypothesis table (run after changing the rules)."""

from __future__ import annotations

from pathlib import Path

from knowledge.hypotheses import bundled_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "evidence.md"
START, END = "<!-- generated: python -m knowledge.hypotheses -->\n", "<!-- end generated -->"

if __name__ == "__main__":
    page = DOC.read_text()
    head, rest = page.split(START, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + START + bundled_table() + END + tail)
    print(f"rewrote {DOC}")

""" "why?" in ``weighin chat``: the last pick explained from what it rests on, not the answer said again.

The explanation lists each cited claim with the framework it favours and what the measurements made of it
(its verdict, and a contradicting measurement called out), tallies the sides, and adds what was measured
here about the question and what is still to measure.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.cited_verdicts import contradicted_by_measurement, verdict_words
from assistant.answer import Answer
from knowledge.frameworks import display

WHY_COMMANDS = frozenset({"why", "why?", "/why"})
"""Chat commands (like ``exit``), matched exactly: they ask about the last answer, not the article."""


def is_why_command(line: str) -> bool:
    return line.strip().lower() in WHY_COMMANDS


def explain_pick(answer: Answer | None) -> list[str]:
    """Plain lines that say why the last answer picked what it did."""
    if answer is None:
        return ["Nothing to explain yet: ask a question first."]
    if answer.abstained:
        return [f"No pick for “{answer.question}”: the article does not answer it (see the answer for what it covers)."]
    pick = answer.recommendation
    lead = (
        f"Why {display(pick)} for “{answer.question}”:"
        if pick
        else f"No single pick for “{answer.question}”: the claims it rests on do not settle on one framework."
    )
    lines = [lead, _tally(answer), *_claim_lines(answer)]
    return lines + _measured_lines(answer.measured)


def _claim_lines(answer: Answer) -> list[str]:
    lines = []
    for number, citation in enumerate(answer.citations, start=1):
        side = f"favours {display(citation.favors)}" if citation.favors not in ("", "neither") else "favours neither"
        lines.append(f"[{number}] {side}: {' '.join(citation.text.split())}")
        own = [e for e in answer.evidence if e["claim_id"] == citation.claim_id]
        figures = [str(e["key_figure"]) for e in own if e.get("key_figure")]
        measured = verdict_words(citation.claim_id, answer.evidence)
        lines.append(f"    measured: {measured}" + (f" ({'; '.join(figures)})" if figures else ""))
    return lines


def _tally(answer: Answer) -> str:
    sides = Counter(c.favors for c in answer.citations)
    parts = [
        f"{sides[f]} {'favours' if sides[f] == 1 else 'favour'} {display(f)}"
        for f in ("pytorch", "tensorflow", "both")
        if sides[f]
    ]
    contradicted = sum(contradicted_by_measurement(c.claim_id, answer.evidence) for c in answer.citations)
    measured = f"; a measurement contradicts {contradicted}" if contradicted else ""
    return f"Of {len(answer.citations)} cited claims, {', '.join(parts) or 'none favours a framework'}{measured}."


def _measured_lines(measured: dict[str, Any] | None) -> list[str]:
    if not measured:
        return []
    lines = [f"Measured here: {finding['text']}" for finding in measured.get("findings") or []]
    missing = measured.get("missing_jobs") or []
    if missing:
        lines.append("Not measured here yet: weighin evaluate " + " ".join(f"--job {job}" for job in missing))
    return lines

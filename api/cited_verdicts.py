"""One word per cited claim, from the evidence an answer carries: what every surface shows beside a citation.

A claim's verdict is its evidence items' shared verdict, ``mixed`` when they differ (the rule
:func:`evaluators.verdicts.summarize_verdicts` applies to a claim's links), and ``unverified`` ("Not measured
yet") when nothing was measured. ``contradicted`` is called out on its own: a measurement that contradicts a
claim must be visible even when another job supported it (the claim then reads ``mixed``). The chat page's
script applies the same rule to the same JSON (``chat.js``: ``citedVerdict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from evaluators.verdicts import LABELS, summarize_verdicts

UNVERIFIED = "unverified"
CONTRADICTED_NOTE = "a measurement contradicts it"
"""Added to a verdict other than ``contradicted`` when one of the claim's measurements contradicts it."""


def cited_verdict(claim_id: str, evidence: Iterable[Mapping[str, Any]]) -> str:
    """The claim's verdict key (a key of :data:`evaluators.verdicts.LABELS`)."""
    verdicts = [str(item.get("verdict") or "") for item in evidence if item.get("claim_id") == claim_id]
    return summarize_verdicts(v for v in verdicts if v) or UNVERIFIED


def contradicted_by_measurement(claim_id: str, evidence: Iterable[Mapping[str, Any]]) -> bool:
    return any(item.get("claim_id") == claim_id and item.get("verdict") == "contradicted" for item in evidence)


def verdict_words(claim_id: str, evidence: Iterable[Mapping[str, Any]]) -> str:
    """``Supported``, ``Mixed (a measurement contradicts it)``, ``Not measured yet``: the label to print."""
    items = list(evidence)
    verdict = cited_verdict(claim_id, items)
    words = LABELS.get(verdict, verdict)
    if verdict != "contradicted" and contradicted_by_measurement(claim_id, items):
        words += f" ({CONTRADICTED_NOTE})"
    return words

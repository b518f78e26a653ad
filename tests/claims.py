"""Claims written in a test: every field a claim needs, the rest as the test says."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from knowledge.claims import Claim, claim_id


def make_claim(text: str, document_id: str = "doc", **fields: Any) -> Claim:
    """A testable factual claim about PyTorch's debugging in ``document_id``, quoting all of ``text``; ``fields``
    replace any of that."""
    claim = Claim(
        id=claim_id(document_id, text),
        document_id=document_id,
        text=text,
        section=("s",),
        quote=text,
        start=0,
        end=len(text),
        frameworks=("pytorch",),
        subject="pytorch",
        favors="pytorch",
        topic="debugging",
        kind="factual",
        testable=True,
    )
    return replace(claim, **fields)

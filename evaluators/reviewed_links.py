"""Reviewed exceptions to the claim linker: per-document files that say what a sentence links to.

The linker knows no article's wording; where a person has reviewed a sentence it gets wrong, a file in
the data dir's ``reviewed-links/`` folder (one per document, any name ending ``.json``) overrides it::

    {"document": "our-notes",
     "sentences": [
        {"text": "TensorFlow is simply the heavier framework to carry around.",
         "links": [{"job": "framework-footprint", "metric": "installed_size",
                    "predicts": "pytorch", "against": "tensorflow"}],
         "why": "the author means the install"},
        {"text": "Keras hides the loop in fit().", "links": [], "why": "describes an API, claims nothing"}]}

A sentence is matched by its exact text; ``links: []`` removes the linker's links. Every link must name a
declared job and metric; a file that does not is refused with a clear error, never half-applied.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaluators.declarations import MeasuredProperty
from evaluators.errors import EvaluatorUserError
from evaluators.registry import LinkSource
from knowledge.claims import Claim
from knowledge.hypotheses import ClaimLink, Hypothesis, gated, unmeasured_parts

if TYPE_CHECKING:
    import numpy as np

FOLDER = "reviewed-links"


class ReviewedLinksError(EvaluatorUserError):
    """A reviewed-links file that cannot be used (unreadable, or naming an undeclared job or metric)."""


class ReviewedLinks:
    """A link source: reviewed sentences as their files say, every other sentence as the linker says."""

    def __init__(self, linker: LinkSource, reviewed: Mapping[str, Sequence[ClaimLink]]) -> None:
        self.linker = linker
        self.reviewed = {text: tuple(links) for text, links in reviewed.items()}

    def links_for_claim(self, claim: Claim) -> list[ClaimLink]:
        if claim.text in self.reviewed:
            return self.links_for(claim.text, claim.topic, claim.context)
        return self.linker.links_for_claim(claim)

    def links_for(self, text: str, topic: str, context: str = "") -> list[ClaimLink]:
        if text in self.reviewed:
            return [] if gated(topic) else list(self.reviewed[text])
        return self.linker.links_for(text, topic, context)

    def prepare(self, texts: Sequence[str]) -> None:
        prepare = getattr(self.linker, "prepare", None)
        if prepare is not None:
            prepare([text for text in texts if text not in self.reviewed])

    def embedded(self) -> dict[str, np.ndarray]:
        embedded = getattr(self.linker, "embedded", None)
        return embedded() if embedded is not None else {}

    def reuse(self, vectors: Mapping[str, np.ndarray]) -> None:
        reuse = getattr(self.linker, "reuse", None)
        if reuse is not None:
            reuse(vectors)


def load_reviewed(folder: Path, properties: Sequence[MeasuredProperty]) -> dict[str, tuple[ClaimLink, ...]]:
    """Every reviewed sentence of the folder's files; {} when the folder does not exist."""
    if not folder.is_dir():
        return {}
    declared = {(prop.job_id, prop.metric): prop for prop in properties}
    reviewed: dict[str, tuple[ClaimLink, ...]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            sentences = data["sentences"]
            for sentence in sentences:
                text = str(sentence["text"])
                reviewed[text] = tuple(_link(text, item, declared, path) for item in sentence["links"])
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise ReviewedLinksError(f"{path}: not a reviewed-links file ({exc})") from exc
    return reviewed


def _link(
    text: str, item: Mapping[str, Any], declared: Mapping[tuple[str, str], MeasuredProperty], path: Path
) -> ClaimLink:
    key = (str(item["job"]), str(item["metric"]))
    if key not in declared:
        raise ReviewedLinksError(f"{path}: no job declares {key[0]} / {key[1]}")
    fields = {name: str(item.get(name) or "") for name in ("predicts", "side", "against", "device")}
    if not fields["predicts"]:
        raise ReviewedLinksError(f"{path}: a link of {text[:40]!r} says nothing it predicts")
    prop = declared[key]
    hypothesis = Hypothesis(key[0], key[1], **fields)
    return ClaimLink(f"reviewed:{path.name}", hypothesis, unmeasured_parts(text, prop.phrases))

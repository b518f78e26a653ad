"""The claim: the unit of knowledge Weigh-in stores, retrieves, cites and verifies.

A claim is one statement taken from a document in the author's words, with the verbatim quote it came
from (``document.text[start:end] == quote``, offsets into the original file) and the labels the answer
service and the evaluators rely on. Claims are derived data: the documents are the source of truth, and
the same text in the same document always gets the same id, so ids survive index rebuilds.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from knowledge.frameworks import DocumentNames

Favors = Literal["pytorch", "tensorflow", "both", "neither"]
Kind = Literal["factual", "opinion", "rating", "adoption"]

FAVORS: tuple[str, ...] = ("pytorch", "tensorflow", "both", "neither")
KINDS: tuple[str, ...] = ("factual", "opinion", "rating", "adoption")
TOPICS: tuple[str, ...] = (
    "automl",
    "debugging",
    "deployment",
    "research",
    "graph",
    "usability",
    "production",
    "adoption",
    "origin",
    "rating",
    "cons",
    "integration",
    "alternatives",
    "conclusion",
    "performance",
    "overview",
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement from a document.

    ``subject`` is the framework the claim is about; ``favors`` the framework it credits. They differ
    for drawbacks: "PyTorch: deployment tools are newer" is about PyTorch and credits TensorFlow.
    """

    id: str
    document_id: str
    text: str
    section: tuple[str, ...]
    quote: str
    start: int
    end: int
    frameworks: tuple[str, ...]
    subject: Favors
    favors: Favors
    topic: str
    kind: Kind
    testable: bool
    rating: float | None = None
    terms: tuple[str, ...] = field(default=())
    """Named tools and technologies in the claim (TorchScript, ONNX, Keras Tuner, ...)."""
    aspects: tuple[str, ...] = field(default=())
    """Every topic the claim touches, strongest first; ``topic`` is the first of them (or a section's)."""
    strengths: tuple[str, ...] = field(default=())
    """Frameworks the claim states a strength of ("PyTorch: Pythonic, intuitive")."""
    weaknesses: tuple[str, ...] = field(default=())
    """Frameworks the claim states a weakness of ("TensorFlow: can be heavy for smaller applications")."""
    context: str = ""
    """Words a reader needs before ``text`` and that are not part of it, ending in the mark that joins them:
    the section and list label a bullet sits under ("Debugging Simplicity with PyTorch — Key Benefits:"), or
    the framework a sentence that names none is about ("PyTorch:" before "This makes it an incredibly flexible
    tool"). ``text`` itself is always the author's words; the context reads the names in ``names`` as their
    frameworks."""
    names: tuple[tuple[str, str], ...] = field(default=())
    """The names the document gives the frameworks that ``text`` uses, each with its framework ("Option A",
    "pytorch"): :attr:`read_text` reads them as the frameworks."""

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    @property
    def read_text(self) -> str:
        """``text`` as the linker and the labels read it: the document's names for the frameworks replaced by
        the frameworks' own ("Option A imports in 1.3 s" reads "PyTorch imports in 1.3 s")."""
        return DocumentNames(self.names).resolve(self.text)

    @property
    def searchable_text(self) -> str:
        """What retrieval embeds and searches: the claim read in its context, with the document's names for the
        frameworks read as the frameworks."""
        return f"{self.context} {self.read_text}" if self.context else self.read_text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["section"] = list(self.section)
        data["frameworks"] = list(self.frameworks)
        data["terms"] = list(self.terms)
        data["aspects"] = list(self.aspects)
        data["strengths"] = list(self.strengths)
        data["weaknesses"] = list(self.weaknesses)
        data["names"] = [list(pair) for pair in self.names]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        values = dict(data)
        values["section"] = tuple(values["section"])
        values["frameworks"] = tuple(values["frameworks"])
        values["terms"] = tuple(values.get("terms", ()))
        values["aspects"] = tuple(values.get("aspects", ()))
        values["strengths"] = tuple(values.get("strengths", ()))
        values["weaknesses"] = tuple(values.get("weaknesses", ()))
        values["names"] = tuple((str(name), str(framework)) for name, framework in values.get("names", ()))
        return cls(**values)


def claim_id(document_id: str, text: str) -> str:
    """Stable id: the same text in the same document always maps to the same id."""
    normalised = " ".join(text.lower().split())
    digest = hashlib.sha256(f"{document_id}\n{normalised}".encode()).hexdigest()
    return f"c-{digest[:12]}"

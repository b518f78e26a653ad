"""Claims of the bundled article for the evaluator tests.

Uses the knowledge extractor when it exists; until then, a hand-built approximation: one claim per
sentence or table row, with the topic taken from the section heading it sits under.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.claims import Claim, claim_id
from knowledge.hypotheses import is_testable

ARTICLE = Path(__file__).resolve().parents[2] / "knowledge" / "corpus" / "pytorch-vs-tensorflow.txt"
DOCUMENT_ID = "pytorch-vs-tensorflow"
SECTION_TOPICS = {
    "Overview of Pytorch vs TensorFlow": "overview",
    "In-Depth Analysis: 7 Surprising Wins That Matter": "overview",
    "1. Debugging Simplicity with Pytorch": "debugging",
    "2. TensorFlow’s Production Superiority": "production",
    "3. Pytorch’s Research Community Power": "research",
    "4. TensorFlow’s Cross-Platform Versatility": "deployment",
    "5. Pytorch’s Pythonic Elegance": "usability",
    "6. TensorFlow’s AutoML Edge": "automl",
    "7. Pytorch’s Growing Deployment Tools": "deployment",
    "Pytorch vs TensorFlow Comparison": "alternatives",
    "Pytorch vs TensorFlow Pros and Cons": "cons",
    "Conclusion": "conclusion",
    "Pytorch vs TensorFlow rating": "rating",
    "FAQs": "overview",
    "Resources": "",
}


def hand_built_claims(text: str) -> list[Claim]:
    claims: list[Claim] = []
    section, topic = "Introduction", "overview"
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start_of_line, offset = offset, offset + len(line)
        if stripped in SECTION_TOPICS:
            section, topic = stripped, SECTION_TOPICS[stripped]
            continue
        if not topic or not stripped or set(stripped) <= set("-| ") or stripped.startswith(("Alt", "For a")):
            continue
        pieces = [stripped] if "|" in stripped else re.split(r"(?<=[.!?])\s+", stripped)
        for piece in pieces:
            sentence = piece.strip(" -|")
            if len(sentence) < 12:
                continue
            start = text.index(piece, start_of_line)
            claims.append(
                Claim(
                    id=claim_id(DOCUMENT_ID, sentence),
                    document_id=DOCUMENT_ID,
                    text=sentence,
                    section=(section,),
                    quote=piece,
                    start=start,
                    end=start + len(piece),
                    frameworks=("pytorch", "tensorflow"),
                    subject="both",
                    favors="both",
                    topic="origin" if "launched by" in sentence or "developed by Google" in sentence else topic,
                    kind="factual",
                    testable=is_testable(sentence, topic),
                )
            )
    return claims


def article_claims() -> list[Claim]:
    """Claims from the real extractor when available, else the hand-built approximation."""
    try:
        from knowledge.documents import bundled_document  # type: ignore[import-not-found,unused-ignore]
        from knowledge.extraction import extract_claims  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return hand_built_claims(ARTICLE.read_text(encoding="utf-8"))
    return list(extract_claims(bundled_document()))

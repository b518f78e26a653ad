"""Sentence boundaries inside a block of prose, by pysbd's rule-based English segmenter.

pysbd knows abbreviations ("e.g.", "vs.", "Dr."), decimals ("2.13", "1.8x"), dotted names
("tf.function", "TensorFlow.js") and closing brackets and quotes, which a split on ". " does not.
Boundaries are measured against labelled sentences by ``bench/sentence_boundaries.py``.
"""

from __future__ import annotations

import re

import pysbd

from knowledge.lines import Span

_UNIT_END = re.compile(r"(?<=\d)\s?(?:ms|min|mins|sec|secs|hrs)\.(?=\s+[A-Z])")
"""A unit after a figure that ends its sentence ("... took 40 ms. Later ..."), which pysbd reads as an abbreviation
("Ms.", "min.") and so joins two sentences."""


class SentenceSplitter:
    """Splits a :class:`Span` into sentence spans that keep their offsets into the original."""

    def __init__(self, language: str = "en") -> None:
        self._segmenter = pysbd.Segmenter(language=language, clean=False)

    def split(self, span: Span) -> list[Span]:
        if not span.text.strip():
            return []
        pieces: list[Span] = []
        cursor = 0
        for sentence in (part for segment in self._segmenter.segment(span.text) for part in _at_units(segment)):
            words = sentence.strip()
            if not words:
                continue
            begin = span.text.find(words, cursor)
            if begin < 0:  # pysbd returned text it did not find verbatim: keep the rest as one sentence
                break
            pieces.append(span.part(begin, begin + len(words)))
            cursor = begin + len(words)
        tail = span.part(cursor, len(span.text))
        if tail.text:
            pieces.append(tail)
        return pieces


def _at_units(segment: str) -> list[str]:
    """``segment`` cut after each figure's unit that ends a sentence."""
    cuts = [match.end() for match in _UNIT_END.finditer(segment)]
    return [segment[begin:end] for begin, end in zip([0, *cuts], [*cuts, len(segment)], strict=True)]

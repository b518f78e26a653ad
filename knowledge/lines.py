"""Line-level reading of an article: what each line is, and sentence spans inside prose.

Every piece keeps its character offsets into the document, so a claim can always quote its source
exactly (``text[start:end] == quote``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class LineKind(Enum):
    BLANK = "blank"
    CAPTION = "caption"
    LINK_ONLY = "link_only"
    SEPARATOR = "separator"
    TABLE_ROW = "table_row"
    BULLET = "bullet"
    HEADING = "heading"
    LABEL = "label"
    QUESTION = "question"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    kind: LineKind
    span: Span
    """The content without markup (bullet dash, ``#`` marks), with its offsets."""
    level: int = 0
    cells: tuple[Span, ...] = ()


_CAPTION = re.compile(r"^(alt[ -]?text\s*:|!\[)", re.IGNORECASE)
_LINK_ONLY = re.compile(r"\bvisit\s*:|^(see|read more|source)\s*:\s*\S*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_BULLET = re.compile(r"^[-*•]\s+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_TERMINAL = re.compile(r"[.!;,]$")
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "vs.", "mr.", "dr.", "inc.", "fig.", "approx."})
_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’)]*)(?=\s+[A-Z0-9\"“(‘'])")


def _strip(raw: str, offset: int) -> Span:
    left = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return Span(text, offset + left, offset + left + len(text))


def _drop_prefix(span: Span, regex: re.Pattern[str]) -> Span:
    match = regex.match(span.text)
    if not match:
        return span
    cut = match.end()
    return Span(span.text[cut:], span.start + cut, span.end)


def _table_cells(span: Span) -> tuple[Span, ...]:
    cells: list[Span] = []
    position = 0
    for piece in span.text.split("|"):
        cell = _strip(piece, span.start + position)
        if cell.text:
            cells.append(cell)
        position += len(piece) + 1
    return tuple(cells)


def _word_count(text: str) -> int:
    return len(text.split())


def classify(span: Span) -> Line:
    text = span.text
    if not text:
        return Line(LineKind.BLANK, span)
    if _CAPTION.match(text):
        return Line(LineKind.CAPTION, span)
    if _SEPARATOR.match(text):
        return Line(LineKind.SEPARATOR, span)
    if "|" in text:
        cells = _table_cells(span)
        if len(cells) >= 2:
            return Line(LineKind.TABLE_ROW, span, cells=cells)
    if _LINK_ONLY.search(text):
        return Line(LineKind.LINK_ONLY, span)
    heading = _MD_HEADING.match(text)
    if heading:
        return Line(LineKind.HEADING, _drop_prefix(span, _MD_HEADING), level=len(heading.group(1)))
    if _BULLET.match(text):
        return Line(LineKind.BULLET, _drop_prefix(span, _BULLET))
    words = _word_count(text)
    if text.endswith(":") and words <= 8:
        return Line(LineKind.LABEL, Span(text[:-1].rstrip(), span.start, span.start + len(text[:-1].rstrip())))
    if text.endswith("?") and words <= 30:
        return Line(LineKind.QUESTION, span)
    if words <= 12 and not _TERMINAL.search(text) and (text[0].isupper() or text[0].isdigit()):
        level = 2 if _NUMBERED.match(text) else 1
        return Line(LineKind.HEADING, span, level=level)
    return Line(LineKind.PARAGRAPH, span)


def read_lines(text: str) -> Iterator[Line]:
    offset = 0
    for raw in text.splitlines(keepends=True):
        yield classify(_strip(raw.rstrip("\n"), offset))
        offset += len(raw)


def sentences(span: Span) -> list[Span]:
    """Split prose into sentences, keeping offsets; decimals and common abbreviations do not split."""
    pieces: list[Span] = []
    begin = 0
    for match in _SENTENCE_END.finditer(span.text):
        end = match.end()
        last_word = span.text[:end].rsplit(None, 1)[-1].lower()
        if last_word in _ABBREVIATIONS:
            continue
        piece = _strip(span.text[begin:end], span.start + begin)
        if piece.text:
            pieces.append(piece)
        begin = end
    tail = _strip(span.text[begin:], span.start + begin)
    if tail.text:
        pieces.append(tail)
    return pieces


def without_numbering(title: str) -> str:
    return _NUMBERED.sub("", title).strip()

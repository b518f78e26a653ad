"""Where a reader's words are in the original: aligning extracted text back to the file it came from.

A parser gives the words of a block (a paragraph without its ``*`` marks and line breaks, an HTML
paragraph without its tags and entities) but not where each of them was. :class:`Aligner` walks the
original alongside, in document order, and records for every character of the words where it starts
and ends in the original, so a sentence cut out of the words can be quoted from the original exactly.

Pieces are matched whole where they occur verbatim (a text token of Markdown); otherwise character by
character, skipping what the reader dropped (markup, collapsed whitespace), within a short window so
one unmatched character cannot pull the rest of the block out of place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.lines import Span

_WINDOW = 64
"""How far ahead a character that is not next in the original is looked for."""


@dataclass(frozen=True, slots=True)
class Source:
    """Text as a reader sees it, and where each of its characters is in the original.

    For Markdown the source is the original itself (``origins`` empty: character ``i`` is at
    ``offset + i``); for HTML it is the page's visible text, each character with the offsets of the
    characters (or the entity) it was read from.
    """

    text: str
    offset: int = 0
    origins: Sequence[int] = ()
    ends: Sequence[int] = ()

    def origin(self, index: int) -> int:
        index = min(index, len(self.text) - 1) if self.text else 0
        return self.origins[index] if self.origins else self.offset + index

    def end(self, index: int) -> int:
        index = min(index, len(self.text) - 1) if self.text else 0
        return self.ends[index] if self.ends else self.offset + index + 1


class Aligner:
    """Maps pieces of extracted text, in order, onto a :class:`Source`, from a moving cursor."""

    def __init__(self, source: Source, cursor: int = 0) -> None:
        self.source = source
        self.cursor = cursor

    def span(self, pieces: Iterable[str]) -> Span:
        """The pieces joined, whitespace runs read as one space, with each character's offsets."""
        chars: list[str] = []
        origins: list[int] = []
        ends: list[int] = []
        for piece in pieces:
            for char, (origin, end) in zip(piece, self._place(piece), strict=True):
                if char.isspace():
                    if not chars or chars[-1] == " ":
                        continue
                    char = " "
                chars.append(char)
                origins.append(origin)
                ends.append(end)
        text = "".join(chars)
        if not text:
            at = self.source.origin(self.cursor)
            return Span("", at, at)
        return Span(text, origins[0], ends[-1], tuple(origins), tuple(ends)).stripped()

    def skip_link_target(self) -> None:
        """Move the cursor past a Markdown link's ``](target)`` when it is next, so the target's words
        are never taken for the text after the link."""
        text = self.source.text
        if text.startswith("](", self.cursor):
            close = text.find(")", self.cursor)
            if close >= 0:
                self.cursor = close + 1

    def _place(self, piece: str) -> list[tuple[int, int]]:
        text = self.source.text
        found = text.find(piece, self.cursor, self.cursor + len(piece) + _WINDOW) if piece.strip() else -1
        if found >= 0:
            self.cursor = found + len(piece)
            return [(self.source.origin(i), self.source.end(i)) for i in range(found, found + len(piece))]
        return [self._place_char(char) for char in piece]

    def _place_char(self, char: str) -> tuple[int, int]:
        text = self.source.text
        if char.isspace():
            at = self.source.origin(self.cursor) if self.cursor < len(text) else self.source.end(len(text) - 1)
            return at, at
        found = text.find(char, self.cursor, self.cursor + _WINDOW)
        if found < 0:  # a character the reader made up (a normalised quote mark): it sits where we are
            at = self.source.end(self.cursor - 1) if self.cursor else self.source.origin(0)
            return at, at
        self.cursor = found + 1
        return self.source.origin(found), self.source.end(found)

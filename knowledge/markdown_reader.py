"""Markdown read as Markdown: markdown-it-py's blocks become the extractor's :class:`Line` kinds.

A paragraph is one line however it is wrapped (soft and hard breaks read as a space), a list item is
one bullet, a table gives one row per line with its cells, a heading gives its level; emphasis, links
and code spans read as their text, and images, raw HTML and code blocks are not read at all. The
parser's token stream carries each block's line range (``Token.map``); the words inside are aligned
back to those lines, so every offset points into the original file.
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.alignment import Aligner, Source
from knowledge.lines import Line, LineKind, Span, classify, classify_prose

_TEXT_TOKENS = frozenset({"text", "code_inline"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def line_starts(text: str) -> list[int]:
    """Offset of each line's first character; Markdown counts ``\\r\\n``, ``\\r`` and ``\\n`` as line ends."""
    starts = [0]
    for number, line in enumerate(text.splitlines(keepends=True)):
        starts.append(starts[number] + len(line))
    return starts


class MarkdownReader:
    """Yields :class:`Line`\\ s for a Markdown document; one reader per document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = line_starts(text)

    def lines(self) -> Iterator[Line]:
        tokens = _parser().parse(self.text)
        in_item = False
        row: list[Span] = []
        for index, token in enumerate(tokens):
            if token.type == "list_item_open":
                in_item = True
            elif token.type in {"bullet_list_close", "ordered_list_close", "table_close"}:
                yield Line(LineKind.BLANK, Span("", 0, 0))
            elif token.type == "tr_close":
                if row:
                    yield Line(
                        LineKind.TABLE_ROW,
                        Span(" | ".join(c.text for c in row), row[0].start, row[-1].end),
                        cells=tuple(row),
                    )
                row = []
            elif token.type == "inline":
                opener = tokens[index - 1].type if index else ""
                span = self._inline(token, after=row[-1].end if row else 0)
                if opener in {"th_open", "td_open"}:
                    if span.text:
                        row.append(span)
                elif opener == "heading_open":
                    yield Line(LineKind.HEADING, span, level=int(tokens[index - 1].tag[1:]))
                elif in_item:
                    in_item = False
                    yield Line(LineKind.BULLET, span) if span.text else Line(LineKind.BLANK, span)
                elif rows := self._pipe_rows(token):
                    yield from rows
                    yield Line(LineKind.BLANK, Span("", rows[-1].span.end, rows[-1].span.end))
                else:
                    yield classify_prose(span)
                    yield Line(LineKind.BLANK, Span("", span.end, span.end))

    def _pipe_rows(self, token: Token) -> list[Line]:
        """A paragraph whose every line is a row of cells between pipes (a table pasted without the ``|---|`` line
        that would make it one): its lines read as table rows, as in plain text; [] for any other paragraph."""
        first, last = token.map or (0, 0)
        if last - first < 2 or token.level != 1:  # a paragraph of the document, not one inside a quote or a list
            return []
        rows = []
        for number in range(first, last):
            begin, end = self._starts[number], self._starts[min(number + 1, len(self._starts) - 1)]
            raw = self.text[begin:end].rstrip("\r\n")
            span = Span(raw, begin, begin + len(raw)).stripped()
            line = classify(span)
            if not (span.text.startswith("|") and span.text.endswith("|")) or line.kind is not LineKind.TABLE_ROW:
                return []
            rows.append(line)
        return rows

    def _inline(self, token: Token, after: int = 0) -> Span:
        """The inline content's words, found in its lines at or after ``after`` (the cells of a table row
        share a line); an image (its alt text describes a picture) is not read."""
        first, last = token.map or (0, 0)
        begin, stop = self._starts[min(first, len(self._starts) - 1)], self._starts[min(last, len(self._starts) - 1)]
        aligner = Aligner(Source(self.text[begin:stop], offset=begin), cursor=max(0, after - begin))
        return aligner.span(self._pieces(token.children or [], aligner))

    @staticmethod
    def _pieces(children: list[Token], aligner: Aligner) -> Iterator[str]:
        for child in children:
            if child.type in _TEXT_TOKENS:
                yield child.content
            elif child.type in _BREAKS:
                yield " "
            elif child.type == "link_close":
                aligner.skip_link_target()

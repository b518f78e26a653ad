"""HTML read for its content: trafilatura drops the boilerplate, the rest becomes :class:`Line`\\ s.

What "original" means for HTML: a claim's ``start:end`` are character offsets into the page's HTML
source exactly as stored (the file decoded as UTF-8, byte-order mark removed), and its quote is that
slice of the source: from the first character of the sentence's first word to the last character of
its last word, with whatever inline tags or entities (``<b>``, ``&amp;``) sit between them. The claim's
``text`` is the same words as a reader sees them (tags dropped, entities decoded, whitespace runs read as
one space).

trafilatura (main-content extraction: navigation, headers and footers, scripts, cookie banners and
other boilerplate removed; lists and tables kept) decides which blocks are content. Its output does not
say where a block was, so each block is found again in the page's visible text (:class:`VisibleText`:
the text outside tags, scripts and styles, each character with its offsets in the source), in document
order, and aligned character by character (:mod:`knowledge.alignment`).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from knowledge.alignment import Aligner, Source
from knowledge.lines import Line, LineKind, Span, classify_prose

if TYPE_CHECKING:
    from lxml.etree import _Element

_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "svg", "title", "textarea"})
_CHROME = frozenset({"nav", "header", "footer", "aside", "form", "button"})
"""Page furniture: where a block's words also occur in one of these, the occurrence outside is meant."""
_BLOCKS = frozenset({"p", "head", "list", "item", "table", "row", "cell", "quote", "div"})
"""trafilatura's block elements. ``code`` is a listing at the top level (skipped) and a code span inside
a block (read as its text)."""
_START_WORDS = 6
_TAG = re.compile(r"<[a-zA-Z!/]")
_BODY = re.compile(r"<body\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text holds markup (documents stored as converted text by older versions do not)."""
    return _TAG.search(text) is not None


class VisibleText(HTMLParser):
    """The characters of a page a browser would show, each with its offsets in the source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._newlines = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]
        self._source = source
        self._hidden = 0
        self._chrome = 0
        self.chars: list[str] = []
        self.origins = array("q")  # compact: a page may hold millions of characters
        self.ends = array("q")
        self.in_chrome = bytearray()
        self.feed(source)
        self.close()

    def source(self) -> Source:
        return Source("".join(self.chars), origins=self.origins, ends=self.ends)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._newlines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _INVISIBLE
        self._chrome += tag in _CHROME

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self._hidden = max(0, self._hidden - 1)
        if tag in _CHROME:
            self._chrome = max(0, self._chrome - 1)

    def handle_data(self, data: str) -> None:
        start = self._offset()
        for index, char in enumerate(data):
            self._add(char, start + index, start + index + 1)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, written: str) -> None:
        start = self._offset()
        end = start + len(written)
        if self._source.startswith(";", end):
            end += 1
        for char in unescape(self._source[start:end]):
            self._add(char, start, end)

    def _add(self, char: str, start: int, end: int) -> None:
        if self._hidden:
            return
        self.chars.append(char)
        self.origins.append(start)
        self.ends.append(end)
        self.in_chrome.append(1 if self._chrome else 0)


def _inline_pieces(element: _Element) -> Iterator[str]:
    """The element's own words, nested blocks (a list inside an item) left for their own lines."""
    yield element.text or ""
    for child in element:
        if child.tag not in _BLOCKS:
            if child.tag == "lb":
                yield " "
            else:
                yield from _inline_pieces(child)
        yield child.tail or ""


class HtmlReader:
    """Yields :class:`Line`\\ s for the content of an HTML page; one reader per page."""

    def __init__(self, html: str) -> None:
        import trafilatura  # here, not at import: a server that never reads HTML never loads it (14 MB, 0.2 s)

        self.html = html
        self._visible = VisibleText(html)
        self._aligner = Aligner(self._visible.source())
        # trafilatura reads a fragment without <body> as nothing; it decides what is content, and the
        # offsets come from the visible text of the source as given, so the wrapper shifts none of them.
        page = html if _BODY.search(html) else f"<html><body>{html}</body></html>"
        extracted = trafilatura.bare_extraction(
            page, include_tables=True, include_comments=False, include_images=False, with_metadata=True
        )
        self.title: str | None = getattr(extracted, "title", None) or None
        self._body: _Element | None = getattr(extracted, "body", None)

    def lines(self) -> Iterator[Line]:
        if self._body is None:
            return
        for element in self._body:
            yield from self._block(element)

    def _block(self, element: _Element) -> Iterator[Line]:
        tag = element.tag
        if tag == "head":
            rend = str(element.get("rend") or "h2")
            level = int(rend[1:]) if rend[1:].isdigit() else 2
            yield Line(LineKind.HEADING, self._span(element), level=level)
        elif tag in {"list", "table"}:
            for index, child in enumerate(element):
                if index == 0 and tag == "table" and _is_caption(child, element[1] if len(element) > 1 else None):
                    yield Line(LineKind.CAPTION, self._span(child[0]))  # what the table shows, not a row of it
                    continue
                yield from self._block(child)
            yield Line(LineKind.BLANK, Span("", 0, 0))
        elif tag == "item":
            span = self._span(element)
            if span.text:
                yield Line(LineKind.BULLET, span)
            for child in element:
                if child.tag in _BLOCKS:
                    yield from self._block(child)
        elif tag == "row":  # an empty cell stays, so that every cell keeps its column's heading
            cells = tuple(self._span(c) for c in element if c.tag == "cell")
            filled = [cell for cell in cells if cell.text]
            if filled:
                text = " | ".join(cell.text for cell in cells)
                yield Line(LineKind.TABLE_ROW, Span(text, filled[0].start, filled[-1].end), cells=cells)
        elif tag != "code":  # a code listing states nothing to cite
            span = self._span(element)
            yield classify_prose(span)
            yield Line(LineKind.BLANK, Span("", span.end, span.end))
            for child in element:
                if child.tag in _BLOCKS:
                    yield from self._block(child)

    def _span(self, element: _Element) -> Span:
        text = "".join(_inline_pieces(element))
        start = self._find_start(text)
        was = self._aligner.cursor
        if start is not None:
            self._aligner.cursor = start
        span = self._aligner.span([text])
        if start is not None and start < was:  # a block given out of order: the blocks after it start where we were
            self._aligner.cursor = max(was, self._aligner.cursor)
        return span

    def _find_start(self, text: str) -> int | None:
        """Where the block's first words are in the visible text, from the cursor; outside page furniture
        when they occur both inside and outside it; before the cursor when they occur only there (a block the
        extractor moved), so that placing it never runs the cursor past the blocks that follow."""
        words = text.split()[:_START_WORDS]
        if not words:
            return None
        pattern = re.compile(r"\s*".join(re.escape(word) for word in words))
        visible = self._aligner.source.text
        first: int | None = None
        for match in pattern.finditer(visible, self._aligner.cursor):
            if not self._visible.in_chrome[match.start()]:
                return match.start()
            first = match.start() if first is None else first
        if first is None:  # the extractor gave this block out of order (a pull quote after its citation)
            earlier = [match.start() for match in pattern.finditer(visible, 0, self._aligner.cursor)]
            return earlier[-1] if earlier else None  # the nearest: a quote repeats the body's words before it
        return first


def _is_caption(row: _Element, following: _Element | None) -> bool:
    """Whether a table's first row is its ``<caption>``: the extractor gets it as one text cell followed by the
    empty cells of the columns it spans ("Table 1: median step times | | |"), with the header row after it, not as
    the header of the rows. Without a header row after it, it stays the table's header (a title over the rows)."""
    cells = [cell for cell in row if cell.tag == "cell"]
    filled = [cell for cell in cells if "".join(cell.itertext()).strip()]
    heads = [] if following is None else [cell for cell in following if cell.tag == "cell"]
    header_next = len(heads) >= 2 and all(cell.get("role") == "head" for cell in heads)
    return row.tag == "row" and len(cells) >= 2 and filled == cells[:1] and header_next

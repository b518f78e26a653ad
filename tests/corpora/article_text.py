"""A small reader for the labelled claim corpus's articles, independent of the project's extractor.

It renders Markdown with markdown-it-py, reads HTML with the standard library's parser and splits the
text into the blocks a reader sees (headings, paragraphs, list items, table rows, quotes), dropping
code blocks and page boilerplate (head, nav, footer, scripts, styles and cookie banners). Plain text
blocks are separated by blank lines. Whitespace inside a block collapses to single spaces.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

BLOCK_TAGS = frozenset(
    {
        "p",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "div",
        "section",
        "article",
        "main",
        "header",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "dl",
        "dt",
        "dd",
        "details",
        "summary",
        "aside",
        "body",
    }
)
CELL_TAGS = frozenset({"td", "th", "br"})
SKIPPED_TAGS = frozenset({"head", "nav", "footer", "script", "style", "pre", "noscript", "template"})
VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source"})
BOILERPLATE_MARK = "cookie"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _BlockReader(HTMLParser):
    """Collects the text of each block element outside boilerplate."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if tag == "br" and not self._skip_depth:
                self._parts.append(" ")
            return
        marked = any(BOILERPLATE_MARK in (value or "").lower() for name, value in attrs if name in ("id", "class"))
        if self._skip_depth or tag in SKIPPED_TAGS or marked:
            self._skip_depth += 1
            return
        self._boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if self._skip_depth:
            self._skip_depth -= 1
            return
        self._boundary(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _boundary(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag in CELL_TAGS:
            self._parts.append(" ")

    def _flush(self) -> None:
        text = collapse("".join(self._parts))
        if text:
            self.blocks.append(text)
        self._parts = []


def html_blocks(html: str) -> list[str]:
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    return reader.blocks


def article_blocks(path: Path) -> list[str]:
    """The content blocks of a ``.md``, ``.html`` or ``.txt`` article, in reading order."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return html_blocks(MarkdownIt("commonmark").enable("table").render(_with_table_separators(text)))
    if path.suffix == ".html":
        return html_blocks(text)
    return [collapse(block) for block in re.split(r"\n\s*\n", text) if collapse(block)]


_PIPE_ROW = re.compile(r"^\|.*\|.*\|$")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}")
_FENCE = re.compile(r"^(?:```|~~~)")


def _with_table_separators(text: str) -> str:
    """Markdown whose pipe rows were pasted without the ``|---|`` line under the first (two or more lines between
    pipes at the top level, outside a fenced block): the line is put back, so the rows render as the table they are,
    as the product's reader reads them."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    for number, line in enumerate(lines):
        out.append(line)
        if _FENCE.match(line.strip()):
            fenced = not fenced
        previous = lines[number - 1].strip() if number else ""
        following = lines[number + 1].strip() if number + 1 < len(lines) else ""
        opens = not fenced and _PIPE_ROW.match(line.strip()) and not _PIPE_ROW.match(previous)
        if opens and _PIPE_ROW.match(following) and not _SEPARATOR_ROW.match(following):
            out.append("|" + "---|" * (line.strip().count("|") - 1))
    return "\n".join(out)

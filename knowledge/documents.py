"""Documents: the source of truth from which claims and the index are derived.

A document's ``text`` is what claim offsets point into. Text and Markdown are kept verbatim; HTML is
turned into the same line-oriented text the extractor reads (headings, paragraphs, ``- `` bullets and
pipe tables), and that converted text is what is stored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from knowledge.errors import DocumentError

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
BUNDLED_CORPUS = "pytorch-vs-tensorflow.txt"


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    media_type: str
    source: str
    """Where the text came from: a path, or ``package:knowledge/corpus/...`` for the bundled article."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "document"


def _guess_title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not line.lower().startswith("alt text"):
            return line[:120]
    return fallback


def bundled_document() -> Document:
    """The article that ships with Weigh-in (see knowledge/corpus/README.md for provenance)."""
    text = resources.files("knowledge").joinpath("corpus", BUNDLED_CORPUS).read_text(encoding="utf-8")
    return Document(
        id=slugify(Path(BUNDLED_CORPUS).stem),
        title="PyTorch vs TensorFlow: 7 surprising wins",
        text=text,
        media_type="text/plain",
        source=f"package:knowledge/corpus/{BUNDLED_CORPUS}",
    )


def load_document(path: Path) -> Document:
    """Read a Markdown, text or HTML file; raise DocumentError with a one-line reason otherwise."""
    media_type = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if media_type is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(f"unsupported file type {path.suffix or '(none)'!r} for {path}; supported: {supported}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{path} is a directory, not a document") from exc
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{path} is {len(raw)} bytes; the limit is {MAX_DOCUMENT_BYTES}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path} is not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise DocumentError(f"{path} looks binary, not text")
    if media_type == "text/html":
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(f"{path} has no text")
    return Document(
        id=slugify(path.stem),
        title=_guess_title(text, path.stem),
        text=text,
        media_type=media_type,
        source=str(path.resolve()),
    )


class _HtmlLines(HTMLParser):
    """Collects block-level text as lines: headings, paragraphs, ``- `` list items, ``|`` table rows."""

    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "section",
            "article",
            "br",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "tr",
            "dt",
            "dd",
            "blockquote",
            "figcaption",
            "title",
        }
    )
    _SKIP = frozenset({"script", "style", "nav", "footer", "noscript", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._row: list[str] | None = None
        self._skip_depth = 0
        self._header_row_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._flush()
                self.lines.append(f"Alt Text: {alt}")
        elif tag == "table":
            self._header_row_done = False
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in {"td", "th"}:
            self._buffer = []
        elif tag in self._BLOCKS:
            self._flush()
            if tag == "li":
                self._buffer.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in {"td", "th"} and self._row is not None:
            self._row.append(" ".join("".join(self._buffer).split()))
            self._buffer = []
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.lines.append(" | ".join(self._row) + " |")
                if not self._header_row_done:
                    self.lines.append("|".join("---" for _ in self._row) + "|")
                    self._header_row_done = True
            self._row = None
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._buffer.append(data)

    def _flush(self) -> None:
        line = " ".join("".join(self._buffer).split())
        if line and line != "-":
            self.lines.append(line)
        self._buffer = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str) -> str:
    parser = _HtmlLines()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines) + "\n"

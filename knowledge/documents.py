"""Documents: the source of truth from which claims and the index are derived.

A document's ``text`` is the file as it was given: its bytes decoded as UTF-8 (a byte-order mark
removed), line ends and markup kept. Claim offsets are character offsets into that text, so a quote is
always a slice of the original. :func:`document_lines` reads it in its own format: plain text line by
line, Markdown with a Markdown parser, HTML with its boilerplate dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from knowledge.errors import DocumentError
from knowledge.html_reader import HtmlReader, looks_like_html
from knowledge.lines import Line, LineKind, read_lines
from knowledge.markdown_reader import MarkdownReader

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


_MAX_TITLE = 120


def _guess_title(text: str, media_type: str, fallback: str) -> str:
    """The page's title for HTML, else the first heading, else the first line that is not a caption."""
    if media_type == "text/html" and looks_like_html(text):
        title = HtmlReader(text).title
        return title[:_MAX_TITLE] if title else fallback
    lines = list(document_lines_of(text, media_type))
    for line in lines:
        if line.kind is LineKind.HEADING and line.span.text:
            return line.span.text[:_MAX_TITLE]
    for line in lines:
        if line.span.text and line.kind is not LineKind.CAPTION:
            return line.span.text[:_MAX_TITLE]
    return fallback


def document_lines_of(text: str, media_type: str) -> Iterator[Line]:
    """The text read in its format. HTML stored as converted text by versions before extractor 9 holds
    no markup and is read as plain lines, as it was then."""
    if media_type == "text/markdown":
        return MarkdownReader(text).lines()
    if media_type == "text/html" and looks_like_html(text):
        return HtmlReader(text).lines()
    return read_lines(text)


def document_lines(document: Document) -> Iterator[Line]:
    return document_lines_of(document.text, document.media_type)


BUNDLED_ID = slugify(Path(BUNDLED_CORPUS).stem)
"""The bundled article's document id (no ingested document may take it)."""


def bundled_document() -> Document:
    """The article that ships with Weigh-in (see knowledge/corpus/README.md for provenance)."""
    text = resources.files("knowledge").joinpath("corpus", BUNDLED_CORPUS).read_text(encoding="utf-8")
    return Document(
        id=BUNDLED_ID,
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
    if not text.strip():
        raise DocumentError(f"{path} has no text")
    return Document(
        id=slugify(path.stem),
        title=_guess_title(text, media_type, path.stem),
        text=text,
        media_type=media_type,
        source=str(path.resolve()),
    )

"""``weighin ingest FILE|DIR``: add documents to the knowledge base and rebuild the index.

A directory's supported files (its own, not its subdirectories', hidden ones left out) are all read and
checked for claims before the first one is stored, so a bad file fails the command with one line and leaves
the knowledge base as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.app import app, err, load_settings, out, plural, progress_bar
from knowledge.documents import SUPPORTED_SUFFIXES, load_document
from knowledge.errors import DocumentError
from knowledge.extraction import extract_claims


def documents_in(folder: Path) -> tuple[list[Path], list[Path]]:
    """The folder's supported files and the other files it holds, each sorted by name."""
    try:
        entries = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError as exc:
        raise DocumentError(f"cannot read the folder {folder}: {exc.strerror or exc}") from exc
    supported = [p for p in entries if p.suffix.lower() in SUPPORTED_SUFFIXES]
    if not supported:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(f"{folder} holds no document to ingest (supported: {kinds})")
    return supported, [p for p in entries if p not in supported]


def check_documents(paths: list[Path]) -> None:
    """Read each document and find its claims first: a file that would be refused fails before any is stored."""
    for path in paths:
        if not extract_claims(load_document(path)):
            raise DocumentError(f"{path} holds no statements Weigh-in can use as claims; nothing was ingested")


@app.command()
def ingest(
    path: Annotated[
        Path, typer.Argument(metavar="FILE|DIR", help="A .md, .txt or .html document, or a folder of them.")
    ],
) -> None:
    """Add documents to the knowledge base and rebuild the index.

    A folder adds every supported file in it (not its subfolders); files of other types are skipped and named.

    Example: weighin ingest notes/jax-vs-pytorch.md
    """
    from assistant.wiring import ingest_document, open_knowledge_base

    paths, skipped = documents_in(path) if path.is_dir() else ([path], [])
    if len(paths) > 1:
        check_documents(paths)
    settings = load_settings()
    knowledge = open_knowledge_base(settings)
    for document_path in paths:
        with progress_bar() as report:
            result, judged = ingest_document(settings, document_path, report, knowledge)  # type: ignore[arg-type]
        verb = "replaced" if result.replaced else "added"
        out.print(escape(f"{verb} {result.document.id!r} ({result.document.title}): {plural(result.claims, 'claim')}"))
        if judged:
            out.print(f"judged {plural(judged, 'new claim link')} on the stored measurements (see weighin evidence)")
    watch_s = settings.knowledge.index_watch_s
    if watch_s > 0:
        out.print(f"a running server on this data dir answers from it within {watch_s:g} s, no restart needed")
    if skipped:
        names = ", ".join(p.name for p in skipped)
        err.print(escape(f"skipped {plural(len(skipped), 'file')} of other types: {names}"))

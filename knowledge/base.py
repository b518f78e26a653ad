"""The knowledge base: documents in, claims and a fresh hybrid index out.

Documents are the source of truth (the bundled article plus whatever was ingested into the data
directory); claims and the index are derived from them and rebuilt whenever the manifest of the stored
index no longer matches (a document changed, the extractor or model changed, the backend changed).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from knowledge.claims import Claim
from knowledge.documents import BUNDLED_ID, Document, bundled_document, load_document
from knowledge.embedder import MODEL_NAME, Embedder, model_path
from knowledge.errors import DocumentError, IndexCorrupt, TooManyClaims
from knowledge.extraction import EXTRACTOR_VERSION, extract_claims
from knowledge.index import INDEX_FORMAT, HybridIndex, IndexManifest, now_iso, read_claims, read_manifest

MAX_CLAIMS_PER_DOCUMENT = 20_000
"""Default cap on the claims one document may add (``WEIGHIN_MAX_DOCUMENT_CLAIMS``)."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the CLI draws it as a bar."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class DocumentLibrary:
    """The bundled article plus documents ingested into ``folder`` (one JSON file each)."""

    def __init__(self, folder: Path, include_bundled: bool = True) -> None:
        self.folder = folder
        self.include_bundled = include_bundled

    def documents(self) -> list[Document]:
        docs = [bundled_document()] if self.include_bundled else []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                docs.append(Document(**{k: data[k] for k in ("id", "title", "text", "media_type", "source")}))
        return docs

    def add(self, document: Document) -> bool:
        """Store (or replace) a document atomically; True if it replaced one with the same id."""
        if self.include_bundled and document.id == BUNDLED_ID:
            raise DocumentError(f"document id {document.id!r} is taken by the bundled article; rename the file")
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{document.id}.json"
        replaced = target.exists()
        record = {
            "id": document.id,
            "title": document.title,
            "text": document.text,
            "media_type": document.media_type,
            "source": document.source,
            "sha256": document.sha256,
            "ingested_at": now_iso(),
        }
        with tempfile.NamedTemporaryFile("w", dir=self.folder, suffix=".tmp", delete=False, encoding="utf-8") as tmp:
            json.dump(record, tmp, ensure_ascii=False)
        os.replace(tmp.name, target)
        return replaced


@dataclass(frozen=True, slots=True)
class IngestResult:
    document: Document
    claims: int
    replaced: bool


def _weighin_version() -> str:
    try:
        return metadata.version("weighin")
    except metadata.PackageNotFoundError:
        return "dev"


def model_dimension() -> int:
    config = json.loads((model_path() / "config.json").read_text())
    return int(config["hidden_size"])


class KnowledgeBase:
    def __init__(
        self,
        library: DocumentLibrary,
        index_dir: Path,
        embedder_factory: Callable[[], Embedder],
        backend: str = "faiss",
        model: str = MODEL_NAME,
        max_claims_per_document: int = MAX_CLAIMS_PER_DOCUMENT,
        duplicate_thresholds: tuple[float, ...] = (),
    ) -> None:
        """``model`` names what ``embedder_factory`` builds (its ``name``), so an index built by another model
        or precision is rebuilt; it is known without loading the model. ``max_claims_per_document`` bounds
        the work (and index size) one ingested document can cause."""
        self.library = library
        self.max_claims_per_document = max_claims_per_document
        self.duplicate_thresholds = duplicate_thresholds
        """Cosines at which a build computes and stores near-duplicates, so no server or answer computes them."""
        self.index_dir = index_dir
        self.model = model
        self._embedder_factory = embedder_factory
        self._embedder: Embedder | None = None
        self.backend = backend

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def expected_manifest(self, documents: list[Document] | None = None) -> IndexManifest:
        docs = self.library.documents() if documents is None else documents
        digest = hashlib.sha256(f"extractor-{EXTRACTOR_VERSION}".encode())
        for doc in sorted(docs, key=lambda d: d.id):
            digest.update(f"\n{doc.id}:{doc.sha256}".encode())
        return IndexManifest(
            model=self.model,
            dimension=model_dimension(),
            corpus_hash=digest.hexdigest(),
            code_version=f"weighin-{_weighin_version()}/extractor-{EXTRACTOR_VERSION}/index-{INDEX_FORMAT}",
            backend=self.backend,
        )

    def is_fresh(self) -> bool:
        try:
            return read_manifest(self.index_dir).matches(self.expected_manifest())
        except IndexCorrupt:
            return False

    def claims(self) -> list[Claim]:
        """Claims without loading the model: from a fresh index, else straight from the documents."""
        if self.is_fresh():
            try:
                return read_claims(self.index_dir)
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return [claim for doc in self.library.documents() for claim in extract_claims(doc)]

    def load_index(self, progress: Progress = _no_progress) -> HybridIndex:
        """The stored index when it matches the documents and code; otherwise a rebuilt one."""
        expected = self.expected_manifest()
        try:
            index = HybridIndex.load(self.index_dir)
            if index.manifest.matches(expected):
                return index
        except IndexCorrupt:
            pass
        return self.build_index(progress)

    @contextmanager
    def build_lock(self) -> Iterator[None]:
        """Held while an index is built and saved: a server and ``weighin ingest`` never write it at once."""
        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir.with_name(self.index_dir.name + ".lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stored_generation(self) -> int:
        """The generation of the index on disk; 0 when there is none (or it is unreadable)."""
        try:
            return read_manifest(self.index_dir).generation
        except IndexCorrupt:
            return 0

    def build_index(self, progress: Progress = _no_progress) -> HybridIndex:
        with self.build_lock():
            index = self._build(progress)
            index.manifest = replace(index.manifest, generation=self.stored_generation() + 1)
            index.save(self.index_dir)
        progress("saved index", 1, 1)
        return index

    def _build(self, progress: Progress) -> HybridIndex:
        started = time.perf_counter()
        documents = self.library.documents()
        claims: list[Claim] = []
        for done, doc in enumerate(documents, start=1):
            claims.extend(extract_claims(doc))
            progress("extracting claims", done, len(documents))
        import numpy as np

        expected = self.expected_manifest(documents)
        known = self._stored_vectors(expected)
        texts = list(dict.fromkeys(c.searchable_text for c in claims if c.searchable_text not in known))
        embedder = self.embedder
        batch = 32
        for begin in range(0, len(texts), batch):
            chunk = texts[begin : begin + batch]
            known.update(zip(chunk, embedder.encode(chunk, batch_size=batch), strict=True))
            progress("embedding claims", min(begin + batch, len(texts)), len(texts))
        vectors = (
            np.stack([known[c.searchable_text] for c in claims]).astype(np.float32)
            if claims
            else np.zeros((0, expected.dimension), dtype=np.float32)
        )
        manifest = IndexManifest(
            model=expected.model,
            dimension=expected.dimension,
            corpus_hash=expected.corpus_hash,
            code_version=expected.code_version,
            backend=self.backend,
            claims=len(claims),
            built_at=now_iso(),
            build_seconds=round(time.perf_counter() - started, 3),
            versions=IndexManifest.library_versions(),
        )
        index = HybridIndex.build(manifest, claims, vectors)
        for threshold in self.duplicate_thresholds:
            index.near_duplicates(threshold)
        return index

    def _stored_vectors(self, expected: IndexManifest) -> dict[str, Any]:
        """The stored index's claim vectors by the text they embed, when the same model made them: an ingest
        embeds only the claims it adds (the bundled article's are not embedded again)."""
        try:
            stored = HybridIndex.load(self.index_dir)
        except (IndexCorrupt, OSError, ValueError):
            return {}
        if stored.manifest.model != expected.model or stored.manifest.dimension != expected.dimension:
            return {}
        return {claim.searchable_text: vector for claim, vector in zip(stored.claims, stored.vectors, strict=True)}

    def add_document(self, path: Path, max_claims: int | None = None) -> IngestResult:
        """Check and store a document without rebuilding the index (a server rebuilds it in a child process).

        Nothing is stored unless the document yields claims, and no more than ``max_claims`` (by default
        ``max_claims_per_document``).
        """
        limit = self.max_claims_per_document if max_claims is None else max_claims
        document = load_document(path)
        claims = extract_claims(document)
        if not claims:
            raise DocumentError(f"{path} holds no statements Weigh-in can use as claims")
        if len(claims) > limit:
            raise TooManyClaims(
                f"{path} yields {len(claims)} claims; one document may add at most {limit} "
                "(WEIGHIN_MAX_DOCUMENT_CLAIMS): split it into smaller documents",
                len(claims),
                limit,
            )
        replaced = self.library.add(document)
        return IngestResult(document=document, claims=len(claims), replaced=replaced)

    def ingest(self, path: Path, progress: Progress = _no_progress) -> IngestResult:
        """Add a document (see :meth:`add_document`), then rebuild the index in this process."""
        result = self.add_document(path)
        self.build_index(progress)
        return result

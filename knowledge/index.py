"""The hybrid index: dense vectors (FAISS inner product on normalised vectors, or exact numpy) fused with
BM25 (bm25s), because exact terms such as TFX, ONNX, Keras Tuner and TorchScript matter.

An index is persisted as a folder with a ``manifest.json`` that records how it was built (model,
dimension, corpus hash, code version, library versions, time), the claims it covers, the vectors and
the BM25 arrays. ``IndexManifest.matches`` tells whether a stored index may be reused.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import struct
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from knowledge.claims import Claim
from knowledge.errors import IndexCorrupt
from knowledge.frameworks import TENSORFLOW_JS
from knowledge.neighbours import EXACT_UP_TO, NearDuplicates, NeighbourSearch, find_near_duplicates, graph_search

INDEX_FORMAT = 3
"""Bump when the stored files change: an index of another format is rebuilt (3: the stop words beside BM25)."""
LEXICAL_WEIGHT = 0.35
"""Weight of normalised BM25 next to cosine similarity (tuned on the dev set and our paraphrase set)."""
_STOPWORDS = "en"
_WORD = re.compile(r"(?u)\b\w\w+\b")
"""``bm25s.tokenize``'s default token pattern: words of two or more characters."""


class DenseIndex(Protocol):
    def search_all(self, query: np.ndarray) -> np.ndarray:
        """Inner product of one normalised query with every stored vector, in storage order."""
        ...


class NumpyDenseIndex:
    """Exact search by matrix product; fine for thousands of claims and has no native dependency."""

    def __init__(self, vectors: np.ndarray) -> None:
        self._vectors = vectors

    def search_all(self, query: np.ndarray) -> np.ndarray:
        return np.asarray(self._vectors @ query.reshape(-1), dtype=np.float32)


class FaissDenseIndex:
    """FAISS ``IndexFlatIP``: exact inner product, i.e. cosine on normalised vectors.

    A loaded one reads its FAISS file only when FAISS's own search or the file is needed (near-duplicates of
    an index that did not store them, a save): answering multiplies the query by the index's stored vectors,
    the numbers FAISS holds, so a server that only answers never imports FAISS (about 0.1 s of its start and
    13 MB). Loading checks the file's header against the claims, as reading it did.
    """

    def __init__(self, index: Any = None, *, path: Path | None = None, vectors: np.ndarray | None = None) -> None:
        self._index = index
        self._path = path
        self._vectors = vectors
        self._count = int(index.ntotal) if index is not None else stored_count(path) if path is not None else 0
        self._lock = threading.Lock()

    @classmethod
    def from_vectors(cls, vectors: np.ndarray) -> FaissDenseIndex:
        import faiss

        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @property
    def count(self) -> int:
        """Vectors held (checked against the claims when an index is loaded)."""
        return self._count

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best (scores, ids) of each query row; FAISS works through the queries in blocks."""
        scores, ids = self._faiss().search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids

    def search_all(self, query: np.ndarray) -> np.ndarray:
        """Every stored vector's inner product with ``query``: a matrix-vector product over the stored vectors
        (asking FAISS for all ``ntotal`` neighbours heap-sorts them all, about 3x slower at 20,000 claims)."""
        if self._vectors is not None:
            return np.asarray(self._vectors @ query.reshape(-1).astype(np.float32), dtype=np.float32)
        import faiss

        index = self._faiss()
        count, dimension = index.ntotal, index.d
        stored = faiss.rev_swig_ptr(index.get_xb(), count * dimension).reshape(count, dimension)
        return np.asarray(stored @ query.reshape(-1).astype(np.float32), dtype=np.float32)

    def save(self, path: Path) -> None:
        if self._index is None and self._path is not None:
            shutil.copyfile(self._path, path)
            return
        import faiss

        faiss.write_index(self._faiss(), str(path))

    @classmethod
    def load(cls, path: Path, vectors: np.ndarray | None = None) -> FaissDenseIndex:
        """The index stored at ``path``; with ``vectors`` (the same vectors, as the index stores them beside it)
        FAISS itself is read when first needed."""
        if vectors is None:
            import faiss

            return cls(faiss.read_index(str(path)))
        return cls(path=path, vectors=np.ascontiguousarray(vectors, dtype=np.float32))

    def _faiss(self) -> Any:
        with self._lock:
            if self._index is None:
                import faiss

                assert self._path is not None
                try:
                    self._index = faiss.read_index(str(self._path))
                except RuntimeError as exc:
                    raise IndexCorrupt(f"cannot read the FAISS index {self._path}: {exc}") from exc
            return self._index


_FLAT_HEADER = struct.Struct("<4siq")
"""The start of a FAISS flat index file: its type code, the dimension and the number of vectors."""


def stored_count(path: Path) -> int:
    """How many vectors the FAISS flat index file at ``path`` holds, read from its header without FAISS; raises
    ``ValueError`` for a file that is not one or is cut short (a flat index stores every vector in float32)."""
    with path.open("rb") as stored:
        head = stored.read(_FLAT_HEADER.size)
    if len(head) < _FLAT_HEADER.size:
        raise ValueError(f"{path} is too short for a FAISS index")
    kind, dimension, count = _FLAT_HEADER.unpack(head)
    if kind not in (b"IxFI", b"IxF2") or dimension <= 0 or count < 0:
        raise ValueError(f"{path} is not a FAISS flat index")
    if path.stat().st_size < _FLAT_HEADER.size + count * dimension * 4:
        raise ValueError(f"{path} is cut short: {count} vectors of {dimension} do not fit in it")
    return count


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


_LEXICAL_SPELLINGS = (
    (re.compile(r"c\+\+", re.IGNORECASE), " cplusplus "),
    (TENSORFLOW_JS, " tensorflowjs "),
)


def lexical_normalise(text: str) -> str:
    """Keep terms a word tokenizer would mangle ("C++" -> "c", "TensorFlow.js" -> "tensorflow js")."""
    for regex, spelling in _LEXICAL_SPELLINGS:
        text = regex.sub(spelling, text)
    return text


STOPWORDS_FILE = "stopwords.json"
"""The stop words the index was built with, beside bm25s's files: answering reads them without importing bm25s."""
TOKENIZED_TEXTS = 4096
"""Texts whose terms a lexical index keeps (each a few dozen short strings)."""
_OCCURRENCE_ONLY = frozenset({"robertson", "lucene", "atire"})
"""bm25s's variants whose score is the sum of the query terms' stored scores (no non-occurrence term)."""


@dataclass(frozen=True, slots=True)
class TermScores:
    """bm25s's precomputed BM25 scores, one column per vocabulary term (CSC: ``data[indptr[t]:indptr[t + 1]]`` are
    term ``t``'s scores for documents ``indices[...]``)."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    num_docs: int
    dtype: str
    int_dtype: str

    def of(self, term_ids: list[int]) -> np.ndarray:
        """Each document's score for the terms, summed term by term with ``np.add.at`` as ``bm25s`` does, so the
        result is the same to the bit."""
        ids = np.asarray(term_ids, dtype=np.dtype(self.int_dtype))
        scores = np.zeros(self.num_docs, dtype=np.dtype(self.dtype))
        for start, end in zip(self.indptr[ids], self.indptr[ids + 1], strict=True):
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores


class LexicalIndex:
    """BM25 over claim text plus its innermost section title.

    bm25s builds it and writes its files; answering reads those files and sums a query's stored term scores
    itself (:class:`TermScores`), so a server never imports bm25s, which with SciPy cost it about 0.1 s of its
    start and 15 MB.
    """

    def __init__(
        self, scores: TermScores, vocabulary: dict[str, int], stopwords: frozenset[str], built: Any = None
    ) -> None:
        self._scores = scores
        self._vocabulary = vocabulary
        self._stopwords = stopwords
        self._stemmer = _stemmer()
        self._built = built
        """The bm25s object of an index built here (what :meth:`save` writes); None for a loaded one."""
        self._tokenized = functools.lru_cache(maxsize=TOKENIZED_TEXTS)(self._tokenize)

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s
        from bm25s.stopwords import STOPWORDS_EN

        bm25 = bm25s.BM25()
        tokens = bm25s.tokenize(
            [lexical_normalise(t) for t in texts], stopwords=_STOPWORDS, stemmer=_stemmer(), show_progress=False
        )
        bm25.index(tokens, show_progress=False)
        stored = bm25.scores
        scores = TermScores(
            stored["data"], stored["indices"], stored["indptr"], int(stored["num_docs"]), bm25.dtype, bm25.int_dtype
        )
        return cls(scores, dict(bm25.vocab_dict), frozenset(STOPWORDS_EN), bm25)

    def tokens(self, query: str) -> list[str]:
        """The query's terms exactly as ``bm25s.tokenize`` makes them for the index (lower-cased words, English
        stop words dropped, then stemmed), without its per-call vocabulary and progress-bar set-up, which cost
        about 1 ms per answer (several calls each). An answer reads its question's terms twice and its best
        claims' terms once each, so the last texts' terms are kept."""
        return list(self._tokenized(query))

    def _tokenize(self, query: str) -> tuple[str, ...]:
        words = [w for w in _WORD.findall(lexical_normalise(query).lower()) if w not in self._stopwords]
        return tuple(self._stemmer.stemWords(words))

    def scores(self, query: str) -> np.ndarray:
        term_ids = [self._vocabulary[t] for t in self.tokens(query) if t in self._vocabulary]
        if not term_ids:
            return np.zeros(self._scores.num_docs, dtype=np.float32)
        return np.asarray(self._scores.of(term_ids), dtype=np.float32)

    def save(self, folder: Path) -> None:
        if self._built is None:
            raise RuntimeError("a loaded lexical index is not saved again: build the index to write a new one")
        self._built.save(str(folder), show_progress=False)
        (folder / STOPWORDS_FILE).write_text(json.dumps(sorted(self._stopwords)))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read bm25s's files (an index written before :data:`STOPWORDS_FILE` existed, or by a bm25s variant that
        scores absent terms too, is read through bm25s)."""
        params = json.loads((folder / "params.index.json").read_text())
        if not (folder / STOPWORDS_FILE).exists() or params.get("method") not in _OCCURRENCE_ONLY:
            return cls._through_bm25s(folder)
        scores = TermScores(
            np.load(folder / "data.csc.index.npy", allow_pickle=False),
            np.load(folder / "indices.csc.index.npy", allow_pickle=False),
            np.load(folder / "indptr.csc.index.npy", allow_pickle=False),
            int(params["num_docs"]),
            str(params["dtype"]),
            str(params["int_dtype"]),
        )
        vocabulary = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        stopwords = frozenset(json.loads((folder / STOPWORDS_FILE).read_text()))
        return cls(scores, vocabulary, stopwords)

    @classmethod
    def _through_bm25s(cls, folder: Path) -> LexicalIndex:
        import bm25s
        from bm25s.stopwords import STOPWORDS_EN

        bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        if bm25.method not in _OCCURRENCE_ONLY:
            raise ValueError(f"BM25 variant {bm25.method!r} is not one this index answers with")
        stored = bm25.scores
        scores = TermScores(
            stored["data"], stored["indices"], stored["indptr"], int(stored["num_docs"]), bm25.dtype, bm25.int_dtype
        )
        return cls(scores, dict(bm25.vocab_dict), frozenset(STOPWORDS_EN))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@dataclass(frozen=True, slots=True)
class IndexManifest:
    model: str
    dimension: int
    corpus_hash: str
    code_version: str
    backend: str
    claims: int = 0
    built_at: str = ""
    build_seconds: float = 0.0
    format: int = INDEX_FORMAT
    versions: dict[str, str] = field(default_factory=dict)
    generation: int = 0
    """One more than the index it replaced: a running server reloads when the stored generation changes
    (another process, such as ``weighin ingest``, rebuilt the index)."""

    def matches(self, other: IndexManifest) -> bool:
        keys = ("model", "dimension", "corpus_hash", "code_version", "backend", "format")
        return all(getattr(self, k) == getattr(other, k) for k in keys)

    @staticmethod
    def library_versions() -> dict[str, str]:
        return {p: _version(p) for p in ("weighin", "torch", "faiss-cpu", "bm25s", "numpy", "tokenizers")}


@dataclass(frozen=True, slots=True)
class Scored:
    position: int
    score: float
    dense: float
    lexical: float


class HybridIndex:
    def __init__(
        self,
        manifest: IndexManifest,
        claims: list[Claim],
        vectors: np.ndarray,
        dense: DenseIndex,
        lexical: LexicalIndex,
    ) -> None:
        self.manifest = manifest
        self.claims = claims
        self.vectors = vectors
        self._dense = dense
        self._lexical = lexical
        self._near_duplicates: dict[float, NearDuplicates] = {}

    def near_duplicates(self, threshold: float) -> NearDuplicates:
        """For each claim position, the other positions whose cosine with it is above ``threshold``.

        Computed once per index and threshold, by k-nearest-neighbour search (:mod:`knowledge.neighbours`);
        a server computes it before it swaps a new index in (``prepare``), so no answer waits for it.
        """
        found = self._near_duplicates.get(threshold)
        if found is None:
            search: NeighbourSearch | None = None  # the numpy backend: blocked exact search without FAISS
            if isinstance(self._dense, FaissDenseIndex):
                search = self._dense.search if len(self.vectors) <= EXACT_UP_TO else graph_search
            found = self._near_duplicates[threshold] = find_near_duplicates(self.vectors, threshold, search)
        return found

    @staticmethod
    def lexical_text(claim: Claim) -> str:
        return f"{claim.searchable_text} {claim.section[-1] if claim.section else ''}"

    @classmethod
    def build(cls, manifest: IndexManifest, claims: list[Claim], vectors: np.ndarray) -> HybridIndex:
        dense: DenseIndex = (
            FaissDenseIndex.from_vectors(vectors) if manifest.backend == "faiss" else NumpyDenseIndex(vectors)
        )
        lexical = LexicalIndex.build([cls.lexical_text(c) for c in claims])
        return cls(manifest, claims, vectors, dense, lexical)

    def search(self, query_vector: np.ndarray, query_text: str, k: int) -> list[Scored]:
        """Top ``k`` claims by cosine + LEXICAL_WEIGHT * BM25 scaled to the best BM25 hit."""
        dense = self._dense.search_all(query_vector)
        lexical = self._lexical.scores(query_text)
        top = float(lexical.max()) if lexical.size else 0.0
        lexical_norm = lexical / top if top > 0 else lexical
        fused = dense + LEXICAL_WEIGHT * lexical_norm
        order = top_positions(fused, k)
        return [Scored(int(i), float(fused[i]), float(dense[i]), float(lexical_norm[i])) for i in order]

    def query_terms(self, query_text: str) -> list[str]:
        return self._lexical.tokens(query_text)

    def save(self, folder: Path) -> None:
        """Write to a sibling temp folder, then swap it in, so a crash never leaves half an index."""
        staging = folder.with_name(folder.name + ".tmp")
        remove_path(staging)
        (staging / "bm25").mkdir(parents=True)
        np.save(staging / "vectors.npy", self.vectors)
        if isinstance(self._dense, FaissDenseIndex):
            self._dense.save(staging / "dense.faiss")
        self._lexical.save(staging / "bm25")
        with (staging / "claims.jsonl").open("w", encoding="utf-8") as out:
            for claim in self.claims:
                out.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
        for threshold, found in self._near_duplicates.items():  # computed by the builder, not the first answer
            found.save(staging / near_duplicates_file(threshold))
        (staging / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=2))
        old = folder.with_name(folder.name + ".old")
        remove_path(old)  # a stray file or folder left by anything must not block every later rebuild
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        remove_path(old)

    @classmethod
    def load(cls, folder: Path) -> HybridIndex:
        try:
            manifest = read_manifest(folder)
            claims = read_claims(folder)
            vectors = np.load(folder / "vectors.npy")
            dense: DenseIndex = (
                FaissDenseIndex.load(folder / "dense.faiss", vectors)
                if manifest.backend == "faiss"
                else NumpyDenseIndex(vectors)
            )
            lexical = LexicalIndex.load(folder / "bm25")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise IndexCorrupt(f"cannot load index at {folder}: {exc}") from exc
        if len(claims) != vectors.shape[0]:
            raise IndexCorrupt(f"index at {folder} has {len(claims)} claims but {vectors.shape[0]} vectors")
        if isinstance(dense, FaissDenseIndex) and dense.count != len(claims):
            raise IndexCorrupt(f"index at {folder} has {len(claims)} claims but {dense.count} FAISS vectors")
        index = cls(manifest, claims, vectors, dense, lexical)
        index._load_near_duplicates(folder)
        return index

    def _load_near_duplicates(self, folder: Path) -> None:
        """Near-duplicates the builder stored; one that cannot be read is computed again when first asked for."""
        for path in folder.glob("near-duplicates-*.npz"):
            try:
                threshold = float(path.stem.removeprefix("near-duplicates-"))
                found = NearDuplicates.load(path)
            except (OSError, ValueError, KeyError):
                continue
            if found.count == len(self.claims):
                self._near_duplicates[threshold] = found


def near_duplicates_file(threshold: float) -> str:
    return f"near-duplicates-{threshold!r}.npz"


def top_positions(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the ``k`` highest scores, best first, ties by position: exactly a stable argsort's first
    ``k``, without sorting every score (an index of 20,000 claims would sort them all for every question)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")[:k]
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    candidates = np.flatnonzero(scores >= kth)  # every score tied with the k-th is kept, so ties break as before
    return candidates[np.argsort(-scores[candidates], kind="stable")][:k]


def remove_path(path: Path) -> None:
    """Remove a folder or a file (or a link) at ``path``; nothing there is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def read_manifest(folder: Path) -> IndexManifest:
    try:
        return IndexManifest(**json.loads((folder / "manifest.json").read_text()))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorrupt(f"no readable manifest in {folder}: {exc}") from exc


def read_claims(folder: Path) -> list[Claim]:
    with (folder / "claims.jsonl").open(encoding="utf-8") as lines:
        return [Claim.from_dict(json.loads(line)) for line in lines if line.strip()]


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

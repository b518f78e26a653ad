"""Near-duplicate claims found by k-nearest-neighbour search, so their cost grows with n·k, not n².

An article that repeats itself (the same table row twice) should not cite the same thing twice; a document
of 20,000 near-identical sentences must not make the server compare 400 million pairs in Python. Each
claim's ``k`` nearest neighbours come from FAISS (or blocked numpy for the ``numpy`` backend); the pairs
above the threshold are kept as compressed rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

NeighbourSearch = Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]
"""``search(queries, k)`` -> (scores, ids), each of shape (len(queries), k), best first (FAISS's ``search``)."""

NEIGHBOURS = 32
"""Nearest neighbours searched per claim for near-duplicates (above ``assistant.decision.CANDIDATES``, so the
candidates of one answer that repeat each other are found among each other's neighbours)."""
_QUERY_BLOCK = 256
"""Rows of the numpy search done at once: memory is a few block x n arrays."""
_PAIR_CHUNK = 16_384
"""Candidate pairs whose exact dot products are computed at once (bounds the memory of that step)."""


EXACT_UP_TO = 10_000
"""Up to this many claims the neighbours are searched exactly (FAISS flat: n² dot products in BLAS, about
1.5 s for 10,000); above it, by an HNSW graph, whose cost grows with n·log n."""


def graph_search(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Approximate k-nearest-neighbour search over ``vectors`` themselves through a FAISS HNSW graph."""
    import faiss

    graph = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    graph.add(data)
    scores, ids = graph.search(data, k)
    return scores, ids


class NearDuplicates(Mapping[int, frozenset[int]]):
    """Claim position -> the positions whose cosine with it is above a threshold, stored as sorted arrays
    (compressed rows), so a million pairs cost megabytes, not a Python set each."""

    def __init__(self, count: int, rows: np.ndarray, cols: np.ndarray) -> None:
        order = np.lexsort((cols, rows))
        self._cols = cols[order].astype(np.int32)
        self._starts = np.searchsorted(rows[order], np.arange(count + 1)).astype(np.int64)
        self._with = np.flatnonzero(np.diff(self._starts))

    def __getitem__(self, position: int) -> frozenset[int]:
        found = self.get(position)
        if found is None:
            raise KeyError(position)
        return found

    def get(self, position: int, default: Any = None) -> Any:
        """The positions near ``position``, else ``default``: what every answer asks of its candidates, most of
        which have none (``Mapping.get`` would raise and catch a ``KeyError`` for each)."""
        if not 0 <= position < len(self._starts) - 1:
            return default
        start, end = self._starts[position : position + 2].tolist()
        return frozenset(self._cols[start:end].tolist()) if start != end else default

    def __contains__(self, position: object) -> bool:
        return self.get(position) is not None  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[int]:
        return iter(self._with.tolist())

    def __len__(self) -> int:
        return len(self._with)

    @property
    def count(self) -> int:
        """Claims covered (the index's size when computed)."""
        return len(self._starts) - 1

    @property
    def pairs(self) -> int:
        """Ordered pairs held (each near-duplicate pair counts twice)."""
        return len(self._cols)

    def save(self, path: Path) -> None:
        rows = np.repeat(np.arange(len(self._starts) - 1, dtype=np.int32), np.diff(self._starts))
        with path.open("wb") as out:
            np.savez(out, count=np.int64(len(self._starts) - 1), rows=rows, cols=self._cols)

    @classmethod
    def load(cls, path: Path) -> NearDuplicates:
        with np.load(path) as stored:
            return cls(int(stored["count"]), stored["rows"], stored["cols"])


def nearest_neighbours(
    vectors: np.ndarray, k: int, search: NeighbourSearch | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each vector's ``k`` highest inner products with the others, as (scores, ids) of shape (n, k).

    FAISS searches in blocks of queries, so memory is the n·k result plus a block, never n·n; the numpy path
    does the same by hand for the ``numpy`` backend.
    """
    count = len(vectors)
    k = min(k + 1, count)  # each vector finds itself too
    if search is not None:
        return search(vectors, k)
    scores = np.empty((count, k), dtype=np.float32)
    ids = np.empty((count, k), dtype=np.int64)
    for begin in range(0, count, _QUERY_BLOCK):
        block = vectors[begin : begin + _QUERY_BLOCK] @ vectors.T
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        ids[begin : begin + len(block)] = top
        scores[begin : begin + len(block)] = np.take_along_axis(block, top, axis=1)
    return scores, ids


def find_near_duplicates(
    vectors: np.ndarray, threshold: float, search: NeighbourSearch | None = None, k: int = NEIGHBOURS
) -> NearDuplicates:
    """Pairs of claims above ``threshold`` among each claim's ``k`` nearest neighbours, in both directions.

    Cost is one k-nearest-neighbour search plus O(n·k) array work: no Python loop over pairs. The search
    screens (with a 1e-4 margin); each screened pair is then decided by the exact dot product of its two
    vectors, so the result does not depend on the search's summation order. A claim with more than ``k``
    near-duplicates is linked to its ``k`` nearest (and to whoever lists it among theirs).
    """
    count = len(vectors)
    if count < 2:
        return NearDuplicates(count, np.zeros(0, np.int64), np.zeros(0, np.int64))
    scores, ids = nearest_neighbours(vectors, k, search)
    rows = np.repeat(np.arange(count, dtype=np.int64), ids.shape[1])
    cols = ids.reshape(-1).astype(np.int64)
    keep = (scores.reshape(-1) > threshold - 1e-4) & (cols >= 0) & (cols != rows)
    rows, cols = rows[keep], cols[keep]
    exact = np.empty(len(rows), dtype=bool)
    for begin in range(0, len(rows), _PAIR_CHUNK):
        r, c = rows[begin : begin + _PAIR_CHUNK], cols[begin : begin + _PAIR_CHUNK]
        exact[begin : begin + len(r)] = np.einsum("ij,ij->i", vectors[r], vectors[c]) > threshold
    rows, cols = rows[exact], cols[exact]
    both = np.unique(np.concatenate([rows * count + cols, cols * count + rows]))
    return NearDuplicates(count, both // count, both % count)

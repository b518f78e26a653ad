"""Keeping a running server's index current without blocking its answers.

Two ways a new index appears, one way it goes live:

- ``POST /v1/documents`` stores the document, then :class:`ChildIndexBuilder` rebuilds the index in a child
  process (niced), so extraction, embedding and BM25 never hold the server's GIL or grow its memory: the
  child's peak memory is returned to the system when it exits.
- ``weighin ingest`` (another process) rebuilds the index on disk.

Either way the index's manifest gets a new ``generation``; :class:`IndexWatcher` polls it every few seconds
and calls the runtime's ``refresh_index``, which loads the new index, computes its near-duplicates (the
part that used to stall the first answers) and only then swaps it in. Answers keep using the old index
until the swap, a single attribute assignment.

Run as ``python -m assistant.index_refresh '<knowledge settings as JSON>'`` it is that child.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import IndexBuildFailed, IndexCorrupt
from knowledge.index import IndexManifest, read_manifest

log = logging.getLogger("weighin.index")

BUILD_NICENESS = 10
"""The child builder's niceness: on a small machine, answers get the CPU first."""


def manifest_identity(manifest: IndexManifest) -> tuple[int, str, str]:
    """What tells two stored indexes apart: generation, build time and corpus."""
    return (manifest.generation, manifest.built_at, manifest.corpus_hash)


def stored_identity(index_dir: Path) -> tuple[int, str, str] | None:
    """The identity of the index on disk, or None when there is no readable manifest (mid-swap, say)."""
    try:
        return manifest_identity(read_manifest(index_dir))
    except IndexCorrupt:
        return None


@dataclass(frozen=True, slots=True)
class ChildIndexBuilder:
    """Rebuilds the index in ``python -m assistant.index_refresh``, with the knowledge settings as JSON."""

    knowledge_settings: str
    """``KnowledgeSettings.to_json()``: the child opens the same knowledge base as the server."""
    timeout_s: float = 900.0
    python: str = sys.executable

    def build(self) -> dict[str, float]:
        """Build and save the index in the child; returns its report (claims, generation, seconds, peak_rss_mb)."""
        command = [self.python, "-m", "assistant.index_refresh", self.knowledge_settings]
        root = str(Path(__file__).resolve().parent.parent)  # this checkout, installed or not, wherever we run
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        try:
            done = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                timeout=self.timeout_s,
                preexec_fn=lambda: os.nice(BUILD_NICENESS),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise IndexBuildFailed(f"building the index took longer than {self.timeout_s:g} s") from exc
        except OSError as exc:
            raise IndexBuildFailed(f"cannot start the index builder: {exc.strerror}") from exc
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            raise IndexBuildFailed(f"the index builder failed: {lines[-1][:300] if lines else done.returncode}")
        report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        log.info("index rebuilt in a child process: %s", json.dumps(report))
        return report


class IndexWatcher:
    """Polls the stored index's identity every ``interval_s`` and calls ``refresh`` when it changed."""

    def __init__(self, index_dir: Path, refresh: Callable[[], bool], interval_s: float = 2.0) -> None:
        self._index_dir = index_dir
        self._refresh = refresh
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._seen = stored_identity(index_dir)
        self._thread = threading.Thread(target=self._watch, name="weighin-index-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5.0)

    def _watch(self) -> None:
        while not self._stop.wait(self._interval_s):
            identity = stored_identity(self._index_dir)
            if identity is None or identity == self._seen:
                continue
            try:
                self._refresh()
                self._seen = identity
            except Exception:  # a half-written or broken index must not stop the watching; retried next tick
                log.exception("reloading the index at %s failed", self._index_dir)


def main(argv: list[str]) -> int:
    import resource
    import time

    from assistant.settings import KnowledgeSettings
    from assistant.wiring import knowledge_base_from

    started = time.perf_counter()
    knowledge = knowledge_base_from(KnowledgeSettings.from_json(argv[0]))
    index = knowledge.build_index()
    report = {
        "claims": len(index.claims),
        "generation": index.manifest.generation,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

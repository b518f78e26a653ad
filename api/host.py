"""Loads the heavy runtime (model, index, database, evaluation queue) once per process, off the event loop.

The app starts answering at once: ``/healthz`` is up while the model loads, ``/readyz`` says 503 until
the runtime is ready, and routes that need it answer 503 with ``Retry-After`` meanwhile.

A failed load (the database down at boot, an index being rebuilt) is retried with backoff until it
succeeds or the app closes, so the server recovers on its own once the cause is gone; meanwhile the
state is ``failed``, ``/healthz`` answers 503 naming the error (a liveness probe can restart the
process) and ``/readyz`` 503 too.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert

from api.problems import DATABASE_UNAVAILABLE, ServiceUnavailable, storage_condition
from assistant.wiring import Runtime
from evaluators.linking import read_vectors, write_vectors
from evaluators.records import utc_timestamp
from knowledge.minilm_onnx import GRAPH_VERSION

log = logging.getLogger("weighin.api")

LOADING, READY, FAILED = "loading", "ready", "failed"
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""Pauses before the 2nd, 3rd, ... attempt to load; the last one repeats."""

_probe_metadata = MetaData()
write_probe = Table(
    "weighin_write_probe", _probe_metadata, Column("id", Integer, primary_key=True), Column("at", String(40))
)


def client_facing(exc: Exception) -> str:
    """A load failure as clients may read it: a database's condition without the driver's text, else the
    error's type and message (a configuration error names the setting to fix)."""
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return f"the database is unavailable: {storage_condition(exc)}"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:500]}"


def link_vectors_path(runtime: Runtime) -> Path:
    """Where a server keeps its claim linker's sentence vectors between starts, one file per embedder."""
    ks = runtime.settings.knowledge
    made_by = f"{ks.embedder}|{runtime.knowledge.embedder.name}|graph-{GRAPH_VERSION}"
    key = hashlib.sha256(made_by.encode()).hexdigest()[:16]
    return ks.data_dir / "models" / f"claim-link-vectors-{key}.npz"


def _reuse_link_vectors(runtime: Runtime) -> set[str]:
    """Hand the linker the vectors stored at the last start (embedding the claims again took ~0.4 s of CPU
    beside the first answers); returns the sentences stored."""
    try:
        stored = read_vectors(link_vectors_path(runtime))
        runtime.evaluations.reuse_link_vectors(stored)
    except Exception as exc:  # an optimisation only: the linker embeds what it needs without it
        log.warning("the stored claim vectors were not read: %s: %s", type(exc).__name__, exc)
        return set()
    return set(stored)


def _keep_link_vectors(runtime: Runtime, stored: set[str]) -> None:
    """Store the linker's vectors when it embedded any sentence the file lacked (a new claim, a first start)."""
    embedded = runtime.evaluations.link_vectors()
    if embedded.keys() - stored:
        try:
            write_vectors(link_vectors_path(runtime), embedded)
        except OSError as exc:  # a read-only data dir: the next start embeds them again
            log.warning("the claim vectors were not stored: %s", exc)


class RuntimeHost:
    def __init__(self, factory: Callable[[], Runtime], retry_delays: Sequence[float] = RETRY_DELAYS_S) -> None:
        self._factory = factory
        self._retry_delays = tuple(retry_delays) or (1.0,)
        self._runtime: Runtime | None = None
        self._error: str | None = None
        self.attempts = 0
        self._loaded = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.load_seconds: float | None = None
        self._on_ready: list[Callable[[Runtime], None]] = []
        self._owns_runtime = True

    @classmethod
    def ready_with(cls, runtime: Runtime) -> RuntimeHost:
        """A host around a runtime built and owned by the caller (tests): closing the app leaves it open."""
        host = cls(lambda: runtime)
        host._owns_runtime = False
        host._runtime = runtime
        host._loaded.set()
        return host

    def on_ready(self, callback: Callable[[Runtime], None]) -> None:
        if self._runtime is not None:
            callback(self._runtime)
        else:
            self._on_ready.append(callback)

    def start(self) -> None:
        if self._runtime is not None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._load_until_ready, name="weighin-load", daemon=True)
        self._thread.start()

    def _load_until_ready(self) -> None:
        while not self._stop.is_set():
            if self._load_once():
                return
            delay = self._retry_delays[min(self.attempts - 1, len(self._retry_delays) - 1)]
            log.warning("loading failed (attempt %d); retrying in %.0f s", self.attempts, delay)
            self._stop.wait(delay)

    def _load_once(self) -> bool:
        started = time.perf_counter()
        self.attempts += 1
        try:
            runtime = self._factory()
            stored = _reuse_link_vectors(runtime)
            for callback in self._on_ready:
                callback(runtime)
        except Exception as exc:  # reported by /healthz, /readyz and every route; retried
            log.warning("loading failed: %s: %s", type(exc).__name__, " ".join(str(exc).split())[:500])
            self._error = client_facing(exc)
            self._loaded.set()
            return False
        if self._stop.is_set():  # closed while loading: nobody will close it later
            runtime.close()
            return True
        self._runtime, self._error = runtime, None
        self.load_seconds = time.perf_counter() - started
        log.info("ready in %.1f s (attempt %d)", self.load_seconds, self.attempts)
        self._loaded.set()
        try:  # once ready: out of the cold start and off every ask; an ask links what is missing itself
            runtime.evaluations.prepare_links()
            _keep_link_vectors(runtime, stored)
        except Exception as exc:
            log.warning("reading the claims' links ahead failed: %s: %s", type(exc).__name__, exc)
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the first attempt to end; True when the runtime is ready."""
        return self._loaded.wait(timeout) and self._runtime is not None

    @property
    def state(self) -> str:
        if self._runtime is not None:
            return READY
        return FAILED if self._error else LOADING

    @property
    def error(self) -> str | None:
        return self._error

    def runtime(self) -> Runtime:
        if self._runtime is not None:
            return self._runtime
        if self._error:
            raise ServiceUnavailable(
                detail=f"The service failed to start (retrying): {self._error}", headers={"Retry-After": "5"}
            )
        raise ServiceUnavailable(detail="The model and index are still loading.", headers={"Retry-After": "2"})

    def database_write_error(self) -> str | None:
        """None when the database takes a write (a committed one-row probe), else why it refused."""
        if self._runtime is None:
            return "the runtime is not loaded"
        try:
            with self._runtime.engine.begin() as connection:
                connection.execute(delete(write_probe))
                connection.execute(insert(write_probe).values(id=1, at=utc_timestamp()))
        except Exception as exc:
            return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        return None

    def close(self) -> None:
        self._stop.set()
        if self._runtime is not None and self._owns_runtime:
            self._runtime.close()

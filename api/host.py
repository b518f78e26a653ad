"""Loads the heavy runtime (model, index, database, evaluation queue) once per process, off the event loop.

The app starts answering at once: ``/healthz`` is up while the model loads, ``/readyz`` says 503 until
the runtime is ready, and routes that need it answer 503 with ``Retry-After`` meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import text

from api.problems import ServiceUnavailable
from assistant.wiring import Runtime

log = logging.getLogger("weighin.api")

LOADING, READY, FAILED = "loading", "ready", "failed"


class RuntimeHost:
    def __init__(self, factory: Callable[[], Runtime]) -> None:
        self._factory = factory
        self._runtime: Runtime | None = None
        self._error: str | None = None
        self._loaded = threading.Event()
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
        if self._loaded.is_set() or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._load, name="weighin-load", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            runtime = self._factory()
        except Exception as exc:  # reported by /readyz and every route; the process stays up to say why
            log.exception("loading the runtime failed")
            self._error = f"{type(exc).__name__}: {exc}"
        else:
            for callback in self._on_ready:
                callback(runtime)
            self._runtime = runtime
            self.load_seconds = time.perf_counter() - started
            log.info("ready in %.1f s", self.load_seconds)
        finally:
            self._loaded.set()

    def wait(self, timeout: float | None = None) -> bool:
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
            raise ServiceUnavailable(detail=f"The service failed to start: {self._error}")
        raise ServiceUnavailable(detail="The model and index are still loading.", headers={"Retry-After": "2"})

    def database_reachable(self) -> bool:
        if self._runtime is None:
            return False
        try:
            with self._runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def close(self) -> None:
        if self._runtime is not None and self._owns_runtime:
            self._runtime.close()

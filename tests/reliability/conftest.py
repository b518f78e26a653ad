"""Fault injection against real ``weighin serve`` processes: kill -9, restarts on the same port, a
database that goes away or refuses writes, corrupt caches.

Every test here carries the ``reliability`` marker; the heavier ones also carry ``slow``, so the
default run (``-m 'not slow'``) runs the fast part and ``pytest -m reliability`` runs all of it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import api_runtime  # noqa: F401  (a fixture the proxy tests share)
from tests.conftest import REPO

API_KEY = "reliability-key"
PG_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.reliability)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One ``weighin serve`` process at a time on a fixed port, started and stopped at will."""

    data_dir: Path
    database_url: str
    log_dir: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"server-{self.starts}.log"

    def start(self, ready_within: float | None = 120.0) -> None:
        self.starts += 1
        env = {
            **os.environ,
            "WEIGHIN_DATA_DIR": str(self.data_dir),
            "WEIGHIN_DATABASE_URL": self.database_url,
            "WEIGHIN_API_KEYS": API_KEY,
            "WEIGHIN_RATE_LIMIT": "0",
            "HF_HUB_OFFLINE": "1",
            **self.env,
        }
        command = [sys.executable, "-m", "cli", "serve", "--port", str(self.port), "--log-level", "warning"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        if ready_within is not None:
            self.wait_ready(ready_within)

    def wait_ready(self, within: float) -> float:
        """Seconds until ``/readyz`` said 200; fails the test with the log's tail otherwise."""
        started = time.monotonic()
        while time.monotonic() - started < within:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"weighin serve exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        pytest.fail(f"not ready within {within} s: {self.log_tail()}")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""

    def kill(self) -> None:
        """kill -9: no shutdown hook runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def data_dir(assistant, session_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the session's data dir (article and index): a test may break it at will."""
    copy = tmp_path / "data"
    shutil.copytree(session_data_dir, copy, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    return copy


@pytest.fixture
def server(data_dir: Path, tmp_path: Path) -> Iterator[Server]:
    running = Server(data_dir, f"sqlite:///{tmp_path / 'weighin.db'}", tmp_path)
    yield running
    running.stop()


class TcpProxy:
    """A TCP forwarder to ``target`` that a test can take down and bring back: a database outage without
    touching the shared database server."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse new connections and cut the open ones."""
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test (its name unique to this suite), dropped afterwards."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    name = f"weighin_harden_{uuid.uuid4().hex[:8]}"
    try:
        admin = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    except Exception as exc:  # no local PostgreSQL: the outage tests cannot run here
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is not usable: {exc}")
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            )
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()

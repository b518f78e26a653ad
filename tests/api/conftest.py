"""Fixtures for the HTTP API: an in-process app over the real model and article (fake, fast jobs), and a
live ``weighin serve`` process for clients that need a real socket (OpenAI client, browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # the browser tests skip; the others still run
    sync_playwright = None

from tests.conftest import REPO, knowledge_base_for

FAKE_JOBS_DIR = REPO / "tests" / "evaluators"
if str(FAKE_JOBS_DIR) not in sys.path:  # the parent hashes the fake jobs' source; workers get it on their path
    sys.path.append(str(FAKE_JOBS_DIR))
API_KEY = "test-key-1"


def fake_registry():
    """Two quick jobs (``fake_jobs.succeed`` in a real subprocess) that speak to real article claims."""
    from evaluators.registry import Job, JobRegistry

    return JobRegistry(
        [
            Job(
                id="fake-automl",
                version=1,
                title="AutoML stand-in",
                target="fake_jobs:succeed",
                frameworks=("tensorflow",),
            ),
            Job(
                id="fake-debugging",
                version=1,
                title="Debugging stand-in",
                target="fake_jobs:succeed",
                frameworks=("pytorch",),
            ),
        ]
    )


def fake_table():
    """The hypothesis table of the API tests: AutoML and debugging claims expect the fakes' check to pass."""
    from knowledge.hypotheses import QUALIFIERS, CapabilityRule, HypothesisTable, works

    every_qualifier = frozenset(name for name, _, _ in QUALIFIERS)  # stand-ins cover whole sentences
    return HypothesisTable(
        (
            CapabilityRule(
                "fake-automl",
                r"automl|keras tuner",
                (works("fake-automl", "fake_check", "fake"),),
                "Test stand-in for the AutoML job.",
                covers=every_qualifier,
            ),
            CapabilityRule(
                "fake-debugging",
                r"\bdebug",
                (works("fake-debugging", "fake_check", "fake"),),
                "Test stand-in for the debugging job.",
                covers=every_qualifier,
            ),
        )
    )


def api_settings(data_dir: Path, database: Path, **extra: str):
    from assistant.settings import Settings

    env = {
        "WEIGHIN_DATA_DIR": str(data_dir),
        "WEIGHIN_DATABASE_URL": f"sqlite:///{database}",
        "WEIGHIN_API_KEYS": f"{API_KEY},test-key-2",
        **extra,
    }
    return Settings.from_env(env)


def build_test_runtime(settings, embedder):
    from assistant.wiring import build_runtime
    from evaluators.fingerprint import collect_fingerprint
    from evaluators.runner import LocalSubprocessExecutor
    from evaluators.service import EvaluationService
    from evaluators.store import EvidenceStore

    knowledge = knowledge_base_for(settings, embedder)
    evaluations = EvaluationService(
        registry=fake_registry(),
        executor=LocalSubprocessExecutor(timeout_s=30, threads=1, memory_mb=1024, python_path=(str(FAKE_JOBS_DIR),)),
        store=EvidenceStore(settings.evaluation.database_url),
        fingerprint=collect_fingerprint(threads=1, project_root=REPO),
        claims=knowledge.claims(),
        table=fake_table(),
    )
    return build_runtime(settings, knowledge=knowledge, evaluations=evaluations)


@pytest.fixture(scope="session")
def api_runtime(assistant, session_data_dir, tmp_path_factory, embedder):
    """One runtime for the API tests: the session's index (``assistant`` built it), its own database."""
    settings = api_settings(session_data_dir, tmp_path_factory.mktemp("api-db") / "api.db")
    runtime = build_test_runtime(settings, embedder)
    yield runtime
    runtime.close()


def make_client(runtime, **env: str):
    """A TestClient over an app around ``runtime``; ``env`` overrides API settings (rate limits, keys)."""
    from dataclasses import replace

    from litestar.testing import TestClient

    from api.app import create_app
    from api.host import RuntimeHost
    from assistant.settings import ApiSettings

    base = runtime.settings
    merged = {"WEIGHIN_API_KEYS": ",".join(base.api.api_keys), **env}
    settings = replace(base, api=ApiSettings.from_env(merged))
    return TestClient(create_app(settings, RuntimeHost.ready_with(runtime)), raise_server_exceptions=False)


@pytest.fixture
def client(api_runtime) -> Iterator:
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="0") as test_client:
        yield test_client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(data_dir: Path, database: Path, log_dir: Path, **env: str) -> Iterator[str]:
    """``weighin serve`` in a subprocess on a free loopback port; yields its base URL once ``/readyz`` says so.

    ``env`` adds ``WEIGHIN_*`` settings; the server reads the session's article and index from ``data_dir``.
    """
    port = free_port()
    full_env = {
        **os.environ,
        "WEIGHIN_DATA_DIR": str(data_dir),
        "WEIGHIN_DATABASE_URL": f"sqlite:///{database}",
        "HF_HUB_OFFLINE": "1",
        **env,
    }
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--log-level", "warning"]
    log_path = log_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=full_env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"weighin serve exited with {process.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        else:
            pytest.fail(f"weighin serve was not ready within 90 s: {log_path.read_text()[-2000:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def live_server(assistant, session_data_dir, tmp_path_factory) -> Iterator[str]:
    """One live server for the session's clients (OpenAI client, browser, schema fuzzer)."""
    folder = tmp_path_factory.mktemp("live")
    with serving(
        session_data_dir,
        folder / "live.db",
        folder,
        WEIGHIN_API_KEYS=API_KEY,
        WEIGHIN_RATE_LIMIT="0",
        # Slack configured, so its routes check signatures (the fuzzer's unsigned requests get 401, not 503);
        # nothing listens on the discard port, so no request could reach anything.
        WEIGHIN_SLACK_SIGNING_SECRET="live-server-secret",
        WEIGHIN_SLACK_BOT_TOKEN="xoxb-live-server",
        WEIGHIN_SLACK_API_BASE="http://127.0.0.1:9/api/",
    ) as base:
        yield base


@pytest.fixture
def fresh_client(assistant, session_data_dir, tmp_path, embedder) -> Iterator:
    """A client over a runtime with an empty evidence database (nothing measured yet)."""
    runtime = build_test_runtime(api_settings(session_data_dir, tmp_path / "fresh.db"), embedder)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as test_client:
            yield test_client
    finally:
        runtime.close()


@contextmanager
def never_loading_client(data_dir: Path) -> Iterator:
    """A client over an app whose runtime is still loading (and never finishes while the client is open)."""
    from litestar.testing import TestClient

    from api.app import create_app
    from api.host import RuntimeHost
    from assistant.settings import Settings

    release = threading.Event()

    def never_loads():
        release.wait(30)
        raise RuntimeError("test finished")

    settings = Settings.from_env({"WEIGHIN_DATA_DIR": str(data_dir), "WEIGHIN_API_KEYS": "k"})
    try:
        with TestClient(create_app(settings, RuntimeHost(never_loads)), raise_server_exceptions=False) as client:
            yield client
    finally:
        release.set()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()

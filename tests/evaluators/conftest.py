"""Fixtures for the evaluator tests: claims, registries, executors and stores (SQLite and PostgreSQL)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from article_claims import article_claims
from ray_cluster import LocalRayCluster, new_cluster

from evaluators.catalog import default_registry
from evaluators.fingerprint import EnvironmentFingerprint, collect_fingerprint
from evaluators.registry import Job, JobRegistry
from evaluators.runner import LocalSubprocessExecutor
from evaluators.store import EvidenceStore, resolve_database_url
from knowledge.claims import Claim
from knowledge.hypotheses import CapabilityRule, HypothesisTable, works

HERE = Path(__file__).resolve().parent
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
FAKE_JOB_NAMES = (
    "succeed",
    "sleep_forever",
    "crash",
    "need_missing_package",
    "raise_error",
    "allocate_too_much",
    "failing_part",
)


def fake_job_id(name: str) -> str:
    return f"fake-{name.replace('_', '-')}"


FAKE_TABLE = HypothesisTable(
    tuple(
        CapabilityRule(
            name=f"fake-{name}",
            pattern=r"\bfake\b",
            hypotheses=(works(fake_job_id(name), "fake_check", "fake"),),
            why="Test table: claims that say 'fake' expect each fake job's check to pass.",
        )
        for name in FAKE_JOB_NAMES
    )
)
"""Links every claim mentioning 'fake' to every fake job (the service tests' hypothesis table)."""


@pytest.fixture(scope="session")
def bundled_article_claims() -> list[Claim]:
    return article_claims()


@pytest.fixture
def default_job_registry() -> JobRegistry:
    return default_registry()


def fake_job(name: str) -> Job:
    return Job(id=fake_job_id(name), version=1, title=name, target=f"fake_jobs:{name}", frameworks=())


@pytest.fixture
def fake_job_registry() -> JobRegistry:
    return JobRegistry(fake_job(name) for name in FAKE_JOB_NAMES)


@pytest.fixture
def fake_job_executor() -> LocalSubprocessExecutor:
    """Short timeout, 1 thread, and the test directory on the workers' import path for ``fake_jobs``."""
    return LocalSubprocessExecutor(timeout_s=8, threads=1, memory_mb=1024, python_path=(str(HERE),))


@pytest.fixture(scope="session")
def machine_fingerprint() -> EnvironmentFingerprint:
    return collect_fingerprint(threads=2, project_root=HERE.parents[1])


def postgres_available() -> str | None:
    """None when the test PostgreSQL answers, else why not."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed"
    try:
        psycopg2.connect(POSTGRES_URL, connect_timeout=2).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL at {POSTGRES_URL} does not answer: {str(exc).strip()[:120]}"
    return None


@pytest.fixture(params=["sqlite", "postgres"])
def evidence_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EvidenceStore]:
    """A fresh, empty store; PostgreSQL runs in a throw-away schema that is dropped afterwards."""
    if request.param == "sqlite":
        store = EvidenceStore(f"sqlite:///{tmp_path / 'evidence.db'}")
        yield store
        store.close()
        return
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text

    schema = f"weighin_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    store = EvidenceStore(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[LocalRayCluster]:
    """A real local Ray head with token auth, for the session; skipped only when Ray cannot start here."""
    cluster = new_cluster()
    reason = cluster.start_head()
    if reason is not None:
        cluster.stop()
        pytest.skip(f"a local Ray head could not start: {reason}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAY_AUTH_MODE", "token")
        patch.setenv("RAY_AUTH_TOKEN", cluster.token)
        try:
            cluster.wait_for_nodes(1)
            yield cluster
        finally:
            cluster.stop()


@pytest.fixture
def protocol_worker_python(tmp_path: Path) -> str:
    """An executable that stands in for ``python`` on the nodes and runs ``protocol_worker.py``."""
    script = tmp_path / "python"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} {HERE / "protocol_worker.py"} "$@"\n')
    script.chmod(0o755)
    return str(script)

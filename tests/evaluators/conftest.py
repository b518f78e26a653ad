"""Fixtures for the evaluator tests: claims, registries, executors and stores (SQLite and PostgreSQL)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from article_claims import article_claims
from ray_cluster import LocalRayCluster, new_cluster

from evaluators.catalog import default_registry
from evaluators.fingerprint import EnvironmentFingerprint, collect_fingerprint
from evaluators.registry import Job, JobRegistry
from evaluators.runner import LocalSubprocessExecutor
from evaluators.store import EvidenceStore
from knowledge.claims import Claim
from knowledge.hypotheses import CapabilityRule, HypothesisTable, works

HERE = Path(__file__).resolve().parent
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


@pytest.fixture
def evidence_store(database_url: str) -> Iterator[EvidenceStore]:
    """A fresh, empty store on SQLite and on PostgreSQL (see ``tests/databases.py``)."""
    store = EvidenceStore(database_url)
    yield store
    store.close()


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
        reset_ray_auth_cache()
        try:
            cluster.wait_for_nodes(1)
            yield cluster
        finally:
            cluster.stop()
    reset_ray_auth_cache()


def reset_ray_auth_cache() -> None:
    """Ray reads its auth mode and token once per process and keeps them: a test that reached any Ray client
    before this session's head existed (an unreachable cluster, say) would leave "no auth" cached, and every
    later request to the head would be refused. Ray's own tests reset the cache the same way."""
    from ray._private.authentication_test_utils import reset_auth_token_state

    reset_auth_token_state()


@pytest.fixture
def protocol_worker_python(tmp_path: Path) -> str:
    """An executable that stands in for ``python`` on the nodes and runs ``protocol_worker.py``."""
    script = tmp_path / "python"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} {HERE / "protocol_worker.py"} "$@"\n')
    script.chmod(0o755)
    return str(script)

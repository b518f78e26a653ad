"""Real catalog jobs through the real worker on the local Ray head, from ``weighin evaluate`` down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ray_cluster import LocalRayCluster

from evaluators.catalog import default_registry
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.ray_executor import RayJobExecutor
from evaluators.runner import JobOutcome, JobRequest
from knowledge.claims import Claim
from tests.cli.test_cli import run


def test_weighin_evaluate_on_a_chosen_node_stores_the_worker_s_evidence(
    ray_cluster: LocalRayCluster,
    session_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    monkeypatch.setenv("WEIGHIN_DATABASE_URL", f"sqlite:///{tmp_path / 'evidence.db'}")
    monkeypatch.setenv("WEIGHIN_EXECUTOR", "ray")
    monkeypatch.setenv("WEIGHIN_RAY_ADDRESS", ray_cluster.address)
    monkeypatch.setenv("WEIGHIN_RAY_PYTHON", str(Path(__import__("sys").executable)))
    monkeypatch.setenv("WEIGHIN_JOB_THREADS", "1")
    nodes = RayJobExecutor(address=ray_cluster.address).nodes()
    head = next(n["node_id"] for n in nodes if "node:__internal_head__" in n["resources_total"])
    argv = ["evaluate", "--job", "tf-eager-default", "--device", "cpu", "--node", head[:12], "--json"]
    code, out, err = run(argv, capsys)
    [record] = json.loads(out)
    assert code == (1 if record["verdict"] == "error" else 0), err
    assert record["job_id"] == "tf-eager-default" and record["device"].startswith("cpu")
    assert "code hash mismatch" not in record["rationale"]  # the node ran this checkout's code
    assert record["environment"]  # the fingerprint the worker took on the node


def test_a_real_job_reports_the_worker_s_fingerprint_and_code_hash(ray_cluster: LocalRayCluster) -> None:
    import sys

    job = default_registry()["torch-dynamic-control-flow"]
    seen: list[JobOutcome] = []
    ray = RayJobExecutor(address=ray_cluster.address, python=sys.executable, threads=1)
    [outcome] = ray.run([JobRequest(job, "cpu", run_id="real-job-test")], seen.append)
    assert seen == [outcome] and outcome.worker is not None
    worker = outcome.worker
    assert (worker["job_id"], worker["run_id"], worker["device"]) == (job.id, "real-job-test", "cpu")
    assert worker["code_hash"] == job.code_hash
    assert worker["fingerprint"]["hash"] and worker["fingerprint"]["data"]
    assert worker["node_id"] and worker["host"]
    assert outcome.ok == (worker["status"] == "ok")
    assert outcome.error == (None if outcome.ok else worker["error"])


def test_a_cluster_run_gives_the_verdicts_of_a_local_run(
    ray_cluster: LocalRayCluster,
    tmp_path: Path,
    machine_fingerprint: EnvironmentFingerprint,
    bundled_article_claims: list[Claim],
) -> None:
    """The same checks through the local executor and through Ray: every record and every claim link agrees.

    These jobs check behaviour (no timings), so both runs measure the same thing whatever the load; the test
    compares the two runs with each other and expects no particular verdict.
    """
    import sys

    from evaluators.runner import LocalSubprocessExecutor
    from evaluators.service import EvaluationService
    from evaluators.store import EvidenceStore, open_engine

    jobs = ["tf-eager-default", "torchscript-roundtrip", "debugging-breakpoints"]
    verdicts = {}
    for name, executor in (
        ("local", LocalSubprocessExecutor(timeout_s=300, threads=1)),
        ("ray", RayJobExecutor(address=ray_cluster.address, python=sys.executable, threads=1, timeout_s=300)),
    ):
        store = EvidenceStore(open_engine(f"sqlite:///{tmp_path / f'{name}.db'}"))
        service = EvaluationService(default_registry(), executor, store, machine_fingerprint, bundled_article_claims)
        records = service.run(job_ids=jobs, device="cpu", run_id=f"same-verdicts-{name}")
        verdicts[name] = {
            r.job_id: (r.verdict, sorted((link["claim_id"], link["verdict"]) for link in r.links)) for r in records
        }
        assert store.verify().ok
    assert verdicts["ray"] == verdicts["local"]
    assert all(links for _, links in verdicts["local"].values())  # every job judged at least one claim link

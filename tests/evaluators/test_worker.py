"""The worker protocol: a JSON spec in, one JSON outcome out, and outcomes imported from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FAKE_TABLE, HERE

from evaluators.outcome_codec import OUTCOME_PREFIX, parse_outcome_line
from evaluators.registry import JobRegistry
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from evaluators.worker import WorkerSpec
from knowledge.claims import Claim
from tests.evaluators.test_service import FAKE_CLAIM


def run_worker(spec: dict[str, object]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(HERE), "CUDA_VISIBLE_DEVICES": ""}
    return subprocess.run(
        [sys.executable, "-m", "evaluators.worker", "run", "--spec", "-"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_a_spec_runs_and_prints_one_outcome_with_the_workers_fingerprint(fake_job_registry: JobRegistry) -> None:
    done = run_worker({"job_id": "fake-succeed", "target": "fake_jobs:succeed", "run_id": "r-1", "threads": 1})
    assert done.returncode == 0, done.stderr
    assert sum(line.startswith(OUTCOME_PREFIX) for line in done.stdout.splitlines()) == 1
    outcome = parse_outcome_line(done.stdout)
    assert outcome is not None and outcome["status"] == "ok" and outcome["run_id"] == "r-1"
    assert outcome["code_hash"] == fake_job_registry["fake-succeed"].code_hash
    assert outcome["fingerprint"]["data"]["threads"] == 1 and outcome["host"]
    assert "fake_check" in {o["metric"] for o in outcome["result"]["observations"]}


def test_a_failing_job_is_an_error_outcome_not_a_crash() -> None:
    outcome = parse_outcome_line(run_worker({"job_id": "fake-raise-error", "target": "fake_jobs:raise_error"}).stdout)
    assert outcome is not None and outcome["status"] == "error" and "the fake job broke" in outcome["error"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"job_id": "no-such-job"}, "unknown verification job"),
        ({"job_id": "x", "protocol": 99}, "protocol 99"),
        ({"job_id": "x", "surprise": 1}, "unknown worker spec fields: surprise"),
        ([1, 2], "JSON object"),
    ],
)
def test_an_unusable_spec_exits_2_with_one_line(spec: object, message: str) -> None:
    done = run_worker(spec)  # type: ignore[arg-type]
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert parse_outcome_line(done.stdout) is None


def test_spec_round_trips() -> None:
    spec = WorkerSpec(job_id="numpy-interop", run_id="r", device="cpu", timeout_s=5, threads=1, memory_mb=512)
    assert WorkerSpec.from_json(spec.to_json()) == spec


@pytest.fixture
def importing_service(fake_job_registry: JobRegistry, fake_job_executor, tmp_path: Path) -> EvaluationService:
    from evaluators.fingerprint import collect_fingerprint

    store = EvidenceStore(f"sqlite:///{tmp_path / 'import.db'}")
    claims: list[Claim] = [FAKE_CLAIM]
    return EvaluationService(
        fake_job_registry, fake_job_executor, store, collect_fingerprint(1), claims, table=FAKE_TABLE
    )


def test_imported_outcomes_keep_their_provenance_and_foreign_code_is_refused(
    importing_service: EvaluationService,
) -> None:
    outcome = parse_outcome_line(run_worker({"job_id": "fake-succeed", "target": "fake_jobs:succeed"}).stdout)
    assert outcome is not None
    outcome["fingerprint"]["data"]["host"] = "gpu-box"  # as if measured on another machine
    foreign = {**outcome, "code_hash": "f" * 64}
    result = importing_service.import_outcomes([outcome, foreign, {"job_id": "no-such"}], source="gpu.jsonl")
    (record,) = result.appended
    assert record.environment["host"] == "gpu-box" and record.metrics["provenance"]["imported_from"] == "gpu.jsonl"
    assert record.links[0]["verdict"] == "supported" and record.claim_ids == (FAKE_CLAIM.id,)
    assert len(result.refused) == 2 and "is not this checkout's" in result.refused[0]
    assert importing_service.store.verify().ok

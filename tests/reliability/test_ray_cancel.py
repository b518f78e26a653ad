"""Issue 19, problem 3 on Ray: cancelling a running run stops its Ray jobs on the cluster, and the stopped
job's outcome is never reported (so it never becomes evidence).

A real local Ray head with token auth, on its own ports (GCS 6390, job API 8155) and temp dir; the worker's
side is ``tests/evaluators/protocol_worker.py``, whose ``sleep-forever`` job hangs until stopped."""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluators.ray_executor import RayJobExecutor
from evaluators.registry import Job
from evaluators.runner import JobOutcome, JobRequest
from tests.conftest import REPO
from tests.evaluators import ray_cluster  # a local head started with `ray start`

EVALUATORS_TESTS = REPO / "tests" / "evaluators"

GCS_PORT, JOB_API_PORT = 6390, 8155


@pytest.fixture
def cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[ray_cluster.LocalRayCluster]:
    from ray._private.authentication_test_utils import reset_auth_token_state

    monkeypatch.setattr(ray_cluster, "HEAD_PORT", GCS_PORT)  # the helper's addresses follow these
    monkeypatch.setattr(ray_cluster, "DASHBOARD_PORT", JOB_API_PORT)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    head = ray_cluster.new_cluster()
    reason = ray_cluster.ray_start(
        [
            "--head",
            f"--port={GCS_PORT}",
            f"--temp-dir={head.temp_dir}",
            "--node-ip-address=127.0.0.1",
            "--num-cpus=2",
            "--num-gpus=0",
            f"--resources={json.dumps(ray_cluster.HEAD_RESOURCES)}",
            "--object-store-memory=100000000",
            "--include-dashboard=true",
            "--dashboard-host=127.0.0.1",
            f"--dashboard-port={JOB_API_PORT}",
        ],
        head.env(),
    )
    if reason is not None:
        head.stop()
        pytest.skip(f"a local Ray head could not start: {reason}")
    monkeypatch.setenv("RAY_AUTH_MODE", "token")
    monkeypatch.setenv("RAY_AUTH_TOKEN", head.token)
    reset_auth_token_state()
    try:
        head.wait_for_nodes(1)
        yield head
    finally:
        head.stop()
        reset_auth_token_state()


@pytest.mark.slow
def test_cancelling_a_run_stops_its_ray_job_and_reports_nothing(cluster, tmp_path: Path):
    from ray.job_submission import JobSubmissionClient

    worker = tmp_path / "python"
    worker.write_text(f'#!/bin/sh\nexec {sys.executable} {EVALUATORS_TESTS / "protocol_worker.py"} "$@"\n')
    worker.chmod(0o755)
    executor = RayJobExecutor(address=cluster.address, python=str(worker), threads=1, timeout_s=600)
    job = Job(id="fake-sleep-forever", version=1, title="hang", target="unused:run", frameworks=("pytorch",))
    run_id = f"test-{uuid.uuid4().hex[:8]}"
    reported: list[JobOutcome] = []
    returned: list[list[JobOutcome]] = []
    thread = threading.Thread(
        target=lambda: returned.append(executor.run([JobRequest(job, "cpu", run_id=run_id)], reported.append))
    )
    thread.start()
    client = JobSubmissionClient(cluster.address)
    submission = f"{run_id}--fake-sleep-forever"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if str(client.get_job_status(submission).value) == "RUNNING":
                break
        except Exception:  # not submitted yet
            pass
        time.sleep(0.2)
    executor.cancel(run_id)
    thread.join(60)
    assert not thread.is_alive(), "the executor did not return after the cancel"
    assert reported == []  # a cancelled job is no evidence
    assert returned[0][0].error == "cancelled"
    deadline = time.monotonic() + 30
    while str(client.get_job_status(submission).value) != "STOPPED" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert str(client.get_job_status(submission).value) == "STOPPED"

"""The Ray executor against a real local Ray head: placement, outcomes, deadlines, timeouts, refusals.

These tests run the executor's half for real (submission, Ray's scheduling and resource accounting,
job logs, ``stop_job``); the worker's half is ``protocol_worker.py``, so a job can hang or fail on
purpose. ``test_ray_jobs.py`` runs real catalog jobs through the real worker.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from ray_cluster import LocalRayCluster

from evaluators import ray_executor
from evaluators.errors import ClusterError, ClusterUnavailable
from evaluators.ray_executor import RayJobExecutor, parse_outcome, placement
from evaluators.registry import Job
from evaluators.runner import JobOutcome, JobRequest, create_executor


def job(name: str, frameworks: tuple[str, ...] = ("pytorch",), device: str = "cpu", timeout_s: float = 30) -> Job:
    return Job(
        id=f"fake-{name}",
        version=1,
        title=name,
        target="unused:run",
        frameworks=frameworks,
        device=device,  # type: ignore[arg-type]
        timeout_s=timeout_s,
    )


def executor(cluster: LocalRayCluster, python: str, **options: object) -> RayJobExecutor:
    return RayJobExecutor(address=cluster.address, python=python, threads=1, **options)  # type: ignore[arg-type]


def test_placement_asks_for_a_slot_the_job_frameworks_and_a_gpu_only_for_cuda_runs() -> None:
    both = job("both", ("pytorch", "tensorflow"), device="any")
    assert placement(JobRequest(both, "cpu")).needs() == {"CPU": 1, "weighin": 1, "torch": 1, "tensorflow": 1}
    cuda = placement(JobRequest(both, "cuda"))
    assert (cuda.gpus, cuda.device, cuda.needs()["GPU"]) == (1, "cuda", 1)
    cpu_only_job = placement(JobRequest(job("cpu-only"), "cuda"))
    assert (cpu_only_job.gpus, cpu_only_job.device) == (0, "cpu")
    assert placement(JobRequest(both, "auto")).device == "cpu"
    packaged = job("onnx", ("pytorch", "onnxruntime", "c++"))
    assert placement(JobRequest(packaged, "cpu")).resources == {"weighin": 1, "torch": 1}


def test_parse_outcome_takes_the_last_outcome_line_and_ignores_the_rest() -> None:
    logs = 'chatter\nWEIGHIN-OUTCOME {"status": "error"}\nmore\nWEIGHIN-OUTCOME {"status": "ok"}\ntrailing\n'
    assert parse_outcome(logs) == {"status": "ok"}
    assert parse_outcome("no outcome here\n") is None
    assert parse_outcome("WEIGHIN-OUTCOME {broken\n") is None


def test_the_factory_builds_a_ray_executor() -> None:
    built = create_executor("ray", address="http://127.0.0.1:1", timeout_s=5, threads=1, memory_mb=512, max_workers=1)
    assert isinstance(built, RayJobExecutor)


def test_cpu_and_gpu_jobs_run_with_the_spec_and_environment_they_asked_for(
    ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    requests = [JobRequest(job("cpu"), "cpu"), JobRequest(job("gpu", device="any"), "cuda")]
    seen: list[JobOutcome] = []
    outcomes = executor(ray_cluster, protocol_worker_python).run(requests, seen.append)
    assert sorted(o.job.id for o in seen) == ["fake-cpu", "fake-gpu"]
    by_job = {o.job.id: o for o in outcomes}
    cpu, gpu = by_job["fake-cpu"], by_job["fake-gpu"]
    assert cpu.ok and gpu.ok, (cpu.error, gpu.error)
    assert cpu.result is not None and gpu.result is not None
    assert cpu.result["env"]["CUDA_VISIBLE_DEVICES"] == ""
    assert gpu.result["env"]["CUDA_VISIBLE_DEVICES"] == "0"  # Ray assigned the declared GPU
    assert cpu.result["env"]["OMP_NUM_THREADS"] == "1"
    assert cpu.result["spec"]["protocol"] == 1 and cpu.result["spec"]["device"] == "cpu"
    assert gpu.result["spec"]["device"] == "cuda"
    assert cpu.worker is not None and cpu.worker["node_id"]  # filled in from the node that ran it


def test_an_error_outcome_and_a_crash_become_error_outcomes(
    ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    requests = [JobRequest(job("raise-error"), "cpu"), JobRequest(job("crash"), "cpu")]
    failed, crashed = executor(ray_cluster, protocol_worker_python).run(requests)
    assert failed.error == "RuntimeError: the job failed on purpose" and failed.worker is not None
    assert crashed.error is not None and "printed no outcome" in crashed.error
    assert "dying without an outcome" in crashed.error and crashed.worker is None


def test_a_request_no_node_can_meet_fails_by_its_deadline(
    ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    impossible = JobRequest(job("needs-jax", ("jax",)), "cpu")
    with_jax = {"pytorch": "torch", "tensorflow": "tensorflow", "jax": "jax"}  # no node declares jax
    ray = executor(ray_cluster, protocol_worker_python, pending_deadline_s=3, framework_resources=with_jax)
    [outcome] = ray.run([impossible])
    assert outcome.error is not None
    assert outcome.error.startswith("no node can run it: it needs CPU=1, jax=1, weighin=1")
    assert "after 3 s" in outcome.error


def test_a_job_past_its_timeout_is_stopped_on_the_cluster(
    ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    from ray.job_submission import JobSubmissionClient

    run_id = f"test-{uuid.uuid4().hex[:8]}"
    hang = JobRequest(job("sleep-forever", timeout_s=2), "cpu", run_id=run_id)
    [outcome] = executor(ray_cluster, protocol_worker_python, timeout_grace_s=0).run([hang])
    assert outcome.error == "timed out after 2 s (stopped on the cluster)"
    status = JobSubmissionClient(ray_cluster.address).get_job_status(f"{run_id}--fake-sleep-forever")
    assert status.value == "STOPPED"


def test_submitting_the_same_run_again_is_refused(ray_cluster: LocalRayCluster, protocol_worker_python: str) -> None:
    ray = executor(ray_cluster, protocol_worker_python)
    run_id = f"test-{uuid.uuid4().hex[:8]}"
    [first] = ray.run([JobRequest(job("once"), "cpu", run_id=run_id)])
    [again] = ray.run([JobRequest(job("once"), "cpu", run_id=run_id)])
    assert first.ok
    assert again.error is not None and again.error.startswith(f"Ray refused the submission {run_id}--fake-once")
    assert "already exists" in again.error


def test_an_unknown_node_is_a_user_error(ray_cluster: LocalRayCluster, protocol_worker_python: str) -> None:
    with pytest.raises(ClusterError, match="no live node of the Ray cluster match 'no-such-node'"):
        executor(ray_cluster, protocol_worker_python, node="no-such-node").run([JobRequest(job("x"), "cpu")])


def test_an_unreachable_cluster_is_unavailable_not_a_bad_request(protocol_worker_python: str) -> None:
    unreachable = RayJobExecutor(address="http://127.0.0.1:9", python=protocol_worker_python)
    with pytest.raises(ClusterUnavailable, match=r"http://127\.0\.0\.1:9"):
        unreachable.run([JobRequest(job("x"), "cpu")])
    with pytest.raises(ClusterUnavailable):
        unreachable.find_node("any")


def test_the_token_from_settings_authenticates_without_ray_s_environment(
    ray_cluster: LocalRayCluster, protocol_worker_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAY_AUTH_TOKEN")
    monkeypatch.delenv("RAY_AUTH_MODE")
    [outcome] = executor(ray_cluster, protocol_worker_python, auth_token=ray_cluster.token).run(
        [JobRequest(job("with-token"), "cpu")]
    )
    assert outcome.ok, outcome.error
    with pytest.raises(ClusterError, match="cannot list the nodes"):
        executor(ray_cluster, protocol_worker_python, auth_token="wrong").run([JobRequest(job("bad-token"), "cpu")])


def test_a_succeeded_jobs_late_log_is_waited_for_longer_than_a_failed_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    request = JobRequest(job("late-log"), "cpu")
    submission = ray_executor._Submission(0, request, placement(request), "raysubmit_late", 0.0, 60.0)
    monkeypatch.setattr(ray_executor, "LOG_GRACE_S", 0.0)
    monkeypatch.setattr(ray_executor, "SUCCEEDED_LOG_GRACE_S", 5.0)
    ray = RayJobExecutor(address="http://127.0.0.1:1", python="python", threads=1, poll_s=0.0)
    reads: list[str] = []

    def logs(_: object) -> str:  # the log agent serves the log on the fourth read
        reads.append("read")
        return 'WEIGHIN-OUTCOME {"status": "error", "error": "it ran"}\n' if len(reads) >= 4 else ""

    monkeypatch.setattr(ray, "_logs", logs)
    monkeypatch.setattr(
        ray,
        "client",
        lambda: SimpleNamespace(
            get_job_info=lambda _: SimpleNamespace(message="", driver_node_id=None, driver_exit_code=0)
        ),
    )
    assert "could not start" in (ray._collect(submission, "FAILED").error or "")  # no wait: read once
    reads.clear()
    late = ray._collect(submission, "SUCCEEDED")
    assert len(reads) == 4 and "could not start" not in (late.error or "")


def test_a_succeeded_job_whose_log_cannot_be_read_says_why_and_on_which_node(monkeypatch: pytest.MonkeyPatch) -> None:
    request = JobRequest(job("lost-log"), "cpu")
    submission = ray_executor._Submission(0, request, placement(request), "raysubmit_lost", 0.0, 60.0)
    monkeypatch.setattr(ray_executor, "SUCCEEDED_LOG_GRACE_S", 0.0)
    ray = RayJobExecutor(address="http://127.0.0.1:1", python="python", threads=1, poll_s=0.0)

    def unreadable(_: str) -> str:
        raise RuntimeError("Request failed with status code 500: Traceback ...\nConnectionRefusedError: agent gone")

    monkeypatch.setattr(
        ray,
        "client",
        lambda: SimpleNamespace(
            get_job_logs=unreadable,
            get_job_info=lambda _: SimpleNamespace(message="", driver_node_id="c0ffee" * 8, driver_exit_code=0),
        ),
    )
    lost = ray._collect(submission, "SUCCEEDED").error or ""
    assert lost.startswith("the worker on node c0ffeec0ffee finished, but its log stayed empty")
    assert "reading its log failed: RuntimeError: ConnectionRefusedError: agent gone" in lost
    assert "could not start" not in lost

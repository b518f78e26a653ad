from __future__ import annotations

from pathlib import Path

import pytest

from evaluators.errors import EvaluatorUserError, UnknownExecutorError
from evaluators.registry import JobRegistry
from evaluators.runner import JobOutcome, JobRequest, LocalSubprocessExecutor, create_executor, job_environment


def run(executor: LocalSubprocessExecutor, registry: JobRegistry, job_id: str) -> JobOutcome:
    return executor.run_one(JobRequest(registry[job_id], device="cpu"))


def test_successful_job_returns_its_result_with_pinned_offline_environment(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("https_proxy", "http://proxy.invalid:3128")
    outcome = run(fake_job_executor, fake_job_registry, "fake-succeed")
    assert outcome.ok, outcome.error
    assert outcome.result is not None
    metrics = outcome.result["metrics"]
    assert metrics["threads"] == 1 and metrics["omp"] == "1" and metrics["hf_offline"] == "1"
    assert metrics["proxy"] is None
    assert len(metrics["samples_s"]) == 7  # default repeats, warm-up excluded


def test_timeout_becomes_an_error_outcome(fake_job_registry: JobRegistry) -> None:
    executor = LocalSubprocessExecutor(timeout_s=2, threads=1, memory_mb=1024, python_path=(str(_here()),))
    outcome = run(executor, fake_job_registry, "fake-sleep-forever")
    assert not outcome.ok
    assert outcome.error == "timed out after 2 s"
    assert outcome.duration_s < 10


def test_crash_becomes_an_error_outcome(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry
) -> None:
    outcome = run(fake_job_executor, fake_job_registry, "fake-crash")
    assert not outcome.ok
    assert outcome.error is not None and "crashed" in outcome.error and "SIGABRT" in outcome.error


def test_missing_package_becomes_an_error_outcome(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry
) -> None:
    outcome = run(fake_job_executor, fake_job_registry, "fake-need-missing-package")
    assert outcome.error == "missing package: weighin_no_such_package"


def test_exception_becomes_an_error_outcome(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry
) -> None:
    outcome = run(fake_job_executor, fake_job_registry, "fake-raise-error")
    assert outcome.error == "RuntimeError: the fake job broke"


def test_memory_limit_is_enforced(fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry) -> None:
    outcome = run(fake_job_executor, fake_job_registry, "fake-allocate-too-much")
    assert outcome.error is not None and "memory" in outcome.error


def test_failing_part_process_is_reported(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry
) -> None:
    outcome = run(fake_job_executor, fake_job_registry, "fake-failing-part")
    assert outcome.error is not None and "ValueError: the part broke" in outcome.error


def test_outcomes_come_back_in_request_order_with_callbacks(
    fake_job_executor: LocalSubprocessExecutor, fake_job_registry: JobRegistry
) -> None:
    seen: list[str] = []
    requests = [JobRequest(fake_job_registry[i], "cpu") for i in ("fake-raise-error", "fake-succeed")]
    outcomes = fake_job_executor.run(requests, lambda outcome: seen.append(outcome.job.id))
    assert [o.job.id for o in outcomes] == seen == ["fake-raise-error", "fake-succeed"]


def test_cpu_runs_hide_gpus_and_remove_proxies() -> None:
    env = job_environment({"HTTPS_PROXY": "x", "PATH": "/bin"}, threads=3, device="cpu", python_path=("/extra",))
    assert "HTTPS_PROXY" not in env and env["PATH"] == "/bin"
    assert env["CUDA_VISIBLE_DEVICES"] == "" and env["OMP_NUM_THREADS"] == "3"
    assert env["PYTHONPATH"] == "/extra"
    assert "CUDA_VISIBLE_DEVICES" not in job_environment({}, threads=1, device="auto", python_path=())


def test_executor_factory_picks_by_name() -> None:
    assert isinstance(create_executor("local", timeout_s=5), LocalSubprocessExecutor)
    with pytest.raises(UnknownExecutorError) as caught:
        create_executor("dask")
    assert isinstance(caught.value, EvaluatorUserError)


def _here() -> Path:
    return Path(__file__).resolve().parent

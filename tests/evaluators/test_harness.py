"""The measurement harness: load snapshots, the CPU quota, the machine-wide timing lock, the memory guard
and interleaved fresh processes (with the mixed-device refusal)."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from evaluators import harness
from evaluators.errors import JobPartError, TimingLockTimeoutError
from evaluators.harness import MemoryWatchdog, Side, cpu_quota_cores, interleaved_runs, timed_sides, timing_lock
from evaluators.job_context import JobContext, JobResult, device_label
from evaluators.observations import check_side, observation

HERE = Path(__file__).resolve().parent


def test_cpu_quota_reads_cgroup_v2_and_v1(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert cpu_quota_cores(tmp_path) == 1.5
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert cpu_quota_cores(tmp_path) is None
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("200000")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000")
    assert cpu_quota_cores(v1) == 2.0
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("-1")
    assert cpu_quota_cores(v1) is None
    assert cpu_quota_cores(tmp_path / "absent") is None


def test_records_load_adds_start_and_end_snapshots() -> None:
    @harness.records_load
    def job(context: JobContext) -> JobResult:
        check = observation("ran", "a run", "check", "runs", {"python": check_side(True, "ran")})
        return JobResult([check], "ran.", {"kept": 1}, "k")

    metrics = job(JobContext(job_id="x")).metrics
    assert metrics["kept"] == 1
    start, end = metrics["load"]["start"], metrics["load"]["end"]
    assert start["at"] <= end["at"] and start["loadavg_1m"] >= 0 and start["cpu_count"] >= 1
    assert "cpu_quota_cores" in end


def hold_lock(lock_dir: str, held: Any, release: Any) -> None:
    with timing_lock(lock_dir):
        held.set()
        release.wait(10)


def test_timing_lock_excludes_other_processes(tmp_path: Path) -> None:
    held, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=hold_lock, args=(str(tmp_path), held, release))
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(TimingLockTimeoutError), timing_lock(tmp_path, timeout_s=0.3, poll_s=0.05):
            pass
    finally:
        release.set()
        holder.join(10)
    with timing_lock(tmp_path, timeout_s=5) as waited:
        assert waited < 5


def test_timing_lock_directory_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEIGHIN_LOCK_DIR", str(tmp_path / "locks"))
    with timing_lock():
        assert (tmp_path / "locks" / harness.LOCK_FILE).exists()


def test_memory_watchdog_fires_past_the_limit() -> None:
    fired: list[float] = []
    watchdog = MemoryWatchdog(memory_mb=1, period_s=0.01, on_exceed=fired.append).start()
    deadline = time.time() + 5
    while not fired and time.time() < deadline:
        time.sleep(0.02)
    watchdog.stop()
    assert fired and fired[0] > 1


def test_memory_watchdog_stays_quiet_under_the_limit() -> None:
    fired: list[float] = []
    watchdog = MemoryWatchdog(memory_mb=10**6, period_s=0.01, on_exceed=fired.append).start()
    time.sleep(0.1)
    watchdog.stop()
    assert not fired


def test_guard_memory_uses_rlimit_on_cpu_and_the_watchdog_under_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(harness, "apply_address_space_limit", lambda mb: calls.append(f"rlimit {mb}"))

    def record_start(self: MemoryWatchdog) -> MemoryWatchdog:
        calls.append(f"watchdog {self.memory_mb}")
        return self

    monkeypatch.setattr(MemoryWatchdog, "start", record_start)
    assert harness.guard_memory(JobContext(job_id="x", device="cpu", memory_mb=64)) == "rlimit"
    monkeypatch.setattr(harness, "cuda_expected", lambda context: True)
    assert harness.guard_memory(JobContext(job_id="x", device="cuda", allow_gpu=True, memory_mb=64)) == "watchdog"
    assert calls == ["rlimit 64", "watchdog 64"]


def test_cuda_is_not_expected_for_cpu_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not harness.cuda_expected(JobContext(job_id="x", device="cpu", allow_gpu=True))
    assert not harness.cuda_expected(JobContext(job_id="x", device="auto", allow_gpu=False))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert not harness.cuda_expected(JobContext(job_id="x", device="cuda", allow_gpu=True))


def test_part_environment_hides_gpus_from_cpu_jobs() -> None:
    assert JobContext(job_id="x", device="cpu").part_environment()["CUDA_VISIBLE_DEVICES"] == ""
    wanted = JobContext(job_id="x", device="auto", allow_gpu=True).part_environment()
    assert wanted.get("CUDA_VISIBLE_DEVICES") == os.environ.get("CUDA_VISIBLE_DEVICES")


@pytest.mark.parametrize(
    ("framework", "label"),
    [("cpu", "cpu"), ("/CPU:0", "cpu"), ("cuda", "cuda:0"), ("cuda:1", "cuda:1"), ("/GPU:0", "cuda:0")],
)
def test_device_labels(framework: str, label: str) -> None:
    assert device_label(framework) == label


@pytest.fixture
def part_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> JobContext:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    return JobContext(job_id="x", workdir=str(tmp_path), repeats=3, warmup=0)


def test_sides_run_interleaved_in_fresh_processes(part_context: JobContext) -> None:
    sides = {
        "a": Side("harness_parts:timed_part", "json", {"device": "cpu"}),
        "b": Side("harness_parts:timed_part", "json", {"device": "cpu"}),
        "gone": Side("harness_parts:timed_part", "weighin_no_such_module"),
    }
    runs = interleaved_runs(part_context, sides, processes=3)
    assert runs["gone"] == {"unavailable": "weighin_no_such_module is not installed in this Python"}
    started = sorted((r["started"], name) for name in ("a", "b") for r in runs[name])  # type: ignore[index]
    assert [name for _, name in started] == ["a", "b"] * 3
    assert len({r["pid"] for name in ("a", "b") for r in runs[name]}) == 6  # type: ignore[index]
    timed = timed_sides(runs, "step")
    assert timed["a"]["processes"] == 3 and len(timed["a"]["samples_s"]) == 9
    assert timed["gone"] == runs["gone"]


def test_processes_of_one_side_on_different_devices_are_refused() -> None:
    runs: dict[str, Any] = {
        "a": [{"device": "cpu", "timings": {"s": [1.0]}}, {"device": "cuda:0", "timings": {"s": [1.0]}}]
    }
    with pytest.raises(JobPartError, match="mixed devices"):
        timed_sides(runs, "s")

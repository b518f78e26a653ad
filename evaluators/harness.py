"""The measurement harness every job shares: fresh processes, interleaving, load, the timing lock, memory.

- :func:`interleaved_runs` runs each side's part in ``processes`` fresh interpreters, sides interleaved
  (A, B, A, B, A, B), so slow drift in the machine's load hits both sides alike; raw samples are kept
  per process and pooled by :func:`timed_sides`.
- :func:`records_load` wraps a job's ``run`` and writes ``metrics["load"]``: the load average and the
  cgroup CPU quota at the start and the end, so a reader can see how busy the machine was.
- :func:`timing_lock` is the machine-wide lock (``fcntl.flock``) that the worker takes around every
  job flagged ``timing=True``, so the CLI, the server queue and live mode never time on the same cores.
- :func:`guard_memory` limits a job process's memory: an address-space cap (RLIMIT_AS) for CPU runs,
  and a resident-set watchdog for CUDA runs, whose initialisation reserves far more address space.

Standard library only (the worker must run with no more than numpy and one framework).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import importlib.util
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaluators.errors import JobPartError, TimingLockTimeoutError
from evaluators.observations import timing_side, unavailable

if TYPE_CHECKING:
    from evaluators.job_context import JobContext, JobResult

PROCESSES = 3
"""Fresh processes per side of a timed comparison."""
LOCK_DIR_VARIABLE = "WEIGHIN_LOCK_DIR"
LOCK_FILE = "weighin-timing.lock"
WATCHDOG_EXIT_CODE = 137
WATCHDOG_PERIOD_S = 0.25


# --- machine load -----------------------------------------------------------------------------------


def cpu_quota_cores(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The cgroup CPU quota in cores (v2 ``cpu.max`` or v1 CFS files); None when unlimited or unknown."""
    with contextlib.suppress(OSError, ValueError):
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    with contextlib.suppress(OSError, ValueError):
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota_us <= 0 else quota_us / period_us
    return None


def load_snapshot() -> dict[str, Any]:
    """1/5/15-minute load average, the CPU quota and the visible CPU count, with a wall-clock stamp."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        one = five = fifteen = float("nan")
    return {
        "at": time.time(),
        "loadavg_1m": one,
        "loadavg_5m": five,
        "loadavg_15m": fifteen,
        "cpu_quota_cores": cpu_quota_cores(),
        "cpu_count": os.cpu_count(),
    }


def records_load(run: Callable[[JobContext], JobResult]) -> Callable[[JobContext], JobResult]:
    """Decorate a job's ``run`` so its result carries ``metrics["load"] = {"start": ..., "end": ...}``."""

    @functools.wraps(run)
    def measured(context: JobContext) -> JobResult:
        start = load_snapshot()
        result = run(context)
        return replace(result, metrics={**result.metrics, "load": {"start": start, "end": load_snapshot()}})

    return measured


# --- the machine-wide timing lock ---------------------------------------------------------------------


def lock_directory(lock_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the lock file lives: the argument, else ``$WEIGHIN_LOCK_DIR``, else the system temp dir."""
    return Path(lock_dir or os.environ.get(LOCK_DIR_VARIABLE) or tempfile.gettempdir())


@contextlib.contextmanager
def timing_lock(
    lock_dir: str | os.PathLike[str] | None = None, timeout_s: float | None = None, poll_s: float = 0.2
) -> Iterator[float]:
    """Hold the machine-wide timing lock; yields how long it waited. Released on exit or process death.

    ``timeout_s=None`` waits as long as it takes; otherwise :class:`TimingLockTimeoutError` is raised.
    """
    directory = lock_directory(lock_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_FILE
    started = time.monotonic()
    with open(path, "a+") as handle:
        with contextlib.suppress(OSError):  # let other users' processes share the lock file
            os.chmod(path, 0o666)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if timeout_s is not None and time.monotonic() - started >= timeout_s:
                    raise TimingLockTimeoutError(path, timeout_s) from None
                time.sleep(poll_s)
        try:
            yield time.monotonic() - started
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- memory guard --------------------------------------------------------------------------------------


def cuda_expected(context: JobContext) -> bool:
    """True when this process may initialise CUDA: the job wants a GPU and a driver is visible."""
    if not context.wants_gpu() or os.environ.get("CUDA_VISIBLE_DEVICES") == "":
        return False
    return any(Path(p).exists() for p in ("/dev/nvidiactl", "/proc/driver/nvidia/version"))


def apply_address_space_limit(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def resident_mb() -> float:
    """This process's current resident set (``/proc/self/statm``), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class MemoryWatchdog:
    """A daemon thread that ends the process when its resident set passes ``memory_mb``.

    Used instead of RLIMIT_AS under CUDA. The last stderr line names the cause, which the runner reports.
    """

    memory_mb: int
    period_s: float = WATCHDOG_PERIOD_S
    on_exceed: Callable[[float], None] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> MemoryWatchdog:
        threading.Thread(target=self._watch, name="weighin-memory-watchdog", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.period_s):
            rss = resident_mb()
            if rss > self.memory_mb:
                (self.on_exceed or self._abort)(rss)
                return

    def _abort(self, rss: float) -> None:
        sys.stderr.write(f"memory watchdog: resident set {rss:.0f} MiB passed the job's {self.memory_mb} MiB limit\n")
        sys.stderr.flush()
        os._exit(WATCHDOG_EXIT_CODE)


def guard_memory(context: JobContext) -> str:
    """Limit this process's memory the way its device allows; returns ``"rlimit"`` or ``"watchdog"``."""
    if cuda_expected(context):
        MemoryWatchdog(context.memory_mb).start()
        return "watchdog"
    apply_address_space_limit(context.memory_mb)
    return "rlimit"


# --- fresh processes, interleaved ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: the part that measures it and the module it needs to be importable."""

    target: str
    requires: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def missing_module(module: str) -> str | None:
    """Why ``module`` cannot run here (not installed), without importing it; None when it can."""
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    return None if found else f"{module} is not installed in this Python"


def interleaved_runs(
    context: JobContext, sides: Mapping[str, Side], processes: int = PROCESSES
) -> dict[str, list[dict[str, Any]] | dict[str, str]]:
    """Each side's part in ``processes`` fresh interpreters, in the order A, B, A, B, ...

    A side whose module is not installed is ``{"unavailable": reason}`` instead of a list of results.
    """
    runs: dict[str, list[dict[str, Any]] | dict[str, str]] = {}
    for name, side in sides.items():
        reason = missing_module(side.requires)
        runs[name] = unavailable(reason) if reason else []
    for _ in range(processes):
        for name, side in sides.items():
            results = runs[name]
            if isinstance(results, list):
                results.append(context.run_part(side.target, **side.kwargs))
    return runs


def timed_sides(runs: Mapping[str, list[dict[str, Any]] | dict[str, str]], metric: str) -> dict[str, dict[str, Any]]:
    """Timing sides for ``metric`` from :func:`interleaved_runs`; each part returns
    ``{"device": ..., "timings": {metric: [seconds, ...]}, ...}``."""
    sides: dict[str, dict[str, Any]] = {}
    for name, results in runs.items():
        if not isinstance(results, list):
            sides[name] = dict(results)
            continue
        devices = sorted({str(r["device"]) for r in results})
        if len(devices) > 1:
            raise JobPartError(f"mixed devices: {name} processes ran on {', '.join(devices)}")
        sides[name] = timing_side([r["timings"][metric] for r in results], devices[0])
    return sides


def first_available(runs: Mapping[str, Any], key: str) -> dict[str, Any]:
    """``{side: results[0][key]}`` for every side that ran (extra facts a part reports once)."""
    return {name: results[0][key] for name, results in runs.items() if isinstance(results, list) and results}

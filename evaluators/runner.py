"""Executors: run jobs in isolated subprocesses and report outcomes as plain data.

The :class:`JobExecutor` protocol is the seam for distributed backends: the service hands it requests
and gets :class:`JobOutcome` values back, never exceptions from the jobs. Every executor starts the same
worker protocol (``python -m evaluators.worker run --spec …``, see :mod:`evaluators.worker`); the local
executor runs it in a fresh process group with a timeout, pinned threads, GPUs hidden for CPU runs and an
offline environment, and kills the whole group on timeout.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from evaluators.errors import InvalidRunRequest, UnknownExecutorError
from evaluators.outcome_codec import JobOutcome, OutcomeFormatError, decode_outcome, parse_outcome_text
from evaluators.registry import Job
from evaluators.worker import WorkerSpec

TAIL_CHARS = 1500
PR_SET_PDEATHSIG = 1
_WORKDIR = re.compile(r"^weighin-(\d+)-")


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has Linux kill the job when the server thread that started it dies (even by
    kill -9): the job's own session would otherwise outlive the server. None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork: the child only makes one call
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the call: nobody would ever signal us
            os._exit(1)

    return arm


def remove_orphaned_workdirs(root: Path | None = None) -> int:
    """Delete job folders left by servers that were killed mid-job (``weighin-<pid>-...`` of a dead pid)."""
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob("weighin-*-*"):
        match = _WORKDIR.match(folder.name)
        if match is None or not folder.is_dir() or _alive(int(match.group(1))):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@dataclass(frozen=True, slots=True)
class JobRequest:
    job: Job
    device: str = "auto"
    run_id: str = ""
    """The evaluation run this job belongs to (a distributed executor uses it for idempotent submission)."""
    node: str | None = None
    """The cluster node to run on (id, id prefix, IP or name); only a distributed executor can honour it."""


OutcomeCallback = Callable[[JobOutcome], None]


class JobExecutor(Protocol):
    """Runs job requests somewhere and returns one outcome per request, in request order."""

    def run(self, requests: Sequence[JobRequest], on_outcome: OutcomeCallback | None = None) -> list[JobOutcome]: ...

    def find_node(self, node: str) -> str:
        """The id of the node that ``node`` names; a user error when this executor cannot run jobs there."""
        ...

    def cancel(self, run_id: str) -> None:
        """End the worker processes of run ``run_id`` and start none of its remaining jobs; the outcomes of
        its cancelled jobs are never reported to ``on_outcome`` (a killed job is no evidence)."""
        ...


NODE_NEEDS_RAY = "choosing a node needs the Ray executor (set WEIGHIN_EXECUTOR=ray and WEIGHIN_RAY_ADDRESS)"


def job_environment(base: Mapping[str, str], threads: int, device: str, python_path: Sequence[str]) -> dict[str, str]:
    """Child environment: offline, proxies removed, threads pinned, GPUs hidden for CPU runs."""
    env = {key: value for key, value in base.items() if key not in PROXY_VARIABLES}
    thread_count = str(threads)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONHASHSEED="0",
        PYTHONUNBUFFERED="1",
        OMP_NUM_THREADS=thread_count,
        MKL_NUM_THREADS=thread_count,
        OPENBLAS_NUM_THREADS=thread_count,
        TF_NUM_INTRAOP_THREADS=thread_count,
        TF_NUM_INTEROP_THREADS="1",
        TORCHINDUCTOR_COMPILE_THREADS="1",
    )
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join([*python_path, *filter(None, [base.get("PYTHONPATH")])])
    return env


@dataclass
class LocalSubprocessExecutor:
    """Runs jobs as local subprocesses, ``max_workers`` at a time (1 suits a 2-core machine)."""

    timeout_s: float = 120.0
    threads: int = 2
    memory_mb: int = 6144
    max_workers: int = 1
    python: str = field(default_factory=lambda: sys.executable)
    python_path: tuple[str, ...] = ()
    """Extra import roots for job modules outside the installed packages (tests use this)."""
    _cancelled: set[str] = field(default_factory=set, init=False, repr=False)
    _live: dict[str, set[subprocess.Popen[bytes]]] = field(default_factory=dict, init=False, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        remove_orphaned_workdirs()

    def find_node(self, node: str) -> str:
        raise InvalidRunRequest(NODE_NEEDS_RAY)

    def cancel(self, run_id: str) -> None:
        with self._guard:
            self._cancelled.add(run_id)
            processes = list(self._live.get(run_id, ()))
        for process in processes:
            _kill_group(process)

    def _is_cancelled(self, run_id: str) -> bool:
        with self._guard:
            return bool(run_id) and run_id in self._cancelled

    def run(self, requests: Sequence[JobRequest], on_outcome: OutcomeCallback | None = None) -> list[JobOutcome]:
        def run_and_report(request: JobRequest) -> JobOutcome:
            if self._is_cancelled(request.run_id):
                return JobOutcome(request.job, request.device, datetime.now(UTC), 0.0, error="cancelled")
            outcome = self.run_one(request)
            if on_outcome is not None and not self._is_cancelled(request.run_id):
                on_outcome(outcome)
            return outcome

        if self.max_workers <= 1:
            return [run_and_report(request) for request in requests]
        with ThreadPoolExecutor(max_workers=self.max_workers) as pool:
            return list(pool.map(run_and_report, requests))

    def run_one(self, request: JobRequest) -> JobOutcome:
        """Run one job in a fresh process group; every failure mode returns an outcome with ``error``."""
        job = request.job
        if request.node is not None:  # the queue refuses such runs; a direct caller gets an outcome, not a raise
            return JobOutcome(job, request.device, datetime.now(UTC), 0.0, error=NODE_NEEDS_RAY)
        timeout = job.timeout_s or self.timeout_s
        device = request.device if job.device == "any" else "cpu"
        spec = WorkerSpec(
            job_id=job.id,
            run_id=request.run_id,
            device=device,
            timeout_s=timeout,
            threads=self.threads,
            memory_mb=self.memory_mb,
            target=job.target,  # the worker checks it against the catalog's job of that id
        )
        workdir = Path(tempfile.mkdtemp(prefix=f"weighin-{os.getpid()}-{job.id}-"))
        started_at, clock = datetime.now(UTC), time.perf_counter()
        try:
            return self._supervise(request, spec, workdir, started_at, clock)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _supervise(
        self, request: JobRequest, spec: WorkerSpec, workdir: Path, started_at: datetime, clock: float
    ) -> JobOutcome:
        (workdir / "spec.json").write_text(spec.to_json())
        outcome_path = workdir / "outcome.json"
        command = [self.python, "-m", "evaluators.worker", "run", f"--spec={workdir / 'spec.json'}"]
        command.append(f"--outcome={outcome_path}")
        env = job_environment(os.environ, self.threads, spec.device, self.python_path)
        with open(workdir / "stdout.log", "w+") as out, open(workdir / "stderr.log", "w+") as err:
            process = subprocess.Popen(
                command,
                stdout=out,
                stderr=err,
                env=env,
                cwd=workdir,
                start_new_session=True,
                preexec_fn=_die_with_parent(),
            )
            self._track(request.run_id, process)
            try:
                exit_code: int | None = process.wait(timeout=spec.timeout_s)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                exit_code, timed_out = None, True
            finally:
                self._untrack(request.run_id, process)
            stdout_tail, stderr_tail = tail(out), tail(err)
        if timed_out:
            return JobOutcome(
                job=request.job,
                requested_device=request.device,
                started_at=started_at,
                duration_s=time.perf_counter() - clock,
                error=f"timed out after {spec.timeout_s:g} s",
                stdout_tail=stdout_tail,
                stderr_tail=stderr_tail,
            )
        return decode_outcome(
            read_outcome_file(outcome_path),
            request.job,
            request.device,
            started_at=started_at,
            duration_s=time.perf_counter() - clock,
            stdout_tail=stdout_tail,
            stderr_tail=stderr_tail,
            exit_code=exit_code,
            missing_reason=crash_reason(exit_code, stderr_tail),
        )

    def _track(self, run_id: str, process: subprocess.Popen[bytes]) -> None:
        """Remember a run's live worker so :meth:`cancel` can end it (at once if it was cancelled already)."""
        with self._guard:
            self._live.setdefault(run_id, set()).add(process)
            cancelled = run_id in self._cancelled
        if cancelled:
            _kill_group(process)

    def _untrack(self, run_id: str, process: subprocess.Popen[bytes]) -> None:
        with self._guard:
            self._live.get(run_id, set()).discard(process)
            if not self._live.get(run_id):
                self._live.pop(run_id, None)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a job's whole process group (the job may have started children); gone already is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def read_outcome_file(path: Path) -> dict[str, Any] | None:
    """The outcome a worker wrote with ``--outcome``; None when it wrote none (or a torn one): it crashed."""
    try:
        return parse_outcome_text(path.read_text())
    except (OSError, OutcomeFormatError):
        return None


def tail(handle: Any) -> str:
    handle.flush()
    handle.seek(0)
    return str(handle.read())[-TAIL_CHARS:]


def crash_reason(exit_code: int | None, stderr_tail: str) -> str:
    """Explain a process that died without writing its result (signal, abort, hard exit)."""
    if exit_code is not None and exit_code < 0:
        name = signal.Signals(-exit_code).name if -exit_code in signal.valid_signals() else str(-exit_code)
        what = f"killed by signal {name}"
    else:
        what = f"exited with status {exit_code} without a result"
    last_line = stderr_tail.strip().splitlines()[-1] if stderr_tail.strip() else ""
    return f"job process crashed: {what}" + (f" ({last_line[:200]})" if last_line else "")


def _ray_executor(**options: Any) -> JobExecutor:
    """Imported on use: Ray loads only where ``WEIGHIN_EXECUTOR=ray`` asks for it."""
    from evaluators.ray_executor import RayJobExecutor

    return RayJobExecutor(**options)


EXECUTORS: dict[str, Callable[..., JobExecutor]] = {"local": LocalSubprocessExecutor, "ray": _ray_executor}


def create_executor(name: str = "local", **options: Any) -> JobExecutor:
    """Build an executor by name (``local`` or ``ray``), as configuration selects it."""
    try:
        factory = EXECUTORS[name]
    except KeyError:
        raise UnknownExecutorError(name, tuple(EXECUTORS)) from None
    return factory(**options)

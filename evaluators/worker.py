"""The worker protocol: run one verification job from a JSON spec and print one JSON outcome.

``python -m evaluators.worker run --spec FILE|- [--outcome FILE]`` is what every executor starts, on this
machine or on a cluster node. The spec names a job of the default catalog (``job_id``; ``target`` only
for jobs outside it, such as the tests' fakes) and how to run it::

    {"protocol": 1, "job_id": "numpy-interop", "run_id": "…", "device": "cpu",
     "timeout_s": 120, "threads": 2, "memory_mb": 6144}

The worker runs the job (its parts in child processes), collects the fingerprint of the machine it runs
on and the job's code hash, and prints exactly one line ``WEIGHIN-OUTCOME {json}``::

    {"protocol": 1, "job_id", "run_id", "status": "ok"|"error", "result": {…}|null, "error": str|null,
     "code_hash", "fingerprint": {"data": {…}, "hash"}, "host", "node_id", "device",
     "started_at", "duration_s"}

A failure inside the job is an ``error`` outcome, never a traceback to the caller; the exit status is 0
whenever an outcome was printed and 2 when the spec itself is unusable. The worker needs only the
standard library, numpy and the framework the job runs: no database driver, no web framework, no
credentials, so the service stays the only writer of the evidence log.

``python -m evaluators.worker part module:function --context=… --result=… [--args=…]`` is the internal
mode :meth:`JobContext.run_part` uses for a job's fresh-process parts.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evaluators.harness import guard_memory, timing_lock
from evaluators.job_context import JobContext, JobResult
from evaluators.outcome_codec import (  # the protocol's outcome: one codec
    encode_outcome,
    encode_outcome_line,
    json_safe,
)

PROTOCOL = 1


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """What to run and how: the only input a worker needs."""

    job_id: str
    run_id: str = ""
    device: str = "auto"
    timeout_s: float = 120.0
    threads: int = 2
    memory_mb: int = 6144
    target: str | None = None
    """Only for jobs outside the default catalog (tests, extensions)."""
    protocol: int = PROTOCOL

    @classmethod
    def from_json(cls, text: str) -> WorkerSpec:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("job_id"), str):
            raise ValueError("a worker spec is a JSON object with a string 'job_id'")
        if data.get("protocol", PROTOCOL) != PROTOCOL:
            raise ValueError(
                f"worker protocol {data.get('protocol')!r} is not supported (this worker speaks {PROTOCOL})"
            )
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown worker spec fields: {', '.join(unknown)}")
        return cls(**data)

    def to_json(self) -> str:
        return json.dumps({name: getattr(self, name) for name in self.__dataclass_fields__})


def failure(exc: BaseException) -> dict[str, Any]:
    """Result payload for an exception, with a reason a person can act on."""
    if isinstance(exc, ModuleNotFoundError):
        reason = f"missing package: {exc.name or exc}"
    elif isinstance(exc, MemoryError):
        reason = "ran out of memory under the job's memory limit"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    tail = "".join(traceback.format_exception(exc))[-2000:]
    return {"status": "error", "reason": reason[:500], "traceback": tail}


def run_target(mode: str, target: str, context: JobContext, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Import and call the target; a job returns a JobResult, a part returns a dict."""
    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    value = function(context, **kwargs)
    if mode == "job":
        if not isinstance(value, JobResult):
            raise TypeError(f"job {target} returned {type(value).__name__}, expected JobResult")
        value = value.to_dict()
    return {"status": "ok", "value": json_safe(value)}


def resolve_job(spec: WorkerSpec) -> Any:
    """The catalog's job for ``spec.job_id``, or an ad-hoc job for an explicit ``target`` outside it."""
    from evaluators.catalog import default_registry
    from evaluators.registry import Job

    registry = default_registry()
    job = registry.get(spec.job_id)
    if job is not None:
        if spec.target not in (None, job.target):
            raise ValueError(f"job {spec.job_id!r} runs {job.target}, not {spec.target}")
        return job
    if spec.target is None:
        registry[spec.job_id]  # raises UnknownJobError naming the known jobs
    return Job(id=spec.job_id, version=1, title=spec.job_id, target=str(spec.target), frameworks=())


def run_spec(spec: WorkerSpec, workdir: Path) -> dict[str, Any]:
    """Run the job a spec names here and return the outcome (never raises for a failing job)."""
    from evaluators.fingerprint import collect_fingerprint

    job = resolve_job(spec)
    context = JobContext(
        job_id=job.id,
        device=spec.device,
        allow_gpu=job.device == "any",
        threads=spec.threads,
        memory_mb=spec.memory_mb,
        deadline=time.time() + spec.timeout_s,
        workdir=str(workdir),
    )
    memory_guard = guard_memory(context)
    started_at, clock = datetime.now(UTC), time.perf_counter()
    lock_wait: float | None = None
    try:
        with timing_lock(timeout_s=spec.timeout_s) if job.timing else contextlib.nullcontext(0.0) as waited:
            lock_wait = waited if job.timing else None
            payload = run_target("job", job.target, context, {})
    except BaseException as exc:  # everything, including SystemExit from a job, becomes an error outcome
        payload = failure(exc)
    duration = time.perf_counter() - clock
    fingerprint = collect_fingerprint(threads=spec.threads)
    ok = payload["status"] == "ok"
    result = payload["value"] if ok else None
    return {
        "protocol": PROTOCOL,
        "job_id": job.id,
        "run_id": spec.run_id,
        "status": "ok" if ok else "error",
        "result": result,
        "error": None if ok else payload["reason"],
        "traceback": None if ok else payload.get("traceback"),
        "code_hash": job.code_hash,
        "fingerprint": {"data": fingerprint.data, "hash": fingerprint.hash},
        "host": platform.node(),
        "node_id": os.environ.get("RAY_NODE_ID") or os.environ.get("WEIGHIN_NODE_ID"),
        "device": str((result or {}).get("device") or spec.device),
        "started_at": started_at.isoformat(timespec="microseconds"),
        "duration_s": round(duration, 6),
        "memory_guard": memory_guard,
        "timing_lock_wait_s": None if lock_wait is None else round(lock_wait, 3),
    }


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(text)
    partial.replace(path)


def _run_command(options: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if str(options.spec) == "-" else options.spec.read_text()
        spec = WorkerSpec.from_json(text)
    except (OSError, ValueError, TypeError) as exc:
        print(f"weighin worker: bad spec: {exc}", file=sys.stderr)
        return 2
    try:
        # Inside the working directory: the local executor runs us in its own job folder, removed at the end.
        with tempfile.TemporaryDirectory(prefix=f"weighin-{spec.job_id}-", dir=os.getcwd()) as scratch:
            outcome = run_spec(spec, Path(scratch))
    except Exception as exc:  # an unknown job id or a broken catalog: the spec cannot be run here
        print(f"weighin worker: cannot run {spec.job_id!r}: {exc}", file=sys.stderr)
        return 2
    if options.outcome is not None:
        _write_atomically(options.outcome, encode_outcome(outcome))
    sys.stdout.write(f"\n{encode_outcome_line(outcome)}\n")
    sys.stdout.flush()
    return 0


def _part_command(options: argparse.Namespace) -> int:
    context = JobContext.from_json(options.context.read_text())
    kwargs = json.loads(options.args.read_text()) if options.args else {}
    guard_memory(context)
    try:
        text = json.dumps(run_target("part", options.target, context, kwargs), allow_nan=False)
    except BaseException as exc:  # everything becomes an error result the parent job reads
        text = json.dumps(failure(exc))
    _write_atomically(options.result, text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluators.worker")
    modes = parser.add_subparsers(dest="mode", required=True)
    run = modes.add_parser("run", help="run one job from a JSON spec and print its outcome")
    run.add_argument("--spec", type=Path, required=True, help="spec file, or - for standard input")
    run.add_argument("--outcome", type=Path, help="also write the outcome JSON here")
    part = modes.add_parser("part", help="internal: one fresh-process part of a job")
    part.add_argument("target")
    part.add_argument("--context", type=Path, required=True)
    part.add_argument("--result", type=Path, required=True)
    part.add_argument("--args", type=Path)
    options = parser.parse_args(argv)
    return _run_command(options) if options.mode == "run" else _part_command(options)


if __name__ == "__main__":
    sys.exit(main())

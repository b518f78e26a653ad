"""Subprocess entry point: ``python -m evaluators.worker {job|part} module:function --context=... --result=...``.

It applies the address-space limit before importing anything heavy, runs the target and always
tries to write a JSON result file, so a failure inside the job becomes data (an ``error`` record)
rather than an exception in the caller. A crash that kills the interpreter leaves no result file;
the runner reports that from the exit status and the stderr tail.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

from evaluators.job_context import JobContext, JobResult


def apply_memory_limit(memory_mb: int) -> None:
    """Cap the address space (RLIMIT_AS); frameworks reserve virtual memory, so keep the cap generous."""
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def json_safe(value: Any) -> Any:
    """Replace NaN/inf (not valid JSON) with None and tuples with lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def failure(exc: BaseException) -> dict[str, Any]:
    """Result payload for an exception, with a reason a person can act on."""
    if isinstance(exc, ModuleNotFoundError):
        reason = f"missing package: {exc.name or exc}"
    elif isinstance(exc, MemoryError):
        reason = "ran out of memory under the job's address-space limit"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluators.worker")
    parser.add_argument("mode", choices=("job", "part"))
    parser.add_argument("target")
    parser.add_argument("--context", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--args", type=Path)
    options = parser.parse_args(argv)
    context = JobContext.from_json(options.context.read_text())
    kwargs = json.loads(options.args.read_text()) if options.args else {}
    apply_memory_limit(context.memory_mb)
    try:
        text = json.dumps(run_target(options.mode, options.target, context, kwargs), allow_nan=False)
    except BaseException as exc:  # everything, including SystemExit from a job, becomes an error result
        text = json.dumps(failure(exc))
    partial = options.result.with_suffix(".partial")
    partial.write_text(text)
    partial.replace(options.result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Tiny jobs for runner and service tests: each exercises one failure mode in a real subprocess."""

from __future__ import annotations

import os
import time

from evaluators.job_context import JobContext, JobResult
from evaluators.observations import check_side, observation, timing_observation, timing_side


def succeed(context: JobContext) -> JobResult:
    samples = context.time_calls(lambda: sum(range(100)))
    passed = os.environ.get("WEIGHIN_FAKE_CHECK", "pass") == "pass"
    return JobResult(
        observations=[
            timing_observation("sum_range", "summing 100 integers", {"python": timing_side([samples], "cpu")}),
            observation(
                "fake_check", "the fake check", "check", "runs", {"fake": check_side(passed, "the fake job ran")}
            ),
        ],
        rationale="The fake job ran.",
        metrics={
            "threads": context.threads,
            "omp": os.environ.get("OMP_NUM_THREADS"),
            "hf_offline": os.environ.get("HF_HUB_OFFLINE"),
            "proxy": os.environ.get("https_proxy") or os.environ.get("HTTPS_PROXY"),
            "samples_s": context.time_calls(lambda: sum(range(100))),
        },
        key_figure="fake 1.0x",
    )


def sleep_forever(context: JobContext) -> JobResult:
    time.sleep(3600)
    raise AssertionError("unreachable")


def crash(context: JobContext) -> JobResult:
    os.abort()


def need_missing_package(context: JobContext) -> JobResult:
    import weighin_no_such_package  # noqa: F401

    raise AssertionError("unreachable")


def raise_error(context: JobContext) -> JobResult:
    raise RuntimeError("the fake job broke")


def allocate_too_much(context: JobContext) -> JobResult:
    block = bytearray(context.memory_mb * 2 * 1024 * 1024)
    raise AssertionError(f"allocated {len(block)} bytes past the limit")


def failing_part(context: JobContext) -> JobResult:
    context.run_part(f"{__name__}:raise_in_part")
    raise AssertionError("unreachable")


def raise_in_part(context: JobContext) -> dict[str, object]:
    raise ValueError("the part broke")

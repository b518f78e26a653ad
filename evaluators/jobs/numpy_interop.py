"""Job: NumPy interoperability, PyTorch vs TensorFlow: shared memory and conversion time.

"Direct NumPy interoperability" is credited to PyTorch. Each side converts one float32 array to a
tensor and shows whether the tensor shares the array's memory (``np.shares_memory`` on the tensor's
NumPy view, and a write to the array that the tensor does or does not see); the conversion is timed
over many calls per sample so the figure is not sub-microsecond timer noise. Each framework runs in
3 fresh processes, interleaved.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import numpy as np

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, Side, first_available, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs.summaries import describe_check
from evaluators.observations import check_side, observation, timing_observation

DECLARATION = JobDeclaration(
    job_id="numpy-interop",
    title="NumPy interop: zero-copy and conversion time",
    frameworks=("pytorch", "tensorflow"),
    sides=(SideDeclaration("pytorch", "pytorch"), SideDeclaration("tensorflow", "tensorflow")),
    properties=(
        PropertyDeclaration(
            "numpy-interop",
            (
                "NumPy interoperability",
                "converting NumPy arrays to tensors",
                "sharing memory with NumPy arrays without a copy",
                "zero-copy NumPy conversion",
            ),
            cues=("numpy", "from_numpy", "convert_to_tensor", "array", "arrays"),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "numpy_zero_copy",
            "check",
            "memory",
            "numpy-interop",
            cues=("copy", "copying", "copies", "share", "shares", "shared", "zero-copy", "wraps"),
            failure_cues=("copies", "copying", "copied", "makes a copy", "a copy of", "hands you a copy"),
        ),
        MetricDeclaration(
            "numpy_conversion_time",
            "timing",
            "s",
            "numpy-interop",
            better="lower",
            cues=("quick", "quickly", "quicker", "fast", "faster", "slower", "conversion time"),
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

ELEMENTS = 16 * 1024  # 64 KiB of float32
CALLS_PER_SAMPLE = 4_000
ARRAY = f"a {ELEMENTS * 4 // 1024} KiB float32 NumPy array"


def per_call_samples(context: JobContext, convert: Callable[[], object]) -> list[float]:
    """Each sample: the mean time of one conversion over ``CALLS_PER_SAMPLE`` calls."""

    def many() -> None:
        for _ in range(CALLS_PER_SAMPLE):
            convert()

    return [total / CALLS_PER_SAMPLE for total in context.time_calls(many)]


def sharing(
    array: np.ndarray, tensor_view: Callable[[], np.ndarray], first_value: Callable[[], float]
) -> dict[str, Any]:
    shares = bool(np.shares_memory(tensor_view(), array))
    array[0] = -1.0
    return {"shares_memory": shares, "sees_write": bool(first_value() == -1.0)}


def torch_part(context: JobContext) -> dict[str, Any]:
    import torch

    context.pin_torch()
    array = np.arange(ELEMENTS, dtype=np.float32)
    tensor = torch.from_numpy(array)
    facts = sharing(array, tensor.numpy, lambda: float(tensor[0]))
    samples = per_call_samples(context, lambda: torch.from_numpy(array))
    return {"device": "cpu", "timings": {"conversion": samples}, "call": "torch.from_numpy", **facts}


def tf_part(context: JobContext) -> dict[str, Any]:
    import tensorflow as tf

    context.pin_tf()
    array = np.arange(ELEMENTS, dtype=np.float32)
    with tf.device("/CPU:0"):
        tensor = tf.convert_to_tensor(array)
        facts = sharing(array, tensor.numpy, lambda: float(tensor[0].numpy()))
        samples = per_call_samples(context, lambda: tf.convert_to_tensor(array))
    return {"device": "cpu", "timings": {"conversion": samples}, "call": "tf.convert_to_tensor", **facts}


SIDES = {
    "pytorch": Side(f"{__name__}:torch_part", "torch"),
    "tensorflow": Side(f"{__name__}:tf_part", "tensorflow"),
}


def zero_copy_side(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Passed when, in every process, the tensor shared the array's memory and saw a write to it."""
    shared = all(r["shares_memory"] and r["sees_write"] for r in results)
    first = results[0]
    detail = (
        f"{first['call']}: np.shares_memory {first['shares_memory']}, a write to the array "
        f"{'was' if first['sees_write'] else 'was not'} visible in the tensor ({len(results)} processes)"
    )
    return check_side(shared, detail)


@records_load
def run(context: JobContext) -> JobResult:
    runs = interleaved_runs(context, SIDES)
    sides = {name: zero_copy_side(r) if isinstance(r, list) else dict(r) for name, r in runs.items()}
    zero_copy = observation(
        "numpy_zero_copy", f"a tensor made from {ARRAY} sharing its memory", "check", "memory", sides
    )
    label = f"one conversion of {ARRAY} to a tensor (mean over {CALLS_PER_SAMPLE:,} calls per sample)"
    timing = timing_observation("numpy_conversion_time", label, timed_sides(runs, "conversion"))
    medians = {
        name: statistics.median(side["samples_s"]) * 1e6
        for name, side in timing["sides"].items()
        if "samples_s" in side
    }
    return JobResult(
        observations=[zero_copy, timing],
        rationale=(
            f"torch.from_numpy and tf.convert_to_tensor each converted {ARRAY} in {PROCESSES} fresh processes per "
            f"framework (interleaved), with {context.threads} threads; memory sharing was tested with "
            f"np.shares_memory and a write to the array, and each of {context.repeats} samples per process times "
            f"{CALLS_PER_SAMPLE:,} conversions: {describe_check(zero_copy)}; "
            + ", ".join(f"{name} {us:.3g} us per conversion" for name, us in medians.items())
            + "."
        ),
        metrics={
            "elements": ELEMENTS,
            "calls_per_sample": CALLS_PER_SAMPLE,
            "per_call_us": medians,
            "sharing": first_available(runs, "shares_memory"),
            "runs": dict(runs),
        },
        key_figure=", ".join(f"{name} {us:.3g} us/conversion" for name, us in medians.items())
        + f"; {describe_check(zero_copy)}",
        device="cpu",
    )

"""Job: a loop and a branch whose trip count and direction depend on tensor values, with gradients.

The article credits PyTorch's define-by-run graph with "native use of loops and conditionals". The
same Python function runs in PyTorch eager, in TensorFlow eager (the TF2 default) and in a
``tf.function`` (AutoGraph turns the loop into ``tf.while_loop`` and the branch into ``tf.cond``); each
side's outputs, loop counts, branches and gradients are compared with a NumPy reference, so a side that
fixed the trip count at trace time, took the wrong branch or lost the gradient fails the check.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.errors import JobPartError
from evaluators.harness import missing_module, records_load
from evaluators.job_context import JobContext, JobResult, device_label
from evaluators.jobs.summaries import describe_check
from evaluators.observations import check_side, observation, unavailable

DECLARATION = JobDeclaration(
    job_id="torch-dynamic-control-flow",
    title="Data-dependent loops and branches: PyTorch eager, TF eager, tf.function",
    frameworks=("pytorch",),
    sides=(
        SideDeclaration("pytorch", "pytorch", "eager"),
        SideDeclaration("tf-eager", "tensorflow", "eager"),
        SideDeclaration("tf.function", "tensorflow", "compiled"),
    ),
    properties=(
        PropertyDeclaration(
            "dynamic-control-flow",
            (
                "dynamic computation graph",
                "dynamic computational graph",
                "define-by-run",
                "graph built on the fly as the code runs",
                "native Python loops and conditionals on tensor values",
                "data-dependent control flow",
                "flexible model structure that changes per input",
            ),
            cues=(
                "loop",
                "loops",
                "while loop",
                "branch",
                "conditionals",
                "control flow",
                "define-by-run",
                "on the fly",
                "dynamic graph",
                "dynamic computation graph",
            ),
        ),
    ),
    metrics=(MetricDeclaration("data_dependent_control_flow", "check", "cases", "dynamic-control-flow"),),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

INPUT_SCALES = (0.5, 3.0, 40.0, -7.0, -0.2)
DIRECTION = np.array([1.0, 2.0, 0.5, 0.25], np.float32)
WEIGHTS = np.array([1.0, 0.8, 1.2, 0.9], np.float32)
TOLERANCE = 1e-4
LABEL = "a loop and a branch that depend on tensor values, outputs and gradients"


def reference(scale: float) -> dict[str, Any]:
    """NumPy: halve ``x * w`` until max |.| <= 1; sum of squares if the sum is >= 0, else -3 * sum."""
    x = (np.float32(scale) * DIRECTION).astype(np.float32)
    y, steps = x * WEIGHTS, 0
    while np.abs(y).max() > np.float32(1.0):
        y, steps = y * np.float32(0.5), steps + 1
    factor = 0.5**steps
    if y.sum() >= 0:
        return {
            "out": float((y * y).sum()),
            "grad": (2 * x * x * WEIGHTS * factor**2).tolist(),
            "steps": steps,
            "branch": "positive",
        }
    return {"out": float(-3 * y.sum()), "grad": (-3 * x * factor).tolist(), "steps": steps, "branch": "negative"}


def torch_part(context: JobContext) -> dict[str, Any]:
    import torch

    device = context.pin_torch()
    cases = []
    for scale in INPUT_SCALES:
        w = torch.tensor(WEIGHTS, device=device, requires_grad=True)
        y, steps = torch.tensor(scale * DIRECTION, device=device) * w, 0
        while y.abs().max() > 1.0:  # trip count depends on the values
            y, steps = y * 0.5, steps + 1
        positive = bool(y.sum() >= 0)  # so does the branch
        out = (y * y).sum() if positive else -3.0 * y.sum()
        out.backward()
        cases.append(
            {
                "out": float(out),
                "grad": w.grad.cpu().tolist() if w.grad is not None else [],
                "steps": steps,
                "branch": "positive" if positive else "negative",
            }
        )
    return {"device": device, "pytorch": cases}


def tf_forward(tf: Any, x: Any, w: Any) -> tuple[Any, Any, Any]:
    """Plain Python control flow on tensors; AutoGraph converts it inside ``tf.function``."""
    y = x * w
    steps = tf.constant(0)
    while tf.reduce_max(tf.abs(y)) > 1.0:
        y = y * 0.5
        steps += 1
    if tf.reduce_sum(y) >= 0:
        out, positive = tf.reduce_sum(y * y), tf.constant(True)
    else:
        out, positive = -3.0 * tf.reduce_sum(y), tf.constant(False)
    return out, steps, positive


def tf_part(context: JobContext) -> dict[str, Any]:
    import tensorflow as tf

    device = context.pin_tf()
    with tf.device(device):
        w = tf.Variable(WEIGHTS)

        def step(x: Any) -> tuple[Any, Any, Any, Any]:
            with tf.GradientTape() as tape:
                out, steps, positive = tf_forward(tf, x, w)
            return out, tape.gradient(out, w), steps, positive

        modes = {"tf-eager": step, "tf.function": tf.function(step)}
        results: dict[str, Any] = {"device": device_label(device)}
        for side, function in modes.items():
            cases = []
            for scale in INPUT_SCALES:
                out, grad, steps, positive = function(tf.constant(scale * DIRECTION))
                cases.append(
                    {
                        "out": float(out),
                        "grad": grad.numpy().tolist(),
                        "steps": int(steps),
                        "branch": "positive" if bool(positive) else "negative",
                    }
                )
            results[side] = cases
    return results


def judge_cases(cases: list[dict[str, Any]]) -> tuple[bool, str]:
    """Did every case match the NumPy reference? The detail lists loop counts and the first mismatch."""
    mismatches = []
    for scale, case in zip(INPUT_SCALES, cases, strict=True):
        expected = reference(scale)
        same = case["steps"] == expected["steps"] and case["branch"] == expected["branch"]
        close = np.allclose(case["out"], expected["out"], rtol=TOLERANCE, atol=TOLERANCE) and np.allclose(
            case["grad"], expected["grad"], rtol=TOLERANCE, atol=TOLERANCE
        )
        if not (same and close):
            mismatches.append(
                f"input scale {scale}: {case['steps']} steps, {case['branch']} branch, output {case['out']:.6g} "
                f"(NumPy: {expected['steps']}, {expected['branch']}, {expected['out']:.6g})"
            )
    counts = "/".join(str(c["steps"]) for c in cases)
    if mismatches:
        return (
            False,
            f"loop counts {counts}; {len(mismatches)} of {len(cases)} cases differ from NumPy: {mismatches[0]}",
        )
    return True, f"loop counts {counts} and both branches matched NumPy in outputs and gradients ({len(cases)} inputs)"


@records_load
def run(context: JobContext) -> JobResult:
    torch_result = context.run_part(f"{__name__}:torch_part")
    tf_missing = missing_module("tensorflow")
    tf_result = {} if tf_missing else context.run_part(f"{__name__}:tf_part")
    devices = {torch_result["device"], *([tf_result["device"]] if tf_result else [])}
    if len(devices) > 1:
        raise JobPartError(f"mixed devices: control flow ran on {', '.join(sorted(devices))}")
    sides: dict[str, dict[str, Any]] = {"pytorch": check_side(*judge_cases(torch_result["pytorch"]))}
    for side in ("tf-eager", "tf.function"):
        sides[side] = unavailable(tf_missing) if tf_missing else check_side(*judge_cases(tf_result[side]))
    device = torch_result["device"]
    check = observation("data_dependent_control_flow", LABEL, "check", "cases", sides, device=device)
    return JobResult(
        observations=[check],
        rationale=(
            f"One function halves a vector until its largest entry is at most 1 (a value-dependent while loop) "
            f"and then branches on the sign of its sum; it ran on {len(INPUT_SCALES)} inputs in PyTorch eager, "
            "TensorFlow eager and a tf.function (AutoGraph), and each side's outputs, loop counts, branches and "
            f"gradients were compared with NumPy on {device}: {describe_check(check)}."
        ),
        metrics={
            "input_scales": list(INPUT_SCALES),
            "reference": [reference(s) for s in INPUT_SCALES],
            "pytorch": torch_result["pytorch"],
            **{k: v for k, v in tf_result.items() if k != "device"},
        },
        key_figure=describe_check(check),
        device=device,
    )

"""Job (slow tier): the CNN train step in PyTorch, eager vs ``torch.compile``.

Graph compilation is not TensorFlow's alone: this measures whether ``torch.compile`` makes the same
train step faster. Each mode runs in 3 fresh processes, interleaved; the one-off compiling call is
timed apart (``first_call_s``) and the samples are steady-state steps.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, Side, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs import workloads as w
from evaluators.jobs.summaries import describe_timings
from evaluators.observations import timing_observation

DECLARATION = JobDeclaration(
    job_id="torch-compile",
    title="PyTorch CNN train step: eager vs torch.compile",
    frameworks=("pytorch",),
    sides=(SideDeclaration("torch.compile", "pytorch", "compiled"), SideDeclaration("torch-eager", "pytorch", "eager")),
    properties=(
        PropertyDeclaration(
            "torch-compile-speedup",
            (
                "torch.compile speed-up",
                "compiling a PyTorch model makes training faster",
                "PyTorch 2 compiler",
            ),
            cues=("torch.compile",),
            bare_comparatives=("speed",),
        ),
    ),
    metrics=(MetricDeclaration("train_step", "timing", "s", "torch-compile-speedup", better="lower"),),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

PART = "evaluators.jobs.torch_workloads:cnn_train_part"
SIDES = {
    "torch.compile": Side(PART, "torch", {"compiled": True}),
    "torch-eager": Side(PART, "torch", {"compiled": False}),
}


@records_load
def run(context: JobContext) -> JobResult:
    runs = interleaved_runs(context, SIDES)
    step = timing_observation("train_step", f"{w.CNN_LABEL} in PyTorch", timed_sides(runs, "cnn_train_step"))
    first_calls = {
        side: [r["first_call_s"] for r in results] for side, results in runs.items() if isinstance(results, list)
    }
    return JobResult(
        observations=[step],
        rationale=(
            f"PyTorch ran the same CNN train step eagerly and through torch.compile with {context.threads} "
            f"threads, {PROCESSES} fresh processes per mode (interleaved), {context.repeats} timed steps per "
            f"process after the first (compiling) call and {context.warmup} warm-up steps, on {step['device']}: "
            f"{describe_timings([step])}."
        ),
        metrics={"threads": context.threads, "first_call_s": first_calls, "runs": dict(runs)},
        key_figure=describe_timings([step]),
        device=step["device"],
    )

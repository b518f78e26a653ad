"""Job (slow tier): the CNN train step compiled in both frameworks, ``torch.compile`` vs ``tf.function``.

The compiled counterpart of ``torch-vs-tf-training-step``: same weights, data, SGD step and threads,
each framework's graph compiler, 3 fresh processes per side, interleaved. The first (compiling or
tracing) call is timed apart and kept in the metrics; the samples are steady-state steps.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, Side, first_available, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs import workloads as w
from evaluators.jobs.summaries import describe_timings
from evaluators.observations import timing_observation

DECLARATION = JobDeclaration(
    job_id="torch-vs-tf-compiled-step",
    title="Same CNN train step compiled: torch.compile vs tf.function",
    frameworks=("pytorch", "tensorflow"),
    sides=(SideDeclaration("pytorch", "pytorch", "compiled"), SideDeclaration("tensorflow", "tensorflow", "compiled")),
    properties=(
        PropertyDeclaration(
            "compiled-training-speed",
            (
                "compiled training speed",
                "torch.compile versus tf.function training step",
                "training speed with graph compilation in both frameworks",
            ),
            cues=("compiled", "torch.compile", "tf.function"),
            bare_comparatives=("speed",),
        ),
    ),
    metrics=(MetricDeclaration("cnn_train_step_compiled", "timing", "s", "compiled-training-speed", better="lower"),),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

SIDES = {
    "pytorch": Side("evaluators.jobs.torch_workloads:cnn_train_part", "torch", {"compiled": True}),
    "tensorflow": Side("evaluators.jobs.tf_workloads:cnn_train_part", "tensorflow", {"graph": True}),
}


@records_load
def run(context: JobContext) -> JobResult:
    runs = interleaved_runs(context, SIDES)
    label = f"{w.CNN_LABEL}, compiled (torch.compile / tf.function)"
    step = timing_observation("cnn_train_step_compiled", label, timed_sides(runs, "cnn_train_step"))
    first_calls = {
        side: [r["first_call_s"] for r in results] for side, results in runs.items() if isinstance(results, list)
    }
    return JobResult(
        observations=[step],
        rationale=(
            f"torch.compile and tf.function each compiled the same CNN train step (one set of NumPy weights, "
            f"same data and SGD settings, {context.threads} threads) in {PROCESSES} fresh processes per framework "
            f"(interleaved); {context.repeats} steady-state steps were timed per process after the compiling call "
            f"and {context.warmup} warm-up steps, on {step['device']}: {describe_timings([step])}."
        ),
        metrics={
            "threads": context.threads,
            "first_call_s": first_calls,
            "first_loss": first_available(runs, "first_loss"),
            "runs": dict(runs),
        },
        key_figure=describe_timings([step]),
        device=step["device"],
    )

"""Job: the CNN train step in TensorFlow, eager vs ``tf.function``.

Tests "a static graph brought optimization and performance benefits" on the same work: one model,
data and SGD step, traced into a graph or run eagerly, each in 3 fresh processes, interleaved.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, Side, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs import workloads as w
from evaluators.jobs.summaries import describe_timings
from evaluators.observations import timing_observation

DECLARATION = JobDeclaration(
    job_id="tf-graph-vs-eager",
    title="TF CNN train step: eager vs tf.function",
    frameworks=("tensorflow",),
    sides=(
        SideDeclaration("tf.function", "tensorflow", "compiled"),
        SideDeclaration("tf-eager", "tensorflow", "eager"),
    ),
    properties=(
        PropertyDeclaration(
            "graph-speedup",
            (
                "tf.function graph speed-up over eager execution",
                "static graph performance optimisations",
                "compiling TensorFlow code into a graph makes it faster",
                "graph mode versus eager mode speed",
            ),
            cues=("tf.function", "static graph", "static computational graph", "graph mode"),
            bare_comparatives=("speed",),
        ),
    ),
    metrics=(MetricDeclaration("cnn_train_step", "timing", "s", "graph-speedup", better="lower"),),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

PART = "evaluators.jobs.tf_workloads:cnn_train_part"
SIDES = {
    "tf.function": Side(PART, "tensorflow", {"graph": True}),
    "tf-eager": Side(PART, "tensorflow", {"graph": False}),
}


@records_load
def run(context: JobContext) -> JobResult:
    runs = interleaved_runs(context, SIDES)
    step = timing_observation("cnn_train_step", f"{w.CNN_LABEL} in TensorFlow", timed_sides(runs, "cnn_train_step"))
    first_calls = {
        side: [r["first_call_s"] for r in results] for side, results in runs.items() if isinstance(results, list)
    }
    return JobResult(
        observations=[step],
        rationale=(
            f"TensorFlow ran the same CNN train step eagerly and as a tf.function with {context.threads} threads, "
            f"{PROCESSES} fresh processes per mode (interleaved), {context.repeats} timed steps per process after "
            f"the first call and {context.warmup} warm-up steps, on {step['device']}: {describe_timings([step])}."
        ),
        metrics={"threads": context.threads, "first_call_s": first_calls, "runs": dict(runs)},
        key_figure=describe_timings([step]),
        device=step["device"],
    )

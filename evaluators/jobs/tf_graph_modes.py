"""Job: the CNN train step in TensorFlow, eager vs ``tf.function``.

Tests "a static graph brought optimization and performance benefits" on the same work: one model,
data and SGD step, traced into a graph or run eagerly, each in 3 fresh processes, interleaved.
"""

from __future__ import annotations

from evaluators.harness import PROCESSES, Side, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs import workloads as w
from evaluators.jobs.summaries import describe_timings
from evaluators.observations import timing_observation

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

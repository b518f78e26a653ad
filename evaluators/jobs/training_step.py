"""Job: the same CNN and transformer, eager in both frameworks, PyTorch vs TensorFlow.

Like for like: one set of NumPy weights copied into both frameworks (the initial losses are recorded
and agree), the same data, SGD step and thread count, eager against eager (the compiled pair is
``torch-vs-tf-compiled-step``). Each side runs in 3 fresh processes, interleaved with the other's.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, Side, first_available, interleaved_runs, records_load, timed_sides
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs import workloads as w
from evaluators.jobs.summaries import describe_timings
from evaluators.observations import timing_observation

DECLARATION = JobDeclaration(
    job_id="torch-vs-tf-training-step",
    title="Same CNN and transformer steps, eager PyTorch vs eager TensorFlow",
    frameworks=("pytorch", "tensorflow"),
    sides=(SideDeclaration("pytorch", "pytorch", "eager"), SideDeclaration("tensorflow", "tensorflow", "eager")),
    properties=(
        PropertyDeclaration(
            "training-speed",
            (
                "training speed",
                "training step speed on CPU",
                "time per training step",
                "how fast a model trains",
                "training throughput",
                "training a small CNN or transformer",
            ),
            cues=("train", "trains", "training", "trained", "step time", "step times"),
            bare_comparatives=("speed",),
        ),
        PropertyDeclaration(
            "inference-speed",
            (
                "inference speed",
                "prediction latency",
                "how fast a trained model predicts",
                "forward pass time",
            ),
            cues=(
                "inference",
                "prediction",
                "predictions",
                "predict",
                "predicting",
                "forward pass",
                "forward passes",
                "request latency",
                "latency per request",
                "inference latency",
                "prediction latency",
                "serving latency",
                "p50 latency",
                "p99 latency",
                "batched latency",
            ),
            bare_comparatives=("speed",),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "cnn_train_step_eager",
            "timing",
            "s",
            "training-speed",
            better="lower",
            cues=("cnn", "cnns", "convolutional", "convnet", "convnets"),
        ),
        MetricDeclaration(
            "cnn_inference_eager",
            "timing",
            "s",
            "inference-speed",
            better="lower",
            cues=(
                "inference",
                "prediction",
                "predictions",
                "predicting",
                "forward pass",
                "forward passes",
                "request latency",
                "latency per request",
                "inference latency",
                "prediction latency",
                "serving latency",
                "p50 latency",
                "p99 latency",
                "batched latency",
            ),
        ),
        MetricDeclaration(
            "transformer_train_step_eager",
            "timing",
            "s",
            "training-speed",
            better="lower",
            cues=("transformer", "transformers", "attention"),
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

METRICS = {
    "cnn_train_step_eager": ("cnn_train_step", f"{w.CNN_LABEL}, eager"),
    "cnn_inference_eager": ("cnn_inference", f"{w.CNN_INFERENCE_LABEL}, eager"),
    "transformer_train_step_eager": ("transformer_train_step", f"{w.TRANSFORMER_LABEL}, eager"),
}
SIDES = {
    "pytorch": Side("evaluators.jobs.torch_workloads:eager_steps_part", "torch"),
    "tensorflow": Side("evaluators.jobs.tf_workloads:eager_steps_part", "tensorflow"),
}


@records_load
def run(context: JobContext) -> JobResult:
    runs = interleaved_runs(context, SIDES)
    observations = [
        timing_observation(metric, label, timed_sides(runs, part_metric))
        for metric, (part_metric, label) in METRICS.items()
    ]
    device = observations[0]["device"]
    return JobResult(
        observations=observations,
        rationale=(
            f"Eager PyTorch and eager TensorFlow each ran the same small CNN (batch {w.BATCH}, "
            f"{w.IMAGE}x{w.IMAGE}x{w.CHANNELS}) and {w.LAYERS}-layer transformer encoder from one set of NumPy "
            f"weights, data and SGD settings, with {context.threads} threads, in {PROCESSES} fresh processes per "
            f"framework (interleaved), {context.repeats} timed steps per process after {context.warmup} warm-up "
            f"steps, on {device}: {describe_timings(observations)}."
        ),
        metrics={
            "threads": context.threads,
            "initial_loss": first_available(runs, "initial_loss"),
            "runs": {side: results for side, results in runs.items()},
        },
        key_figure=describe_timings(observations[:1]),
        device=device,
    )

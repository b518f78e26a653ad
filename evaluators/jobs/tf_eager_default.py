"""Job: TensorFlow 2.x executes eagerly by default.

Checks the article's "TensorFlow 2.x has embraced eager execution" and "eager mode available" by
asking a fresh TF process, and by evaluating an op outside any function and reading its value.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.observations import check_side, observation

DECLARATION = JobDeclaration(
    job_id="tf-eager-default",
    title="TensorFlow 2.x executes eagerly by default",
    frameworks=("tensorflow",),
    sides=(SideDeclaration("tensorflow", "tensorflow", "eager"),),
    properties=(
        PropertyDeclaration(
            "eager-default",
            (
                "eager execution by default",
                "eager mode",
                "operations run immediately without building a graph first",
                "no session needed to run code",
            ),
            cues=(
                "eager by default",
                "eagerly by default",
                "eager out of the box",
                "run eagerly",
                "runs eagerly",
                "tf.Session",
                "eager execution",
                "eager mode",
                "sessions",
            ),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "eager_by_default",
            "check",
            "mode",
            "eager-default",
            # a graph built before anything runs is the mode that is not eager ("TensorFlow uses static graphs")
            failure_cues=("static graph", "static computation graph", "static computational graph", "define-and-run"),
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

LABEL = "eager execution as TensorFlow's default mode"


@records_load
def run(context: JobContext) -> JobResult:
    import tensorflow as tf

    context.pin_tf()
    eager_default = bool(tf.executing_eagerly())
    value = (tf.constant([1.0, 2.0]) * 3).numpy().tolist()

    @tf.function
    def inside() -> bool:
        return bool(tf.executing_eagerly())

    inside_function = bool(inside())
    passed = eager_default and value == [3.0, 6.0] and not inside_function
    detail = (
        f"TensorFlow {tf.__version__}: tf.executing_eagerly() is {eager_default} in a fresh process, an op outside "
        f"any function returned {value}, and inside tf.function executing_eagerly() is {inside_function}"
    )
    check = observation("eager_by_default", LABEL, "check", "mode", {"tensorflow": check_side(passed, detail)})
    return JobResult(
        observations=[check],
        rationale=f"A fresh TensorFlow process was asked whether it executes eagerly and evaluated one op: {detail}.",
        metrics={
            "tensorflow": tf.__version__,
            "executing_eagerly": eager_default,
            "inside_tf_function": inside_function,
            "value": value,
        },
        key_figure=f"TF {tf.__version__}: executing_eagerly() = {eager_default}",
        device="cpu",
    )

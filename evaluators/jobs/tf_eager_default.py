"""Job: TensorFlow 2.x executes eagerly by default.

Checks the article's "TensorFlow 2.x has embraced eager execution" and "eager mode available" by
asking a fresh TF process, and by evaluating an op outside any function and reading its value.
"""

from __future__ import annotations

from evaluators.job_context import JobContext, JobResult


def run(context: JobContext) -> JobResult:
    import tensorflow as tf

    context.pin_tf()
    eager_default = bool(tf.executing_eagerly())
    value = (tf.constant([1.0, 2.0]) * 3).numpy().tolist()

    @tf.function
    def inside() -> bool:
        return bool(tf.executing_eagerly())

    inside_function = bool(inside())
    supported = eager_default and value == [3.0, 6.0] and not inside_function
    return JobResult(
        verdict="supported" if supported else "contradicted",
        rationale=(
            f"In a fresh TensorFlow {tf.__version__} process tf.executing_eagerly() is {eager_default} and ops return "
            f"concrete values, while inside tf.function it is {inside_function}: eager by default, graphs on request."
        ),
        metrics={
            "tensorflow": tf.__version__,
            "executing_eagerly": eager_default,
            "inside_tf_function": inside_function,
            "value": value,
        },
        key_figure=f"TF {tf.__version__}: executing_eagerly() = {eager_default}",
        device="cpu",
    )

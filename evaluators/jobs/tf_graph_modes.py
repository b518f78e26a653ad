"""Job: the same small MLP train step in TF eager, ``tf.function`` and ``tf.function(jit_compile=True)``.

Tests "a static graph brought optimization and performance benefits": if graph mode helps, the
compiled step is measurably faster than the eager one on identical work.
"""

from __future__ import annotations

from typing import Any

from evaluators.job_context import JobContext, JobResult, device_label, timing_metrics
from evaluators.verdicts import compare_timings, format_speedup

STEPS_PER_SAMPLE = 20
BATCH, FEATURES, HIDDEN, CLASSES = 64, 32, 64, 10


def build_step(tf: Any, compile_mode: str) -> Any:
    """A fresh model, optimiser and train step, wrapped according to ``compile_mode``."""
    import keras

    model = keras.Sequential(
        [keras.Input((FEATURES,)), keras.layers.Dense(HIDDEN, activation="relu"), keras.layers.Dense(CLASSES)]
    )
    optimizer = keras.optimizers.SGD(0.01)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def step(x: Any, y: Any) -> Any:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    if compile_mode == "eager":
        return step
    return tf.function(step, jit_compile=compile_mode == "xla")


def run(context: JobContext) -> JobResult:
    import tensorflow as tf

    device = context.pin_tf()
    x = tf.random.normal((BATCH, FEATURES), seed=1)
    y = tf.random.uniform((BATCH,), maxval=CLASSES, dtype=tf.int32, seed=2)
    samples: dict[str, list[float]] = {}
    with tf.device(device):
        for mode in ("eager", "graph", "xla"):
            step = build_step(tf, mode)

            def many_steps(step: Any = step) -> None:
                for _ in range(STEPS_PER_SAMPLE):
                    loss = step(x, y)
                loss.numpy()  # wait for the device before the clock stops

            samples[mode] = context.time_calls(many_steps)
    graph = compare_timings(samples["eager"], samples["graph"])
    xla = compare_timings(samples["eager"], samples["xla"])
    return JobResult(
        verdict=graph.verdict,
        rationale=(
            f"Over {context.repeats} repeats of {STEPS_PER_SAMPLE} MLP train steps, tf.function vs eager: "
            f"{graph.reason} (XLA: {xla.reason}), so the graph-mode performance claim is "
            f"{graph.verdict} for a small model."
        ),
        metrics={
            "steps_per_sample": STEPS_PER_SAMPLE,
            **{mode: timing_metrics(values) for mode, values in samples.items()},
            "speedup_graph": graph.speedup,
            "speedup_xla": xla.speedup,
        },
        key_figure=f"{format_speedup('tf.function', 'eager', graph.speedup)}; XLA {xla.speedup:.1f}x vs eager",
        device=device_label(device),
    )

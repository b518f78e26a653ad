"""Job: the same MLP, data, seed and thread count trained and run in PyTorch and in TensorFlow.

Each framework runs in its own fresh process (two parts). The article claims "measurable
distinctions in performance"; the verdict says whether a distinction shows at this (small) scale.
TensorFlow uses ``tf.function`` for both steps, its idiomatic fast path; PyTorch runs eager.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from evaluators.job_context import JobContext, JobResult, device_label, timing_metrics
from evaluators.verdicts import compare_timings, distinction_verdict, format_speedup

BATCH, FEATURES, HIDDEN, CLASSES = 64, 32, 128, 10
STEPS_PER_SAMPLE = 20


def dataset(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, FEATURES), dtype=np.float32)
    y = rng.integers(0, CLASSES, size=BATCH).astype(np.int64)
    return x, y


def torch_part(context: JobContext) -> dict[str, Any]:
    import torch

    device = context.pin_torch()
    x_np, y_np = dataset(context.seed)
    x, y = torch.from_numpy(x_np).to(device), torch.from_numpy(y_np).to(device)
    model = torch.nn.Sequential(
        torch.nn.Linear(FEATURES, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, CLASSES)
    ).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    sync = torch.cuda.synchronize if device == "cuda" else None

    def train() -> None:
        for _ in range(STEPS_PER_SAMPLE):
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            optimizer.step()

    def infer() -> None:
        with torch.no_grad():
            for _ in range(STEPS_PER_SAMPLE):
                model(x)

    return {"train": context.time_calls(train, sync), "infer": context.time_calls(infer, sync), "device": device}


def tf_part(context: JobContext) -> dict[str, Any]:
    import keras
    import tensorflow as tf

    device = context.pin_tf()
    x_np, y_np = dataset(context.seed)
    with tf.device(device):
        x, y = tf.constant(x_np), tf.constant(y_np)
        model = keras.Sequential(
            [keras.Input((FEATURES,)), keras.layers.Dense(HIDDEN, activation="relu"), keras.layers.Dense(CLASSES)]
        )
        optimizer = keras.optimizers.SGD(0.01)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

        @tf.function
        def train_step() -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
            return loss

        infer_step = tf.function(lambda: model(x, training=False))

        def repeat(step: Any) -> None:
            for _ in range(STEPS_PER_SAMPLE):
                out = step()
            out.numpy()

        train = context.time_calls(lambda: repeat(train_step))
        infer = context.time_calls(lambda: repeat(infer_step))
    return {"train": train, "infer": infer, "device": device_label(device)}


def run(context: JobContext) -> JobResult:
    torch_side = context.run_part(f"{__name__}:torch_part")
    tf_side = context.run_part(f"{__name__}:tf_part")
    train = compare_timings(tf_side["train"], torch_side["train"])
    infer = compare_timings(tf_side["infer"], torch_side["infer"])
    distinct = {distinction_verdict(train), distinction_verdict(infer)}
    verdict = "supported" if "supported" in distinct else "inconclusive"
    return JobResult(
        verdict=verdict,
        rationale=(
            f"Same {FEATURES}-{HIDDEN}-{CLASSES} MLP, data, seed and threads: PyTorch eager vs TF tf.function "
            f"train step {train.reason}; inference {infer.reason}, so a performance "
            f"distinction is {verdict} at this scale."
        ),
        metrics={
            "steps_per_sample": STEPS_PER_SAMPLE,
            "pytorch": {"train": timing_metrics(torch_side["train"]), "infer": timing_metrics(torch_side["infer"])},
            "tensorflow": {"train": timing_metrics(tf_side["train"]), "infer": timing_metrics(tf_side["infer"])},
            "train_speedup_pytorch_over_tf": train.speedup,
            "infer_speedup_pytorch_over_tf": infer.speedup,
        },
        key_figure=(
            f"train: {format_speedup('PyTorch', 'TensorFlow', train.speedup)}; "
            f"inference: {format_speedup('PyTorch', 'TensorFlow', infer.speedup)}"
        ),
        device=str(torch_side["device"]),
    )

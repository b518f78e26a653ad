"""The TensorFlow side of the timed workloads, built from :mod:`evaluators.jobs.workloads`' NumPy weights.

Part functions run in fresh processes and return ``{"device", "timings": {...}, ...}`` like the
PyTorch side. Every timed call reads its result back (``.numpy()``), which waits for the device.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from evaluators.job_context import JobContext, device_label
from evaluators.jobs import workloads as w


def build_cnn(weights: dict[str, np.ndarray]) -> Any:
    import keras

    model = keras.Sequential(
        [
            keras.Input((w.IMAGE, w.IMAGE, w.CHANNELS)),
            keras.layers.Conv2D(w.CONV1, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(w.CONV2, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(w.CLASSES),
        ]
    )
    model.set_weights([weights[name] for name in ("conv1", "conv1_bias", "conv2", "conv2_bias", "dense", "dense_bias")])
    return model


def build_transformer(weights: dict[str, np.ndarray]) -> Any:
    """Pre-norm encoder layers written out op by op, exactly as the PyTorch side writes them."""
    import keras
    import tensorflow as tf

    def dense(name: str) -> Any:
        layer = keras.layers.Dense(weights[name].shape[1])
        layer.build((None, weights[name].shape[0]))
        layer.set_weights([weights[name], weights[name + "_bias"]])
        return layer

    def norm(name: str) -> Any:
        layer = keras.layers.LayerNormalization(epsilon=w.LAYER_NORM_EPSILON)
        layer.build((None, w.WIDTH))
        layer.set_weights([weights[name + "_gamma"], weights[name + "_beta"]])
        return layer

    class Encoder(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = [
                {n: dense(f"l{i}_{n}") for n in ("q", "k", "v", "o", "ff1", "ff2")}
                | {n: norm(f"l{i}_{n}") for n in ("ln1", "ln2")}
                for i in range(w.LAYERS)
            ]
            self.head = dense("head")

        def attend(self, block: dict[str, Any], x: Any) -> Any:
            batch, length = tf.shape(x)[0], tf.shape(x)[1]
            head_width = w.WIDTH // w.HEADS

            def split(t: Any) -> Any:
                return tf.transpose(tf.reshape(t, (batch, length, w.HEADS, head_width)), (0, 2, 1, 3))

            q, k, v = split(block["q"](x)), split(block["k"](x)), split(block["v"](x))
            scores = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / math.sqrt(head_width), axis=-1)
            context = tf.reshape(tf.transpose(tf.matmul(scores, v), (0, 2, 1, 3)), (batch, length, w.WIDTH))
            return block["o"](context)

        def call(self, x: Any, training: bool = False) -> Any:
            for block in self.blocks:
                x = x + self.attend(block, block["ln1"](x))
                x = x + block["ff2"](tf.nn.relu(block["ff1"](block["ln2"](x))))
            return self.head(tf.reduce_mean(x, axis=1))

    return Encoder()


def train_step_fn(model: Any, x: Any, y: Any) -> Any:
    """One SGD step with a GradientTape, as TF2 code writes it eagerly; returns the loss tensor."""
    import keras
    import tensorflow as tf

    optimizer = keras.optimizers.SGD(w.LEARNING_RATE)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def step() -> Any:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    return step


def _read_back(fn: Any) -> Any:
    return lambda: fn().numpy()


def _initial_loss(model: Any, x: Any, y: Any) -> float:
    import keras

    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return float(loss_fn(y, model(x, training=False)))


def eager_steps_part(context: JobContext) -> dict[str, Any]:
    """CNN train step, CNN inference and transformer train step, eager, one step per sample."""
    import tensorflow as tf

    device = context.pin_tf()
    images, labels = w.cnn_data(context.seed)
    tokens, token_labels = w.transformer_data(context.seed)
    with tf.device(device):
        x, y = tf.constant(images), tf.constant(labels)
        tx, ty = tf.constant(tokens), tf.constant(token_labels)
        cnn = build_cnn(w.cnn_weights(context.seed))
        encoder = build_transformer(w.transformer_weights(context.seed))
        initial = {"cnn": _initial_loss(cnn, x, y), "transformer": _initial_loss(encoder, tx, ty)}
        timings = {
            "cnn_inference": context.time_calls(_read_back(lambda: cnn(x, training=False))),
            "cnn_train_step": context.time_calls(_read_back(train_step_fn(cnn, x, y))),
            "transformer_train_step": context.time_calls(_read_back(train_step_fn(encoder, tx, ty))),
        }
    return {"device": device_label(device), "timings": timings, "initial_loss": initial, "tensorflow": tf.__version__}


def cnn_train_part(context: JobContext, graph: bool) -> dict[str, Any]:
    """The CNN train step, eager or wrapped in ``tf.function``; the first (tracing) call is timed apart."""
    import tensorflow as tf

    device = context.pin_tf()
    images, labels = w.cnn_data(context.seed)
    with tf.device(device):
        x, y = tf.constant(images), tf.constant(labels)
        model = build_cnn(w.cnn_weights(context.seed))
        step = train_step_fn(model, x, y)
        step = tf.function(step) if graph else step
        start = time.perf_counter()
        first_loss = float(step().numpy())
        first_call_s = time.perf_counter() - start
        samples = context.time_calls(_read_back(step))
    return {
        "device": device_label(device),
        "timings": {"cnn_train_step": samples},
        "first_call_s": first_call_s,
        "first_loss": first_loss,
        "tensorflow": tf.__version__,
    }

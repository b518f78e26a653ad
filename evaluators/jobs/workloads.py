"""The timed workloads, framework-free: shapes, one set of NumPy weights and one batch of data.

Both frameworks build the same two models from these arrays (:mod:`evaluators.jobs.torch_workloads`,
:mod:`evaluators.jobs.tf_workloads`), so a comparison times the same arithmetic from the same starting
point: weights are laid out here in TensorFlow's order (conv kernels HWIO, dense kernels ``in x out``,
images NHWC) and the PyTorch side transposes them.

- CNN: conv 3x3 (3->16) + ReLU + max-pool 2, conv 3x3 (16->32) + ReLU + max-pool 2, global average
  pool, dense 32->10; batch 64 of 32x32x3 images (tens of milliseconds per train step on one core).
- Transformer: 2 pre-norm encoder layers (model width 64, 4 heads, feed-forward 256, ReLU), mean-pooled
  into a dense 64->10 head; batch 32 of 64-token sequences of 64 features.
"""

from __future__ import annotations

import numpy as np

BATCH, IMAGE, CHANNELS, CLASSES = 64, 32, 3, 10
CONV1, CONV2 = 16, 32
SEQ_BATCH, SEQ_LEN, WIDTH, HEADS, FEED_FORWARD, LAYERS = 32, 64, 64, 4, 256, 2
LEARNING_RATE = 0.01
LAYER_NORM_EPSILON = 1e-5

CNN_LABEL = f"a CNN train step (batch {BATCH}, {IMAGE}x{IMAGE}x{CHANNELS} images, 2 conv layers)"
CNN_INFERENCE_LABEL = f"a CNN forward pass (batch {BATCH}, {IMAGE}x{IMAGE}x{CHANNELS} images, no gradients)"
TRANSFORMER_LABEL = (
    f"a {LAYERS}-layer transformer encoder train step (batch {SEQ_BATCH}, {SEQ_LEN} tokens, width {WIDTH})"
)


def _he(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int) -> np.ndarray:
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)


def cnn_weights(seed: int) -> dict[str, np.ndarray]:
    """Conv kernels HWIO, dense kernel ``in x out`` (TensorFlow's layout)."""
    rng = np.random.default_rng(seed)
    return {
        "conv1": _he(rng, (3, 3, CHANNELS, CONV1), 9 * CHANNELS),
        "conv1_bias": np.zeros(CONV1, np.float32),
        "conv2": _he(rng, (3, 3, CONV1, CONV2), 9 * CONV1),
        "conv2_bias": np.zeros(CONV2, np.float32),
        "dense": _he(rng, (CONV2, CLASSES), CONV2) * np.float32(0.1),
        "dense_bias": np.zeros(CLASSES, np.float32),
    }


def cnn_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Images NHWC float32 and integer labels."""
    rng = np.random.default_rng(seed + 1)
    images = rng.standard_normal((BATCH, IMAGE, IMAGE, CHANNELS), dtype=np.float32)
    return images, rng.integers(0, CLASSES, size=BATCH).astype(np.int64)


def transformer_weights(seed: int) -> dict[str, np.ndarray]:
    """Per layer ``l{i}_{name}``: layer norms, q/k/v/o projections and the feed-forward, then the head."""
    rng = np.random.default_rng(seed + 2)
    weights: dict[str, np.ndarray] = {}
    for layer in range(LAYERS):
        prefix = f"l{layer}_"
        for norm in ("ln1", "ln2"):
            weights[prefix + norm + "_gamma"] = np.ones(WIDTH, np.float32)
            weights[prefix + norm + "_beta"] = np.zeros(WIDTH, np.float32)
        for name in ("q", "k", "v", "o"):
            weights[prefix + name] = _he(rng, (WIDTH, WIDTH), WIDTH) * np.float32(0.5)
            weights[prefix + name + "_bias"] = np.zeros(WIDTH, np.float32)
        weights[prefix + "ff1"] = _he(rng, (WIDTH, FEED_FORWARD), WIDTH)
        weights[prefix + "ff1_bias"] = np.zeros(FEED_FORWARD, np.float32)
        weights[prefix + "ff2"] = _he(rng, (FEED_FORWARD, WIDTH), FEED_FORWARD) * np.float32(0.5)
        weights[prefix + "ff2_bias"] = np.zeros(WIDTH, np.float32)
    weights["head"] = _he(rng, (WIDTH, CLASSES), WIDTH)
    weights["head_bias"] = np.zeros(CLASSES, np.float32)
    return weights


def transformer_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed + 3)
    tokens = rng.standard_normal((SEQ_BATCH, SEQ_LEN, WIDTH), dtype=np.float32)
    return tokens, rng.integers(0, CLASSES, size=SEQ_BATCH).astype(np.int64)

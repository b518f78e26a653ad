"""The small Keras model the TensorFlow deployment jobs export, and its fixed input."""

from __future__ import annotations

from typing import Any

import numpy as np

FEATURES, HIDDEN, CLASSES, BATCH = 16, 32, 4, 8


def sample_input(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((BATCH, FEATURES), dtype=np.float32)


def build_model(seed: int) -> Any:
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [keras.Input((FEATURES,)), keras.layers.Dense(HIDDEN, activation="relu"), keras.layers.Dense(CLASSES)]
    )

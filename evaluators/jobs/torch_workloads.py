"""The PyTorch side of the timed workloads, built from :mod:`evaluators.jobs.workloads`' NumPy weights.

The part functions run in fresh processes (``JobContext.run_part``) and return
``{"device", "timings": {name: [seconds per step, ...]}, ...}`` for :func:`evaluators.harness.timed_sides`.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from evaluators.job_context import JobContext, torch_sync
from evaluators.jobs import workloads as w


def build_cnn(weights: dict[str, np.ndarray]) -> Any:
    import torch

    conv1 = torch.nn.Conv2d(w.CHANNELS, w.CONV1, 3, padding=1)
    conv2 = torch.nn.Conv2d(w.CONV1, w.CONV2, 3, padding=1)
    dense = torch.nn.Linear(w.CONV2, w.CLASSES)
    for conv, name in ((conv1, "conv1"), (conv2, "conv2")):
        kernel = torch.from_numpy(weights[name].transpose(3, 2, 0, 1).copy())
        conv.load_state_dict({"weight": kernel, "bias": torch.from_numpy(weights[name + "_bias"])})
    dense.load_state_dict(
        {"weight": torch.from_numpy(weights["dense"].T.copy()), "bias": torch.from_numpy(weights["dense_bias"])}
    )
    pool, relu = torch.nn.MaxPool2d(2), torch.nn.ReLU()
    return torch.nn.Sequential(
        conv1, relu, pool, conv2, relu, pool, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), dense
    )


def _linear(torch: Any, weights: dict[str, np.ndarray], name: str) -> Any:
    kernel = weights[name]
    layer = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
    layer.load_state_dict(
        {"weight": torch.from_numpy(kernel.T.copy()), "bias": torch.from_numpy(weights[name + "_bias"])}
    )
    return layer


def _norm(torch: Any, weights: dict[str, np.ndarray], name: str) -> Any:
    layer = torch.nn.LayerNorm(w.WIDTH, eps=w.LAYER_NORM_EPSILON)
    layer.load_state_dict(
        {"weight": torch.from_numpy(weights[name + "_gamma"]), "bias": torch.from_numpy(weights[name + "_beta"])}
    )
    return layer


def build_transformer(weights: dict[str, np.ndarray]) -> Any:
    """Pre-norm encoder layers written out op by op, exactly as the TensorFlow side writes them."""
    import torch

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList()
            for layer in range(w.LAYERS):
                p = f"l{layer}_"
                names = ("q", "k", "v", "o", "ff1", "ff2")
                parts = {n: _linear(torch, weights, p + n) for n in names}
                parts |= {n: _norm(torch, weights, p + n) for n in ("ln1", "ln2")}
                self.layers.append(torch.nn.ModuleDict(parts))
            self.head = _linear(torch, weights, "head")

        def attend(self, layer: Any, x: torch.Tensor) -> torch.Tensor:
            batch, length, width = x.shape
            head_width = width // w.HEADS

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.reshape(batch, length, w.HEADS, head_width).transpose(1, 2)

            q, k, v = split(layer["q"](x)), split(layer["k"](x)), split(layer["v"](x))
            scores = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(head_width), dim=-1)
            return layer["o"]((scores @ v).transpose(1, 2).reshape(batch, length, width))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            layer: Any
            for layer in self.layers:
                x = x + self.attend(layer, layer["ln1"](x))
                x = x + layer["ff2"](torch.relu(layer["ff1"](layer["ln2"](x))))
            return self.head(x.mean(dim=1))

    return Encoder()


def train_step_fn(model: Any, forward: Any, x: Any, y: Any) -> Any:
    """One SGD step of ``forward`` (the model or its compiled form); returns the loss tensor."""
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=w.LEARNING_RATE)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step() -> Any:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(forward(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def _initial_loss(model: Any, x: Any, y: Any) -> float:
    import torch

    with torch.no_grad():
        return float(torch.nn.functional.cross_entropy(model(x), y))


def eager_steps_part(context: JobContext) -> dict[str, Any]:
    """CNN train step, CNN inference and transformer train step, eager, one step per sample."""
    import torch

    device = context.pin_torch()
    sync = torch_sync(device)
    images, labels = w.cnn_data(context.seed)
    x = torch.from_numpy(images.transpose(0, 3, 1, 2).copy()).to(device)
    y = torch.from_numpy(labels).to(device)
    cnn = build_cnn(w.cnn_weights(context.seed)).to(device)
    tokens, token_labels = w.transformer_data(context.seed)
    tx, ty = torch.from_numpy(tokens).to(device), torch.from_numpy(token_labels).to(device)
    encoder = build_transformer(w.transformer_weights(context.seed)).to(device)
    initial = {"cnn": _initial_loss(cnn, x, y), "transformer": _initial_loss(encoder, tx, ty)}

    def infer() -> None:
        with torch.no_grad():
            cnn(x)

    timings = {
        "cnn_inference": context.time_calls(infer, sync),
        "cnn_train_step": context.time_calls(train_step_fn(cnn, cnn, x, y), sync),
        "transformer_train_step": context.time_calls(train_step_fn(encoder, encoder, tx, ty), sync),
    }
    return {"device": device, "timings": timings, "initial_loss": initial, "torch": torch.__version__}


def cnn_train_part(context: JobContext, compiled: bool) -> dict[str, Any]:
    """The CNN train step, eager or with ``torch.compile``; the first (compiling) call is timed apart."""
    import torch

    device = context.pin_torch()
    sync = torch_sync(device)
    images, labels = w.cnn_data(context.seed)
    x = torch.from_numpy(images.transpose(0, 3, 1, 2).copy()).to(device)
    y = torch.from_numpy(labels).to(device)
    model = build_cnn(w.cnn_weights(context.seed)).to(device)
    step = train_step_fn(model, torch.compile(model) if compiled else model, x, y)
    start = time.perf_counter()
    first_loss = float(step())
    if sync is not None:
        sync()
    first_call_s = time.perf_counter() - start
    samples = context.time_calls(step, sync)
    return {
        "device": device,
        "timings": {"cnn_train_step": samples},
        "first_call_s": first_call_s,
        "first_loss": first_loss,
        "torch": torch.__version__,
    }

"""Job: what a breakpoint inside ``forward`` sees in PyTorch, TF ``tf.function`` and TF run eagerly.

``breakpoint()`` calls ``sys.breakpointhook``; we install a non-interactive hook that inspects the
caller's locals the way pdb would (``p x``, ``x.numpy()``). PyTorch and TensorFlow run in separate
processes (two parts; the TF part runs both TF modes), so neither framework shares a process with the other.
"""

from __future__ import annotations

import sys
from typing import Any

from evaluators.job_context import JobContext, JobResult

CALLS = 3


def install_probe(hits: list[dict[str, Any]], to_numpy: str) -> None:
    """Replace the breakpoint hook with one that records whether ``x`` holds concrete values."""

    def probe(*_args: Any, **_kwargs: Any) -> None:
        frame = sys._getframe(1)
        x = frame.f_locals["x"]
        try:
            values = getattr(x, to_numpy)().tolist()
            hits.append({"concrete": True, "type": type(x).__name__, "values": values})
        except Exception as exc:
            hits.append({"concrete": False, "type": type(x).__name__, "error": f"{type(exc).__name__}: {exc}"[:160]})

    sys.breakpointhook = probe


def torch_part(context: JobContext) -> dict[str, Any]:
    import torch

    context.pin_torch()
    hits: list[dict[str, Any]] = []
    install_probe(hits, "numpy")

    class Model(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = x * 2
            breakpoint()
            return x + 1

    model = Model()
    for i in range(CALLS):
        model(torch.full((2,), float(i)))
    return {"hits": hits}


def tf_part(context: JobContext) -> dict[str, Any]:
    """Both TF modes in one process (the eager switch is global but can be flipped between calls)."""
    import tensorflow as tf

    context.pin_tf()
    views: dict[str, Any] = {}
    for mode, eager in (("graph", False), ("eager", True)):
        tf.config.run_functions_eagerly(eager)
        hits: list[dict[str, Any]] = []
        install_probe(hits, "numpy")

        @tf.function
        def forward(x: tf.Tensor) -> tf.Tensor:
            x = x * 2
            breakpoint()
            return x + 1

        for i in range(CALLS):
            forward(tf.fill((2,), float(i)))
        views[mode] = hits
    tf.config.run_functions_eagerly(False)
    return views


def summarise_hits(hits: list[dict[str, Any]]) -> dict[str, Any]:
    return {"fired": len(hits), "concrete": sum(bool(h["concrete"]) for h in hits), "hits": hits}


def run(context: JobContext) -> JobResult:
    torch_view = summarise_hits(context.run_part(f"{__name__}:torch_part")["hits"])
    tf_views = context.run_part(f"{__name__}:tf_part")
    graph_view, eager_view = summarise_hits(tf_views["graph"]), summarise_hits(tf_views["eager"])
    torch_live = torch_view["fired"] == CALLS and torch_view["concrete"] == CALLS
    graph_symbolic = graph_view["fired"] < CALLS and graph_view["concrete"] == 0
    eager_live = eager_view["fired"] == CALLS and eager_view["concrete"] == CALLS
    verdict = "supported" if torch_live and graph_symbolic else "contradicted"
    return JobResult(
        verdict=verdict,
        rationale=(
            f"A breakpoint in forward fired {torch_view['fired']}/{CALLS} times with concrete values in PyTorch but "
            f"{graph_view['fired']}/{CALLS} time(s) with symbolic tensors inside tf.function, and "
            f"{eager_view['fired']}/{CALLS} concrete with run_functions_eagerly(True): this supports 'PyTorch is "
            "easier to debug than TensorFlow graph mode', not 'than TensorFlow eager', which "
            f"{'behaves like PyTorch' if eager_live else 'did not behave like PyTorch here'}."
        ),
        metrics={"pytorch": torch_view, "tf_function": graph_view, "tf_eager": eager_view},
        key_figure=(
            f"breakpoint values: PyTorch {torch_view['concrete']}/{CALLS}, "
            f"tf.function {graph_view['concrete']}/{CALLS}, TF eager {eager_view['concrete']}/{CALLS}"
        ),
        device="cpu",
    )

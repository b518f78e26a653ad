"""Job: what a breakpoint inside ``forward`` sees in PyTorch, TF ``tf.function`` and TF run eagerly.

``breakpoint()`` calls ``sys.breakpointhook``; we install a non-interactive hook that inspects the
caller's locals the way pdb would (``p x``, ``x.numpy()``). PyTorch and TensorFlow run in separate
processes (two parts; the TF part runs both TF modes), so neither framework shares a process with the other.
"""

from __future__ import annotations

import sys
from typing import Any

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import missing_module, records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs.summaries import describe_check
from evaluators.observations import check_side, observation, unavailable

DECLARATION = JobDeclaration(
    job_id="debugging-breakpoints",
    title="What a breakpoint in forward sees: PyTorch vs tf.function vs TF eager",
    frameworks=("pytorch", "tensorflow"),
    sides=(
        SideDeclaration("pytorch", "pytorch", "eager"),
        SideDeclaration("tf-eager", "tensorflow", "eager"),
        SideDeclaration("tf.function", "tensorflow", "compiled"),
    ),
    properties=(
        PropertyDeclaration(
            "debugging",
            (
                "debugging",
                "easy to debug",
                "standard Python debugger such as pdb",
                "setting a breakpoint inside the model",
                "inspecting tensor values while the code runs",
                "stepping through the model with a debugger",
            ),
            cues=("debug", "debugging", "debugger", "breakpoint", "breakpoints", "pdb"),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "breakpoint_sees_values",
            "check",
            "calls",
            "debugging",
            failure_cues=(
                "symbolic tensor",
                "symbolic tensors",
                "symbolic placeholder",
                "symbolic placeholders",
                "symbolic values",
                "no values",
                "no concrete values",
            ),
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

CALLS = 3
LABEL = "a breakpoint inside a model's forward pass showing concrete tensor values"


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


def breakpoint_side(hits: list[dict[str, Any]]) -> dict[str, Any]:
    """Passed when the breakpoint fired on every call and each time saw concrete values."""
    concrete = sum(bool(h["concrete"]) for h in hits)
    passed = len(hits) == CALLS and concrete == CALLS
    detail = f"fired {len(hits)}/{CALLS} calls, concrete values {concrete}/{CALLS}"
    symbolic = [h for h in hits if not h["concrete"]]
    if symbolic:
        detail += f"; saw a {symbolic[0]['type']} ({symbolic[0].get('error', 'no values')})"
    return check_side(passed, detail)


@records_load
def run(context: JobContext) -> JobResult:
    torch_missing, tf_missing = missing_module("torch"), missing_module("tensorflow")
    torch_hits = None if torch_missing else context.run_part(f"{__name__}:torch_part")["hits"]
    tf_views = None if tf_missing else context.run_part(f"{__name__}:tf_part")
    sides = {
        "pytorch": unavailable(str(torch_missing)) if torch_hits is None else breakpoint_side(torch_hits),
        "tf-eager": unavailable(str(tf_missing)) if tf_views is None else breakpoint_side(tf_views["eager"]),
        "tf.function": unavailable(str(tf_missing)) if tf_views is None else breakpoint_side(tf_views["graph"]),
    }
    check = observation("breakpoint_sees_values", LABEL, "check", "calls", sides)
    return JobResult(
        observations=[check],
        rationale=(
            f"A breakpoint() inside forward was called {CALLS} times in PyTorch, in TensorFlow eager "
            "(run_functions_eagerly) and inside a tf.function, with a hook that reads the local tensor's values "
            f"as pdb would: {describe_check(check)}."
        ),
        metrics={
            "pytorch": torch_hits,
            "tf_eager": (tf_views or {}).get("eager"),
            "tf_function": (tf_views or {}).get("graph"),
        },
        key_figure=describe_check(check),
        device="cpu",
    )

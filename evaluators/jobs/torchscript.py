"""Job: TorchScript script → save → load in a fresh process that never imports the model class.

Verifies "TorchScript for serializing models": the artifact must carry the code and weights on its
own. The deprecation warning torch emits for TorchScript is recorded, because it matters to anyone
choosing it for new deployments.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from evaluators.declarations import (
    OUTPUTS_DIFFER,
    JobDeclaration,
    MetricDeclaration,
    PropertyDeclaration,
    SideDeclaration,
)
from evaluators.harness import records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.observations import check_side, observation

DECLARATION = JobDeclaration(
    job_id="torchscript-roundtrip",
    title="TorchScript script, save, load in a fresh process",
    frameworks=("pytorch",),
    sides=(SideDeclaration("pytorch", "pytorch"),),
    properties=(
        PropertyDeclaration(
            "torchscript",
            (
                "TorchScript",
                "serializing a model to TorchScript",
                "scripting a model and loading it without its Python class",
            ),
            cues=("torchscript", "scripted model", "scripted models"),
        ),
    ),
    metrics=(
        MetricDeclaration("torchscript_roundtrip", "check", "outputs", "torchscript", failure_cues=OUTPUTS_DIFFER),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TOLERANCE = 1e-6


def load_part(context: JobContext, artifact: str, input_path: str) -> dict[str, Any]:
    """Fresh process: only torch and the artifact, no model class in sight."""
    import torch

    context.pin_torch()
    module = torch.jit.load(artifact)
    with torch.no_grad():
        output = module(torch.from_numpy(np.load(input_path)))
    return {"output": output.numpy().tolist()}


def warning_lines(caught: list[warnings.WarningMessage]) -> list[str]:
    """First lines of the deprecation-like warnings torch emitted while scripting."""
    kinds = DeprecationWarning | FutureWarning | UserWarning
    return sorted({str(w.message).split("\n")[0][:200] for w in caught if issubclass(w.category, kinds)})


@records_load
def run(context: JobContext) -> JobResult:
    import torch

    from evaluators.jobs.torch_models import build_model, sample_input

    context.pin_torch()
    model, x = build_model(context.seed), sample_input(context.seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scripted = torch.jit.script(model)
    artifact, input_path = context.work_path / "model.pt", context.work_path / "input.npy"
    scripted.save(str(artifact))
    np.save(input_path, x)
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    loaded = np.asarray(
        context.run_part(f"{__name__}:load_part", artifact=str(artifact), input_path=str(input_path))["output"]
    )
    max_diff = float(np.abs(loaded - expected).max())
    deprecations = warning_lines(caught)
    warning_note = f" torch warned: {deprecations[0]!r}." if deprecations else " torch emitted no deprecation warning."
    detail = (
        f"torch.jit.script saved {artifact.stat().st_size // 1024} KiB; reloaded in a fresh process without the "
        f"model class, max abs diff {max_diff:.1e} (tolerance {TOLERANCE:g}).{warning_note}"
    )
    check = observation(
        "torchscript_roundtrip",
        "a TorchScript model reloaded in a fresh process without its Python class",
        "check",
        "max abs diff",
        {"pytorch": check_side(max_diff <= TOLERANCE, detail)},
    )
    return JobResult(
        observations=[check],
        rationale=(
            f"A small MLP with a data-dependent branch was scripted, saved and reloaded in a fresh process that "
            f"never imports its class, and its outputs compared with eager PyTorch: {detail}"
        ),
        metrics={
            "max_abs_diff": max_diff,
            "artifact_bytes": artifact.stat().st_size,
            "deprecation_warnings": deprecations,
            "torch": torch.__version__,
        },
        key_figure=f"TorchScript round trip max diff {max_diff:.1e}" + (" (deprecated)" if deprecations else ""),
        device="cpu",
    )

"""Job: TorchScript script → save → load in a fresh process that never imports the model class.

Verifies "TorchScript for serializing models": the artifact must carry the code and weights on its
own. The deprecation warning torch emits for TorchScript is recorded, because it matters to anyone
choosing it for new deployments.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from evaluators.job_context import JobContext, JobResult

TOLERANCE = 1e-6


def load_part(context: JobContext, artifact: str, input_path: str) -> dict[str, Any]:
    """Fresh process: only torch and the artifact, no model class in sight."""
    import torch

    context.pin_torch()
    module = torch.jit.load(artifact)
    with torch.no_grad():
        output = module(torch.from_numpy(np.load(input_path)))
    return {"output": output.numpy().tolist()}


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
    deprecations = sorted(
        {
            str(w.message).split("\n")[0][:200]
            for w in caught
            if issubclass(w.category, DeprecationWarning | FutureWarning | UserWarning)
        }
    )
    warning_note = f" torch warned: {deprecations[0]!r}." if deprecations else " torch emitted no deprecation warning."
    return JobResult(
        verdict="supported" if max_diff <= TOLERANCE else "contradicted",
        rationale=(
            f"A scripted model saved to {artifact.stat().st_size // 1024} KiB reloaded in a fresh process "
            f"without its class and matched eager outputs (max abs diff {max_diff:.1e}).{warning_note}"
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

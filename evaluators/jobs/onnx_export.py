"""Job: export with the default ``torch.onnx.export`` exporter, run with ONNX Runtime elsewhere.

Verifies "ONNX for cross-framework compatibility": the ONNX file is run by onnxruntime in a fresh
process that imports no torch at all, and outputs are compared with PyTorch's.
"""

from __future__ import annotations

import time
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
    job_id="onnx-export",
    title="ONNX export and ONNX Runtime parity",
    frameworks=("pytorch", "onnxruntime"),
    sides=(SideDeclaration("pytorch", "pytorch"),),
    properties=(
        PropertyDeclaration(
            "onnx-export",
            (
                "ONNX export",
                "exporting a model to ONNX",
                "running an exported model in ONNX Runtime",
            ),
            cues=("onnx",),
        ),
    ),
    metrics=(
        MetricDeclaration("onnx_runtime_parity", "check", "max abs diff", "onnx-export", failure_cues=OUTPUTS_DIFFER),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TOLERANCE = 1e-4


def runtime_part(context: JobContext, artifact: str, input_path: str) -> dict[str, Any]:
    """Fresh process with onnxruntime only."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = context.threads
    session = onnxruntime.InferenceSession(artifact, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    output = session.run(None, {name: np.load(input_path)})[0]
    return {"output": np.asarray(output).tolist(), "onnxruntime": onnxruntime.__version__}


@records_load
def run(context: JobContext) -> JobResult:
    import torch

    from evaluators.jobs.torch_models import build_model, sample_input

    context.pin_torch()
    model, x = build_model(context.seed, with_branch=False), sample_input(context.seed)
    artifact, input_path = context.work_path / "model.onnx", context.work_path / "input.npy"
    np.save(input_path, x)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.from_numpy(x),), str(artifact))
    export_s = time.perf_counter() - start
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    runtime = context.run_part(f"{__name__}:runtime_part", artifact=str(artifact), input_path=str(input_path))
    max_diff = float(np.abs(np.asarray(runtime["output"]) - expected).max())
    size = artifact.stat().st_size + sum(p.stat().st_size for p in artifact.parent.glob("model.onnx.data"))
    detail = (
        f"torch.onnx.export (default exporter, {export_s:.1f} s) wrote {size // 1024} KiB; onnxruntime "
        f"{runtime['onnxruntime']} in a torch-free process, max abs diff {max_diff:.1e} (tolerance {TOLERANCE:g})"
    )
    check = observation(
        "onnx_runtime_parity",
        "a PyTorch model exported to ONNX and run by ONNX Runtime",
        "check",
        "max abs diff",
        {"pytorch": check_side(max_diff <= TOLERANCE, detail)},
    )
    return JobResult(
        observations=[check],
        rationale=f"A small PyTorch MLP was exported to ONNX and run by ONNX Runtime without torch: {detail}.",
        metrics={"max_abs_diff": max_diff, "export_s": export_s, "artifact_bytes": size, **runtime, "output": None},
        key_figure=f"ONNX Runtime max diff {max_diff:.1e} vs PyTorch",
        device="cpu",
    )

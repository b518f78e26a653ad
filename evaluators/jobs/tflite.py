"""Job: Keras ``model.export(format="litert")`` and the LiteRT interpreter.

Verifies "TensorFlow Lite" for mobile: the .tflite flatbuffer runs in a fresh process under
``ai_edge_litert.interpreter.Interpreter`` (no TensorFlow import there) and must match Keras within
tolerance. Falls back to ``tf.lite.TFLiteConverter`` if the Keras export path fails, and says so.
"""

from __future__ import annotations

from pathlib import Path
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
    job_id="tflite-export",
    title="Keras LiteRT export and interpreter parity",
    frameworks=("tensorflow", "litert"),
    sides=(SideDeclaration("tensorflow", "tensorflow"),),
    properties=(
        PropertyDeclaration(
            "tflite-mobile",
            (
                "TensorFlow Lite",
                "LiteRT",
                "running models on mobile phones",
                "converting a model to .tflite for mobile devices",
            ),
            cues=("tensorflow lite", "tflite", "litert", "mobile", "phone", "phones"),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "tflite_interpreter_parity", "check", "max abs diff", "tflite-mobile", failure_cues=OUTPUTS_DIFFER
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TOLERANCE = 1e-5


def interpreter_part(context: JobContext, artifact: str, input_path: str) -> dict[str, Any]:
    """Fresh process with the LiteRT runtime only."""
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=artifact, num_threads=context.threads)
    x = np.load(input_path)
    input_detail = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(input_detail["index"], list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(input_detail["index"], x)
    interpreter.invoke()
    output = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
    return {"output": output.tolist()}


def export_litert(model: Any, artifact: Path) -> str:
    """Write the .tflite file; returns which path produced it."""
    try:
        model.export(str(artifact), format="litert", verbose=False)
        if artifact.exists():
            return 'keras model.export(format="litert")'
    except Exception as exc:  # fall back and record why
        fallback_reason = f"{type(exc).__name__}: {exc}"[:120]
    else:
        fallback_reason = "keras export wrote no file"
    import tensorflow as tf

    artifact.write_bytes(tf.lite.TFLiteConverter.from_keras_model(model).convert())
    return f"tf.lite.TFLiteConverter (keras export failed: {fallback_reason})"


@records_load
def run(context: JobContext) -> JobResult:
    from evaluators.jobs.tf_models import build_model, sample_input

    context.pin_tf()
    model, x = build_model(context.seed), sample_input(context.seed)
    artifact, input_path = context.work_path / "model.tflite", context.work_path / "input.npy"
    exporter = export_litert(model, artifact)
    np.save(input_path, x)
    expected = np.asarray(model(x, training=False))
    produced = context.run_part(f"{__name__}:interpreter_part", artifact=str(artifact), input_path=str(input_path))
    max_diff = float(np.abs(np.asarray(produced["output"]) - expected).max())
    size = artifact.stat().st_size
    detail = (
        f"{exporter} wrote {size / 1024:.1f} KiB; the LiteRT interpreter in a TensorFlow-free process, "
        f"max abs diff {max_diff:.1e} (tolerance {TOLERANCE:g})"
    )
    check = observation(
        "tflite_interpreter_parity",
        "a Keras model exported to LiteRT (.tflite) and run by the LiteRT interpreter",
        "check",
        "max abs diff",
        {"tensorflow": check_side(max_diff <= TOLERANCE, detail)},
    )
    return JobResult(
        observations=[check],
        rationale=f"A small Keras model was exported to a .tflite file and run by the LiteRT interpreter: {detail}.",
        metrics={"max_abs_diff": max_diff, "artifact_bytes": size, "exporter": exporter},
        key_figure=f"LiteRT {size / 1024:.1f} KiB, max diff {max_diff:.1e}",
        device="cpu",
    )

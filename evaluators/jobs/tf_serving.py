"""Job: Keras ``model.export()`` writes a SavedModel with a ``serving_default`` signature.

That signature is what TensorFlow Serving loads. We reload the artifact in a fresh process with
``tf.saved_model.load`` and compare outputs. No server is started, so the evidence says
"Serving-compatible artifact", never "served".
"""

from __future__ import annotations

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
    job_id="tf-serving-artifact",
    title="Keras export to a Serving-compatible SavedModel",
    frameworks=("tensorflow",),
    sides=(SideDeclaration("tensorflow", "tensorflow"),),
    properties=(
        PropertyDeclaration(
            "savedmodel-serving",
            (
                "TensorFlow Serving",
                "SavedModel export for serving",
                "serving a model in production from a SavedModel",
            ),
            cues=("savedmodel", "tensorflow serving", "serving"),
        ),
    ),
    metrics=(
        MetricDeclaration(
            "savedmodel_serving_signature", "check", "max abs diff", "savedmodel-serving", failure_cues=OUTPUTS_DIFFER
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TOLERANCE = 1e-6


def reload_part(context: JobContext, artifact: str, input_path: str) -> dict[str, Any]:
    """Fresh process: only TensorFlow and the SavedModel directory."""
    import tensorflow as tf

    context.pin_tf()
    loaded = tf.saved_model.load(artifact)
    signatures = sorted(loaded.signatures.keys())
    serve = loaded.signatures["serving_default"]
    (input_name,) = serve.structured_input_signature[1].keys()
    outputs = serve(**{input_name: tf.constant(np.load(input_path))})
    (output,) = outputs.values()
    return {"signatures": signatures, "input_name": input_name, "output": output.numpy().tolist()}


@records_load
def run(context: JobContext) -> JobResult:
    from evaluators.jobs.tf_models import build_model, sample_input

    context.pin_tf()
    model, x = build_model(context.seed), sample_input(context.seed)
    artifact, input_path = context.work_path / "saved_model", context.work_path / "input.npy"
    model.export(str(artifact), verbose=False)
    np.save(input_path, x)
    expected = np.asarray(model(x, training=False))
    reloaded = context.run_part(f"{__name__}:reload_part", artifact=str(artifact), input_path=str(input_path))
    max_diff = float(np.abs(np.asarray(reloaded["output"]) - expected).max())
    has_signature = "serving_default" in reloaded["signatures"]
    size = sum(p.stat().st_size for p in artifact.rglob("*") if p.is_file())
    detail = (
        f"Keras model.export() wrote a {size // 1024} KiB SavedModel with signatures {reloaded['signatures']}; "
        f"reloaded in a fresh process, max abs diff {max_diff:.1e} (tolerance {TOLERANCE:g})"
    )
    check = observation(
        "savedmodel_serving_signature",
        "a Keras model exported as a SavedModel with a serving_default signature",
        "check",
        "max abs diff",
        {"tensorflow": check_side(has_signature and max_diff <= TOLERANCE, detail)},
    )
    return JobResult(
        observations=[check],
        rationale=(
            f"A small Keras model was exported with model.export() and its serving signature called in a fresh "
            f"process: {detail}. This is a Serving-compatible artifact; no TF Serving server was run."
        ),
        metrics={"max_abs_diff": max_diff, "artifact_bytes": size, **reloaded, "output": None},
        key_figure=f"Serving-compatible artifact (serving_default), max diff {max_diff:.1e}",
        device="cpu",
    )

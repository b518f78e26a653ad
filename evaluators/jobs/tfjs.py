"""Job: is the TensorFlow.js converter available in this environment?

``tensorflowjs`` cannot be installed beside TensorFlow 2.21, so the usual outcome is
``inconclusive`` with that reason; if it is importable, a Keras model is converted to the TF.js
layers format and the written ``model.json`` is checked.
"""

from __future__ import annotations

import importlib.util

from evaluators.job_context import JobContext, JobResult


def run(context: JobContext) -> JobResult:
    if importlib.util.find_spec("tensorflowjs") is None:
        return JobResult(
            verdict="inconclusive",
            rationale=(
                "The tensorflowjs converter is not importable here (its pins conflict with TensorFlow 2.21), so the "
                "TF.js browser path could not be exercised locally; this is not evidence against it."
            ),
            metrics={"tensorflowjs_importable": False},
            key_figure="tensorflowjs not installable beside TF 2.21",
        )
    import tensorflowjs

    from evaluators.jobs.tf_models import build_model

    context.pin_tf()
    target = context.work_path / "tfjs"
    tensorflowjs.converters.save_keras_model(build_model(context.seed), str(target))
    written = (target / "model.json").exists()
    return JobResult(
        verdict="supported" if written else "contradicted",
        rationale=f"tensorflowjs {tensorflowjs.__version__} converted a Keras model to the TF.js layers format.",
        metrics={"tensorflowjs_importable": True, "model_json_written": written},
        key_figure=f"tensorflowjs {tensorflowjs.__version__}: model.json {'written' if written else 'missing'}",
    )

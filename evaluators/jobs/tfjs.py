"""Job: does the TensorFlow.js converter turn a Keras model into a ``model.json`` here?

``tensorflowjs`` cannot be installed beside TensorFlow 2.21, so the usual outcome is an ``unavailable``
side with that reason (not a failed check); where it is importable, a Keras model is converted to the
TF.js layers format and the written ``model.json`` is checked.
"""

from __future__ import annotations

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import missing_module, records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.jobs.summaries import describe_check
from evaluators.observations import check_side, observation, unavailable

DECLARATION = JobDeclaration(
    job_id="tfjs-converter",
    title="TensorFlow.js converter availability",
    frameworks=("tensorflow",),
    sides=(SideDeclaration("tensorflow", "tensorflow"),),
    properties=(
        PropertyDeclaration(
            "tfjs-browser",
            (
                "TensorFlow.js",
                "running models in the browser",
                "converting a model for JavaScript",
            ),
            cues=("tensorflow.js", "tfjs", "browser", "browsers"),
        ),
    ),
    metrics=(MetricDeclaration("tfjs_conversion", "check", "files", "tfjs-browser"),),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

LABEL = "a Keras model converted to the TensorFlow.js layers format"


@records_load
def run(context: JobContext) -> JobResult:
    missing = missing_module("tensorflowjs")
    if missing:
        side = unavailable(f"{missing} (its pins conflict with TensorFlow 2.21, so it cannot be installed beside it)")
        check = observation("tfjs_conversion", LABEL, "check", "files", {"tensorflow": side})
        return JobResult(
            observations=[check],
            rationale=(
                "The tensorflowjs converter is not importable in this environment, so no conversion was attempted: "
                f"{side['unavailable']}."
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
    detail = f"tensorflowjs {tensorflowjs.__version__}: model.json {'written' if written else 'missing'}"
    check = observation("tfjs_conversion", LABEL, "check", "files", {"tensorflow": check_side(written, detail)})
    return JobResult(
        observations=[check],
        rationale=f"tensorflowjs converted a small Keras model to the TF.js layers format: {detail}.",
        metrics={"tensorflowjs_importable": True, "model_json_written": written},
        key_figure=describe_check(check),
    )

"""The default catalog of verification jobs for the bundled PyTorch-vs-TensorFlow article.

Which claims each job measures, and what it must show, lives in the hypothesis table
(:mod:`knowledge.hypotheses`, shared with the extractor's ``is_testable``); this module only says what
runs, on what, and how long it may take.
"""

from __future__ import annotations

from evaluators.registry import Job, JobRegistry

TORCH_MODELS = ("evaluators.jobs.torch_models",)
TF_MODELS = ("evaluators.jobs.tf_models",)
WORKLOADS = ("evaluators.jobs.workloads", "evaluators.jobs.torch_workloads", "evaluators.jobs.tf_workloads")


def _job(job_id: str, title: str, module: str, frameworks: tuple[str, ...], **options: object) -> Job:
    return Job(
        id=job_id,
        version=2,
        title=title,
        target=f"evaluators.jobs.{module}:run",
        frameworks=frameworks,
        **options,  # type: ignore[arg-type]
    )


def default_jobs() -> list[Job]:
    """Every job, in the order the suite runs them (cheap checks first)."""
    both = ("pytorch", "tensorflow")
    return [
        _job(
            "torch-dynamic-control-flow",
            "Data-dependent loops and branches: PyTorch eager, TF eager, tf.function",
            "control_flow",
            ("pytorch",),
            device="any",
        ),
        _job(
            "debugging-breakpoints",
            "What a breakpoint in forward sees: PyTorch vs tf.function vs TF eager",
            "debugging",
            both,
        ),
        _job("tf-eager-default", "TensorFlow 2.x executes eagerly by default", "tf_eager_default", ("tensorflow",)),
        _job(
            "tf-graph-vs-eager",
            "TF CNN train step: eager vs tf.function",
            "tf_graph_modes",
            ("tensorflow",),
            device="any",
            timing=True,
            timeout_s=300,
            support_modules=WORKLOADS,
        ),
        _job(
            "torch-vs-tf-training-step",
            "Same CNN and transformer steps, eager PyTorch vs eager TensorFlow",
            "training_step",
            both,
            device="any",
            timing=True,
            timeout_s=400,
            support_modules=WORKLOADS,
        ),
        _job(
            "numpy-interop",
            "NumPy interop: zero-copy and conversion time",
            "numpy_interop",
            both,
            timing=True,
            timeout_s=300,
        ),
        _job(
            "torchscript-roundtrip",
            "TorchScript script, save, load in a fresh process",
            "torchscript",
            ("pytorch",),
            support_modules=TORCH_MODELS,
        ),
        _job(
            "onnx-export",
            "ONNX export and ONNX Runtime parity",
            "onnx_export",
            ("pytorch", "onnxruntime"),
            support_modules=TORCH_MODELS,
        ),
        _job(
            "tf-serving-artifact",
            "Keras export to a Serving-compatible SavedModel",
            "tf_serving",
            ("tensorflow",),
            support_modules=TF_MODELS,
        ),
        _job(
            "tflite-export",
            "Keras LiteRT export and interpreter parity",
            "tflite",
            ("tensorflow", "litert"),
            support_modules=TF_MODELS,
        ),
        _job(
            "tfjs-converter", "TensorFlow.js converter availability", "tfjs", ("tensorflow",), support_modules=TF_MODELS
        ),
        _job(
            "automl-tuners",
            "Keras Tuner vs Optuna: availability and search quality at an equal budget",
            "automl",
            both,
            timeout_s=240,
        ),
        _job(
            "framework-footprint",
            "Import time, memory and installed size",
            "footprint",
            both,
            timing=True,
            timeout_s=240,
        ),
        _job(
            "torch-compile",
            "PyTorch CNN train step: eager vs torch.compile",
            "torch_compile",
            ("pytorch",),
            device="any",
            tier="slow",
            timing=True,
            timeout_s=900,
            support_modules=WORKLOADS,
        ),
        _job(
            "torch-vs-tf-compiled-step",
            "Same CNN train step compiled: torch.compile vs tf.function",
            "compiled_step",
            both,
            device="any",
            tier="slow",
            timing=True,
            timeout_s=900,
            support_modules=WORKLOADS,
        ),
        _job(
            "torchscript-cpp-runtime",
            "TorchScript model loaded from C++ (libtorch)",
            "cpp_runtime",
            ("pytorch", "c++"),
            tier="slow",
            timeout_s=400,
            support_modules=TORCH_MODELS,
        ),
    ]


def default_registry() -> JobRegistry:
    """A fresh registry of the default catalog (no module-level instance)."""
    return JobRegistry(default_jobs())

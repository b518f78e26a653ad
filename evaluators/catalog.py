"""The default catalog of verification jobs: which job modules run, in what order, on what, for how long.

What each job measures (its id, sides, metrics and the properties they speak to) is declared in the job
module itself (``DECLARATION``, :mod:`evaluators.declarations`); this module collects those declarations
and adds only how a job runs. :func:`declarations` and :func:`measured_properties` are what the claim
linker, the measured-question resolver and ``docs/jobs.md`` read.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from evaluators.declarations import JobDeclaration, MeasuredProperty, property_metrics
from evaluators.declarations import measured_properties as collect_properties
from evaluators.errors import JobDefinitionError
from evaluators.registry import Job, JobRegistry

TORCH_MODELS = ("evaluators.jobs.torch_models",)
TF_MODELS = ("evaluators.jobs.tf_models",)
WORKLOADS = ("evaluators.jobs.workloads", "evaluators.jobs.torch_workloads", "evaluators.jobs.tf_workloads")
JOB_PACKAGE = "evaluators.jobs"

SUITE: tuple[tuple[str, dict[str, object]], ...] = (
    ("control_flow", {"device": "any"}),
    ("debugging", {}),
    ("tf_eager_default", {}),
    ("tf_graph_modes", {"device": "any", "timing": True, "timeout_s": 300, "support_modules": WORKLOADS}),
    ("training_step", {"device": "any", "timing": True, "timeout_s": 400, "support_modules": WORKLOADS}),
    ("numpy_interop", {"timing": True, "timeout_s": 300}),
    ("torchscript", {"support_modules": TORCH_MODELS}),
    ("onnx_export", {"support_modules": TORCH_MODELS}),
    ("tf_serving", {"support_modules": TF_MODELS}),
    ("tflite", {"support_modules": TF_MODELS}),
    ("tfjs", {"support_modules": TF_MODELS}),
    ("automl", {"timeout_s": 240}),
    ("footprint", {"timing": True, "timeout_s": 240}),
    (
        "torch_compile",
        {"device": "any", "tier": "slow", "timing": True, "timeout_s": 900, "support_modules": WORKLOADS},
    ),
    (
        "compiled_step",
        {"device": "any", "tier": "slow", "timing": True, "timeout_s": 900, "support_modules": WORKLOADS},
    ),
    ("cpp_runtime", {"tier": "slow", "timeout_s": 400, "support_modules": TORCH_MODELS}),
)
"""Job modules in the order the suite runs them (cheap checks first), with how each runs."""


@lru_cache(maxsize=64)
def declaration_of(module: str) -> JobDeclaration:
    """A job module's ``DECLARATION`` (importing the module runs no framework: they import theirs lazily)."""
    found = getattr(importlib.import_module(f"{JOB_PACKAGE}.{module}"), "DECLARATION", None)
    if not isinstance(found, JobDeclaration):
        raise JobDefinitionError(f"job module {module!r} declares no DECLARATION")
    return found


def _job(module: str, options: dict[str, object]) -> Job:
    declaration = declaration_of(module)
    return Job(
        id=declaration.job_id,
        version=2,
        title=declaration.title,
        target=f"{JOB_PACKAGE}.{module}:run",
        frameworks=declaration.frameworks,
        declaration=declaration,
        **options,  # type: ignore[arg-type]
    )


def default_jobs() -> list[Job]:
    """Every job, in the order the suite runs them (cheap checks first)."""
    return [_job(module, options) for module, options in SUITE]


def default_registry() -> JobRegistry:
    """A fresh registry of the default catalog (no module-level instance)."""
    return JobRegistry(default_jobs())


def declarations() -> list[JobDeclaration]:
    """Every job's declaration, in suite order."""
    return [declaration_of(module) for module, _ in SUITE]


def measured_properties() -> list[MeasuredProperty]:
    """Every (property, job, metric) the catalog measures: what claims and questions are linked to."""
    return collect_properties(declarations())


def metrics_by_property() -> dict[str, list[tuple[str, str]]]:
    """``property id -> [(job id, metric), ...]`` for the measured-question resolver."""
    return property_metrics(measured_properties())


def tools_by_property() -> dict[str, tuple[str, str]]:
    """``property id -> (tool, framework)`` where a property is measured by jobs whose sides are all one
    framework's and one of them is that framework's compiler: "how do I compile a PyTorch training step?" is
    answered by the job's own declaration (``torch.compile``, PyTorch) where the article says nothing of it."""
    tools: dict[str, set[tuple[str, str]]] = {}
    for declaration in declarations():
        frameworks = {side.framework for side in declaration.sides}
        compiled = [side for side in declaration.sides if side.mode == "compiled"]
        if len(frameworks) != 1 or len(compiled) != 1:
            continue
        for metric in declaration.metrics:
            if metric.property_id is not None:
                tools.setdefault(metric.property_id, set()).add((compiled[0].label, compiled[0].framework))
    return {prop: next(iter(found)) for prop, found in tools.items() if len(found) == 1}

"""The catalog collects each job module's declaration: what it measures is said once, where the job lives."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from evaluators import catalog
from evaluators.catalog_doc import generated_part, jobs_markdown
from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.errors import JobDefinitionError

DOC = Path(__file__).resolve().parents[2] / "docs" / "jobs.md"
SHARED_PROPERTY_IDS = {
    "training-speed", "inference-speed", "compiled-training-speed", "graph-speedup", "torch-compile-speedup",
    "import-time", "install-size", "import-memory", "numpy-interop", "debugging", "dynamic-control-flow",
    "eager-default", "torchscript", "onnx-export", "cpp-runtime", "savedmodel-serving", "tflite-mobile",
    "tfjs-browser", "automl-tuning",
}  # fmt: skip


def test_every_job_of_the_catalog_comes_from_its_module_declaration() -> None:
    for job in catalog.default_jobs():
        assert job.declaration is not None
        assert job.id == job.declaration.job_id
        assert importlib.import_module(job.module_name).DECLARATION is job.declaration


def test_declared_metrics_are_the_ones_the_job_module_reports() -> None:
    for job in catalog.default_jobs():
        assert job.declaration is not None
        source = Path(importlib.import_module(job.module_name).__file__ or "").read_text()
        body = source.split('"""What this job measures', 1)[1]
        for metric in job.declaration.metrics:
            assert metric.name in body, (job.id, metric.name)


def test_measured_properties_cover_the_shared_vocabulary_with_typed_entries() -> None:
    found = catalog.measured_properties()
    assert {prop.property_id for prop in found} == SHARED_PROPERTY_IDS
    size = next(prop for prop in found if prop.property_id == "install-size")
    assert (size.job_id, size.metric, size.unit, size.better) == (
        "framework-footprint",
        "installed_size",
        "MB",
        "lower",
    )
    assert size.side_labels == ("pytorch", "tensorflow")
    assert any("install size" in phrase for phrase in size.phrases)


def test_metrics_by_property_lists_job_and_metric_pairs() -> None:
    table = catalog.metrics_by_property()
    assert table["training-speed"] == [
        ("torch-vs-tf-training-step", "cnn_train_step_eager"),
        ("torch-vs-tf-training-step", "transformer_train_step_eager"),
    ]
    assert table["graph-speedup"] == [("tf-graph-vs-eager", "cnn_train_step")]


def test_a_metric_naming_an_undeclared_property_is_a_definition_error() -> None:
    with pytest.raises(JobDefinitionError):
        JobDeclaration(
            "j", "t", ("pytorch",), (SideDeclaration("pytorch", "pytorch"),),
            (MetricDeclaration("m", "timing", "s", "nowhere", better="lower"),),
            (PropertyDeclaration("somewhere", ("words",)),),
        )  # fmt: skip
    with pytest.raises(JobDefinitionError):
        MetricDeclaration("m", "check", "s", None, better="lower")


def test_jobs_doc_is_generated_from_the_declarations() -> None:
    generated = generated_part(DOC.read_text())
    assert generated == jobs_markdown(catalog.default_jobs()), (
        "docs/jobs.md is stale: python bench/regen_evidence_doc.py"
    )


def test_the_tool_a_property_is_measured_with_comes_from_the_jobs_sides() -> None:
    """A job whose sides are one framework's, one of them its compiler, names the tool for that property."""
    from evaluators.catalog import tools_by_property

    tools = tools_by_property()
    assert tools["torch-compile-speedup"] == ("torch.compile", "pytorch")
    assert tools["graph-speedup"] == ("tf.function", "tensorflow")
    assert "training-speed" not in tools and "debugging" not in tools  # both frameworks' sides

"""Measured findings for answers: what the evaluators measured here about a measurable question.

A question is measurable when the question model reads a measured property in it (training or inference
speed, import time, installed size, memory, NumPy interop, graph mode, torch.compile: the property ids the
jobs declare). The answer then carries
a "Measured here" part: the findings of the jobs' current records, with device and versions, and which
framework they favour. When nothing was measured yet it names the job and the command that measures it.

:func:`weigh` folds a measurement into a pick: where the article is silent the pick follows the
measurement and says so; where article and measurement disagree, the answer says both and its confidence
drops; agreement raises it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from assistant.question import Question
    from evaluators.service import EvaluationService

FRAMEWORK_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
AGREEMENT_BONUS = 0.1
DISAGREEMENT_PENALTY = 0.25


@dataclass(frozen=True, slots=True)
class MetricRef:
    """A job metric that measures a property; ``metric`` None means every finding of the job."""

    job_id: str
    metric: str | None = None

    def matches(self, finding: Mapping[str, Any]) -> bool:
        return finding.get("job_id") == self.job_id and self.metric in (None, finding.get("metric"))


class MeasuredProperties(Protocol):
    """Where a measured property is measured: property id -> the job metrics that answer it, best first."""

    def metrics_for(self, property_id: str) -> tuple[MetricRef, ...]: ...

    def tool_for(self, property_id: str) -> tuple[str, str] | None: ...

    def failure_words(self, job_id: str, metric: str) -> tuple[str, ...]: ...


class DeclaredProperties:
    """The job declarations as ``MeasuredProperties``: the one place that reads them.

    ``declarations`` maps a property id to (job id, metric or None) pairs. ``from_catalog`` reads the
    declarations the jobs make; until each job declares its properties (``evaluators.catalog``), it reads
    the shared table below, keyed to the existing job ids and metric names.
    """

    def __init__(
        self,
        declarations: Mapping[str, Sequence[tuple[str, str | None]]],
        tools: Mapping[str, tuple[str, str]] | None = None,
        failures: Mapping[tuple[str, str], tuple[str, ...]] | None = None,
    ) -> None:
        self._metrics = {
            prop: tuple(MetricRef(job, metric) for job, metric in pairs) for prop, pairs in declarations.items()
        }
        self._tools = dict(tools or {})
        self._failures = dict(failures or {})

    @classmethod
    def from_catalog(cls) -> DeclaredProperties:
        """The jobs' own declarations where the catalog collects them (``metrics_by_property``), else the
        shared table below: the one place to switch once every job declares its properties."""
        from evaluators import catalog

        declared = getattr(catalog, "metrics_by_property", None)
        tools = getattr(catalog, "tools_by_property", None)
        failures = {(m.job_id, m.metric): m.failure_cues for m in catalog.measured_properties() if m.failure_cues}
        return cls(
            declared() if callable(declared) else SHARED_PROPERTIES, tools() if callable(tools) else None, failures
        )

    def failure_words(self, job_id: str, metric: str) -> tuple[str, ...]:
        """The words a check declares for its failing ("copies" for zero-copy NumPy); () for a quantity."""
        return self._failures.get((job_id, metric), ())

    def tool_for(self, property_id: str) -> tuple[str, str] | None:
        """The one framework's tool that the jobs measuring ``property_id`` run (``torch.compile``, PyTorch)."""
        return self._tools.get(property_id)

    def properties(self) -> tuple[str, ...]:
        return tuple(self._metrics)

    def metrics_for(self, property_id: str) -> tuple[MetricRef, ...]:
        return self._metrics.get(property_id, ())


SHARED_PROPERTIES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "training-speed": (
        ("torch-vs-tf-training-step", "cnn_train_step_eager"),
        ("torch-vs-tf-training-step", "transformer_train_step_eager"),
    ),
    "inference-speed": (("torch-vs-tf-training-step", "cnn_inference_eager"),),
    "compiled-training-speed": (("torch-vs-tf-compiled-step", "cnn_train_step_compiled"),),
    "graph-speedup": (("tf-graph-vs-eager", "cnn_train_step"),),
    "torch-compile-speedup": (("torch-compile", "train_step"),),
    "import-time": (("framework-footprint", "import_time"),),
    "install-size": (("framework-footprint", "installed_size"),),
    "import-memory": (("framework-footprint", "import_rss"),),
    "numpy-interop": (("numpy-interop", "numpy_zero_copy"), ("numpy-interop", "numpy_conversion_time")),
    "debugging": (("debugging-breakpoints", "breakpoint_sees_values"),),
    "dynamic-control-flow": (("torch-dynamic-control-flow", "data_dependent_control_flow"),),
    "eager-default": (("tf-eager-default", "eager_by_default"),),
    "torchscript": (("torchscript-roundtrip", None),),
    "onnx-export": (("onnx-export", None),),
    "cpp-runtime": (("torchscript-cpp-runtime", None),),
    "savedmodel-serving": (("tf-serving-artifact", None),),
    "tflite-mobile": (("tflite-export", None),),
    "tfjs-browser": (("tfjs-converter", None),),
    "automl-tuning": (("automl-tuners", None),),
}
"""The shared property vocabulary (each job will declare its own; then ``from_catalog`` reads those)."""


@dataclass(frozen=True, slots=True)
class MeasuredPart:
    """The measured findings an answer carries, and what is still to measure."""

    topics: tuple[str, ...]
    findings: tuple[dict[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    """Jobs that would measure this and have no current record here."""
    favors: str | None = None
    """The framework every framework-level finding favours beyond noise, else None."""
    record_ids: tuple[str, ...] = field(default=())
    tool: tuple[str, str] | None = None
    """The tool and its framework where the jobs measure one framework's tool (``torch.compile``, PyTorch)."""
    failure_words: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    """(job id, metric) -> the words its check declares for failing ("copies"): what a question asking whether a
    framework fails the check uses."""

    def lines(self) -> list[str]:
        """The 'Measured here' sentences, then how to measure what is missing."""
        shown = [str(f["text"]) for f in self.findings]
        if self.missing:
            commands = " ".join(f"--job {job}" for job in self.missing)
            shown.append(f"Not measured here yet: run `weighin evaluate {commands}` (or ask with live evidence).")
        return shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": list(self.topics),
            "findings": list(self.findings),
            "missing_jobs": list(self.missing),
            "favors": self.favors,
        }


def asks_weakness(question: Question) -> bool:
    """True when a question asks which framework does worse (slower, heavier, uses more memory)."""
    return question.polarity == "worse"


class MeasuredFindings:
    """Finds the current findings that answer a measurable question (one cached read of the log per change).

    The question's measured property (what the question model read) is looked up in ``properties``, the
    job declarations; no question wording is read here.
    """

    def __init__(self, service: EvaluationService, properties: MeasuredProperties | None = None) -> None:
        self.service = service
        self.properties = properties or DeclaredProperties.from_catalog()

    def for_question(self, question: Question) -> MeasuredPart | None:
        return self.for_property(question.measured_property)

    def for_property(self, property_id: str | None) -> MeasuredPart | None:
        """The findings for ``property_id`` and the jobs still to run; None when nothing measures it."""
        wanted = [m for m in self.properties.metrics_for(property_id or "") if m.job_id in self.service.registry]
        if property_id is None or not wanted:
            return None
        found = self.service.current_findings(sorted({m.job_id for m in wanted}))
        findings = [
            {**finding, "text": with_versions(finding, record.environment)}
            for ref in wanted
            for record, finding in found
            if ref.matches(finding)
        ]
        failing = {
            (str(f["job_id"]), str(f["metric"])): words
            for f in findings
            if (words := self.properties.failure_words(str(f["job_id"]), str(f["metric"])))
        }
        measured_jobs = {str(f["job_id"]) for f in findings}
        missing = tuple(dict.fromkeys(m.job_id for m in wanted if m.job_id not in measured_jobs))
        return MeasuredPart(
            topics=(property_id,),
            findings=tuple(findings),
            missing=missing,
            favors=agreed_framework(findings),
            record_ids=tuple(dict.fromkeys(str(f["record_id"]) for f in findings)),
            tool=self.properties.tool_for(property_id),
            failure_words=failing,
        )


def with_versions(finding: dict[str, Any], environment: dict[str, Any]) -> str:
    """A finding's sentence plus the framework versions that produced it."""
    versions = environment.get("versions") or {}
    parts = [
        f"torch {versions['torch']}" if versions.get("torch") else "",
        f"TF {versions['tensorflow']}" if versions.get("tensorflow") else "",
    ]
    shown = ", ".join(p for p in parts if p)
    text = str(finding["text"]).rstrip(".")
    return f"{text} ({shown})." if shown else f"{text}."


def agreed_framework(findings: Sequence[dict[str, Any]]) -> str | None:
    """The framework all framework-vs-framework findings favour beyond noise; None when none do or they split."""
    sides = {str(f["framework"]) for f in findings if f.get("framework") and f.get("favors") in FRAMEWORK_NAMES}
    return next(iter(sides)) if len(sides) == 1 else None


@dataclass(frozen=True, slots=True)
class Weighed:
    recommendation: str | None
    confidence: float
    note: str
    """One sentence saying how the measurement bears on the pick ('' when it does not)."""


def weigh(
    recommendation: str | None,
    confidence: float,
    part: MeasuredPart | None,
    *,
    asks_choice: bool,
    asks_weakness: bool = False,
) -> Weighed:
    """Fold a measurement into a pick: never against it; where the article disagrees, say both.

    ``asks_weakness`` flips what the measurement picks: asked which framework is heavier or slower, the
    answer is the one the measurement does *not* favour.
    """
    if part is None or part.favors is None:
        return Weighed(recommendation, confidence, "")
    better = part.favors
    pick = ("tensorflow" if better == "pytorch" else "pytorch") if asks_weakness else better
    measured = FRAMEWORK_NAMES[pick]
    if recommendation is None:
        if not asks_choice:
            return Weighed(None, confidence, "")
        note = f"The article does not settle this; the measurement here points to {measured}."
        return Weighed(pick, max(confidence, 0.6), note)
    if recommendation == pick:
        return Weighed(pick, min(1.0, confidence + AGREEMENT_BONUS), f"The measurement here agrees: {measured}.")
    article = FRAMEWORK_NAMES.get(recommendation, recommendation)
    note = (
        f"The article points to {article}, but the measurement here points to {measured}; "
        "the pick follows the measurement."
    )
    return Weighed(pick, max(0.0, confidence - DISAGREEMENT_PENALTY), note)

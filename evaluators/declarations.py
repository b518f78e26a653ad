"""What a job measures, declared once in its own module and collected by the catalog.

Each job module holds one :class:`JobDeclaration`: its id and title, the sides it compares (a side label
as it appears in the job's observations, with the framework and mode it stands for), its metrics (name,
unit, kind, which direction is better) and the measured property each metric speaks to, in the words
people use for it. Everything that needs to know what a job measures reads these declarations: the claim
linker, the measured-question resolver and ``docs/jobs.md``; nothing else names a metric by string.

This module imports only the standard library: the serving process reads declarations without running jobs.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluators.errors import JobDefinitionError

KINDS = ("timing", "value", "score", "check")
MODES = ("", "eager", "compiled")
FRAMEWORKS = ("pytorch", "tensorflow")
OUTPUTS_DIFFER = (
    "drifted",
    "drifts",
    "drifting",
    "outputs drift",
    "different outputs",
    "different results",
    "different predictions",
    "outputs differ",
    "outputs differed",
    "mismatched outputs",
    "output mismatch",
    "diverged",
    "wrong outputs",
    "wrong answers",
    "wrong predictions",
)
"""Failure words of a check that compares a converted or reloaded model's outputs with the original's ("ONNX
Runtime's outputs drifted past tolerance"): what the parity checks declare as their ``failure_cues``."""


@dataclass(frozen=True, slots=True)
class SideDeclaration:
    """One side of a job's observations: ``tf-eager`` is TensorFlow run eagerly."""

    label: str
    framework: str
    mode: str = ""
    """``eager``, ``compiled`` (``tf.function``, ``torch.compile``) or empty when the job does not vary it."""
    tool: str = ""
    """What runs on this side when it is not the framework itself (``Keras Tuner``, ``Optuna``)."""

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS or self.mode not in MODES:
            raise JobDefinitionError(f"side {self.label!r}: framework {self.framework!r}, mode {self.mode!r}")


@dataclass(frozen=True, slots=True)
class PropertyDeclaration:
    """A measured property (a shared id such as ``install-size``) and the words people use for it."""

    id: str
    phrases: tuple[str, ...]
    """Noun phrases and short statements that name the property ("install size", "lighter dependency")."""
    cues: tuple[str, ...] = ()
    """Exact words or names that, in a sentence, point at this property ("disk", "wheel", "ONNX")."""
    bare_comparatives: tuple[str, ...] = ()
    """Kinds of comparative that speak to this property with no cue word, when the sides fit: ``speed``
    ("PyTorch is faster"), ``weight`` ("TensorFlow is the heavier framework")."""


@dataclass(frozen=True, slots=True)
class MetricDeclaration:
    """One observation a job reports: ``installed_size`` in MB, lower is better, pytorch vs tensorflow."""

    name: str
    kind: str
    unit: str
    property_id: str | None
    """The property it measures; None for a figure that only qualifies another (trials completed)."""
    better: str | None = None
    """``lower`` or ``higher`` for quantities; None for checks (passing is better)."""
    cues: tuple[str, ...] = ()
    """Exact words that single this metric out among its property's metrics ("transformer", "trials")."""
    failure_cues: tuple[str, ...] = ()
    """For a check: words that say it fails ("copies" for zero-copy, "drifted" for an output-parity check), beside
    negated capability; a negation just before one ("nothing is copied") says it works."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise JobDefinitionError(f"metric {self.name!r}: kind must be one of {KINDS}")
        if (self.kind == "check") != (self.better is None):
            raise JobDefinitionError(f"metric {self.name!r}: quantities say which direction is better, checks do not")

    @property
    def is_check(self) -> bool:
        return self.kind == "check"


@dataclass(frozen=True, slots=True)
class JobDeclaration:
    """Everything a job module says about itself: id, title, sides, properties and metrics."""

    job_id: str
    title: str
    frameworks: tuple[str, ...]
    sides: tuple[SideDeclaration, ...]
    metrics: tuple[MetricDeclaration, ...]
    properties: tuple[PropertyDeclaration, ...] = ()

    def __post_init__(self) -> None:
        known = {prop.id for prop in self.properties}
        for metric in self.metrics:
            if metric.property_id is not None and metric.property_id not in known:
                raise JobDefinitionError(f"job {self.job_id!r}: metric {metric.name!r} names undeclared property")
        if len({side.label for side in self.sides}) != len(self.sides):
            raise JobDefinitionError(f"job {self.job_id!r}: duplicate side labels")

    def side(self, label: str) -> SideDeclaration:
        for side in self.sides:
            if side.label == label:
                return side
        raise JobDefinitionError(f"job {self.job_id!r} has no side {label!r}")

    def declared_property(self, property_id: str) -> PropertyDeclaration:
        for prop in self.properties:
            if prop.id == property_id:
                return prop
        raise JobDefinitionError(f"job {self.job_id!r} declares no property {property_id!r}")

    @property
    def checks(self) -> tuple[MetricDeclaration, ...]:
        """The capability checks among the metrics."""
        return tuple(metric for metric in self.metrics if metric.is_check)


@dataclass(frozen=True, slots=True)
class MeasuredProperty:
    """One (property, job, metric) triple, as the catalog hands it to linkers and resolvers."""

    property_id: str
    phrases: tuple[str, ...]
    job_id: str
    metric: str
    kind: str
    unit: str
    better: str | None
    sides: tuple[SideDeclaration, ...]
    cues: tuple[str, ...] = ()
    """The property's cue words (see :class:`PropertyDeclaration`)."""
    metric_cues: tuple[str, ...] = ()
    failure_cues: tuple[str, ...] = ()
    bare_comparatives: tuple[str, ...] = ()

    @property
    def side_labels(self) -> tuple[str, ...]:
        return tuple(side.label for side in self.sides)

    def side(self, label: str) -> SideDeclaration:
        """The side with ``label`` (as :meth:`JobDeclaration.side`)."""
        for side in self.sides:
            if side.label == label:
                return side
        raise JobDefinitionError(f"job {self.job_id!r} has no side {label!r}")


def measured_properties(declarations: tuple[JobDeclaration, ...] | list[JobDeclaration]) -> list[MeasuredProperty]:
    """Every metric that measures a property, across declarations, in declaration order."""
    return [
        MeasuredProperty(
            property_id=metric.property_id,
            phrases=declaration.declared_property(metric.property_id).phrases,
            job_id=declaration.job_id,
            metric=metric.name,
            kind=metric.kind,
            unit=metric.unit,
            better=metric.better,
            sides=declaration.sides,
            cues=declaration.declared_property(metric.property_id).cues,
            metric_cues=metric.cues,
            failure_cues=metric.failure_cues,
            bare_comparatives=declaration.declared_property(metric.property_id).bare_comparatives,
        )
        for declaration in declarations
        for metric in declaration.metrics
        if metric.property_id is not None
    ]


UNMEASURED_PHRASES: tuple[str, ...] = (
    "community size",
    "a larger community of users",
    "popularity among researchers",
    "adoption by companies",
    "enterprise adoption",
    "market share",
    "industry footprint",
    "adoption footprint in enterprises",
    "job market demand",
    "quality of the documentation",
    "ease of learning",
    "a gentler learning curve",
    "number of tutorials and courses",
    "backing by a large company",
    "research papers that use it",
    "ecosystem of third-party libraries",
    "how mature the project is",
    "stability of the API over releases",
)
"""Words people use for what no job measures: the property model learns them as examples of no property."""


def property_metrics(properties: list[MeasuredProperty]) -> dict[str, list[tuple[str, str]]]:
    """``property id -> [(job id, metric), ...]``: the shape the measured-question resolver reads."""
    table: dict[str, list[tuple[str, str]]] = {}
    for prop in properties:
        table.setdefault(prop.property_id, []).append((prop.job_id, prop.metric))
    return table

"""Measured findings for answers: what the evaluators measured here about a measurable question.

A question is measurable when it asks about something a job measures (training or inference speed,
import time, installed size, memory, NumPy interop, graph mode, torch.compile). The answer then carries
a "Measured here" part: the findings of the jobs' current records, with device and versions, and which
framework they favour. When nothing was measured yet it names the job and the command that measures it.

:func:`weigh` folds a measurement into a pick: where the article is silent the pick follows the
measurement and says so; where article and measurement disagree, the answer says both and its confidence
drops; agreement raises it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaluators.service import EvaluationService

FRAMEWORK_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
AGREEMENT_BONUS = 0.1
DISAGREEMENT_PENALTY = 0.25


@dataclass(frozen=True, slots=True)
class MeasurableTopic:
    """Something a job measures, recognised in a question, and the job metrics that answer it."""

    name: str
    pattern: str
    metrics: tuple[tuple[str, str], ...]
    """(job id, metric) pairs, best first."""

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text, re.IGNORECASE) is not None


_SPEED = r"(fast|faster|fastest|quick|quicker|slow|slower|speed|speedier|performance|perform|time|throughput|step)"
TOPICS: tuple[MeasurableTopic, ...] = (
    MeasurableTopic(
        "training speed",
        rf"\btrain\w*\b.*\b{_SPEED}|\b{_SPEED}\w*\b.*\btrain",
        (
            ("torch-vs-tf-training-step", "cnn_train_step_eager"),
            ("torch-vs-tf-training-step", "transformer_train_step_eager"),
            ("torch-vs-tf-compiled-step", "cnn_train_step_compiled"),
        ),
    ),
    MeasurableTopic(
        "inference speed",
        rf"\b(inference|predict\w*|serving latency)\b.*\b{_SPEED}|\b{_SPEED}\w*\b.*\b(inference|predict\w*)",
        (("torch-vs-tf-training-step", "cnn_inference_eager"),),
    ),
    MeasurableTopic(
        "import time",
        r"\bimport (time|speed)|\b(start-?up|startup|cold start|load) time|\bslow(er)? to (import|start|load)",
        (("framework-footprint", "import_time"),),
    ),
    MeasurableTopic(
        "size and memory",
        r"install\w* size|disk (space|size)|footprint|download size|\bheav(y|ier)\b|\blight(er|weight)\b|bloat"
        r"|\b(bigger|smaller|larger)\b.*\b(framework|install|package|library)|\bmemory\b|\bram\b",
        (("framework-footprint", "installed_size"), ("framework-footprint", "import_rss")),
    ),
    MeasurableTopic(
        "NumPy interop",
        r"\bnumpy\b",
        (("numpy-interop", "numpy_zero_copy"), ("numpy-interop", "numpy_conversion_time")),
    ),
    MeasurableTopic(
        "graph mode",
        r"tf\.function|graph mode|static graph|\bxla\b",
        (("tf-graph-vs-eager", "cnn_train_step"),),
    ),
    MeasurableTopic(
        "torch.compile",
        r"torch\.compile|\bcompil(e|ed|ing|ation)\b",
        (("torch-compile", "train_step"), ("torch-vs-tf-compiled-step", "cnn_train_step_compiled")),
    ),
)


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


def measurable_topics(question: str) -> list[MeasurableTopic]:
    return [topic for topic in TOPICS if topic.matches(question)]


WEAKNESS = re.compile(
    r"\b(slower|slowest|heavier|heaviest|larger|largest|bigger|biggest|worse|worst|more memory|longer)\b", re.IGNORECASE
)


def asks_weakness(question: str) -> bool:
    """True when a measurable question asks which framework does worse (slower, heavier, bigger)."""
    return WEAKNESS.search(question) is not None


class MeasuredFindings:
    """Finds the current findings that answer a measurable question (one cached read of the log per change)."""

    def __init__(self, service: EvaluationService) -> None:
        self.service = service

    def for_question(self, question: str) -> MeasuredPart | None:
        topics = measurable_topics(question)
        if not topics:
            return None
        wanted = [pair for topic in topics for pair in topic.metrics if pair[0] in self.service.registry]
        found = self.service.current_findings(sorted({job for job, _ in wanted}))
        findings = []
        for job_id, metric in wanted:
            for record, finding in found:
                if finding.get("job_id") == job_id and finding.get("metric") == metric:
                    findings.append({**finding, "text": with_versions(finding, record.environment)})
        measured_jobs = {str(f["job_id"]) for f in findings}
        missing = tuple(dict.fromkeys(job for job, _ in wanted if job not in measured_jobs))
        return MeasuredPart(
            topics=tuple(topic.name for topic in topics),
            findings=tuple(findings),
            missing=missing,
            favors=agreed_framework(findings),
            record_ids=tuple(dict.fromkeys(str(f["record_id"]) for f in findings)),
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

"""Request and response shapes of the HTTP API (msgspec structs: validated on the way in, documented in
OpenAPI). Requests forbid unknown fields, so a misspelt option is a 400 naming it, never silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from evaluators.verdicts import LABELS, STATUSES, VERDICTS

STATUS_DESCRIPTION = "What the record says about the claim: " + ", ".join(
    f"{status} ({LABELS[status]})" for status in STATUSES
)
"""Generated from the shared vocabulary, so the OpenAPI description cannot drift from it."""
LINK_VERDICT_DESCRIPTION = "One link's verdict: " + ", ".join(f"{v} ({LABELS[v]})" for v in VERDICTS)
"""A claim-job link reads a link verdict; mixed and measured describe claims and records, never one link."""

Question = Annotated[
    str,
    Meta(
        min_length=1,
        description="The question, in plain language (at most 2000 characters by default).",
        examples=["Which framework should I pick for AutoML?"],
    ),
]
STORABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Text that is stored: no control characters (PostgreSQL cannot store NUL); tabs and line breaks are fine."""
TopK = Annotated[int, Meta(ge=1, le=20, description="How many claims to cite (1-20; default 4).")]
EvidenceMode = Literal["cached", "live"]


class AskRequest(msgspec.Struct, forbid_unknown_fields=True):
    question: Question
    k: TopK | None = None
    evidence: Annotated[
        EvidenceMode,
        Meta(description="`cached`: stored measurements only. `live`: also queue missing or stale jobs (needs a key)."),
    ] = "cached"


class CitationOut(msgspec.Struct):
    claim_id: str
    text: str
    section: str
    quote: Annotated[str, Meta(description="Verbatim words of the source document; doc[start:end] == quote.")]
    start: int
    end: int
    score: float
    favors: str


class LinkOut(msgspec.Struct):
    """One claim-job link judged against its hypothesis (docs/evidence.md)."""

    claim_id: str
    job_id: str
    predicts: Annotated[str, Meta(description="What the hypothesis expects, e.g. 'pytorch better than tf-eager'.")]
    measured: Annotated[str, Meta(description="What the measurement showed: a side, parity, works, fails, ...")]
    verdict: Annotated[str, Meta(description=LINK_VERDICT_DESCRIPTION)]
    reason: str
    rule: str = ""
    metric: str = ""
    unmeasured: Annotated[str, Meta(description="The part of the sentence no job measures ('' when none).")] = ""


class FindingOut(msgspec.Struct):
    """What a job measured, as a sentence with the figures."""

    text: str
    job_id: str
    metric: str
    device: str
    record_id: str
    favors: str | None = None
    framework: str | None = None
    unit: str | None = None
    figures: dict[str, float | bool | None] = {}


class EvidenceOut(msgspec.Struct):
    claim_id: str
    record_id: str
    job_id: str
    verdict: Annotated[str, Meta(description=STATUS_DESCRIPTION)]
    key_figure: str
    rationale: str
    device: str
    environment: str
    measured_at: str
    links: list[LinkOut] = []
    findings: list[FindingOut] = []
    caveat: Annotated[
        str | None, Meta(description="What the measurement warns about (a deprecation, an error), or null.")
    ] = None


class MeasuredOut(msgspec.Struct):
    """What was measured here about a measurable question, or which jobs would measure it."""

    topics: list[str]
    findings: list[FindingOut]
    missing_jobs: list[str]
    favors: str | None = None


class AnswerOut(msgspec.Struct):
    id: str
    question: str
    answer: str
    recommendation: Annotated[str | None, Meta(description="pytorch, tensorflow, both, or null")]
    confidence: float
    abstained: bool
    citations: list[CitationOut]
    evidence: list[EvidenceOut]
    pending_evaluations: Annotated[
        list[str], Meta(description="Evaluation ids queued for this answer's missing evidence (live mode).")
    ] = []
    measured: MeasuredOut | None = None
    subject: Annotated[
        str | None,
        Meta(
            description="The framework the answer is about where that is not its recommendation: the one whose "
            "drawbacks or makers it lists, or the worse side asked for (which the answer never recommends)"
        ),
    ] = None


class ConversationCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, Meta(max_length=200, pattern=STORABLE)] = ""


class MessageCreate(msgspec.Struct, forbid_unknown_fields=True):
    content: Question
    k: TopK | None = None


class MessageOut(msgspec.Struct, omit_defaults=True):
    role: str
    content: str
    created_at: str
    resolved_question: str | None = None
    answer: AnswerOut | None = None


class ConversationOut(msgspec.Struct):
    id: str
    title: str
    created_at: str
    messages: list[MessageOut]


class EvaluationCreate(msgspec.Struct, forbid_unknown_fields=True):
    claim_ids: Annotated[list[str], Meta(max_length=200)] = []
    job_ids: Annotated[list[str], Meta(max_length=100)] = []
    device: Literal["auto", "cpu", "cuda"] = "auto"
    node: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=128,
                pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                description="Run every job on this Ray node: its id, an id prefix, its IP or its name (needs the "
                "Ray executor, WEIGHIN_EXECUTOR=ray); omitted, Ray chooses.",
            ),
        ]
        | None
    ) = None


class EvaluationOut(msgspec.Struct):
    id: str
    status: Annotated[
        Literal["queued", "running", "done", "failed", "cancelled"],
        Meta(description="queued, running, done, failed or cancelled (DELETE /v1/evaluations/{id})"),
    ]
    job_ids: list[str]
    claim_ids: list[str]
    device: str
    node: Annotated[str | None, Meta(description="the node every job runs on, as asked; null: the executor chose")]
    reason: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    completed: int
    total: int
    record_ids: list[str]
    error: str | None


class DocumentCreate(msgspec.Struct, forbid_unknown_fields=True):
    filename: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=120,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9._ -]*\.(md|markdown|txt|html|htm)$",
            description="File name; its suffix says the format (.md, .txt, .html).",
            examples=["notes.md"],
        ),
    ]
    content: Annotated[str, Meta(min_length=1)]


class DocumentOut(msgspec.Struct):
    id: str
    title: str
    claims: int
    replaced: bool


# -- OpenAI-compatible chat --------------------------------------------------------------------------------


class ContentPart(msgspec.Struct, forbid_unknown_fields=False):
    type: str
    text: str | None = None


class ChatMessage(msgspec.Struct, forbid_unknown_fields=False):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    name: str | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return " ".join(part.text or "" for part in self.content or () if part.type == "text").strip()


class StreamOptions(msgspec.Struct):
    include_usage: bool = False


class ChatCompletionRequest(msgspec.Struct, forbid_unknown_fields=True):
    """OpenAI's request; sampling options are accepted for compatibility and have no effect (answers are
    composed from claims, not sampled). ``k`` and ``evidence`` are Weigh-in's own extensions."""

    messages: Annotated[list[ChatMessage], Meta(min_length=1)]
    model: str = "weighin"
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: Annotated[int, Meta(ge=1, le=1)] = 1
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    user: str | None = None
    metadata: dict[str, str] | None = None
    logprobs: bool | None = None
    response_format: dict[str, Any] | None = None
    k: TopK | None = None
    evidence: EvidenceMode = "cached"


class ModelOut(msgspec.Struct):
    id: str
    object: str = "model"
    created: int = 0
    owned_by: str = "weighin"


class ModelList(msgspec.Struct):
    data: list[ModelOut]
    object: str = "list"


# -- audit ------------------------------------------------------------------------------------------------


class FeedbackCreate(msgspec.Struct, forbid_unknown_fields=True):
    rating: Literal["up", "down"]
    reason: Annotated[str, Meta(max_length=2000, pattern=STORABLE)] = ""


class DisputeCreate(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=2000,
            pattern=STORABLE,
            examples=["The TorchScript export fails for my model on CUDA 12."],
        ),
    ]

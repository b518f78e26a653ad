"""Answer events, feedback, disputes, and audits of the evidence log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromQuery, JSONBody, Parameter, QueryParameter

from api.context import context
from api.problems import PROBLEM_MEDIA_TYPE, FieldError, problem
from api.schemas import DisputeCreate, FeedbackCreate
from api.security import client_identity, rate_limited, require_key
from assistant.audit_report import build_report, render

Id = Annotated[str, Parameter(max_length=64)]
EARLIEST, LATEST = 1970, 9998
MOMENT_PATTERN = (
    r"^(19[7-9]\d|[2-8]\d{3}|9[0-8]\d{2}|99[0-8]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$"
)
"""An ISO 8601 date or time between the years 1970 and 9998, the forms the OpenAPI document promises."""
Moment = Annotated[
    str | None,
    QueryParameter(
        max_length=40,
        pattern=MOMENT_PATTERN,
        description="An ISO 8601 date or time (2026-11-17, 2026-11-17T09:30:00Z); UTC unless an offset is given.",
    ),
]
MEDIA_TYPES = {"json": "application/json", "md": "text/markdown", "csv": "text/csv"}  # Litestar adds the charset


def _moment(name: str, value: str | None) -> datetime | None:
    """An ISO 8601 date or time; naive ones are taken as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
        if not EARLIEST <= moment.year <= LATEST:
            raise FieldError(name, f"must be a time between the years {EARLIEST} and {LATEST}", 400)
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise FieldError(
            name, f"must be an ISO 8601 date or time (2026-11-17 or 2026-11-17T09:30:00Z), got {value[:40]!r}", 400
        ) from exc


class AnswerController(Controller):
    path = "/v1/answers"
    tags = ("audit",)

    @get(
        "/",
        summary="Answers served, newest first: filter by surface, words in the question or answer, and time",
        description="`since` and `until` take ISO 8601 dates or times (UTC unless an offset is given); "
        "`until` is exclusive. Use it to find what the bot said last Tuesday, then `GET /v1/answers/{id}`. "
        "Page with `offset` (the next page starts at `offset + limit`).",
    )
    async def search(
        self,
        state: State,
        surface: FromQuery[Literal["cli", "rest", "openai", "conversation", "web", "slack"] | None] = None,
        q: Annotated[str | None, QueryParameter(max_length=200)] = None,
        since: Moment = None,
        until: Moment = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Answers to skip (paging).")] = 0,
    ) -> list[dict[str, Any]]:
        answers = context(state).runtime.answers
        window = _moment("since", since), _moment("until", until)
        found = await anyio.to_thread.run_sync(lambda: answers.recent(limit, surface, q, *window, offset=offset))
        return [event.to_dict() for event in found]

    @get("/{answer_id:str}", summary="An answer as it was served: question, answer, claims, evidence, surface, time")
    async def read(self, state: State, answer_id: Id) -> dict[str, Any]:
        answers = context(state).runtime.answers
        return (await anyio.to_thread.run_sync(answers.get, answer_id)).to_dict()

    @post(
        "/{answer_id:str}/feedback",
        summary="Thumbs up or down on an answer (needs an API key)",
        description="A thumbs down disputes every claim the answer cited and queues their re-verification.",
        status_code=201,
        guards=[require_key, rate_limited],
    )
    async def feedback(
        self, state: State, request: Request, answer_id: Id, data: JSONBody[FeedbackCreate]
    ) -> dict[str, Any]:
        audit = context(state).runtime.audit
        user = client_identity(request)
        return await anyio.to_thread.run_sync(
            lambda: audit.feedback(answer_id, data.rating, user=user, surface="rest", reason=data.reason)
        )


class DisputeController(Controller):
    path = "/v1/claims/{claim_id:str}/disputes"
    tags = ("audit",)

    @post(
        "/",
        summary="Dispute a claim (needs an API key); queues its re-verification",
        status_code=201,
        guards=[require_key, rate_limited],
    )
    async def create(
        self, state: State, request: Request, claim_id: Id, data: JSONBody[DisputeCreate]
    ) -> dict[str, Any]:
        audit = context(state).runtime.audit
        user = client_identity(request)
        return await anyio.to_thread.run_sync(lambda: audit.dispute(claim_id, data.reason, user=user, surface="rest"))

    @get("/", summary="A claim's disputes")
    async def list_disputes(self, state: State, claim_id: Id) -> list[dict[str, Any]]:
        audit = context(state).runtime.audit
        audit.evaluations.claim(claim_id)
        return [d.to_dict() for d in await anyio.to_thread.run_sync(lambda: audit.disputes(claim_id))]


class AuditController(Controller):
    path = "/v1/audit"
    tags = ("audit",)

    @get(
        "/verify",
        summary="Recompute the evidence log's hash chain",
        description="200 with the chain's length and head hash when intact; 409 naming the first broken record "
        "when any stored field was changed, or records deleted or reordered behind the application's back.",
    )
    async def verify(self, state: State, request: Request) -> Response:
        store = context(state).runtime.evaluations.store
        report = await anyio.to_thread.run_sync(store.verify)
        if report.ok:
            return Response(report.to_dict())
        body = problem(
            409, f"The evidence log was altered: {report.describe_first()}.", request.url.path, **report.to_dict()
        )
        return Response(body, status_code=409, media_type=PROBLEM_MEDIA_TYPE)

    @get("/", summary="Audit report: every claim with verdict, evidence history, disagreements, disputes")
    async def report(self, state: State, format: FromQuery[Literal["json", "md", "csv"]] = "json") -> Response:
        audit = context(state).runtime.audit
        text = await anyio.to_thread.run_sync(lambda: render(build_report(audit), format))
        return Response(text, media_type=MEDIA_TYPES[format])

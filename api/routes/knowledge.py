"""Claims, jobs, evaluations and document ingest."""

from __future__ import annotations

import json
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio.to_thread
import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.datastructures import State
from litestar.params import FromQuery, JSONBody, Parameter, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from api.context import context
from api.problems import FieldError
from api.schemas import DocumentCreate, DocumentOut, EvaluationCreate, EvaluationOut
from api.security import client_identity, rate_limited, require_key
from assistant.catalog import UNVERIFIED, ClaimCatalog
from assistant.desk import run_events
from evaluators.evaluation_queue import EvaluationRun
from evaluators.verdicts import MIXED, VERDICTS
from knowledge.claims import TOPICS
from knowledge.errors import DocumentError, TooManyClaims

TopicFilter = Literal[TOPICS]  # type: ignore[valid-type]
FrameworkFilter = Literal["pytorch", "tensorflow", "both", "neither"]
CLAIM_VERDICTS = (*VERDICTS, MIXED, UNVERIFIED)
"""What a claim can read as: a link verdict, ``mixed`` when its jobs disagree, ``unverified`` before any ran."""
VerdictFilter = Literal[CLAIM_VERDICTS]  # type: ignore[valid-type]
HEARTBEAT_S = 15.0


def evaluation_out(run: EvaluationRun) -> EvaluationOut:
    return msgspec.convert(run.to_dict(), EvaluationOut)


class ClaimController(Controller):
    path = "/v1/claims"
    tags = ("claims",)

    @get("/", summary="List claims with their current verdicts")
    async def list_claims(
        self,
        state: State,
        topic: FromQuery[TopicFilter | None] = None,
        framework: FromQuery[FrameworkFilter | None] = None,
        verdict: FromQuery[VerdictFilter | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> dict[str, Any]:
        catalog = ClaimCatalog(context(state).runtime.evaluations)
        page = await anyio.to_thread.run_sync(lambda: catalog.list(topic, framework, verdict, limit, offset))
        return {"total": page.total, "limit": limit, "offset": offset, "items": page.items}

    @get("/{claim_id:str}", summary="One claim with its current evidence and whole evidence history")
    async def read_claim(self, state: State, claim_id: Annotated[str, Parameter(max_length=64)]) -> dict[str, Any]:
        catalog = ClaimCatalog(context(state).runtime.evaluations)
        return await anyio.to_thread.run_sync(catalog.detail, claim_id)


class JobController(Controller):
    path = "/v1/jobs"
    tags = ("evaluations",)

    @get("/", summary="Verification jobs and the claims each one measures")
    async def list_jobs(self, state: State) -> list[dict[str, Any]]:
        service = context(state).runtime.evaluations
        return [
            {
                "id": job.id,
                "title": job.title,
                "frameworks": list(job.frameworks),
                "device": job.device,
                "tier": job.tier,
                "version": job.version,
                "code_hash": job.code_hash,
                "claim_ids": [claim.id for claim in service.claims_for_job(job)],
            }
            for job in service.jobs()
        ]


class EvaluationController(Controller):
    path = "/v1/evaluations"
    tags = ("evaluations",)

    @post(
        "/",
        summary="Queue verification jobs (needs an API key)",
        description="Runs the named jobs plus the jobs of the named claims (all default jobs when both are "
        "empty) in subprocesses, or on the Ray cluster (`node` pins them to one of its nodes). Returns at once "
        "with the evaluation's id. A run queued or running on the same device and node that already covers "
        "these jobs (in any order) is returned instead of a second one. A client may have a few runs queued "
        "at once (`WEIGHIN_MAX_QUEUED_RUNS`, default 3): 429 with `Retry-After` beyond.",
        status_code=202,
        guards=[require_key, rate_limited],
    )
    async def create(self, state: State, request: Request, data: JSONBody[EvaluationCreate]) -> EvaluationOut:
        queue = context(state).runtime.queue
        submitter = client_identity(request)
        run = await anyio.to_thread.run_sync(
            lambda: queue.submit(data.claim_ids, data.job_ids, data.device, node=data.node, submitter=submitter)
        )
        return evaluation_out(run)

    @delete(
        "/{evaluation_id:str}",
        summary="Cancel an evaluation (needs an API key)",
        description="A queued run is cancelled at once; a running one by ending its worker processes (locally "
        "or on the Ray cluster). The run ends `cancelled`, and its cancelled jobs leave no evidence. 409 for a "
        "run that already ended.",
        status_code=200,
        guards=[require_key, rate_limited],
    )
    async def cancel(self, state: State, evaluation_id: Annotated[str, Parameter(max_length=64)]) -> EvaluationOut:
        queue = context(state).runtime.queue
        return evaluation_out(await anyio.to_thread.run_sync(queue.cancel, evaluation_id))

    @get("/{evaluation_id:str}", summary="An evaluation's state and the evidence records it produced")
    async def read(self, state: State, evaluation_id: Annotated[str, Parameter(max_length=64)]) -> EvaluationOut:
        queue = context(state).runtime.queue
        return evaluation_out(await anyio.to_thread.run_sync(queue.get, evaluation_id))

    @get(
        "/{evaluation_id:str}/events",
        summary="Progress as server-sent events",
        description="Events: `queued`, `started`, `job` (one per finished job, with its evidence), then `done` "
        "or `failed`; the stream ends after the last. Comments keep an idle connection open.",
    )
    async def events(self, state: State, evaluation_id: Annotated[str, Parameter(max_length=64)]) -> ServerSentEvent:
        queue = context(state).runtime.queue
        await anyio.to_thread.run_sync(queue.get, evaluation_id)  # 404 before the stream starts

        async def stream() -> AsyncIterator[ServerSentEventMessage]:
            async for event in run_events(queue, evaluation_id, heartbeat_s=HEARTBEAT_S):
                if event is None:
                    yield ServerSentEventMessage(comment="keep-alive")
                else:
                    yield ServerSentEventMessage(data=json.dumps(event.data, ensure_ascii=False), event=event.kind)

        return ServerSentEvent(stream(), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


class DocumentController(Controller):
    path = "/v1/documents"
    tags = ("documents",)

    @post(
        "/",
        summary="Ingest a document (needs an API key)",
        description="Adds (or replaces) a Markdown, text or HTML document, extracts its claims and rebuilds "
        "the index; answers use it as soon as this returns.",
        status_code=201,
        guards=[require_key, rate_limited],
    )
    async def ingest(self, state: State, data: JSONBody[DocumentCreate]) -> DocumentOut:
        ctx = context(state)
        limit = ctx.settings.api.max_document_bytes
        if len(data.content.encode("utf-8", "surrogatepass")) > limit:
            raise FieldError("content", f"the document is larger than {limit} bytes (WEIGHIN_MAX_DOCUMENT_BYTES)", 413)
        runtime = ctx.runtime

        def ingest_file() -> DocumentOut:
            with tempfile.TemporaryDirectory(prefix="weighin-ingest-") as folder:
                path = Path(folder) / Path(data.filename).name
                path.write_text(data.content, encoding="utf-8")
                try:
                    result = runtime.ingest(path)
                except TooManyClaims as exc:
                    raise FieldError("content", str(exc).replace(str(path), data.filename), 413) from exc
                except DocumentError as exc:  # name the caller's file, not our temporary copy
                    raise DocumentError(str(exc).replace(str(path), data.filename)) from exc
            document = result.document
            return DocumentOut(id=document.id, title=document.title, claims=result.claims, replaced=result.replaced)

        return await anyio.to_thread.run_sync(ingest_file)

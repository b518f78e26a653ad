"""OpenAI-compatible chat: ``GET /v1/models`` and ``POST /v1/chat/completions`` (plain or streamed).

The last user message is the question; the earlier user messages are its context, read by the answer desk
as a stored conversation would be (assistant messages are never parsed). The
assistant message is the answer text followed by its numbered sources, so any chat UI resolves [1]..[n];
each source carries its claim's verdict (``api.cited_verdicts``); the whole answer (citations with quotes,
evidence, confidence) rides in the extra field ``weighin``. Errors are OpenAI's error object
(``api.openai_errors``), so OpenAI clients show their message. A
stream sends that text word by word, then a final chunk with ``finish_reason`` and ``weighin``; with
``evidence: live`` it then sends one chunk per finished verification job (``choices`` empty,
``weighin.event`` = ``evidence``), then ``data: [DONE]``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from litestar.types import ExceptionHandlersMap

from api.cited_verdicts import verdict_words
from api.context import ApiContext, context
from api.openai_errors import handle_openai_exception
from api.problems import FieldError
from api.schemas import ChatCompletionRequest, ModelList, ModelOut
from api.security import rate_limited
from api.sse import EventStream
from assistant.answer import Answer
from assistant.desk import Served

MODEL_ID = "weighin"
FOLLOW_S = 30 * 60.0
"""How long a live stream follows its evaluation before it ends without the answer again."""
STREAM_PIECE_WORDS = 1


class UnknownModel(FieldError):
    """A model this server does not serve (OpenAI's ``model_not_found``)."""

    openai_code = "model_not_found"

    def __init__(self, model: str) -> None:
        super().__init__("model", f"The model {model!r} does not exist; this server serves {MODEL_ID!r}.", 404)


def with_sources(answer: Answer) -> str:
    """The answer text, then its numbered sources with each claim's verdict, so any chat client can resolve
    [1]..[n] and see which claims a measurement supports or contradicts."""
    if not answer.citations:
        return answer.answer
    lines = [answer.answer, "", "Sources:"]
    for number, citation in enumerate(answer.citations, start=1):
        quote = " ".join(citation.quote.split())
        verdict = verdict_words(citation.claim_id, answer.evidence)
        lines.append(f"[{number}] {citation.section or 'Article'}: \u201c{quote}\u201d (verdict: {verdict})")
    return "\n".join(lines)


def question_of(data: JSONBody[ChatCompletionRequest]) -> tuple[str, list[str]]:
    """The last user message and the earlier ones (the desk reads the last in their context)."""
    users = [(i, m.text()) for i, m in enumerate(data.messages) if m.role == "user"]
    if not users:
        raise FieldError("messages", "needs at least one message with role 'user'")
    index, last = users[-1]
    if not last.strip():
        raise FieldError(f"messages[{index}].content", "the last user message is empty")
    return last, [text for _, text in users[:-1] if text.strip()]


def _usage(question: str, answer: str) -> dict[str, int]:
    prompt, completion = len(question.split()), len(answer.split())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _chunk(completion_id: str, created: int, choices: list[dict[str, Any]], **extra: Any) -> str:
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": choices,
        **extra,
    }
    return json.dumps(body, ensure_ascii=False)


def _pieces(text: str) -> list[str]:
    """Small pieces that join back to exactly ``text``: each word with the space or newline after it."""
    words = re.findall(r"\S+\s*|\s+", text)
    return ["".join(words[i : i + STREAM_PIECE_WORDS]) for i in range(0, len(words), STREAM_PIECE_WORDS)]


class OpenAIController(Controller):
    path = "/v1"
    tags = ("openai-compatible",)
    exception_handlers: ExceptionHandlersMap | None = {Exception: handle_openai_exception}  # noqa: RUF012

    @get("/models", summary="Models (OpenAI-compatible)")
    async def models(self) -> ModelList:
        return ModelList(data=[ModelOut(id=MODEL_ID)])

    @get("/models/{model_id:str}", summary="One model (OpenAI-compatible)")
    async def model(self, model_id: FromPath[str]) -> ModelOut:
        if model_id != MODEL_ID:
            raise UnknownModel(model_id)
        return ModelOut(id=MODEL_ID)

    @post(
        "/chat/completions",
        summary="Chat completion (OpenAI-compatible)",
        description="Answers the last user message in the context of earlier ones. The full Weigh-in answer "
        "is in the extra field `weighin`. `stream: true` sends SSE chunks and `data: [DONE]`.",
        status_code=200,
        guards=[rate_limited],
    )
    async def complete(self, state: State, request: Request, data: JSONBody[ChatCompletionRequest]) -> Any:
        ctx = context(state)
        if data.model != MODEL_ID:
            raise UnknownModel(data.model)
        live = data.evidence == "live"
        if live:
            ctx.guards.compute(request, request.route_handler)
        last, earlier = question_of(data)
        served = await ctx.answer(last, "openai", field_name="messages", k=data.k, live=live, history=earlier)
        question = served.question
        answer, run_id = served.answer, served.run.id if served.run else None
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        extra = {**answer.to_dict(), "pending_evaluations": [run_id] if run_id else []}
        if data.stream:
            include_usage = bool(data.stream_options and data.stream_options.include_usage)
            stream = _stream(ctx, served, data.k, extra, completion_id, created, include_usage)
            return EventStream(stream, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": with_sources(answer)},
                    "finish_reason": "stop",
                }
            ],
            "usage": _usage(question, with_sources(answer)),
            "weighin": extra,
        }


async def _stream(
    ctx: ApiContext,
    served: Served,
    k: int | None,
    extra: dict[str, Any],
    completion_id: str,
    created: int,
    include_usage: bool,
) -> AsyncIterator[str]:
    """The answer word by word, then (live) the desk's follow-through rendered: each job, the run's end, the
    answer again with its evidence."""
    answer = served.answer
    yield _chunk(
        completion_id, created, [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
    )
    for piece in _pieces(with_sources(answer)):
        yield _chunk(completion_id, created, [{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
        await asyncio.sleep(0)
    yield _chunk(completion_id, created, [{"index": 0, "delta": {}, "finish_reason": "stop"}], weighin=extra)
    if include_usage:
        yield _chunk(completion_id, created, [], usage=_usage(answer.question, with_sources(answer)))
    if served.run is not None:
        cited = {c.claim_id for c in answer.citations}
        desk = ctx.runtime.desk
        async for step in desk.follow_through(served, surface="openai", timeout_s=FOLLOW_S, k=k):
            event = step.event
            if event.kind == "job":
                items = [item for item in event.data["evidence"] if item["claim_id"] in cited]
                payload = {"event": "evidence", "evaluation_id": served.run.id, **event.data, "evidence": items}
                yield _chunk(completion_id, created, [], weighin=payload)
            elif event.final:
                payload = {"event": f"evaluation_{event.kind}", "evaluation": event.data["run"]}
                yield _chunk(completion_id, created, [], weighin=payload)
            if step.served is not None:
                again = {"event": "answer", **step.served.answer.to_dict()}
                yield _chunk(completion_id, created, [], weighin=again)
    yield "[DONE]"

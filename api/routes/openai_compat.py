"""OpenAI-compatible chat: ``GET /v1/models`` and ``POST /v1/chat/completions`` (plain or streamed).

The last user message is the question; earlier user messages are its context (follow-ups are resolved
like in conversations). The answer text is the assistant message; the whole answer (citations with
quotes, evidence, confidence) rides in the extra field ``weighin``. A stream sends the answer text,
then a final chunk with ``finish_reason`` and ``weighin``; with ``evidence: live`` it then sends one
chunk per finished verification job (``choices`` empty, ``weighin.event`` = ``evidence``), then
``data: [DONE]``.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import JSONBody

from api.context import ApiContext, context
from api.problems import FieldError
from api.schemas import ChatCompletionRequest, ModelList, ModelOut
from api.security import rate_limited
from api.sse import EventStream, run_events
from assistant.answer import Answer
from assistant.conversations import question_in_context

MODEL_ID = "weighin"
STREAM_PIECE_WORDS = 12


def question_of(data: JSONBody[ChatCompletionRequest]) -> tuple[str, list[str]]:
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
    words = text.split(" ")
    return [" ".join(words[i : i + STREAM_PIECE_WORDS]) + " " for i in range(0, len(words), STREAM_PIECE_WORDS)]


class OpenAIController(Controller):
    path = "/v1"
    tags = ("openai-compatible",)

    @get("/models", summary="Models (OpenAI-compatible)")
    async def models(self) -> ModelList:
        return ModelList(data=[ModelOut(id=MODEL_ID)])

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
            raise FieldError("model", f"unknown model {data.model!r}; this server serves {MODEL_ID!r}", 404)
        if data.evidence == "live":
            ctx.guards.compute(request, request.route_handler)
        last, earlier = question_of(data)
        question = ctx.checked_question(question_in_context(last, earlier), "messages")
        answer = await ctx.ask(question, data.k, "openai")
        run_id = None
        if data.evidence == "live":
            run = await anyio.to_thread.run_sync(ctx.queue_missing_evidence, answer)
            run_id = run.id if run else None
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        extra = {**answer.to_dict(), "pending_evaluations": [run_id] if run_id else []}
        if data.stream:
            include_usage = bool(data.stream_options and data.stream_options.include_usage)
            stream = _stream(ctx, answer, extra, run_id, completion_id, created, include_usage)
            return EventStream(stream, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": answer.answer}, "finish_reason": "stop"}
            ],
            "usage": _usage(question, answer.answer),
            "weighin": extra,
        }


async def _stream(
    ctx: ApiContext,
    answer: Answer,
    extra: dict[str, Any],
    run_id: str | None,
    completion_id: str,
    created: int,
    include_usage: bool,
) -> AsyncIterator[str]:
    yield _chunk(
        completion_id, created, [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
    )
    for piece in _pieces(answer.answer):
        yield _chunk(completion_id, created, [{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
        await asyncio.sleep(0)
    yield _chunk(completion_id, created, [{"index": 0, "delta": {}, "finish_reason": "stop"}], weighin=extra)
    if include_usage:
        yield _chunk(completion_id, created, [], usage=_usage(answer.question, answer.answer))
    if run_id is not None:
        cited = {c.claim_id for c in answer.citations}
        async for event in run_events(ctx.runtime.queue, run_id):
            if event is None:
                continue
            if event.kind == "job":
                items = [item for item in event.data["evidence"] if item["claim_id"] in cited]
                payload = {"event": "evidence", "evaluation_id": run_id, **event.data, "evidence": items}
                yield _chunk(completion_id, created, [], weighin=payload)
            elif event.final:
                payload = {"event": f"evaluation_{event.kind}", "evaluation": event.data["run"]}
                yield _chunk(completion_id, created, [], weighin=payload)
    yield "[DONE]"

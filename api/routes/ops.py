"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import MediaType, Request, Response, get
from litestar.datastructures import State

from api.context import context
from api.problems import problem_response, storage_condition

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"
ANSWER_FAILURE_HOLD_S = 10.0
"""How long a failed answer write keeps readiness at 503 (then a new failure is needed to keep it there)."""


@get(
    "/healthz",
    tags=["operations"],
    summary="Liveness: the process answers (also while loading); 503 while the runtime failed to load",
    description="200 with `runtime` loading or ready. 503 naming the error once a load failed: the server "
    "keeps retrying with backoff, and a liveness probe may restart it instead.",
    media_type=MediaType.JSON,
)
async def healthz(state: State, request: Request) -> Response[Any]:
    host = context(state).host
    if host.state == "failed":
        detail = f"The runtime failed to load (attempt {host.attempts}, retrying): {host.error}"
        return problem_response(503, detail, request.url.path, headers={"Retry-After": "5"})
    return Response({"status": "ok", "runtime": host.state})


@get(
    "/readyz",
    tags=["operations"],
    summary="Readiness: index loaded, the database takes writes and the last answer was logged",
    description="503 saying why when the runtime is not loaded, the database refuses a write, or the last "
    "answer could not be logged (answers are logged before they are served, so a server that cannot write "
    'must not take questions); the condition is named ("the answer log cannot be written: disk full").',
    media_type=MediaType.JSON,
)
async def readyz(state: State, request: Request) -> Response[Any]:
    host = context(state).host
    if host.state != "ready":
        detail = f"Not ready: {host.error}" if host.error else "Not ready: the model and index are still loading."
        return problem_response(503, detail, request.url.path, headers={"Retry-After": "2"})
    refused = await anyio.to_thread.run_sync(host.database_write_error)
    if refused is not None:
        detail = f"Not ready: the database refuses writes: {storage_condition(refused)}."
        return problem_response(503, detail, request.url.path, headers={"Retry-After": "2"})
    answers_failing = host.runtime().answers.recent_write_error(ANSWER_FAILURE_HOLD_S)
    if answers_failing is not None:
        detail = f"Not ready: the answer log cannot be written: {storage_condition(answers_failing)}."
        return problem_response(503, detail, request.url.path, headers={"Retry-After": "5"})
    body = {"status": "ready", "index": "loaded", "database": "writable", "load_seconds": host.load_seconds}
    return Response(body, status_code=200)


@get("/metrics", tags=["operations"], summary="Prometheus metrics", media_type=PROMETHEUS_TEXT)
async def metrics(state: State) -> Response:
    body = await anyio.to_thread.run_sync(context(state).metrics.render)
    return Response(body, media_type=PROMETHEUS_TEXT)

"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import MediaType, Request, Response, get
from litestar.datastructures import State

from api.context import context
from api.problems import problem_response

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@get("/healthz", tags=["operations"], summary="Liveness: the process answers (also while loading)")
async def healthz(state: State) -> dict[str, Any]:
    return {"status": "ok", "runtime": context(state).host.state}


@get(
    "/readyz", tags=["operations"], summary="Readiness: index loaded and database reachable", media_type=MediaType.JSON
)
async def readyz(state: State, request: Request) -> Response:
    host = context(state).host
    database = await anyio.to_thread.run_sync(host.database_reachable)
    if host.state == "ready" and database:
        body = {"status": "ready", "index": "loaded", "database": "reachable", "load_seconds": host.load_seconds}
        return Response(body, status_code=200)
    if host.state != "ready":
        detail = f"Not ready: {host.error}" if host.error else "Not ready: the model and index are still loading."
    else:
        detail = "Not ready: the database is not reachable."
    return problem_response(503, detail, request.url.path, headers={"Retry-After": "2"})


@get("/metrics", tags=["operations"], summary="Prometheus metrics", media_type=PROMETHEUS_TEXT)
async def metrics(state: State) -> Response:
    body = await anyio.to_thread.run_sync(context(state).metrics.render)
    return Response(body, media_type=PROMETHEUS_TEXT)

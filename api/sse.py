"""Bridge from the evaluation queue's thread listeners to async iterators for SSE responses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from litestar.response import ServerSentEvent
from litestar.response.base import ASGIResponse

from evaluators.evaluation_queue import EvaluationQueue, RunEvent


async def run_events(
    queue: EvaluationQueue, run_id: str, heartbeat_s: float | None = None
) -> AsyncIterator[RunEvent | None]:
    """The run's past events, then each new one until it is done or failed.

    With ``heartbeat_s``, ``None`` is yielded whenever that long passes without an event, so the caller
    can send a keep-alive comment on a connection that would otherwise sit idle while a job runs.
    """
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[RunEvent] = asyncio.Queue()

    def deliver(event: RunEvent) -> None:
        loop.call_soon_threadsafe(inbox.put_nowait, event)

    past, unsubscribe = queue.subscribe(run_id, deliver)
    try:
        for event in past:
            yield event
            if event.final:
                return
        while True:
            try:
                event = await asyncio.wait_for(inbox.get(), heartbeat_s)
            except TimeoutError:
                yield None
                continue
            yield event
            if event.final:
                return
    finally:
        unsubscribe()


class EventStream(ServerSentEvent):
    """A ``ServerSentEvent`` that keeps its ``text/event-stream`` type even from a handler that can also
    return JSON (Litestar otherwise gives the handler's media type precedence over the response's)."""

    def to_asgi_response(self, *args: Any, **kwargs: Any) -> ASGIResponse:
        kwargs["media_type"] = self.media_type
        return super().to_asgi_response(*args, **kwargs)

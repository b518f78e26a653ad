"""Server-sent event responses (the run events they carry come from ``assistant.desk.run_events``)."""

from __future__ import annotations

from typing import Any

from litestar.response import ServerSentEvent
from litestar.response.base import ASGIResponse


class EventStream(ServerSentEvent):
    """A ``ServerSentEvent`` that keeps its ``text/event-stream`` type even from a handler that can also
    return JSON (Litestar otherwise gives the handler's media type precedence over the response's)."""

    def to_asgi_response(self, *args: Any, **kwargs: Any) -> ASGIResponse:
        kwargs["media_type"] = self.media_type
        return super().to_asgi_response(*args, **kwargs)

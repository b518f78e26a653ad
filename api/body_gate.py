"""Checks a request body before anything parses it: its size, its media type and its JSON nesting.

Parsers raise on some inputs instead of refusing them (a deeply nested JSON array reaches Python's
recursion limit), so this ASGI middleware reads the body first and answers with a problem document
when it is too large (413), is not JSON on a JSON endpoint (415: a cross-site form POST is
``text/plain`` or ``application/x-www-form-urlencoded``), or nests arrays and objects deeper than
``WEIGHIN_MAX_JSON_DEPTH`` (400). The body it read is then handed on unchanged.

``/slack/*`` bodies are form-encoded or JSON and are signed: there only the size is checked here, and
the signature is verified over the raw bytes before they are parsed (``api.slack.verification``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from litestar.types import ASGIApp, Receive, Scope, Send

from api.problems import PROBLEM_MEDIA_TYPE, problem

_TOKENS = re.compile(rb'\\.|["\[\]{}]', re.DOTALL)
_JSON_MEDIA = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
DOCUMENTS_PATH = "/v1/documents"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether arrays and objects in ``body`` nest deeper than ``limit`` (brackets in strings do not count)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string = 0, False
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token == b'"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def documents_envelope(max_document_bytes: int) -> int:
    """Largest JSON body for ``POST /v1/documents``: room for the document's JSON escaping; the content
    itself is held to ``max_document_bytes`` by the route."""
    return 2 * max_document_bytes + 64 * 1024


@dataclass(frozen=True, slots=True)
class BodyLimits:
    max_body_bytes: int
    max_document_bytes: int
    max_json_depth: int

    def for_path(self, path: str) -> int:
        if path.rstrip("/") == DOCUMENTS_PATH:
            return documents_envelope(self.max_document_bytes)
        return self.max_body_bytes


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def body_gate(limits: BodyLimits) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware factory for one app's limits."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def gate(asgi_scope: Scope, receive: Receive, send: Send) -> None:
            scope = cast(Any, asgi_scope)
            if scope["type"] != "http":
                await app(asgi_scope, receive, send)
                return
            path = scope["path"]
            if "\x00" in path or b"%00" in scope.get("query_string", b""):
                await _send_problem(send, 400, "NUL is not allowed in a URL.", path.replace("\x00", ""))
                return
            if scope["method"] not in WRITE_METHODS:
                await app(asgi_scope, receive, send)
                return
            try:
                body = await _read_body(scope, receive, limits.for_path(path))
                if not path.startswith("/slack/"):
                    _check_json(scope, body, limits.max_json_depth)
            except _Refused as refused:
                await _send_problem(send, refused.status, refused.detail, path)
                return
            await app(asgi_scope, _replay(body, receive), send)

        return gate

    return middleware


def _header(scope: Any, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _read_body(scope: Any, receive: Receive, limit: int) -> bytes:
    too_large = _Refused(413, f"The request body is larger than this endpoint accepts ({limit} bytes).")
    declared = _header(scope, b"content-length")
    if declared is not None and (not declared.strip().isdigit() or len(declared) > 18):
        raise _Refused(400, "Content-Length must be a byte count.")
    if declared is not None and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while True:
        message = cast(Any, await receive())
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _check_json(scope: Any, body: bytes, max_depth: int) -> None:
    if not body:
        return
    media_type = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
    if not _JSON_MEDIA.match(media_type):
        shown = media_type or "none"
        raise _Refused(415, f"The body must be JSON sent as 'Content-Type: application/json' (got {shown}).")
    if nesting_exceeds(body, max_depth):
        raise _Refused(400, f"The JSON body nests arrays and objects more than {max_depth} levels deep.")


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would send it

    return cast(Receive, replay)


async def _send_problem(send: Send, status: int, detail: str, path: str) -> None:
    body = json.dumps(problem(status, detail, path)).encode()
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})

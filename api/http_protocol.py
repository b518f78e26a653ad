"""uvicorn's HTTP/1.1 protocol, with the one reply it writes itself made a problem document.

A request whose head cannot be parsed (a negative or 23-digit ``Content-Length``, a bad request line) never
reaches the app: the HTTP parser rejects it inside uvicorn, which answers a plain-text 400 and closes the
connection. That answer is the only error not shaped by :mod:`api.problems`; the subclass here writes it as
``application/problem+json`` too. ``weighin serve`` runs uvicorn with :data:`UVICORN_OPTIONS`.

The protocol is uvicorn's httptools one (llhttp, in C), on uvloop's event loop where it is installed (``auto``:
everywhere but Windows): against h11 (pure Python) on asyncio's loop they take about 0.1 ms off a request
(BENCHMARKS.md, fifth session of 2026-12-05).
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.problems import PROBLEM_MEDIA_TYPE, problem

MALFORMED = (
    "The HTTP request is malformed and was not read: its request line or a header (such as a Content-Length "
    "that is not a non-negative whole number) does not follow HTTP/1.1."
)


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        body = json.dumps(problem(400, MALFORMED, "")).encode()
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: " + PROBLEM_MEDIA_TYPE.encode() + b"\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


UVICORN_OPTIONS: dict[str, Any] = {"http": ProblemHttpToolsProtocol, "loop": "auto"}
"""How ``weighin serve`` (and the test that sends it malformed requests) runs uvicorn."""

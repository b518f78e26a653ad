"""uvicorn's HTTP/1.1 protocol, with the one reply it writes itself made a problem document.

A request whose head cannot be parsed (a negative or 23-digit ``Content-Length``, a bad request line) never
reaches the app: h11 rejects it inside uvicorn, which answers a plain-text 400 and closes the connection.
That answer is the only error not shaped by :mod:`api.problems`; this subclass writes it as
``application/problem+json`` too. ``weighin serve`` passes it as uvicorn's ``http`` implementation.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.problems import PROBLEM_MEDIA_TYPE, problem

MALFORMED = (
    "The HTTP request is malformed and was not read: its request line or a header (such as a Content-Length "
    "that is not a non-negative whole number) does not follow HTTP/1.1."
)


class ProblemH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body = json.dumps(problem(400, MALFORMED, "")).encode()
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()

"""Every error a client sees is an RFC 9457 problem (``application/problem+json``); none carries a trace.

One function, :func:`problem_for`, maps our domain errors and Litestar's HTTP errors to a status and a
problem body; the app registers :func:`handle_exception` for every exception.

Body: ``type`` (a URI naming the problem kind), ``title``, ``status``, ``detail`` (what went wrong, in a
sentence meant for the caller), ``instance`` (the request path) and, for invalid input, ``errors``:
``[{"field": "question", "message": "..."}]``.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from http import HTTPStatus
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import InterfaceError, OperationalError

from assistant.answer_log import AnswerNotLogged
from assistant.errors import NotFound, UserInputError
from evaluators.errors import (
    ClusterUnavailable,
    EvaluatorUserError,
    RunAlreadyFinished,
    RunLimitReached,
    UnknownClaimError,
    UnknownJobError,
    UnknownRunError,
)
from knowledge.errors import DocumentError, IndexBuildFailed

log = logging.getLogger("weighin.api")


def _database_unavailable() -> tuple[type[Exception], ...]:
    """Errors meaning the database cannot serve us now, wrapped by SQLAlchemy or raw from a driver (the
    evidence store reads through raw cursors)."""
    import sqlite3

    errors: list[type[Exception]] = [OperationalError, InterfaceError, sqlite3.OperationalError]
    try:
        import psycopg2
    except ImportError:
        pass
    else:
        errors += [psycopg2.OperationalError, psycopg2.InterfaceError]
    return tuple(errors)


DATABASE_UNAVAILABLE = _database_unavailable()

_STORAGE_CONDITIONS = (
    (("database or disk is full", "no space left on device", "could not extend file", "disk quota"), "disk full"),
    (("readonly database", "read-only transaction", "read only"), "the database is read-only"),
    (("database is locked",), "the database is locked by another writer"),
    (("disk i/o error", "input/output error"), "disk I/O error"),
    (
        (
            "connection refused",
            "could not connect",
            "server closed the connection",
            "terminating connection",
            "connection to server",
            "unable to open database file",
            "timeout expired",
        ),
        "the database cannot be reached",
    ),
)
"""Drivers' exact messages (SQLite, libpq) for the conditions an operator can act on."""


def storage_condition(error: BaseException | str) -> str:
    """What stops the database from writing, in a few plain words ("disk full"), never the driver's text."""
    text = str(error).lower()
    for messages, condition in _STORAGE_CONDITIONS:
        if any(message in text for message in messages):
            return condition
    return "an unrecognised database error (the server log has it)"


PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://weighin.dev/problems/"


class FieldError(HTTPException):
    """A request field holds a value the service rejects (names the field)."""

    status_code = 422

    def __init__(self, field: str, message: str, status_code: int = 422) -> None:
        super().__init__(detail=f"{field}: {message}", status_code=status_code)
        self.field = field
        self.message = message


class Unauthorized(HTTPException):
    status_code = 401


class RateLimited(HTTPException):
    status_code = 429


class ServiceUnavailable(HTTPException):
    status_code = 503


def problem(status: int, detail: str, path: str, errors: list[dict[str, str]] | None = None, **extra: Any) -> dict:
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": path,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    """Litestar/msgspec report ``{"message": "Object contains unknown field `x` - at `$.x`", "key": ...}``."""
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value"))
        at = re.search(r"at `\$\.?([^`]*)`", message)
        unknown = re.search(r"(?:unknown|missing required) field `([^`]+)`", message)
        field = (unknown.group(1) if unknown else None) or (at.group(1) if at else None) or item.get("key") or "body"
        errors.append({"field": str(field), "message": re.sub(r"\s*-\s*at `[^`]*`$", "", message)})
    return errors


def problem_for(exc: Exception, path: str) -> tuple[int, dict, dict[str, str]]:
    """Status, problem body and extra headers for any exception (unknown ones are 500 and logged)."""
    headers: dict[str, str] = {}
    if isinstance(exc, FieldError):
        return (
            exc.status_code,
            problem(exc.status_code, exc.detail, path, [{"field": exc.field, "message": exc.message}]),
            headers,
        )
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or exc.detail
        return 400, problem(400, detail, path, errors), headers
    if isinstance(exc, HTTPException):
        headers.update(exc.headers or {})
        detail = exc.detail if exc.detail and exc.detail != HTTPStatus(exc.status_code).phrase else _default_detail(exc)
        return exc.status_code, problem(exc.status_code, detail, path), headers
    if isinstance(exc, ClusterUnavailable):  # the Ray cluster is down: the request was fine, try again later
        log.error("Ray cluster unavailable on %s: %s", path, one_line(exc))
        return 503, problem(503, str(exc), path), {"Retry-After": "30"}
    if isinstance(exc, RunLimitReached):
        return 429, problem(429, str(exc), path), {"Retry-After": str(exc.retry_after_s)}
    if isinstance(exc, RunAlreadyFinished):
        return 409, problem(409, str(exc), path), headers
    if isinstance(exc, NotFound | UnknownClaimError | UnknownJobError | UnknownRunError):
        return 404, problem(404, str(exc), path), headers
    if isinstance(exc, UserInputError | EvaluatorUserError | DocumentError):
        return 422, problem(422, str(exc), path), headers
    if isinstance(exc, IndexBuildFailed):  # the document is stored; the old index keeps answering
        log.error("index rebuild failed on %s: %s", path, one_line(exc))
        detail = f"The document was stored but the index could not be rebuilt ({exc}); try again later."
        return 503, problem(503, detail, path), {"Retry-After": "30"}
    if isinstance(exc, AnswerNotLogged):
        log.error("answer not logged on %s: %s", path, exc)
        condition = storage_condition(exc)
        detail = f"The answer log cannot be written: {condition}. The answer could not be logged, so it was not served."
        return 503, problem(503, detail, path), {"Retry-After": "5"}
    if isinstance(exc, DATABASE_UNAVAILABLE):  # the database is down, read-only or full: not a bug
        log.error("database unavailable on %s: %s", path, one_line(exc))
        detail = f"The database is unavailable: {storage_condition(exc)}. Try again shortly."
        return 503, problem(503, detail, path), {"Retry-After": "5"}
    request_id = uuid.uuid4().hex[:16]
    log.error("500 on %s, request %s: %s", path, request_id, one_line(exc))
    log.debug("request %s", request_id, exc_info=exc)  # the whole traceback only when asked for
    detail = f"An internal error occurred; it has been logged as request {request_id}."
    return 500, problem(500, detail, path, request_id=request_id), headers


def one_line(exc: BaseException) -> str:
    """``Type: message (at file:line in function)``: a bug's gist without a 30-line traceback in the log."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}{where}"


def _default_detail(exc: HTTPException) -> str:
    return {
        404: "No such resource.",
        405: "This method is not allowed on this resource.",
        413: "The request body is larger than this endpoint accepts.",
    }.get(exc.status_code, HTTPStatus(exc.status_code).phrase)


def handle_exception(request: Request, exc: Exception) -> Response:
    status, body, headers = problem_for(exc, request.url.path)
    ctx = getattr(request.app.state, "ctx", None)
    if ctx is not None:
        ctx.metrics.count_unrouted(request.scope, status)
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def problem_response(status: int, detail: str, path: str, headers: dict[str, str] | None = None) -> Response:
    return Response(problem(status, detail, path), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "MediaType",
    "RateLimited",
    "ServiceUnavailable",
    "Unauthorized",
    "handle_exception",
    "problem",
    "problem_for",
    "problem_response",
    "storage_condition",
]

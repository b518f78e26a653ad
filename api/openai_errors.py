"""Errors on the OpenAI-compatible routes, in OpenAI's own shape.

OpenAI clients read ``{"error": {"message", "type", "param", "code"}}``: the official Python client puts
``message`` in the exception's text and ``type``, ``param`` and ``code`` on the exception, and shows a bare
"Error code: 404" for anything else. So ``/v1/models`` and ``/v1/chat/completions`` translate every error
through :func:`api.problems.problem_for` (the one mapping of domain errors to statuses) and reshape the
problem here; every other route keeps RFC 9457 problem documents.
"""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, Response

from api.problems import problem_for

ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error", 429: "rate_limit_error"}
"""OpenAI's error types by status; other 4xx are ``invalid_request_error``, 5xx ``server_error``."""
ERROR_CODES = {401: "invalid_api_key", 429: "rate_limit_exceeded", 503: "service_unavailable"}


def openai_error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    """OpenAI's error object for ``status``: a plain-words ``message`` and the request field it names."""
    kind = ERROR_TYPES.get(status) or ("server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": kind, "param": param, "code": code or ERROR_CODES.get(status)}}


def _field_and_message(problem: dict[str, Any]) -> tuple[str | None, str]:
    """The first field the problem names and the detail without its ``field: `` prefix."""
    errors = problem.get("errors") or []
    if not errors:
        return None, str(problem["detail"])
    first = errors[0]
    return str(first["field"]), "; ".join(str(e["message"]) for e in errors)


def handle_openai_exception(request: Request, exc: Exception) -> Response:
    """Registered on the OpenAI controller: the same status and headers as the problem, OpenAI's body."""
    status, problem, headers = problem_for(exc, request.url.path)
    param, message = _field_and_message(problem)
    code = getattr(exc, "openai_code", None)
    return Response(
        openai_error_body(status, message, param, code),
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )

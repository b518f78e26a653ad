"""Completes the generated OpenAPI document so it says what the server does.

Litestar documents each route's success response and a generic 400. The server also answers, on every
route, with RFC 9457 problem documents for the statuses listed here (401 when keys are needed, 413/415
for bodies the body gate refuses, 422 for values the domain refuses, 429 when rate limited, 503 while
loading or when the database is unavailable), refuses unknown fields in request bodies, and serves
Markdown, CSV and event streams on a few routes. :func:`complete_openapi` adds all of that to the
document; the JSON and YAML render plugins below apply it before rendering.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin

from api import schemas
from api.routes.openai_compat import MODEL_ID

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem document.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the problem kind."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, in a sentence meant for the caller."},
        "instance": {"type": "string", "description": "The request path."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
        "request_id": {"type": "string", "description": "On 500: the id under which the error was logged."},
    },
}
OPENAI_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "OpenAI's error object (the OpenAI-compatible routes answer errors in it, not as problems).",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "param", "code"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "param": {"type": ["string", "null"]},
                "code": {"type": ["string", "null"]},
            },
        }
    },
}
OPENAI_PATHS = ("/v1/models", "/v1/chat/completions")
"""Routes whose errors are OpenAI's error object (``api.openai_errors``)."""
STATUS_TEXT = {
    "400": "The request is malformed: a bad body, parameter or header.",
    "401": "An API key (or, for /slack, Slack's signature) is missing or invalid.",
    "404": "No such resource, or an id in the body names nothing.",
    "409": "The evidence log was altered, or (DELETE /v1/evaluations/{id}) the run has already ended.",
    "413": "The body is larger than this endpoint accepts.",
    "415": "The body is not JSON.",
    "422": "The request is well-formed but its content is refused for a reason a JSON schema cannot state "
    "(a document that yields no claims, a node the Ray cluster does not have).",
    "429": "Too many requests from this client, or (POST /v1/evaluations) too many of its runs queued; see "
    "Retry-After.",
    "503": "Loading, failed to load (retrying), the database or (for evaluations) the Ray cluster is unavailable; "
    "see Retry-After.",
}
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "description": "One server-sent event; `data` is a JSON document (or `[DONE]` at the end of a chat stream).",
    "properties": {"event": {"type": "string"}, "data": {"type": "string"}, "id": {"type": "string"}},
}
QUESTION_PATTERN = (
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
)
"""Has a visible character and no control character (tabs and line breaks are fine)."""


def _error_statuses(path: str, method: str) -> list[str]:
    if path.startswith("/slack/"):
        return ["400", "401", "413", "503"]
    statuses = ["400", "401", "503"] if path.startswith("/v1/") else ["400"]
    if "{" in path:
        statuses.append("404")
    if method == "post":
        statuses += ["404", "413", "415", "422", "429"]
    if method == "delete":
        statuses += ["404", "409", "429"]
    if path == "/v1/audit/verify":
        statuses.append("409")
    if path in ("/healthz", "/readyz"):
        statuses.append("503")
    return sorted(set(statuses))


def _problem_response(status: str, path: str) -> dict[str, Any]:
    if path.startswith(OPENAI_PATHS):
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/OpenAIError"}}}
    else:
        content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {"description": STATUS_TEXT.get(status, "See the problem document."), "content": content}


def _forbidding_structs() -> list[str]:
    """Names of the request structs that refuse unknown fields."""
    return [
        name
        for name, value in inspect.getmembers(schemas, inspect.isclass)
        if issubclass(value, msgspec.Struct) and value.__struct_config__.forbid_unknown_fields
    ]


def _tighten_questions(components: dict[str, Any], max_question_chars: int) -> None:
    for struct, field in (("AskRequest", "question"), ("MessageCreate", "content")):
        prop = components.get(struct, {}).get("properties", {}).get(field)
        if prop is not None:
            prop.update(maxLength=max_question_chars, pattern=QUESTION_PATTERN)


NODE_WITHOUT_RAY: dict[str, Any] = {
    "type": "null",
    "description": "Choosing a node needs the Ray executor (WEIGHIN_EXECUTOR=ray); this server runs jobs locally, "
    "so leave `node` out.",
}


@dataclass(frozen=True, slots=True)
class ServerRules:
    """What this server's configuration decides about its API, stated in the document."""

    max_question_chars: int = 2000
    node_allowed: bool = True
    """Jobs run on Ray, so an evaluation may name a node."""
    slack: bool = True
    """Slack is configured; otherwise its routes answer 503 and are left out of the document."""


def complete_openapi(document: dict[str, Any], rules: ServerRules) -> None:
    """Add problem responses, media types and request-body strictness to ``document`` (in place), and state
    the rules this server's configuration decides (``rules``)."""
    if not rules.slack:
        for path in [p for p in document.get("paths", {}) if p.startswith("/slack/")]:
            del document["paths"][path]
    max_question_chars, node_allowed = rules.max_question_chars, rules.node_allowed
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components["OpenAIError"] = OPENAI_ERROR_SCHEMA
    chat = components.get("ChatCompletionRequest", {}).get("properties", {})
    if "model" in chat:  # any other model is answered 404, as OpenAI does
        chat["model"]["enum"] = [MODEL_ID]
    messages = chat.get("messages")
    if messages is not None:  # the last user message is the question: there must be one
        messages["contains"] = {"type": "object", "properties": {"role": {"const": "user"}}, "required": ["role"]}
    evaluation = components.get("EvaluationCreate", {}).get("properties", {})
    if not node_allowed and "node" in evaluation:
        evaluation["node"] = NODE_WITHOUT_RAY
    for name in _forbidding_structs():
        if name in components:
            components[name]["additionalProperties"] = False
    _tighten_questions(components, max_question_chars)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in _error_statuses(path, method):
                responses[status] = _problem_response(status, path)
            _extra_media_types(path, method, responses)
    conversations = document.get("paths", {}).get("/v1/conversations", {}).get("post")
    if conversations and "requestBody" in conversations:
        conversations["requestBody"]["required"] = False  # no body: an untitled conversation


def _extra_media_types(path: str, method: str, responses: dict[str, Any]) -> None:
    ok = responses.get("200")
    if ok is None:
        return
    content = ok.setdefault("content", {})
    text = {"schema": {"type": "string"}}
    if path == "/v1/audit":
        content["text/markdown"] = text
        content["text/csv"] = text
    elif path.endswith("/events") or (path == "/v1/chat/completions" and method == "post"):
        content["text/event-stream"] = {"schema": SSE_EVENT}


class CompletedJson(JsonRenderPlugin):
    """``/schema/openapi.json``, completed by :func:`complete_openapi`."""

    def __init__(self, rules: ServerRules, **options: Any) -> None:
        super().__init__(**options)
        self.rules = rules

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        complete_openapi(openapi_schema, self.rules)
        return super().render(request, openapi_schema)


class CompletedYaml(YamlRenderPlugin):
    """``/schema/openapi.yaml``, completed by :func:`complete_openapi`."""

    def __init__(self, rules: ServerRules, **options: Any) -> None:
        super().__init__(**options)
        self.rules = rules

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        complete_openapi(openapi_schema, self.rules)
        return super().render(request, openapi_schema)

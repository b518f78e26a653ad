"""The Litestar app factory: ``create_app(settings)`` wires routes, guards, problems, metrics and the runtime.

Nothing here runs at import time. The heavy runtime (model, index, database, evaluation queue) is
built by a :class:`RuntimeHost` in a background thread when the app starts, so ``/healthz`` answers
during the load; tests hand in a ready host around their own runtime.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders, State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import Message, Scope
from sqlalchemy.engine import Engine

from api.body_gate import BodyLimits, body_gate, documents_envelope
from api.context import ApiContext
from api.host import RuntimeHost
from api.metrics import Metrics
from api.openapi_doc import CompletedJson, CompletedYaml, ServerRules
from api.problems import handle_exception
from api.routes.answers import AskController, ConversationController
from api.routes.audit import AnswerController, AuditController, DisputeController
from api.routes.audit_page import audit_html
from api.routes.knowledge import ClaimController, DocumentController, EvaluationController, JobController
from api.routes.openai_compat import OpenAIController
from api.routes.ops import healthz, metrics, readyz
from api.routes.pages import chat_page, favicon
from api.security import Guards, read_access
from api.slack.routes import SlackController
from assistant.settings import Settings

log = logging.getLogger("weighin.api")


def create_app(settings: Settings | None = None, host: RuntimeHost | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    if host is None:
        from assistant.wiring import build_runtime

        host = RuntimeHost(lambda: build_runtime(settings))
    metrics_ = Metrics()
    ctx = ApiContext(settings=settings, host=host, guards=Guards(settings.api), metrics=metrics_)
    host.on_ready(lambda runtime: metrics_.watch_jobs(runtime.queue.job_states))
    host.on_ready(lambda runtime: _scrub_stored_keys(ctx, runtime.engine))
    api = settings.api
    limits = BodyLimits(api.max_body_bytes, api.max_document_bytes, api.max_json_depth)
    rules = ServerRules(settings.max_question_chars, settings.evaluation.ray is not None, settings.slack.configured)

    app = Litestar(
        route_handlers=[
            AskController,
            ConversationController,
            OpenAIController,
            ClaimController,
            JobController,
            EvaluationController,
            DocumentController,
            AnswerController,
            DisputeController,
            AuditController,
            healthz,
            readyz,
            metrics,
            chat_page,
            favicon,
            audit_html,
            SlackController,
        ],
        state=State({"ctx": ctx}),
        guards=[read_access],
        exception_handlers={Exception: handle_exception},
        middleware=[metrics_.middleware, body_gate(limits)],
        before_send=[_response_headers],
        on_startup=[lambda: host.start()],
        on_shutdown=[lambda: host.close()],
        # The body gate holds each route to its own limit; this one only has to let the largest through.
        request_max_body_size=max(api.max_body_bytes, documents_envelope(api.max_document_bytes)),
        openapi_config=OpenAPIConfig(
            title="Weigh-in",
            version="0.1.0",
            description="Evidence-backed answers about PyTorch vs TensorFlow: claims from the article, "
            "measured evidence from verification jobs, and an OpenAI-compatible chat endpoint. Errors are "
            "RFC 9457 problem documents (`application/problem+json`).",
            path="/schema",
            # JSON only: the HTML viewers load their scripts from a CDN, and nothing here may need the network.
            render_plugins=[
                CompletedJson(rules, path=["/", "/openapi.json"]),
                CompletedYaml(rules, path="/openapi.yaml"),
            ],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="WEIGHIN_API_KEYS")
                }
            ),
        ),
        cors_config=CORSConfig(allow_origins=[], allow_methods=["GET", "POST"]),
        debug=False,
    )
    return app


async def _response_headers(message: Message, scope: Scope) -> None:
    """``nosniff`` on every response (a JSON body is never run as a script or rendered as HTML), and an
    ``Allow`` on OPTIONS that names every method of the path (Litestar's names only one route's)."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers.setdefault("x-content-type-options", "nosniff")
    template = cast(Any, scope).get("path_template")
    if scope.get("method") == "OPTIONS" and template and "allow" in headers:
        routes = [route for route in scope["app"].routes if route.path_format == template]
        methods = {method for route in routes for method in getattr(route, "methods", ())}
        headers["allow"] = ", ".join(sorted(methods | {"OPTIONS"}))


def _scrub_stored_keys(ctx: ApiContext, engine: Engine) -> None:
    changed = ctx.guards.keys.scrub_stored(engine)
    if changed:
        log.warning("replaced %d stored API keys with their identities", changed)

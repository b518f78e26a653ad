"""The audit page, ``GET /audit``: chain integrity, verdicts, a filterable claims table, charts, records.

Rendering lives in :mod:`api.pages.audit_view` (no Litestar there); this module only reads the query, checks
the read guard, builds the report off the event loop and turns failures into the page's alert.
"""

from __future__ import annotations

import anyio.to_thread
from litestar import MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.params import FromQuery

from api.context import context
from api.pages.audit_view import AuditFilters, audit_page, audit_shell, problem_page
from api.problems import problem_for
from assistant.audit_report import build_report


async def rendered_audit(
    state: State, request: Request, filters: AuditFilters, refused: list[str]
) -> tuple[int, str, dict[str, str]]:
    """Status, page and extra headers: the audit (400 with every claim when a filter value is unknown), or the
    problem's detail (runtime loading, key needed)."""
    try:
        ctx = context(state)
        ctx.guards.read(request, request.route_handler)  # the page shows what /v1/audit does: same rule
        audit = ctx.runtime.audit
        page = await anyio.to_thread.run_sync(lambda: audit_page(build_report(audit), filters, refused))
    except Exception as exc:  # any failure is shown as its problem detail; the page is never blank
        status, problem, headers = problem_for(exc, request.url.path)
        return status, problem_page(str(problem["detail"])), headers
    return (400 if refused else 200), page, {}


@get("/audit", include_in_schema=False, media_type=MediaType.HTML)
async def audit_html(
    state: State,
    request: Request,
    verdict: FromQuery[str | None] = None,
    topic: FromQuery[str | None] = None,
    framework: FromQuery[str | None] = None,
) -> Response[str]:
    """The audit as HTML; ``verdict``, ``topic`` and ``framework`` filter the claims table (an unknown value is
    a 400 that names the choices, over every claim)."""
    refused = AuditFilters.refused(verdict, topic, framework)
    filters = AuditFilters() if refused else AuditFilters.from_query(verdict, topic, framework)
    status, page, headers = await rendered_audit(state, request, filters, refused)
    return Response(page, status_code=status, media_type=MediaType.HTML, headers={**audit_shell().headers, **headers})

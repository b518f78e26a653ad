"""The evidence half of the ``/audit`` page: environment disagreements, open disputes, and every evidence
record with an anchor (``#record-<id>``) that the claims table links to, with its findings and links.

Pure rendering, every report value escaped; :mod:`api.pages.audit_view` assembles the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from api.pages.audit_links import (
    claim_anchor,
    claim_json_url,
    findings_list,
    record_anchor,
    verdict_badge,
    when_html,
)
from assistant.audit_report import AuditReport

# -- disagreements and disputes ------------------------------------------------------------------------------


def _claim_link(claim_id: str) -> str:
    return f'<a href="#{claim_anchor(claim_id)}">{escape(claim_id)}</a>'


def disagreements_html(report: AuditReport) -> str:
    items = []
    for audit in report.claims:
        for found in audit.disagreements:
            views = "".join(
                f"<li>{verdict_badge(str(v.get('verdict') or ''))} on {escape(str(v.get('device') or '?'))}"
                f"{' · ' + escape(str(v['host'])) if v.get('host') else ''}"
                f' <span class="muted">({escape(str(v.get("environment") or ""))})</span></li>'
                for v in found.get("verdicts") or []
            )
            text = str(audit.claim.get("text") or "")
            text = text if len(text) <= 140 else text[:139] + "…"
            items.append(
                f'<li>{_claim_link(str(audit.claim["id"]))} <span class="muted">{escape(text)}</span>'
                f"<br>Job <code>{escape(str(found.get('job_id') or ''))}</code> found different things on different "
                "machines"
                f'<ul class="views">{views}</ul></li>'
            )
    body = (
        folded(
            f"Show {len(items)} disagreement{'s' * (len(items) != 1)}",
            f'<ul class="disagreements">{"".join(items)}</ul>',
        )
        if items
        else _empty("No job disagrees with itself.")
    )
    return (
        '<section id="disagreements" aria-labelledby="disagreements-heading">'
        '<h2 id="disagreements-heading">Disagreements between environments</h2>'
        '<p class="section-note">The same job\'s latest current verdicts differ between machines '
        f"(for example CPU and GPU).</p>{body}</section>"
    )


def disputes_html(report: AuditReport) -> str:
    rows = [
        "<tr>"
        f"<td>{_claim_link(str(audit.claim['id']))}</td>"
        f"<td>{escape(str(d.get('reason') or ''))}</td>"
        f"<td>{when_html(d.get('created_at'))}</td>"
        f"<td>{escape(str(d.get('surface') or ''))}</td>"
        f"<td>{escape('re-verification queued' if d.get('evaluation_id') else 'needs a person')}</td>"
        "</tr>"
        for audit in report.claims
        for d in audit.open_disputes
    ]
    resolved = sum(len(a.disputes) - len(a.open_disputes) for a in report.claims)
    note = f'<p class="section-note">{resolved} earlier disputes were re-verified.</p>' if resolved else ""
    table = (
        '<div class="table-wrap"><table class="disputes-table"><thead><tr><th scope="col">Claim</th>'
        '<th scope="col">Reason</th><th scope="col">Opened</th><th scope="col">From</th><th scope="col">Status</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    return (
        '<section id="disputes" aria-labelledby="disputes-heading"><h2 id="disputes-heading">Open disputes</h2>'
        f"{note}{table if rows else _empty('No open disputes.')}</section>"
    )


def folded(summary: str, body: str) -> str:
    """``body`` behind a summary line, closed until opened (``audit.js`` opens it for a link into it)."""
    return f'<details class="fold"><summary>{escape(summary)}</summary>{body}</details>'


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


# -- records -------------------------------------------------------------------------------------------------


def _record_html(item: Mapping[str, Any], claim_ids: list[str]) -> str:
    record_id = str(item.get("record_id") or "")
    stale = ' <span class="stale-tag">stale: the job changed since</span>' if item.get("stale") else ""
    claims = ", ".join(
        f'<span class="claim-ref">{_claim_link(c)} (<a href="{escape(claim_json_url(c))}">JSON</a>)</span>'
        for c in claim_ids
    )
    duration = item.get("duration_s")
    took = f"{float(duration):.1f} s" if isinstance(duration, int | float) else "?"
    facts = [
        ("Record", f"<code>{escape(record_id)}</code>"),
        ("Measured", f"{when_html(item.get('started_at'))}, took {escape(took)}"),
        (
            "Device",
            escape(str(item.get("device") or "?")) + (f" on {escape(str(item['host']))}" if item.get("host") else ""),
        ),
        ("Environment", escape(str(item.get("environment") or "unknown"))),
        ("Fingerprint", f"<code>{escape(str(item.get('fingerprint') or ''))}</code>"),
        ("Claims", claims or "none: its findings still serve answers"),
    ]
    details = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    findings = findings_list(item.get("findings") or [])
    found = f"<h4>Findings</h4>{findings}" if findings else ""
    return (
        f'<li class="record{" stale" if item.get("stale") else ""}" id="{record_anchor(record_id)}">'
        f'<p class="record-head">{verdict_badge(str(item.get("verdict") or ""))} '
        f'<code class="job">{escape(str(item.get("job_id") or ""))}</code>{stale}</p>'
        f'<p class="key-figure">{escape(str(item.get("key_figure") or ""))}</p>'
        f'<p class="rationale">{escape(str(item.get("rationale") or ""))}</p>'
        f"{found}<dl>{details}</dl></li>"
    )


def records_html(report: AuditReport) -> str:
    """Every record about a claim and every current one, once, newest first, with the claims it speaks to.

    A current record shows its own verdict (``mixed`` when its claims read differently); a stale one, known only
    through a claim's history, shows its verdict for that claim.
    """
    items: dict[str, Mapping[str, Any]] = {str(i["record_id"]): i for i in report.measurements}  # whole records
    claims: dict[str, list[str]] = {record_id: [] for record_id in items}
    for audit in report.claims:
        for item in audit.history:
            record_id = str(item["record_id"])
            items.setdefault(record_id, item)
            claims.setdefault(record_id, []).append(str(audit.claim["id"]))
    ordered = sorted(items.values(), key=lambda i: str(i.get("started_at") or ""), reverse=True)
    cards = "".join(_record_html(i, claims[str(i["record_id"])]) for i in ordered)
    body = (
        folded(f"Show all {len(ordered)} record{'s' * (len(ordered) != 1)}", f'<ol class="records">{cards}</ol>')
        if ordered
        else _empty("No evidence recorded yet: run weighin evaluate --all, or ask a question to queue its jobs.")
    )
    return (
        '<section id="records" aria-labelledby="records-heading"><h2 id="records-heading">Evidence records</h2>'
        f"{body}</section>"
    )

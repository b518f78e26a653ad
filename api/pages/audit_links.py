"""Small pieces every part of ``/audit`` shares: verdict badges in the one vocabulary, anchors, times, and
a claim's judged links (one row per job: predicts, measured, verdict, reason, what it leaves unmeasured).

Verdict words come from :data:`evaluators.verdicts.LABELS`, the vocabulary of every surface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import quote

from evaluators.verdicts import LABELS, MIXED

Item = Mapping[str, Any]


def verdict_label(verdict: str) -> str:
    return LABELS.get(verdict, verdict or "Unknown")


def verdict_badge(verdict: str) -> str:
    css = verdict if verdict in LABELS else "unknown"
    return f'<span class="badge verdict-{css}">{escape(verdict_label(verdict))}</span>'


def record_anchor(record_id: str) -> str:
    return escape(f"record-{record_id}")


def claim_anchor(claim_id: str) -> str:
    return escape(f"claim-{claim_id}")


def claim_json_url(claim_id: str) -> str:
    return "/v1/claims/" + quote(claim_id, safe="")


def when_html(timestamp: Any) -> str:
    """An ISO 8601 time as ``2026-11-20 10:00 UTC`` in a ``<time>``; anything unparsable as plain text."""
    text = str(timestamp or "")
    try:
        moment = datetime.fromisoformat(text).astimezone(UTC)
    except ValueError:
        return escape(text or "unknown time")
    return f'<time datetime="{escape(text)}">{moment:%Y-%m-%d %H:%M} UTC</time>'


def where(item: Item) -> str:
    """``cpu on ci-runner``: the device and host a record measured on."""
    host = str(item.get("host") or "")
    return f"{item.get('device') or '?'}" + (f" on {host}" if host else "")


def current_links(history: Iterable[Item]) -> list[tuple[Item, Item]]:
    """(record, link) for each judged link of the claim's current records, newest record first."""
    current = [item for item in history if not item.get("stale")]
    current.sort(key=lambda i: str(i.get("started_at") or ""), reverse=True)
    return [(item, link) for item in current for link in item.get("links") or [] if isinstance(link, Mapping)]


def _job_where(record: Item, link: Item) -> str:
    job = escape(str(link.get("job_id") or record.get("job_id") or ""))
    return f"<code>{job}</code> ({escape(where(record))})"


def mixed_summary(pairs: Sequence[tuple[Item, Item]]) -> str:
    """``Mixed: Supported by tf-serving-artifact (cpu on ci-runner); Error from tfjs-converter (cpu).``"""
    by_verdict: dict[str, list[str]] = {}
    for record, link in pairs:
        by_verdict.setdefault(str(link.get("verdict") or ""), []).append(_job_where(record, link))
    found = [f"{escape(verdict_label(v))} from {', '.join(jobs)}" for v, jobs in by_verdict.items()]
    return f'<p class="mixed-summary"><strong>{escape(LABELS[MIXED])}:</strong> {"; ".join(found)}.</p>'


def links_list(pairs: Sequence[tuple[Item, Item]]) -> str:
    """Each link's verdict on its own: job and machine, what it predicts, what was measured, why, what is left."""
    items = []
    for record, link in pairs:
        anchor = record_anchor(str(record.get("record_id") or ""))
        job = escape(str(link.get("job_id") or record.get("job_id") or ""))
        unmeasured = str(link.get("unmeasured") or "")
        left = f'<br><span class="unmeasured">Not measured: {escape(unmeasured)}</span>' if unmeasured else ""
        items.append(
            f'<li>{verdict_badge(str(link.get("verdict") or ""))} <a href="#{anchor}"><code>{job}</code></a> '
            f'<span class="muted">{escape(where(record))}</span>'
            f'<br><span class="muted">Predicts</span> {escape(str(link.get("predicts") or ""))} '
            f'<span class="muted">({escape(str(link.get("metric") or ""))}) · measured</span> '
            f"{escape(str(link.get('measured') or ''))}"
            f'<br><span class="reason">{escape(str(link.get("reason") or ""))}</span>{left}</li>'
        )
    return f'<ol class="links">{"".join(items)}</ol>'


def findings_list(findings: Iterable[Any]) -> str:
    items = [
        f"<li>{escape(str(f.get('text') or ''))}</li>" for f in findings if isinstance(f, Mapping) and f.get("text")
    ]
    return f'<ul class="findings">{"".join(items)}</ul>' if items else ""

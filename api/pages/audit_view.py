"""The ``/audit`` page as HTML: the summary first (chain integrity, verdicts), charts, claims, records.

The page opens short: claims nothing has measured, each claim's source and links, the check grid, the
environment disagreements and the evidence records are folded (``<details>``) until opened; ``audit.js``
opens whatever holds the target of a link (``#record-…``). A broken evidence log is said before anything.

Pure rendering of an :class:`~assistant.audit_report.AuditReport` (no Litestar here). Every value from the
report goes through :func:`html.escape`: claim text and quotes come from documents anyone may ingest.

The claims and their filters are :mod:`api.pages.audit_claims`. The stylesheet and script are inlined and
allowed by hash, like the chat page's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from urllib.parse import urlencode

from api.pages.audit_claims import AuditFilters, claims_html
from api.pages.audit_evidence import disagreements_html, disputes_html, records_html
from api.pages.audit_figures import charts_html
from api.pages.audit_links import record_anchor, when_html
from api.pages.shell import SLOT, inline_page
from assistant.audit_report import AuditReport
from evaluators.chain import ChainReport
from evaluators.verdicts import LABELS

__all__ = ["AuditFilters", "audit_page", "audit_shell", "problem_page"]


@dataclass(frozen=True, slots=True)
class AuditShell:
    template: str
    headers: dict[str, str]

    def render(self, main: str, title_note: str = "") -> str:
        """``main`` is already escaped markup."""
        title = "Weigh-in claim audit" + (f" ({title_note})" if title_note else "")
        slots = {"main": main, "title": escape(title)}
        return SLOT.sub(lambda match: slots.get(match.group(1), ""), self.template)


@cache
def audit_shell() -> AuditShell:
    """Read once per process: the assets ship with the package and do not change while it runs."""
    return AuditShell(*inline_page("audit"))


def problem_page(detail: str) -> str:
    """The page when no report can be shown (runtime loading, reads need a key): the problem's detail."""
    return audit_shell().render(f'<div class="alert" role="alert">{escape(detail)}</div>', "unavailable")


def audit_page(report: AuditReport, filters: AuditFilters, refused: list[str] | None = None) -> str:
    """The page; ``refused`` (filter values no claim can have) is said first, and the claims shown unfiltered."""
    records = report.measurements or [item for claim in report.claims for item in claim.history]
    alert = "".join(f'<div class="alert" role="alert">{escape(message)}</div>' for message in refused or [])
    main = "".join(
        [
            alert,
            "" if report.chain.ok else _chain_html(report.chain),  # a broken log is said before anything else
            _summary_html(report),
            charts_html(records, set(report.linked_jobs)),
            claims_html(report, filters),
            disagreements_html(report),
            disputes_html(report),
            records_html(report),
        ]
    )
    return audit_shell().render(main, "" if report.chain.ok else "evidence log BROKEN")


def _chain_html(chain: ChainReport) -> str:
    head = escape((chain.head_hash or "none")[:16])
    if chain.ok:
        return (
            '<p class="chain chain-ok" role="status" aria-label="Evidence log integrity">'
            f"<strong>Evidence log intact.</strong> {chain.records} records, hash chain verified; "
            f"head <code>{head}</code>.</p>"
        )
    first = chain.first_broken
    assert first is not None
    if first.record_id:
        where = f'record <a href="#{record_anchor(first.record_id)}"><code>{escape(first.record_id)}</code></a>'
        where += f" (position {first.position})"
    else:
        where = "the chain anchor"
    more = f" {len(chain.problems)} problems in all." if len(chain.problems) > 1 else ""
    return (
        '<section class="chain chain-broken" role="alert" aria-label="Evidence log integrity">'
        f"<strong>Evidence log BROKEN</strong> at {where}: {escape(first.reason)}.{more} "
        "Records were changed, deleted or reordered outside the application; do not trust the figures below "
        "until this is explained.</section>"
    )


def _filter_url(**query: str) -> str:
    return "/audit?" + urlencode(query) + "#claims" if query else "/audit#claims"


def _summary_html(report: AuditReport) -> str:
    counts = report.verdicts
    tiles = [f'<li class="tile tile-total"><span class="count">{len(report.claims)}</span> claims</li>']
    for verdict, label in LABELS.items():
        if counts.get(verdict):
            tiles.append(
                f'<li class="tile verdict-{verdict}"><a href="{escape(_filter_url(verdict=verdict))}">'
                f'<span class="count">{counts[verdict]}</span> {escape(label)}</a></li>'
            )
    records = {item["record_id"] for claim in report.claims for item in claim.history}
    records |= {item["record_id"] for item in report.measurements}
    disputes = sum(len(c.open_disputes) for c in report.claims)
    disagreements = sum(len(c.disagreements) for c in report.claims)
    facts = [
        f'<a href="#records">{len(records)} evidence records</a>',
        f'<a href="#disputes">{disputes} open dispute{"s" * (disputes != 1)}</a>',
        f'<a href="#disagreements">{disagreements} environment disagreement{"s" * (disagreements != 1)}</a>',
        f"generated {when_html(report.generated_at)}",
    ]
    return (
        '<section class="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2>'
        f"{_chain_html(report.chain) if report.chain.ok else ''}"
        f'<ul class="tiles">{"".join(tiles)}</ul><p class="facts">{" · ".join(facts)}</p></section>'
    )

"""The ``/audit`` page as HTML: chain integrity, verdict summary, filterable claims table, charts, records.

Pure rendering of an :class:`~assistant.audit_report.AuditReport` (no Litestar here). Every value from the
report goes through :func:`html.escape`: claim text and quotes come from documents anyone may ingest.

Filters work without JavaScript: every claim row is rendered and the ones the query's filters exclude carry
``hidden``, so the server's answer is already filtered; ``audit.js`` applies the same rule on change,
instantly. The stylesheet and script are inlined and allowed by hash, like the chat page's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import escape
from urllib.parse import urlencode

from api.pages.audit_evidence import disagreements_html, disputes_html, records_html
from api.pages.audit_figures import charts_html, evaluate_command
from api.pages.audit_links import (
    claim_anchor,
    claim_json_url,
    current_links,
    findings_list,
    links_list,
    mixed_summary,
    record_anchor,
    verdict_badge,
    verdict_label,
    when_html,
)
from api.pages.shell import SLOT, inline_page
from assistant.audit_report import AuditReport, ClaimAudit
from assistant.catalog import FRAMEWORK_FILTERS
from evaluators.chain import ChainReport
from evaluators.linking import catalog_linker
from evaluators.verdicts import LABELS, MIXED
from knowledge.claims import TOPICS

FRAMEWORK_LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "both": "Both", "neither": "Neither"}
CHIPS_PER_CLAIM = 5


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """The claims table's filters; values outside the known choices are dropped (shown as "All")."""

    verdict: str = ""
    topic: str = ""
    framework: str = ""

    @classmethod
    def from_query(cls, verdict: str | None, topic: str | None, framework: str | None) -> AuditFilters:
        return cls(
            verdict if verdict in LABELS else "",
            topic if topic in TOPICS else "",
            framework if framework in FRAMEWORK_FILTERS else "",
        )

    def matches(self, audit: ClaimAudit) -> bool:
        """The ``/v1/claims`` rule: topic or any aspect; framework named, subject or favoured."""
        return (
            (not self.verdict or audit.verdict == self.verdict)
            and (not self.topic or self.topic in _topics(audit))
            and (not self.framework or self.framework in _frameworks(audit))
        )

    def active(self) -> bool:
        return bool(self.verdict or self.topic or self.framework)


def _topics(audit: ClaimAudit) -> list[str]:
    return [str(audit.claim.get("topic") or ""), *map(str, audit.claim.get("aspects") or [])]


def _frameworks(audit: ClaimAudit) -> list[str]:
    claim = audit.claim
    return [*map(str, claim.get("frameworks") or []), str(claim.get("subject") or ""), str(claim.get("favors") or "")]


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


def _linked_jobs(report: AuditReport) -> set[str]:
    """Jobs the claim linker links to the report's claims (measured or not)."""
    linker = catalog_linker()
    return {
        link.job_id
        for audit in report.claims
        for link in linker.links_for(str(audit.claim.get("text") or ""), str(audit.claim.get("topic") or ""))
    }


def audit_page(report: AuditReport, filters: AuditFilters) -> str:
    records = report.measurements or [item for claim in report.claims for item in claim.history]
    main = "".join(
        [
            _chain_html(report.chain),
            _summary_html(report),
            charts_html(records, _linked_jobs(report)),
            _claims_html(report, filters),
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
            '<section class="chain chain-ok" role="status" aria-label="Evidence log integrity">'
            f"<strong>Evidence log intact.</strong> {chain.records} records, hash chain verified; "
            f"head <code>{head}</code>.</section>"
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
        f'<ul class="tiles">{"".join(tiles)}</ul><p class="facts">{" · ".join(facts)}</p></section>'
    )


def _options(name: str, label: str, choices: Iterable[tuple[str, str]], chosen: str) -> str:
    options = ['<option value="">All</option>'] + [
        f'<option value="{escape(value)}"{" selected" * (value == chosen)}>{escape(text)}</option>'
        for value, text in choices
    ]
    return f'<label>{escape(label)} <select name="{name}">{"".join(options)}</select></label>'


def _filters_html(report: AuditReport, filters: AuditFilters, shown: int) -> str:
    present_topics = {t for c in report.claims for t in _topics(c)}
    present_verdicts = {c.verdict for c in report.claims}
    verdicts = [(v, label) for v, label in LABELS.items() if v in present_verdicts or v == filters.verdict]
    topics = [(t, t) for t in TOPICS if t in present_topics or t == filters.topic]
    return (
        '<form id="filters" class="filters" method="get" action="/audit#claims" aria-label="Filter claims">'
        + _options("verdict", "Verdict", verdicts, filters.verdict)
        + _options("topic", "Topic", topics, filters.topic)
        + _options("framework", "Framework", FRAMEWORK_LABELS.items(), filters.framework)
        + '<button type="submit">Filter</button><a class="reset" href="/audit#claims">Reset</a>'
        + f'<p class="shown" aria-live="polite"><span id="shown-count">{shown}</span> of {len(report.claims)} '
        "claims shown</p></form>"
    )


def _claims_html(report: AuditReport, filters: AuditFilters) -> str:
    rows = [_claim_row(c, filters.matches(c)) for c in report.claims]
    shown = sum(filters.matches(c) for c in report.claims)
    empty = " hidden" if shown else ""
    return (
        '<section class="claims" id="claims" aria-labelledby="claims-heading"><h2 id="claims-heading">Claims</h2>'
        + _filters_html(report, filters, shown)
        + '<div class="table-wrap"><table class="claims-table"><thead><tr><th scope="col">Claim</th>'
        '<th scope="col">Favours</th><th scope="col">Topic</th><th scope="col">Verdict</th>'
        f'<th scope="col">Evidence</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f'<p id="no-match" class="empty"{empty}>No claims match these filters. '
        '<a href="/audit#claims">Show all claims</a>.</p></section>'
    )


def _claim_row(audit: ClaimAudit, shown: bool) -> str:
    claim = audit.claim
    claim_id = str(claim["id"])
    data = (
        f'data-verdict="{escape(audit.verdict)}" data-topic="{escape(" ".join(_topics(audit)))}" '
        f'data-framework="{escape(" ".join(_frameworks(audit)))}"'
    )
    favors = str(claim.get("favors") or "")
    cells = [
        f"<td>{_claim_cell(audit)}</td>",
        f'<td><span class="favors favors-{escape(favors)}">{escape(FRAMEWORK_LABELS.get(favors, favors))}</span></td>',
        f'<td class="topic">{escape(str(claim.get("topic") or ""))}</td>',
        f"<td>{verdict_badge(audit.verdict)}</td>",
        f"<td>{_evidence_cell(audit)}</td>",
    ]
    hidden = "" if shown else " hidden"
    return f'<tr id="{claim_anchor(claim_id)}" {data}{hidden}>{"".join(cells)}</tr>'


def _claim_cell(audit: ClaimAudit) -> str:
    claim = audit.claim
    text, quoted = str(claim.get("text") or ""), str(claim.get("quote") or "")
    parts = [f'<p class="claim-text">{escape(text)}</p>']
    if quoted and " ".join(quoted.split()).casefold() != " ".join(text.split()).casefold():
        quote_html = f"<blockquote>{escape(quoted)}</blockquote>"
        parts.append(f'<details class="quote"><summary>Source quote</summary>{quote_html}</details>')
    section = " › ".join(str(claim.get("section") or "").split(" > "))
    meta = f'<a href="{escape(claim_json_url(str(claim["id"])))}">{escape(str(claim["id"]))}</a> (JSON)'
    if section:
        meta = f"§ {escape(section)} · {meta}"
    parts.append(f'<p class="claim-meta">{meta}</p>')
    flags = []
    if audit.disagreements:
        flags.append('<a class="flag flag-disagree" href="#disagreements">Environments disagree</a>')
    if audit.open_disputes:
        n = len(audit.open_disputes)
        flags.append(f'<a class="flag flag-dispute" href="#disputes">{n} open dispute{"s" * (n != 1)}</a>')
    if flags:
        parts.append(f'<p class="flags">{"".join(flags)}</p>')
    return "".join(parts)


def _evidence_cell(audit: ClaimAudit) -> str:
    """Each current link's verdict on its own row ("mixed" says which job found what), the findings behind
    them, older records as chips; a claim no job has measured names the command that measures it."""
    claim_id = str(audit.claim["id"])
    pairs = current_links(audit.history)
    if audit.verdict == "not_testable":
        lead = '<p class="key-figure muted">Not measurable locally</p>'
    elif not pairs:
        lead = f'<p class="key-figure muted">No current measurement: run {evaluate_command(claim=claim_id)}</p>'
    else:
        lead = mixed_summary(pairs) if audit.verdict == MIXED else ""
        lead += links_list(pairs)
    findings = "".join(
        findings_list(item.get("findings") or [])
        for item in {str(record.get("record_id")): record for record, _ in pairs}.values()
    )
    if findings:
        lead += f'<details class="claim-findings"><summary>What the jobs found</summary>{findings}</details>'
    return lead + _chips(audit)


def _chips(audit: ClaimAudit) -> str:
    newest = list(reversed(audit.history))
    chips = []
    for item in newest[:CHIPS_PER_CLAIM]:
        verdict = str(item.get("verdict") or "")
        stale = " stale" if item.get("stale") else ""
        tip = f"{verdict_label(verdict)}, measured {item.get('started_at')} on {item.get('device')}"
        tip += " (stale: the job's code changed since)" if stale else ""
        chips.append(
            f'<a class="chip verdict-{escape(verdict)}{stale}" href="#{record_anchor(str(item["record_id"]))}" '
            f'title="{escape(tip)}">{escape(str(item.get("job_id") or ""))}</a>'
        )
    if len(newest) > CHIPS_PER_CLAIM:
        chips.append(f'<span class="more">+{len(newest) - CHIPS_PER_CLAIM} older</span>')
    return f'<p class="chips">{"".join(chips)}</p>' if chips else ""

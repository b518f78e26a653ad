"""The claims half of the ``/audit`` page: the filter form and the claims, grouped by verdict.

Each verdict is a group that folds: the groups a reader must look at (contradicted, mixed, error) start open
and the others (supported, inconclusive, not measured, not testable) start folded behind their count, so the
page opens short and every claim is one click away. Within a row, a claim's source (quote, section, JSON) and
its evidence (who found what, each job's verdict, prediction and measurement, the findings) are folded too.

Filters work without JavaScript: every claim row is rendered and the ones the query's filters exclude carry
``hidden`` (a group with none shown is hidden, and with a filter on, the groups with matches open);
``audit.js`` applies the same rule on change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from api.pages.audit_figures import evaluate_command
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
)
from assistant.audit_report import AuditReport, ClaimAudit
from assistant.catalog import FRAMEWORK_FILTERS
from evaluators.verdicts import LABELS, MIXED
from knowledge.claims import TOPICS

FRAMEWORK_LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "both": "Both", "neither": "Neither"}
CHIPS_PER_CLAIM = 5
GROUP_ORDER = ("contradicted", MIXED, "error", "inconclusive", "supported", "measured", "unverified", "not_testable")
"""Verdict groups, what most needs a reader's eye first; a verdict outside it (never expected) comes last."""
OPEN_GROUPS = frozenset({"contradicted", MIXED, "error"})
"""Groups open on arrival: a measurement disagrees with the article, or could not be made; the others fold
until opened (or until a filter finds rows in them)."""


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

    @staticmethod
    def refused(verdict: str | None, topic: str | None, framework: str | None) -> list[str]:
        """What is wrong with each filter value given that no claim can have (the page says so, as the CLI does)."""
        wanted = (
            ("verdict", verdict, tuple(LABELS)),
            ("topic", topic, TOPICS),
            ("framework", framework, FRAMEWORK_FILTERS),
        )
        return [
            f"Unknown {name} {value!r}: choose one of {', '.join(choices)}."
            for name, value, choices in wanted
            if value and value not in choices
        ]

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


def _group_order(verdict: str) -> int:
    return GROUP_ORDER.index(verdict) if verdict in GROUP_ORDER else len(GROUP_ORDER)


def claims_html(report: AuditReport, filters: AuditFilters) -> str:
    shown = sum(filters.matches(c) for c in report.claims)
    groups: dict[str, list[ClaimAudit]] = {}
    for audit in sorted(report.claims, key=lambda a: _group_order(a.verdict)):
        groups.setdefault(audit.verdict, []).append(audit)
    tables = "".join(_group_html(verdict, audits, filters) for verdict, audits in groups.items())
    empty = " hidden" if shown else ""
    return (
        '<section class="claims" id="claims" aria-labelledby="claims-heading"><h2 id="claims-heading">Claims</h2>'
        + _filters_html(report, filters, shown)
        + tables
        + f'<p id="no-match" class="empty"{empty}>No claims match these filters. '
        '<a href="/audit#claims">Show all claims</a>.</p></section>'
    )


def _group_html(verdict: str, audits: list[ClaimAudit], filters: AuditFilters) -> str:
    rows = [_claim_row(a, filters.matches(a)) for a in audits]
    shown = sum(filters.matches(a) for a in audits)
    is_open = shown > 0 if filters.active() else verdict in OPEN_GROUPS
    attributes = (" open" if is_open else "") + ("" if shown else " hidden")
    noun = "claim" if len(audits) == 1 else "claims"
    return (
        f'<details class="claim-group" data-group="{escape(verdict)}"{attributes}>'
        f'<summary>{verdict_badge(verdict)} <span class="group-count">{len(audits)}</span> {noun}</summary>'
        '<div class="table-wrap"><table class="claims-table"><thead><tr><th scope="col">Claim</th>'
        '<th scope="col">Favours</th><th scope="col">Topic</th><th scope="col">Verdict</th>'
        f'<th scope="col">Evidence</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>'
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
    """The claim's text, then its source folded: the quote where it differs, the section, the JSON link."""
    claim = audit.claim
    text, quoted = str(claim.get("text") or ""), str(claim.get("quote") or "")
    quote = ""
    if quoted and " ".join(quoted.split()).casefold() != " ".join(text.split()).casefold():
        quote = f"<blockquote>{escape(quoted)}</blockquote>"
    section = " › ".join(str(claim.get("section") or "").split(" > "))
    meta = f'<a href="{escape(claim_json_url(str(claim["id"])))}">{escape(str(claim["id"]))}</a> (JSON)'
    if section:
        meta = f"§ {escape(section)} · {meta}"
    parts = [
        f'<p class="claim-text">{escape(text)}</p>',
        f'<details class="quote"><summary>Source</summary>{quote}<p class="claim-meta">{meta}</p></details>',
    ]
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
    """The claim's evidence folded behind one line: who found what (for a mixed claim), each current link's
    verdict, the findings behind them; then older records as chips. A claim no job has measured names the
    command that measures it."""
    claim_id = str(audit.claim["id"])
    pairs = current_links(audit.history)
    if audit.verdict == "not_testable":
        return '<p class="key-figure muted">Not measurable locally</p>' + _chips(audit)
    if not pairs:
        return f'<p class="key-figure muted">No current measurement: run {evaluate_command(claim=claim_id)}</p>' + (
            _chips(audit)
        )
    findings = "".join(
        findings_list(item.get("findings") or [])
        for item in {str(record.get("record_id")): record for record, _ in pairs}.values()
    )
    found = f'<p class="found-heading">What the jobs found</p>{findings}' if findings else ""
    mixed = mixed_summary(pairs) if audit.verdict == MIXED else ""
    noun = "job's verdict" if len(pairs) == 1 else "jobs' verdicts"
    return (
        f'<details class="claim-links"><summary>{len(pairs)} {noun}</summary>{mixed}{links_list(pairs)}{found}'
        f"</details>{_chips(audit)}"
    )


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

"""Audit reports: per claim its text, source quote, labels, current verdict, evidence history with the
environment each measurement ran in, disagreements between environments, and open disputes.

One data model (:func:`build_report`), three renderings (Markdown, JSON, CSV). The same model feeds the
``/audit`` HTML page.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.audit import OPEN, AuditService
from assistant.catalog import UNVERIFIED
from assistant.errors import UserInputError
from assistant.evidence import environment_summary
from evaluators.chain import ChainReport
from evaluators.records import EvidenceRecord, utc_timestamp
from evaluators.verdicts import LABELS

FORMATS = ("md", "json", "csv")
CSV_COLUMNS = (
    "claim_id",
    "verdict",
    "favors",
    "kind",
    "topic",
    "testable",
    "text",
    "quote",
    "records",
    "latest_measured_at",
    "latest_key_figure",
    "disagreements",
    "open_disputes",
)


@dataclass(frozen=True, slots=True)
class ClaimAudit:
    claim: dict[str, Any]
    verdict: str
    history: list[dict[str, Any]]
    """Every record about the claim, oldest first, with ``environment_summary`` and ``stale``."""
    disagreements: list[dict[str, Any]]
    """Per job: the environments whose latest current verdicts differ (e.g. CPU supported, GPU contradicted)."""
    disputes: list[dict[str, Any]]

    @property
    def open_disputes(self) -> list[dict[str, Any]]:
        return [d for d in self.disputes if d["status"] == OPEN]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.claim,
            "verdict": self.verdict,
            "history": self.history,
            "disagreements": self.disagreements,
            "disputes": self.disputes,
            "open_disputes": len(self.open_disputes),
        }


@dataclass(frozen=True, slots=True)
class AuditReport:
    generated_at: str
    chain: ChainReport
    claims: list[ClaimAudit]
    measurements: list[dict[str, Any]] = field(default_factory=list)
    """The current record of every job per machine and device, claims or not (charts show them all)."""
    linked_jobs: frozenset[str] = frozenset()
    """Jobs the service's claim linker links to any claim, measured or not (the same links verdicts come from)."""

    @property
    def verdicts(self) -> dict[str, int]:
        return dict(Counter(c.verdict for c in self.claims).most_common())

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at,
            "chain": self.chain.to_dict(),
            "summary": {
                "claims": len(self.claims),
                "verdicts": self.verdicts,
                "disagreements": sum(len(c.disagreements) for c in self.claims),
                "open_disputes": sum(len(c.open_disputes) for c in self.claims),
            },
            "claims": [c.to_dict() for c in self.claims],
        }


def _history_item(claim_id: str | None, record: EvidenceRecord, stale: bool) -> dict[str, Any]:
    """A record as the report shows it; about one claim (its links and verdict) or, without one, as a whole."""
    accelerators = [a for a in record.environment.get("accelerators") or [] if isinstance(a, dict)]
    return {
        "record_id": record.id,
        "job_id": record.job_id,
        "verdict": record.verdict_for(claim_id) if claim_id else record.verdict,
        "links": record.links_for(claim_id) if claim_id else list(record.links),
        "host": record.environment.get("host") or "",
        "accelerator": str(accelerators[0].get("name") or "") if accelerators else "",
        "findings": list(record.findings),
        "key_figure": record.key_figure,
        "rationale": record.rationale,
        "device": record.device,
        "started_at": record.started_at,
        "duration_s": record.duration_s,
        "environment": environment_summary(record.environment) if record.environment else "",
        "fingerprint": record.fingerprint_hash[:12],
        "stale": stale,
        "metrics": record.metrics,
    }


def _disagreements(claim_id: str, current: list[EvidenceRecord]) -> list[dict[str, Any]]:
    """Jobs whose current records on different machines or devices read differently for this claim."""
    by_job: dict[str, list[EvidenceRecord]] = {}
    for record in current:
        by_job.setdefault(record.job_id, []).append(record)
    found = []
    for job_id, records in by_job.items():
        verdicts = {r.verdict_for(claim_id) for r in records} - {"error"}
        if len(verdicts) > 1:
            found.append(
                {
                    "job_id": job_id,
                    "verdicts": [
                        {
                            "verdict": r.verdict_for(claim_id),
                            "device": r.device,
                            "host": r.environment.get("host"),
                            "environment": environment_summary(r.environment),
                        }
                        for r in records
                    ],
                }
            )
    return found


def build_report(audit: AuditService) -> AuditReport:
    evaluations = audit.evaluations
    store, registry = evaluations.store, evaluations.registry
    disputes: dict[str, list[dict[str, Any]]] = {}
    for dispute in audit.disputes():
        disputes.setdefault(dispute.claim_id, []).append(dispute.to_dict())
    claims = []
    histories = store.histories_for_claims([claim.id for claim in evaluations.claims])
    for claim in evaluations.claims:
        history = histories[claim.id]
        claims.append(
            ClaimAudit(
                claim={**claim.to_dict(), "section": claim.section_path},
                verdict=audit.catalog.verdict(claim),
                history=[_history_item(claim.id, r, store.is_stale(r, registry)) for r in history],
                disagreements=_disagreements(claim.id, store.latest_of(history, registry)),
                disputes=disputes.get(claim.id, []),
            )
        )
    measurements = [_history_item(None, r, False) for r in store.latest_of(store.records(), registry)]
    linked = frozenset(job.id for claim in evaluations.claims for job in evaluations.jobs_for_claim(claim))
    return AuditReport(
        generated_at=utc_timestamp(), chain=store.verify(), claims=claims, measurements=measurements, linked_jobs=linked
    )


def render(report: AuditReport, fmt: str) -> str:
    if fmt not in FORMATS:
        raise UserInputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return _csv(report)
    return _markdown(report)


def _csv(report: AuditReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in report.claims:
        latest = c.history[-1] if c.history else {}
        writer.writerow(
            {
                "claim_id": c.claim["id"],
                "verdict": c.verdict,
                "favors": c.claim["favors"],
                "kind": c.claim["kind"],
                "topic": c.claim["topic"],
                "testable": c.claim["testable"],
                "text": c.claim["text"],
                "quote": c.claim["quote"],
                "records": len(c.history),
                "latest_measured_at": latest.get("started_at", ""),
                "latest_key_figure": latest.get("key_figure", ""),
                "disagreements": "; ".join(d["job_id"] for d in c.disagreements),
                "open_disputes": len(c.open_disputes),
            }
        )
    return buffer.getvalue()


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _markdown(report: AuditReport) -> str:
    chain = report.chain
    integrity = (
        f"intact ({chain.records} records, head `{(chain.head_hash or '')[:16]}`)"
        if chain.ok
        else f"**BROKEN** at {chain.describe_first()}"
    )
    summary = ", ".join(f"{LABELS.get(verdict, verdict)} {count}" for verdict, count in report.verdicts.items())
    lines = [
        "# Weigh-in claim audit",
        "",
        f"Generated {report.generated_at}. Evidence log: {integrity}.",
        "",
        f"{len(report.claims)} claims: {summary}.",
        "",
    ]
    for c in report.claims:
        lines += _claim_markdown(c)
    return "\n".join(lines)


def _claim_markdown(c: ClaimAudit) -> list[str]:
    claim = c.claim
    lines = [
        f"## {claim['id']}: {LABELS.get(c.verdict, c.verdict)}",
        "",
        f"> {_cell(claim['quote'])}",
        "",
        f"- Claim: {_cell(claim['text'])}",
        f"- Section: {_cell(claim['section'])} · favors {claim['favors']} · {claim['kind']} · "
        f"{'testable' if claim['testable'] else 'not testable'}",
    ]
    if c.verdict == UNVERIFIED:
        lines.append(f"- Not measured yet: run `weighin evaluate --claim {claim['id']}`")
    lines += _links_markdown([h for h in c.history if not h["stale"]])
    if c.history:
        lines += ["", "| measured | job | verdict | key figure | device | environment |", "|---|---|---|---|---|---|"]
        lines += [
            f"| {h['started_at']}{' (stale)' if h['stale'] else ''} | {h['job_id']} | "
            f"{LABELS.get(h['verdict'], h['verdict'])} | {_cell(h['key_figure'])} | {h['device']} | "
            f"{_cell(h['environment'])} |"
            for h in c.history
        ]
    for d in c.disagreements:
        views = "; ".join(
            f"{LABELS.get(v['verdict'], v['verdict'])} on {v['device']} ({v['environment']})" for v in d["verdicts"]
        )
        lines.append(f"- Environments disagree on {d['job_id']}: {views}")
    for d in c.disputes:
        lines.append(f"- Dispute {d['id']} ({d['status']}, {d['created_at']}): {_cell(d['reason'])}")
    lines.append("")
    return lines


def _links_markdown(current: list[dict[str, Any]]) -> list[str]:
    """Each current link's verdict as a table row, then what the jobs found."""
    lines: list[str] = []
    links = [(h, link) for h in current for link in h.get("links") or []]
    if links:
        lines += [
            "",
            "| job | device | predicts | measured | verdict | why | not measured |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {link.get('job_id')} | {h['device']} | {_cell(link.get('predicts', ''))} | "
            f"{_cell(link.get('measured', ''))} | {LABELS.get(link.get('verdict', ''), link.get('verdict'))} | "
            f"{_cell(link.get('reason', ''))} | {_cell(link.get('unmeasured') or '-')} |"
            for h, link in links
        ]
    findings = {f.get("text") for h in current for f in h.get("findings") or [] if f.get("text")}
    lines += ([""] if findings else []) + [f"- Found: {_cell(text)}" for text in sorted(findings)]
    return lines

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
from dataclasses import dataclass
from typing import Any

from assistant.audit import OPEN, AuditService
from assistant.errors import UserInputError
from assistant.evidence import environment_summary
from evaluators.chain import ChainReport
from evaluators.records import EvidenceRecord, utc_timestamp

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


def _history_item(claim_id: str, record: EvidenceRecord, stale: bool) -> dict[str, Any]:
    return {
        "record_id": record.id,
        "job_id": record.job_id,
        "verdict": record.verdict_for(claim_id),
        "links": record.links_for(claim_id),
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
    return AuditReport(generated_at=utc_timestamp(), chain=store.verify(), claims=claims)


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
    summary = ", ".join(f"{verdict} {count}" for verdict, count in report.verdicts.items())
    lines = [
        "# Weigh-in claim audit",
        "",
        f"Generated {report.generated_at}. Evidence log: {integrity}.",
        "",
        f"{len(report.claims)} claims: {summary}.",
        "",
    ]
    for c in report.claims:
        claim = c.claim
        lines += [
            f"## {claim['id']}: {c.verdict}",
            "",
            f"> {_cell(claim['quote'])}",
            "",
            f"- Claim: {_cell(claim['text'])}",
            f"- Section: {_cell(claim['section'])} · favors {claim['favors']} · {claim['kind']} · "
            f"{'testable' if claim['testable'] else 'not testable'}",
        ]
        if c.history:
            lines += [
                "",
                "| measured | job | verdict | key figure | device | environment |",
                "|---|---|---|---|---|---|",
            ]
            lines += [
                f"| {h['started_at']}{' (stale)' if h['stale'] else ''} | {h['job_id']} | {h['verdict']} | "
                f"{_cell(h['key_figure'])} | {h['device']} | {_cell(h['environment'])} |"
                for h in c.history
            ]
        for d in c.disagreements:
            views = "; ".join(f"{v['verdict']} on {v['device']} ({v['environment']})" for v in d["verdicts"])
            lines.append(f"- Environments disagree on {d['job_id']}: {views}")
        for d in c.disputes:
            lines.append(f"- Dispute {d['id']} ({d['status']}, {d['created_at']}): {_cell(d['reason'])}")
        lines.append("")
    return "\n".join(lines)

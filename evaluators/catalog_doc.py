"""The generated part of ``docs/jobs.md``: every job's sides, metrics and the properties they measure.

Written from the job declarations (:func:`evaluators.catalog.declarations`), so the page cannot drift from
the code; ``python bench/regen_evidence_doc.py`` rewrites it and a test fails when it is stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from evaluators.declarations import JobDeclaration, MetricDeclaration, SideDeclaration
from evaluators.registry import Job, LinkSource

if TYPE_CHECKING:
    from knowledge.claims import Claim

JOBS_START, JOBS_END = "<!-- generated: python bench/regen_evidence_doc.py (jobs) -->\n", "<!-- end generated -->"
LINKS_START = "<!-- generated: python bench/regen_evidence_doc.py (links) -->\n"
LINKS_END = JOBS_END


def jobs_markdown(jobs: Sequence[Job]) -> str:
    """One row per metric: job (tier), metric, kind, unit, better, sides, property and its phrases."""
    rows = [
        "| job | metric | kind | unit | better | sides | property | in people's words |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for job in jobs:
        declaration = job.declaration
        if declaration is None:
            continue
        name = job.id if job.tier == "default" else f"{job.id} ({job.tier})"
        rows += [_row(name, declaration, metric) for metric in declaration.metrics]
    return "\n".join(rows) + "\n"


def _row(name: str, declaration: JobDeclaration, metric: MetricDeclaration) -> str:
    phrases = "; ".join(declaration.declared_property(metric.property_id).phrases) if metric.property_id else "-"
    cells = (
        name,
        f"`{metric.name}`",
        metric.kind,
        metric.unit,
        metric.better or "passes",
        ", ".join(_side(side) for side in declaration.sides),
        f"`{metric.property_id}`" if metric.property_id else "-",
        phrases,
    )
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _side(side: SideDeclaration) -> str:
    detail = ", ".join(part for part in (side.mode, side.tool) if part)
    return f"{side.label} ({detail})" if detail else side.label


def rewrite(page: str, table: str, start: str = JOBS_START, end: str = JOBS_END) -> str:
    """``page`` with the text between ``start`` and ``end`` replaced by ``table``."""
    head, rest = page.split(start, 1)
    return head + start + table + end + rest.split(end, 1)[1]


def generated_part(page: str, start: str = JOBS_START, end: str = JOBS_END) -> str:
    """The text between ``start`` and ``end`` (what a test compares with a fresh table)."""
    return page.split(start, 1)[1].split(end, 1)[0]


def links_markdown(claims: Sequence[Claim], linker: LinkSource) -> str:
    """Every link of these claims: claim, job, hypothesis, what is not measured, the property that made it."""
    rows = ["| claim | job | hypothesis (metric: prediction) | not measured | linked by |", "|---|---|---|---|---|"]
    for claim in claims:
        for link in linker.links_for_claim(claim):
            cells = (
                f"`{claim.id}` {claim.text}",
                f"`{link.job_id}`",
                link.hypothesis.describe(),
                link.unmeasured or "-",
                link.rule,
            )
            rows.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(rows) + "\n"

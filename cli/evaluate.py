"""Plain command functions behind ``weighin evaluate``, ``weighin jobs`` and ``weighin evidence``.

Each takes an :class:`~evaluators.service.EvaluationService` and options, writes to a rich Console
(``--json`` writes one JSON array to the console's file, unwrapped) and returns an exit code:
0 success, 1 when a job produced an ``error`` record, 2 when nothing was selected. Unknown job or
claim ids raise :class:`evaluators.errors.EvaluatorUserError` for the caller to map to exit 2.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import UserInputError
from evaluators.records import EvidenceRecord
from evaluators.service import EvaluationService, RunProgress
from evaluators.verdicts import LABELS

VERDICT_STYLES = {
    "supported": "green",
    "contradicted": "red",
    "inconclusive": "yellow",
    "error": "bold red",
    "not_testable": "dim",
    "mixed": "magenta",
    "measured": "cyan",
    "unverified": "dim italic",
}
"""The terminal's colour per verdict, over the shared vocabulary (``evaluators.verdicts.LABELS``)."""


def _write_json(console: Console, payload: Any) -> None:
    console.file.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _records_table(records: Sequence[EvidenceRecord], title: str) -> Table:
    table = Table(title=title)
    for column in ("job", "verdict", "key figure", "device", "time (s)", "claims"):
        # Ids and short values never wrap (they are copied into the next command); the key figure wraps.
        table.add_column(column, no_wrap=column != "key figure", ratio=1 if column == "key figure" else None)
    for record in records:
        style = VERDICT_STYLES.get(record.verdict, "")
        table.add_row(
            record.job_id,
            f"[{style}]{LABELS.get(record.verdict, record.verdict)}[/]" if style else record.verdict,
            record.key_figure,
            record.device,
            f"{record.duration_s:.1f}",
            str(len(record.claim_ids)),
        )
    return table


def evaluate_command(
    service: EvaluationService,
    *,
    job_ids: Sequence[str] = (),
    claim_ids: Sequence[str] = (),
    all: bool = False,
    device: str = "auto",
    tier: str = "default",
    as_json: bool = False,
    console: Console | None = None,
) -> int:
    """Run jobs (by id, by claim, or all in a tier) with a progress bar; print the new records."""
    console = console or Console()
    jobs = service.select_jobs(job_ids, claim_ids, all, tier)
    if not jobs:
        console.print("[yellow]Nothing to run:[/] pass --all, --claim ID or --job ID (slow jobs need --tier slow|all).")
        return 2
    if as_json:
        records = service.run(job_ids, claim_ids, all, device, tier)
        _write_json(console, [record.to_dict() for record in records])
    else:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        ) as bar:
            task = bar.add_task("verifying", total=len(jobs))

            def on_progress(event: RunProgress) -> None:
                label = f"{event.job.id}: {event.record.verdict}" if event.job and event.record else "verifying"
                bar.update(task, completed=event.completed, description=label)

            records = service.run(job_ids, claim_ids, all, device, tier, progress=on_progress)
        console.print(_records_table(records, "Verification results"))
    return 1 if any(record.verdict == "error" for record in records) else 0


def jobs_command(service: EvaluationService, *, as_json: bool = False, console: Console | None = None) -> int:
    """List the registered jobs with tier, frameworks and how many claims each verifies."""
    console = console or Console()
    rows: list[dict[str, Any]] = [
        {
            "id": job.id,
            "version": job.version,
            "title": job.title,
            "tier": job.tier,
            "frameworks": list(job.frameworks),
            "device": job.device,
            "timeout_s": job.timeout_s,
            "claim_ids": [claim.id for claim in service.claims_for_job(job)],
        }
        for job in service.jobs()
    ]
    if as_json:
        _write_json(console, rows)
        return 0
    table = Table(title="Verification jobs")
    for column in ("id", "tier", "claims"):
        table.add_column(column, no_wrap=True)  # ids stay whole at 80 columns and when piped
    table.add_column("what it measures (frameworks)", ratio=1)
    for row in rows:
        what = f"{row['title']} ({', '.join(row['frameworks'])})"
        table.add_row(row["id"], row["tier"], str(len(row["claim_ids"])), what)
    console.print(table)
    return 0


def evidence_command(
    service: EvaluationService, *, claim_id: str | None = None, as_json: bool = False, console: Console | None = None
) -> int:
    """Current evidence for one claim (``not_testable`` when no job applies), or the whole log."""
    console = console or Console()
    if claim_id is not None:
        records, title = service.evidence_for_claim(claim_id), f"Current evidence for {claim_id}"
    else:
        records, title = service.store.records(), "Evidence log"
    if as_json:
        _write_json(console, [record.to_dict() for record in records])
        return 0
    if not records:
        console.print("No evidence yet: run `weighin evaluate`.")
        return 0
    console.print(_records_table(records, title))
    if claim_id is not None:
        _print_claim_links(console, claim_id, records)
    return 0


def _print_claim_links(console: Console, claim_id: str, records: Sequence[EvidenceRecord]) -> None:
    """Each job's verdict on the claim with what it predicted and measured, then what it found."""
    for record in records:
        console.print(f"[bold]{record.job_id}[/] on {record.device}: {record.rationale}")
        for link in record.links_for(claim_id):
            style = VERDICT_STYLES.get(str(link["verdict"]), "")
            verdict = f"[{style}]{link['verdict']}[/]" if style else str(link["verdict"])
            console.print(
                f"  {verdict}: predicts {link.get('predicts')}, measured {link.get('measured')} ({link.get('reason')})"
            )
        for finding in record.findings:
            console.print(f"  found: {finding['text']}")


def read_outcomes(path: Path) -> list[dict[str, Any]]:
    """Worker outcomes from a file: one JSON object per line, ``WEIGHIN-OUTCOME`` prefixes allowed, others skipped."""
    from evaluators.outcome_codec import OutcomeFormatError, read_outcome_lines

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        outcomes = read_outcome_lines(lines)
    except OutcomeFormatError as exc:
        raise UserInputError(f"{path}: {exc}") from exc
    if not outcomes:
        raise UserInputError(f"{path} holds no worker outcome")
    return outcomes


def import_command(service: EvaluationService, path: Path, *, console: Console, errors: Console) -> int:
    """Import outcomes measured elsewhere; 0 when every one was appended, 1 when any was refused."""
    result = service.import_outcomes(read_outcomes(path), source=path.name)
    for record in result.appended:
        where = f"{record.device} ({record.environment.get('host')})"
        console.print(f"appended {record.id} {record.job_id} on {where}: {record.verdict}")
    for reason in result.refused:
        errors.print(f"refused: {reason}")
    noun = "record" if len(result.appended) == 1 else "records"
    console.print(f"{len(result.appended)} {noun} appended, {len(result.refused)} refused")
    return 1 if result.refused else 0

"""Plain command functions behind ``weighin evaluate``, ``weighin jobs`` and ``weighin evidence``.

Each takes an :class:`~evaluators.service.EvaluationService` and options, writes to a rich Console
(``--json`` writes one JSON array to the console's file, unwrapped) and returns an exit code:
0 success, 1 when a job produced an ``error`` record, 2 when nothing was selected. Unknown job or
claim ids raise :class:`evaluators.errors.EvaluatorUserError` for the caller to map to exit 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import UserInputError
from cli.app import plural
from cli.listing import Row, print_rows, verdict_markup
from evaluators.records import EvidenceRecord
from evaluators.service import EvaluationService, RunProgress
from evaluators.verdicts import LABELS


def _write_json(console: Console, payload: Any) -> None:
    console.file.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _record_rows(records: Sequence[EvidenceRecord]) -> list[Row]:
    """One line per record: job, verdict, device, date, claims it speaks to, then its key figure."""
    return [
        Row(
            (
                record.job_id,
                LABELS.get(record.verdict, record.verdict),
                record.device,
                record.started_at[:10],
                plural(len(record.claim_ids), "claim"),
            ),
            record.key_figure,
            record.verdict,
        )
        for record in records
    ]


def print_records(console: Console, records: Sequence[EvidenceRecord], title: str) -> None:
    if console.is_terminal:
        console.print(f"[bold]{escape(title)}[/] ({plural(len(records), 'record')})")
    print_rows(console, _record_rows(records))


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
    selection = (job_ids, claim_ids, all, device, tier)
    if not jobs:
        console.print("[yellow]Nothing to run:[/] pass --all, --claim ID or --job ID (slow jobs need --tier slow|all).")
        return 2
    if as_json or not console.is_terminal:  # piped: the records only, no progress bar in the output
        records = service.run(job_ids, claim_ids, all, device, tier)
    else:
        records = _run_with_bar(console, len(jobs), lambda report: service.run(*selection, progress=report))
    if as_json:
        _write_json(console, [record.to_dict() for record in records])
    else:
        print_records(console, records, "Verification results")
    return 1 if any(record.verdict == "error" for record in records) else 0


def _run_with_bar(
    console: Console, total: int, run: Callable[[Callable[[RunProgress], None]], list[EvidenceRecord]]
) -> list[EvidenceRecord]:
    """``run`` with a progress bar that names each finished job and its verdict."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("verifying", total=total)

        def on_progress(event: RunProgress) -> None:
            label = f"{event.job.id}: {event.record.verdict}" if event.job and event.record else "verifying"
            bar.update(task, completed=event.completed, description=label)

        return run(on_progress)


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
    if claim_id is None:
        print_records(console, records, title)
        if console.is_terminal:
            console.print("details: weighin evidence --claim ID", style="dim")
    else:
        _print_claim_links(console, claim_id, records)
    return 0


def _print_claim_links(console: Console, claim_id: str, records: Sequence[EvidenceRecord]) -> None:
    """Each job's verdict on the claim with what it predicted and measured, then what it found; lines wrap."""
    console.print(f"[bold]Current evidence for {escape(claim_id)}[/]")
    for record in records:
        when = f"{record.started_at[:16].replace('T', ' ')} UTC"
        head = f"{escape(record.job_id)} on {escape(record.device)}, {when}"
        console.print(f"[bold]{head}[/]: {verdict_markup(record.verdict_for(claim_id))}")
        if record.key_figure:
            console.print(f"  key figure: {escape(record.key_figure)}")
        if record.rationale:
            console.print(f"  {escape(record.rationale)}")
        for link in record.links_for(claim_id):
            console.print(
                f"  {verdict_markup(str(link['verdict']))}: predicts {escape(str(link.get('predicts')))}, "
                f"measured {escape(str(link.get('measured')))} ({escape(str(link.get('reason')))})"
            )
        for finding in record.findings:
            console.print(f"  found: {escape(str(finding['text']))}")


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

"""The ``weighin`` command line. Each command parses input, calls one service, shapes output.

User errors end with exit code 2 and one line on stderr; they never show a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn

from assistant.answer import Answer
from assistant.answer_log import AnswerLog
from assistant.errors import UserInputError
from assistant.service import Assistant
from assistant.settings import Settings
from evaluators.errors import EvaluatorUserError
from knowledge.errors import DocumentError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Weigh-in: evidence-backed answers about PyTorch vs TensorFlow.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopK = Annotated[int | None, typer.Option("-k", "--k", help="Claims to cite (1-20).")]


@contextmanager
def progress_bar() -> Iterator[object]:
    """A progress callback for index builds; the bar appears on stderr only once something is built."""
    tasks: dict[str, TaskID] = {}
    bar: Progress | None = None

    def report(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                console=err,
                transient=True,
            )
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield report
    finally:
        if bar is not None:
            bar.stop()


def _settings() -> Settings:
    return Settings.from_env()


def _assistant(settings: Settings, live: bool = False) -> Assistant:
    from assistant.wiring import build_answer_evidence, build_assistant, open_knowledge_base

    evidence = build_answer_evidence(settings, open_knowledge_base(settings), live=live)
    with progress_bar() as report:
        return build_assistant(settings, progress=report, evidence=evidence)  # type: ignore[arg-type]


def _answer_log(settings: Settings) -> AnswerLog:
    """Every answer the CLI prints is logged as an answer event, like answers on every other surface."""
    from assistant.answer_log import AnswerLog
    from evaluators.store import open_engine

    return AnswerLog(open_engine(settings.evaluation.database_url), background=False)


def print_answer(answer: Answer, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(answer.to_dict(), ensure_ascii=False)) if sys.stdout.isatty() else print(
            json.dumps(answer.to_dict(), ensure_ascii=False), flush=True
        )
        return
    out.print(escape(answer.answer))
    if answer.citations:
        out.print()
        for number, c in enumerate(answer.citations, start=1):
            out.print(
                escape(f"[{number}] {c.claim_id} · {c.section}\n    “{c.quote}” (chars {c.start}-{c.end})"), style="dim"
            )
    for item in answer.evidence:
        figure = f" · {item['key_figure']}" if item["key_figure"] else ""
        when = f" · {item['measured_at']}" if item["measured_at"] else ""
        out.print(escape(f"evidence {item['claim_id']}: {item['verdict']}{figure}{when}"), style="dim")
    out.print(f"confidence {answer.confidence:.2f}" + (" · abstained" if answer.abstained else ""), style="dim")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, or - to read one question per line from stdin.")],
    as_json: JsonFlag = False,
    k: TopK = None,
    live: Annotated[bool, typer.Option("--live", help="First run missing or stale jobs for the cited claims.")] = False,
) -> None:
    """Answer one question (or one per stdin line with `-`) with cited claims and their evidence."""
    settings = _settings()
    if question != "-":
        from assistant.question import validate

        validate(question, settings.max_question_chars)
        answer = _assistant(settings, live).ask(question, k)
        _answer_log(settings).record(answer, "cli")
        print_answer(answer, as_json)
        return
    assistant, log = _assistant(settings, live), _answer_log(settings)
    failed = False
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = assistant.ask(line, k)
            log.record(answer, "cli")
            print_answer(answer, as_json)
        except UserInputError as exc:
            failed = True
            print(json.dumps({"question": line.rstrip("\n")[:200], "error": str(exc)}), flush=True)
    if failed:
        raise typer.Exit(2)


@app.command()
def chat(k: TopK = None) -> None:
    """Chat in the terminal; follow-ups ("and for mobile?") are read in context. Empty line or `exit` ends it."""
    from assistant.followup import resolve_follow_up

    settings = _settings()
    assistant, log = _assistant(settings), _answer_log(settings)
    previous: str | None = None
    out.print("Weigh-in: ask about PyTorch vs TensorFlow (empty line or 'exit' to quit).", style="bold")
    while True:
        try:
            question = out.input("[bold cyan]you>[/] ")
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if question.strip().lower() in {"", "exit", "quit"}:
            return
        try:
            resolved = resolve_follow_up(question.strip(), previous)
            answer = assistant.ask(resolved, k)
        except UserInputError as exc:
            err.print(f"error: {exc}")
            continue
        if resolved != question.strip():
            out.print(f"(read as: {escape(resolved)})", style="dim")
        log.record(answer, "cli")
        print_answer(answer, as_json=False)
        previous = resolved


@app.command()
def claims(
    topic: Annotated[str | None, typer.Option(help="Only claims on this topic.")] = None,
    framework: Annotated[
        str | None, typer.Option(help="Only claims naming this framework (pytorch, tensorflow, ...).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the knowledge base's claims."""
    from assistant.wiring import open_knowledge_base
    from knowledge.claims import TOPICS

    if topic and topic not in TOPICS:
        raise UserInputError(f"unknown topic {topic!r}; choose from {', '.join(TOPICS)}")
    wanted = framework.lower() if framework else None
    selected = [
        c
        for c in open_knowledge_base(_settings()).claims()
        if (topic is None or c.topic == topic) and (wanted is None or wanted in c.frameworks or wanted == c.subject)
    ]
    if as_json:
        print(json.dumps([c.to_dict() for c in selected], ensure_ascii=False, indent=2))
        return
    for c in selected:
        label = escape(f"[{c.topic}/{c.kind}]")
        out.print(f"[bold]{c.id}[/] {label} favors {c.favors}{' · testable' if c.testable else ''}")
        out.print(f"    {escape(c.text)}")
    out.print(f"{len(selected)} claims", style="dim")


@app.command()
def ingest(path: Annotated[Path, typer.Argument(help="A .md, .txt or .html document.")]) -> None:
    """Add a document to the knowledge base and rebuild the index."""
    from assistant.wiring import open_knowledge_base

    with progress_bar() as report:
        result = open_knowledge_base(_settings()).ingest(path, report)  # type: ignore[arg-type]
    verb = "replaced" if result.replaced else "added"
    out.print(f"{verb} {result.document.id!r} ({result.document.title}): {result.claims} claims")


@app.command("eval")
def eval_command(
    path: Annotated[Path, typer.Argument(help="Question set (JSONL, see shared/eval/README.md).")],
    as_json: JsonFlag = False,
) -> None:
    """Score a question set: recommendation accuracy, mention recall, abstain accuracy."""
    from assistant.evaluation import evaluate, load_items

    items = load_items(path)
    report = evaluate(_assistant(_settings()), items)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    out.print(f"questions               {report.total}")
    out.print(f"recommendation accuracy {report.recommendation_accuracy:.3f}")
    out.print(f"mention recall          {report.mention_recall:.3f}")
    out.print(f"abstain accuracy        {report.abstain_accuracy:.3f}")
    for failure in report.failures:
        out.print(f"  {failure['id']}: {failure['question']} -> {', '.join(failure['problems'])}", style="yellow")


@app.command()
def index(rebuild: Annotated[bool, typer.Option(help="Rebuild even if the index is fresh.")] = False) -> None:
    """Show the index status; build it when missing or stale."""
    from assistant.wiring import open_knowledge_base

    knowledge = open_knowledge_base(_settings())
    fresh = knowledge.is_fresh()
    if rebuild or not fresh:
        with progress_bar() as report:
            built = knowledge.build_index(report)  # type: ignore[arg-type]
        out.print(f"built index: {built.manifest.claims} claims in {built.manifest.build_seconds:.2f}s")
    else:
        out.print(f"index is fresh at {knowledge.index_dir}")


DeviceOption = Annotated[str, typer.Option(help="auto, cpu or cuda.")]


@app.command()
def evaluate(
    all_jobs: Annotated[bool, typer.Option("--all", help="Every job of the tier.")] = False,
    claim: Annotated[list[str] | None, typer.Option("--claim", help="Jobs for this claim id (repeatable).")] = None,
    job: Annotated[list[str] | None, typer.Option("--job", help="This job id (repeatable; any tier).")] = None,
    device: DeviceOption = "auto",
    tier: Annotated[str, typer.Option(help="default, slow or all.")] = "default",
    node: Annotated[
        str | None, typer.Option(help="Run on this Ray node (id, id prefix, IP or name); needs WEIGHIN_EXECUTOR=ray.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Run verification jobs in subprocesses (or as Ray Jobs) and append their evidence to the log."""
    from assistant.cli_evaluate import evaluate_command
    from assistant.wiring import build_evaluation_service

    if device not in {"auto", "cpu", "cuda"} or tier not in {"default", "slow", "all"}:
        raise UserInputError("--device must be auto, cpu or cuda and --tier default, slow or all")
    if not (all_jobs or claim or job):
        raise UserInputError("say what to run: --all, --claim ID or --job ID")
    service = build_evaluation_service(_settings(), node=node)
    code = evaluate_command(
        service,
        job_ids=job or (),
        claim_ids=claim or (),
        all=all_jobs,
        device=device,
        tier=tier,
        as_json=as_json,
        console=out,
    )
    raise typer.Exit(code)


@app.command()
def jobs(as_json: JsonFlag = False) -> None:
    """List the verification jobs and the claims each one checks."""
    from assistant.cli_evaluate import jobs_command
    from assistant.wiring import build_evaluation_service

    raise typer.Exit(jobs_command(build_evaluation_service(_settings()), as_json=as_json, console=out))


@app.command()
def evidence(
    claim: Annotated[str | None, typer.Option("--claim", help="Only this claim's current evidence.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the evidence log (every record, or one claim's current evidence)."""
    from assistant.cli_evaluate import evidence_command
    from assistant.wiring import build_evaluation_service

    service = build_evaluation_service(_settings())
    raise typer.Exit(evidence_command(service, claim_id=claim, as_json=as_json, console=out))


audit_app = typer.Typer(no_args_is_help=True, help="Audit the evidence log and the claims' verdicts.")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(as_json: JsonFlag = False) -> None:
    """Recompute the evidence log's hash chain; exit 1 naming the first broken record if it was altered."""
    from evaluators.store import EvidenceStore

    report = EvidenceStore(_settings().evaluation.database_url).verify()
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    elif report.ok:
        out.print(f"evidence log intact: {report.records} records, head {report.head_hash or '(empty)'}")
    else:
        for problem in report.problems:
            where = f"record {problem.record_id} (#{problem.position})" if problem.record_id else "the chain anchor"
            err.print(f"broken: {where}: {problem.reason}")
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("report")
def audit_report(
    format: Annotated[str, typer.Option("--format", "-f", help="md, json or csv.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Every claim with its quote, labels, verdict, evidence history, disagreements and disputes."""
    from assistant.audit_report import FORMATS, build_report, render
    from assistant.wiring import build_audit

    if format not in FORMATS:
        raise UserInputError(f"--format must be one of {', '.join(FORMATS)}, got {format!r}")
    text = render(build_report(build_audit(_settings())), format)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    out.print(f"wrote {output}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API, the OpenAI-compatible chat endpoint and the chat page."""
    import socket

    import uvicorn

    from api.app import create_app

    settings = _settings()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Weigh-in serving on http://{shown}:{port}/ (API docs at /schema; loading the model...)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps user errors to exit code 2 with one line, never a traceback."""
    try:
        result = app(args=argv, standalone_mode=False)
    except typer.Abort:
        _fail("aborted", 130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(f"{message} (see weighin --help)", 2)
    except (UserInputError, DocumentError, EvaluatorUserError) as exc:
        _fail(str(exc), 2)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    sys.exit(code)

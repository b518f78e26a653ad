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
from assistant.answer_log import AnswerLog, AnswerNotLogged
from assistant.errors import UserInputError
from assistant.service import Assistant
from assistant.settings import Settings
from evaluators.errors import EvaluatorUserError
from knowledge.errors import DocumentError
from migrations import SchemaBehindError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: no "<bool>" / "<list[str]>" type column, readable at 80 columns
    help="Weigh-in: evidence-backed answers about PyTorch vs TensorFlow.\n\n"
    'Start with: weighin ask "Which framework is easier to debug?"',
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopK = Annotated[int | None, typer.Option("-k", "--k", metavar="N", help="Claims to cite (1-20).")]


def plural(count: int, noun: str) -> str:
    """ "1 claim", "2 claims"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            out.print(f"weighin {version('weighin')}")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            out.print("weighin (not installed)")
        raise typer.Exit(0)


@app.callback()
def _root(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Options that apply before any command."""


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
    settings = Settings.from_env()
    data_dir = settings.knowledge.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserInputError(f"cannot use the data dir {data_dir} (WEIGHIN_DATA_DIR): {exc.strerror or exc}") from exc
    return settings


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
    question: Annotated[
        str, typer.Argument(metavar="QUESTION", help="The question, or - to read one question per line from stdin.")
    ],
    as_json: JsonFlag = False,
    k: TopK = None,
    live: Annotated[bool, typer.Option("--live", help="First run missing or stale jobs for the cited claims.")] = False,
) -> None:
    """Answer a question with cited claims and their evidence.

    With `-`, read one question per line from stdin and print one answer per line.

    Example: weighin ask "Which framework is easier to debug?"
    """
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


def _line_editing(history_file: Path) -> None:
    """Arrow keys, Ctrl-R and a history kept across sessions, where the platform has readline."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    import atexit
    from contextlib import suppress

    with suppress(OSError):
        readline.read_history_file(history_file)
    readline.set_history_length(1000)

    def save() -> None:
        with suppress(OSError):
            history_file.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history_file)

    atexit.register(save)


@app.command()
def chat(k: TopK = None) -> None:
    """Chat in the terminal; follow-ups are read in context.

    "and for mobile?" or "what's the catch with it?" are read against the previous question.

    Arrow keys edit the line and recall earlier questions. Empty line or `exit` ends it.

    Example: weighin chat
    """
    from assistant.followup import resolve_follow_up

    settings = _settings()
    assistant, log = _assistant(settings), _answer_log(settings)
    _line_editing(settings.knowledge.data_dir / "chat_history")
    previous: str | None = None
    pick: str | None = None
    out.print("Weigh-in: ask about PyTorch vs TensorFlow (empty line or 'exit' to quit).", style="bold")
    while True:
        try:
            question = input("you> ")
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if question.strip().lower() in {"", "exit", "quit"}:
            return
        try:
            resolved = resolve_follow_up(question.strip(), previous, pick)
            answer = assistant.ask(resolved, k)
        except UserInputError as exc:
            err.print(f"error: {exc}")
            continue
        if resolved != question.strip():
            out.print(f"(read as: {escape(resolved)})", style="dim")
        log.record(answer, "cli")
        print_answer(answer, as_json=False)
        previous, pick = resolved, answer.recommendation or pick


@app.command()
def claims(
    topic: Annotated[str | None, typer.Option(metavar="TOPIC", help="Only claims on this topic.")] = None,
    framework: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Only claims naming this framework (pytorch, tensorflow, ...)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the knowledge base's claims.

    Example: weighin claims --topic deployment --framework pytorch
    """
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
    out.print(plural(len(selected), "claim"), style="dim")


@app.command()
def ingest(path: Annotated[Path, typer.Argument(metavar="FILE", help="A .md, .txt or .html document.")]) -> None:
    """Add a document to the knowledge base and rebuild the index.

    Example: weighin ingest notes/jax-vs-pytorch.md
    """
    from assistant.wiring import open_knowledge_base

    with progress_bar() as report:
        result = open_knowledge_base(_settings()).ingest(path, report)  # type: ignore[arg-type]
    verb = "replaced" if result.replaced else "added"
    out.print(f"{verb} {result.document.id!r} ({result.document.title}): {plural(result.claims, 'claim')}")


@app.command("score")
def score_command(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Question set (JSONL, see shared/eval/README.md).")],
    as_json: JsonFlag = False,
) -> None:
    """Score the answers to a question set (`evaluate` runs jobs).

    Prints recommendation accuracy, mention recall and abstain accuracy.

    Example: weighin score tests/data/questions-new.jsonl
    """
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


@app.command("eval", hidden=True)
def eval_command(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Question set (JSONL).")],
    as_json: JsonFlag = False,
) -> None:
    """Deprecated: the old name of `score` (too easily confused with `evaluate`, which runs jobs)."""
    score_command(path, as_json)
    err.print("note: `weighin eval` is deprecated; use `weighin score` (`weighin evaluate` runs verification jobs)")


@app.command()
def index(rebuild: Annotated[bool, typer.Option(help="Rebuild even if the index is fresh.")] = False) -> None:
    """Show the index status; build it when missing or stale.

    Example: weighin index --rebuild
    """
    from assistant.wiring import open_knowledge_base

    knowledge = open_knowledge_base(_settings())
    fresh = knowledge.is_fresh()
    if rebuild or not fresh:
        with progress_bar() as report:
            built = knowledge.build_index(report)  # type: ignore[arg-type]
        out.print(f"built index: {plural(built.manifest.claims, 'claim')} in {built.manifest.build_seconds:.2f}s")
    else:
        out.print(f"index is fresh at {knowledge.index_dir}")


DeviceOption = Annotated[str, typer.Option(metavar="DEVICE", help="auto, cpu or cuda.")]


@app.command()
def evaluate(
    all_jobs: Annotated[bool, typer.Option("--all", help="Every job of the tier.")] = False,
    claim: Annotated[
        list[str] | None, typer.Option("--claim", metavar="ID", help="Jobs for this claim id (repeatable).")
    ] = None,
    job: Annotated[
        list[str] | None, typer.Option("--job", metavar="ID", help="This job id (repeatable; any tier).")
    ] = None,
    device: DeviceOption = "auto",
    tier: Annotated[str, typer.Option(metavar="TIER", help="default, slow or all.")] = "default",
    node: Annotated[
        str | None,
        typer.Option(
            metavar="NODE", help="Run on this Ray node (id, id prefix, IP or name); needs WEIGHIN_EXECUTOR=ray."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Run verification jobs and append their evidence to the log.

    Each job runs in its own subprocess, here or (WEIGHIN_EXECUTOR=ray) as a Ray Job on a cluster node.

    Example: weighin evaluate --all   (the default tier: about 6 minutes on 2 idle CPU cores, see BENCHMARKS.md)
    """
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
    """List the verification jobs and the claims each one checks.

    Example: weighin jobs
    """
    from assistant.cli_evaluate import jobs_command
    from assistant.wiring import build_evaluation_service

    raise typer.Exit(jobs_command(build_evaluation_service(_settings()), as_json=as_json, console=out))


evidence_app = typer.Typer(
    rich_markup_mode=None,
    help="The evidence log: show it, or import outcomes measured on another machine.\n\n"
    "Example: weighin evidence --claim c-0123456789ab",
)
app.add_typer(evidence_app, name="evidence")


@evidence_app.callback(invoke_without_command=True)
def evidence(
    context: typer.Context,
    claim: Annotated[
        str | None, typer.Option("--claim", metavar="ID", help="Only this claim's current evidence.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the evidence log, or one claim's current evidence (each job's prediction, measurement and verdict).

    Example: weighin evidence --claim c-0123456789ab
    """
    if context.invoked_subcommand is not None:
        return
    from assistant.cli_evaluate import evidence_command
    from assistant.wiring import build_evaluation_service

    service = build_evaluation_service(_settings())
    raise typer.Exit(evidence_command(service, claim_id=claim, as_json=as_json, console=out))


@evidence_app.command("import")
def evidence_import(
    file: Annotated[Path, typer.Argument(help="Worker outcomes, one JSON per line (WEIGHIN-OUTCOME lines too).")],
) -> None:
    """Append outcomes another machine measured (bench/gpu_evidence.sh writes them); exit 1 if any was refused."""
    from assistant.cli_evaluate import import_command
    from assistant.wiring import build_evaluation_service

    raise typer.Exit(import_command(build_evaluation_service(_settings()), file, console=out, errors=err))


db_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The database schema: see its revision, upgrade it.\n\nExample: weighin db upgrade",
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Upgrade the database (WEIGHIN_DATABASE_URL) to this release's schema; SQLite is upgraded on start anyway."""
    from evaluators.store import open_engine
    from migrations import head_revision, upgrade

    engine = open_engine(_settings().evaluation.database_url)
    try:
        before = upgrade(engine)
    finally:
        engine.dispose()
    out.print(f"database schema: {before or 'unversioned'} -> {head_revision()}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision and this release's; exit 1 when it is behind."""
    from evaluators.store import open_engine
    from migrations import current_revision, head_revision

    engine = open_engine(_settings().evaluation.database_url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    out.print(f"database: {current or 'unversioned'}; this release: {head_revision()}")
    raise typer.Exit(0 if current == head_revision() else 1)


audit_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Audit the evidence log and the claims' verdicts."
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(as_json: JsonFlag = False) -> None:
    """Recompute the evidence log's hash chain; exit 1 naming the first broken record if it was altered.

    Example: weighin audit verify
    """
    from evaluators.store import EvidenceStore

    report = EvidenceStore(_settings().evaluation.database_url).verify()
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    elif report.ok:
        out.print(f"evidence log intact: {plural(report.records, 'record')}, head {report.head_hash or '(empty)'}")
    else:
        for problem in report.problems:
            where = f"record {problem.record_id} (#{problem.position})" if problem.record_id else "the chain anchor"
            err.print(f"broken: {where}: {problem.reason}")
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("report")
def audit_report(
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="md, json or csv.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Every claim with its quote, labels, verdict, evidence history, disagreements and disputes.

    Example: weighin audit report --format csv --output audit.csv
    """
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
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="PORT", help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(metavar="LEVEL", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the API, the OpenAI-compatible endpoint and the chat page.

    Example: weighin serve --port 8000
    """
    import socket

    import uvicorn

    from api.app import create_app
    from assistant.wiring import open_database

    settings = _settings()
    open_database(settings).dispose()  # upgrades SQLite; refuses a PostgreSQL schema behind this release
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: connections of a stopped server left in TIME_WAIT must not block a restart.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    if log_level.lower() != "debug":
        _quiet_third_party_logs()
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Weigh-in serving on http://{shown}:{port}/ (API docs at /schema; loading the model...)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False)


NOISY_LOGGERS = ("faiss", "bm25s", "httpx", "onnxruntime")
"""Libraries that log their own loading at INFO or DEBUG (faiss reports each CPU variant it fails to load)."""


def _quiet_third_party_logs() -> None:
    import logging

    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


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
    except (UserInputError, DocumentError, EvaluatorUserError, SchemaBehindError) as exc:
        _fail(str(exc), 2)
    except AnswerNotLogged as exc:  # the database refused the answer event: not the caller's fault
        _fail(str(exc), 1)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    sys.exit(code)

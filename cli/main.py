"""The ``weighin`` command line. Each command parses input, calls one service, shapes output.

User errors end with exit code 2 and one line on stderr; they never show a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import DBAPIError

from assistant.answer_log import AnswerNotLogged
from assistant.errors import UserInputError
from cli import claims as _claims_command  # noqa: F401  (registers `weighin claims`)
from cli import ingest as _ingest_command  # noqa: F401  (registers `weighin ingest`)
from cli.answers import print_answer
from cli.app import JsonFlag, app, err, load_settings, out, plural, progress_bar
from cli.claims import check_choice
from evaluators.errors import EvaluatorUserError
from knowledge.errors import DocumentError
from migrations import SchemaBehindError

__all__ = ["app", "main", "plural", "print_answer"]


@app.command()
def index(rebuild: Annotated[bool, typer.Option(help="Rebuild even if the index is fresh.")] = False) -> None:
    """Show the index status; build it when missing or stale.

    Example: weighin index --rebuild
    """
    from assistant.wiring import open_knowledge_base

    knowledge = open_knowledge_base(load_settings())
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
    from assistant.wiring import build_evaluation_service
    from cli.evaluate import evaluate_command

    check_choice("--device", device, ("auto", "cpu", "cuda"))
    check_choice("--tier", tier, ("default", "slow", "all"))
    if not (all_jobs or claim or job):
        raise UserInputError("say what to run: --all, --claim ID or --job ID")
    service = build_evaluation_service(load_settings(), node=node)
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
    from assistant.wiring import build_evaluation_service
    from cli.evaluate import jobs_command

    raise typer.Exit(jobs_command(build_evaluation_service(load_settings()), as_json=as_json, console=out))


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
    from assistant.wiring import build_evaluation_service
    from cli.evaluate import evidence_command

    service = build_evaluation_service(load_settings())
    raise typer.Exit(evidence_command(service, claim_id=claim, as_json=as_json, console=out))


@evidence_app.command("import")
def evidence_import(
    file: Annotated[Path, typer.Argument(help="Worker outcomes, one JSON per line (WEIGHIN-OUTCOME lines too).")],
) -> None:
    """Append outcomes another machine measured (bench/gpu_evidence.sh writes them); exit 1 if any was refused."""
    from assistant.wiring import build_evaluation_service
    from cli.evaluate import import_command

    raise typer.Exit(import_command(build_evaluation_service(load_settings()), file, console=out, errors=err))


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

    engine = open_engine(load_settings().evaluation.database_url)
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

    engine = open_engine(load_settings().evaluation.database_url)
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

    report = EvidenceStore(load_settings().evaluation.database_url).verify()
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

    check_choice("--format", format, FORMATS)
    text = render(build_report(build_audit(load_settings())), format)
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
    from api.http_protocol import UVICORN_OPTIONS
    from api.security import uvicorn_proxy_options
    from assistant.wiring import open_database

    settings = load_settings()
    try:
        open_database(settings).dispose()  # upgrades SQLite; refuses a PostgreSQL schema behind this release
    except DBAPIError as exc:  # the database is down: serve anyway, the runtime retries and /healthz says why
        err.print(f"database not reachable yet ({type(exc.orig).__name__}); serving, and retrying in the background")
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
    proxies = uvicorn_proxy_options(settings.api.trusted_proxies)  # forwarded headers only from listed proxies
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        **UVICORN_OPTIONS,  # httptools on uvloop; even the parser's own 400 is a problem document
        proxy_headers=proxies.proxy_headers,
        forwarded_allow_ips=proxies.forwarded_allow_ips,
    )


NOISY_LOGGERS = ("faiss", "bm25s", "httpx", "onnxruntime")
"""Libraries that log their own loading at INFO or DEBUG (faiss reports each CPU variant it fails to load)."""


def _quiet_third_party_logs() -> None:
    import logging

    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps user errors to exit code 2 with one line, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    try:
        result = app(args=args, standalone_mode=False, prog_name="weighin")
    except typer.Abort:
        _fail("aborted", 130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(f"{message} (see {help_command(args)})", 2)
    except (UserInputError, DocumentError, EvaluatorUserError, SchemaBehindError) as exc:
        _fail(str(exc), 2)
    except AnswerNotLogged as exc:  # the database refused the answer event: not the caller's fault
        _fail(str(exc), 1)
    sys.exit(result if isinstance(result, int) else 0)


def help_command(args: list[str]) -> str:
    """``weighin claims --help``: the help of the deepest (sub)command ``args`` name, where a usage error belongs."""
    command = typer.main.get_command(app)
    path = ["weighin"]
    for token in args:
        sub = getattr(command, "commands", {}).get(token)
        if sub is None:
            break
        path.append(token)
        command = sub
    return " ".join([*path, "--help"])


def _fail(message: str, code: int) -> None:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    sys.exit(code)

"""``weighin ask``, ``chat`` and ``score``: questions answered through the answer desk, printed."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from assistant.answer import Answer
from assistant.errors import UserInputError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.desk import AnswerDesk, Served


from cli.app import JsonFlag, TopK, app, err, load_assistant, load_settings, out, plural, progress_bar
from cli.why import explain_pick, is_why_command


@contextmanager
def _desk(settings: Settings, live: bool = False) -> Iterator[AnswerDesk]:
    """The answer desk: every answer the CLI prints is logged as an answer event, as on every other surface."""
    from assistant.wiring import open_desk

    with ExitStack() as stack:
        with progress_bar() as report:  # shown while the index loads or builds, gone before any answer prints
            desk = stack.enter_context(open_desk(settings, report, live=live))  # type: ignore[arg-type]
        yield desk


def _served(desk: AnswerDesk, question: str, k: int | None, **options: Any) -> Served:
    return asyncio.run(desk.answer(question, surface="cli", k=k, **options))


def answer_live(desk: AnswerDesk, question: str, k: int | None, wait_s: float, as_json: bool) -> None:
    """Answer, then render the desk's follow-through: the missing evidence measured, the answer again."""
    served = _served(desk, question, k, live=True)
    print_answer(served.answer, as_json)
    if served.run is None:
        return
    run_id = served.run.id
    jobs = plural(served.run.total, "job")
    err.print(f"measuring {jobs} for missing evidence (evaluation {run_id}); waiting up to {wait_s:g}s")
    again = asyncio.run(_follow(desk, served, k, wait_s))
    if again is None:
        err.print(f"evaluation {run_id} did not finish in {wait_s:g}s; `weighin evaluate` measures it")
        return
    status, answer = again
    err.print(f"evaluation {run_id} {status}; the answer with its evidence:")
    print_answer(answer, as_json)


async def _follow(desk: AnswerDesk, served: Served, k: int | None, wait_s: float) -> tuple[str, Answer] | None:
    async for step in desk.follow_through(served, surface="cli", k=k, timeout_s=wait_s):
        if step.served is not None:
            return step.event.kind, step.served.answer
    return None


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
    live: Annotated[
        bool,
        typer.Option(
            "--live", help="Queue missing or stale jobs, wait for them, then answer again with their evidence."
        ),
    ] = False,
    wait: Annotated[
        float, typer.Option("--wait", min=0, metavar="SECONDS", help="With --live: how long to wait for the jobs.")
    ] = 300.0,
) -> None:
    """Answer a question with cited claims and their evidence.

    With `-`, read one question per line from stdin and print one answer per line.

    Example: weighin ask "Which framework is easier to debug?"
    """
    settings = load_settings()
    if question != "-":
        with _desk(settings, live) as desk:
            _ask_one(desk, question, k, live, wait, as_json)
        return
    failed = False
    with _desk(settings, live) as desk:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                _ask_one(desk, line, k, live, wait, as_json)
            except UserInputError as exc:
                failed = True
                print(json.dumps({"question": line.rstrip("\n")[:200], "error": str(exc)}), flush=True)
    if failed:
        raise typer.Exit(2)


def _ask_one(desk: AnswerDesk, question: str, k: int | None, live: bool, wait_s: float, as_json: bool) -> None:
    if live:
        answer_live(desk, question, k, wait_s, as_json)
    else:
        print_answer(_served(desk, question, k).answer, as_json)


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

    "and for mobile?" or "what's the catch with it?" are read against the previous question; "why" explains
    the last pick from its claims and measurements.

    Arrow keys edit the line and recall earlier questions. Empty line or `exit` ends it.

    Example: weighin chat
    """
    settings = load_settings()
    _line_editing(settings.knowledge.data_dir / "chat_history")
    with _desk(settings) as desk:
        assert desk.conversations is not None
        conversation = desk.conversations.start("weighin chat")
        out.print(
            "Weigh-in: ask about PyTorch vs TensorFlow ('why' explains the last pick; empty line or 'exit' to quit).",
            style="bold",
        )
        last: Answer | None = None
        while (question := _next_question()) is not None:
            if is_why_command(question):
                for line in explain_pick(last):
                    out.print(escape(line))
                continue
            try:
                served = _served(desk, question, k, conversation_id=conversation.id)
            except UserInputError as exc:
                err.print(f"error: {exc}")
                continue
            if served.question != question.strip():
                out.print(f"(read as: {escape(served.question)})", style="dim")
            print_answer(served.answer, as_json=False)
            last = served.answer


def _next_question() -> str | None:
    """The next line typed, or None when the person is done."""
    try:
        question = input("you> ")
    except (EOFError, KeyboardInterrupt):
        out.print()
        return None
    return None if question.strip().lower() in {"", "exit", "quit"} else question


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
    report = evaluate(load_assistant(load_settings()), items)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    out.print(f"questions               {report.total}")
    out.print(f"recommendation accuracy {report.recommendation_accuracy:.3f}")
    out.print(f"mention recall          {report.mention_recall:.3f}")
    out.print(f"abstain accuracy        {report.abstain_accuracy:.3f}")
    for failure in report.failures:
        out.print(f"  {failure['id']}: {failure['question']} -> {', '.join(failure['problems'])}", style="yellow")

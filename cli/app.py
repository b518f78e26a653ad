"""The ``weighin`` app and what its command modules share: consoles, options, settings, progress."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn

from assistant.errors import UserInputError
from assistant.service import Assistant
from assistant.settings import Settings

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


def load_settings() -> Settings:
    settings = Settings.from_env()
    data_dir = settings.knowledge.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserInputError(f"cannot use the data dir {data_dir} (WEIGHIN_DATA_DIR): {exc.strerror or exc}") from exc
    return settings


def load_assistant(settings: Settings) -> Assistant:
    from assistant.wiring import build_assistant

    with progress_bar() as report:
        return build_assistant(settings, progress=report)  # type: ignore[arg-type]

"""``weighin claims``: the knowledge base's claims with their current verdicts, one line each, or one in full."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from cli.app import JsonFlag, app, load_settings, out, plural
from cli.listing import Row, print_rows, verdict_markup

if TYPE_CHECKING:
    from assistant.catalog import ClaimCatalog

LIST_LIMIT = 100_000


def check_choice(option: str, value: str | None, choices: Iterable[str]) -> None:
    """An unknown filter value is a usage error naming the choices (exit 2, pointing to the command's help)."""
    allowed = list(choices)
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=f"'{option}'")


def _catalog() -> ClaimCatalog:
    from assistant.catalog import ClaimCatalog
    from assistant.wiring import build_evaluation_service

    return ClaimCatalog(build_evaluation_service(load_settings()))


@app.command()
def claims(
    topic: Annotated[str | None, typer.Option(metavar="TOPIC", help="Only claims on this topic.")] = None,
    framework: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Only claims about this framework: pytorch, tensorflow, both, neither."),
    ] = None,
    verdict: Annotated[
        str | None, typer.Option(metavar="VERDICT", help="Only claims with this verdict (supported, mixed, ...).")
    ] = None,
    claim: Annotated[
        str | None, typer.Option("--claim", metavar="ID", help="Show this claim in full: quote, jobs, links.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the claims, one line each with its verdict; --claim ID shows one in full.

    Example: weighin claims --topic deployment --framework pytorch
    """
    from assistant.catalog import FRAMEWORK_FILTERS, VERDICT_FILTERS
    from knowledge.claims import TOPICS

    check_choice("--topic", topic, TOPICS)
    check_choice("--framework", framework, FRAMEWORK_FILTERS)
    check_choice("--verdict", verdict, VERDICT_FILTERS)
    catalog = _catalog()
    if claim is not None:
        _print_detail(catalog.detail(claim), as_json)
        return
    page = catalog.list(topic=topic, framework=framework, verdict=verdict, limit=LIST_LIMIT)
    if as_json:
        print(json.dumps(page.items, ensure_ascii=False, indent=2))
        return
    print_rows(out, [_row(item) for item in page.items])
    if out.is_terminal:
        out.print(f"{plural(page.total, 'claim')}; details: weighin claims --claim ID", style="dim")


def _row(item: dict[str, Any]) -> Row:
    from evaluators.verdicts import LABELS

    verdict = str(item["verdict"])
    return Row((str(item["id"]), LABELS.get(verdict, verdict), str(item["topic"])), str(item["text"]), verdict)


def _print_detail(detail: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    section = " › ".join(detail.get("section") or [])
    out.print(f"[bold]{escape(detail['id'])}[/] {verdict_markup(str(detail['verdict']))}")
    out.print(escape(str(detail["text"])))
    out.print(f"  topic {escape(detail['topic'])} · {escape(detail['kind'])} · favours {escape(detail['favors'])}")
    if section:
        out.print(f"  § {escape(section)}")
    out.print(escape(f"  quote (chars {detail['start']}-{detail['end']}): “{' '.join(detail['quote'].split())}”"))
    jobs = ", ".join(detail["jobs"]) or "none (nothing here measures it)"
    out.print(f"  jobs: {escape(jobs)}")
    for link in detail["links"]:
        out.print(
            f"  {escape(str(link.get('job_id')))} on {escape(str(link.get('device')))}: "
            f"{verdict_markup(str(link.get('verdict')))}; predicts {escape(str(link.get('predicts')))}, "
            f"measured {escape(str(link.get('measured')))} ({escape(str(link.get('reason')))})"
        )
    if detail["jobs"] and not detail["links"]:
        out.print(f"  no measurement yet: weighin evaluate --claim {escape(detail['id'])}", style="dim")

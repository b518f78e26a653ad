"""The "Measured figures" section of ``/audit``: a chart per job metric, the pass/fail grid of checks,
and the jobs no machine has measured yet with the command that measures them.

Pure rendering over :mod:`api.pages.audit_charts` (what to draw) and :mod:`api.pages.audit_svg` (how);
every value escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from api.pages.audit_charts import Chart, CheckRow, audit_charts, check_grid, measured_jobs
from api.pages.audit_links import record_anchor, when_html
from api.pages.audit_svg import chart_svg, format_quantity
from evaluators.findings import side_name

Record = Mapping[str, Any]


def evaluate_command(*, job: str = "", claim: str = "") -> str:
    """The CLI command that fills a missing measurement, as inline code."""
    option = f"--job {job}" if job else f"--claim {claim}"
    return f'<code class="command">weighin evaluate {escape(option)}</code>'


def _sources(records: Sequence[Record]) -> str:
    parts = [
        f'<a href="#{record_anchor(str(r.get("record_id") or ""))}">{escape(str(r.get("device") or "?"))}</a> '
        f"{when_html(r.get('started_at'))}"
        for r in records
    ]
    return f'<p class="chart-source">Record{"s" * (len(records) > 1)}: {" · ".join(parts)}</p>'


def _chart_figure(chart: Chart) -> str:
    svg = chart_svg(chart)
    body = svg or '<p class="chart-empty">No figures in this measurement.</p>'
    return (
        f'<figure class="chart-card" id="chart-{escape(chart.key)}">'
        f"<figcaption><h3>{escape(chart.title)}</h3>"
        f'<p class="chart-note"><code>{escape(chart.job_id)}</code> · {escape(chart.metric)}</p></figcaption>'
        f"{body}{_sources(chart.records)}</figure>"
    )


def _mark(passed: bool | None) -> tuple[str, str]:
    if passed is None:
        return "check-unavailable", "not run"
    return ("check-pass", "✓ passed") if passed else ("check-fail", "✗ failed")


def checks_html(rows: Sequence[CheckRow]) -> str:
    """Checks as a grid: one row per job check, a cell per device and host listing each side's result."""
    if not rows:
        return ""
    panels = list(dict.fromkeys(cell.panel for row in rows for cell in row.cells))
    head = "".join(f'<th scope="col">{escape(panel)}</th>' for panel in panels)
    body = []
    for row in rows:
        cells = []
        for panel in panels:
            items = []
            for cell in (c for c in row.cells if c.panel == panel):
                css, word = _mark(cell.passed)
                detail = f' <span class="muted">{escape(cell.detail)}</span>' if cell.detail else ""
                anchor = record_anchor(str(cell.record.get("record_id") or ""))
                items.append(
                    f'<li class="{css}"><a href="#{anchor}">{escape(side_name(cell.side))}</a>: {word}{detail}</li>'
                )
            cells.append(
                f'<td><ul class="check-list">{"".join(items)}</ul></td>' if items else '<td class="muted">–</td>'
            )
        title = f'{escape(row.title)}<br><code class="muted">{escape(row.job_id)}</code>'
        body.append(f'<tr><th scope="row">{title}</th>{"".join(cells)}</tr>')
    return (
        '<h3 class="grid-heading">Checks</h3><div class="table-wrap"><table class="check-grid">'
        f'<thead><tr><th scope="col">Check</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def pending_html(job_ids: Iterable[str]) -> str:
    items = [f"<li><code>{escape(job)}</code>: run {evaluate_command(job=job)}</li>" for job in sorted(job_ids)]
    if not items:
        return ""
    return (
        f'<details class="fold pending"><summary>Not measured yet: {len(items)} job{"s" * (len(items) != 1)}</summary>'
        '<p class="section-note">Claims link to these jobs, but no current record holds their figures.</p>'
        f"<ul>{''.join(items)}</ul></details>"
    )


def alike_html(charts: Sequence[Chart]) -> str:
    """Observations whose sides read the same, as sentences: a chart of equal bars would say nothing more."""
    items = []
    for chart in charts:
        figures = {format_quantity(b.median, chart.unit) for b in chart.boxes if b.median is not None}
        where = ", ".join(panel.title for panel in chart.panels)
        value = f"{' / '.join(sorted(figures))} on every side" if figures else "no figures on any side"
        items.append(
            f'<li id="chart-{escape(chart.key)}"><strong>{escape(chart.title)}</strong>: {escape(value)} '
            f'<span class="muted">({escape(where)}; <code>{escape(chart.job_id)}</code>)</span></li>'
        )
    if not items:
        return ""
    return f'<h3 class="grid-heading">The same on every side</h3><ul class="alike">{"".join(items)}</ul>'


def _checks_folded(rows: Sequence[CheckRow]) -> str:
    """The check grid, folded behind a count of what passed, failed and could not run."""
    grid = checks_html(rows)
    if not grid:
        return ""
    marks = [_mark(cell.passed)[1] for row in rows for cell in row.cells]
    counts = ", ".join(f"{marks.count(word)} {word}" for word in ("✓ passed", "✗ failed", "not run") if word in marks)
    return f'<details class="fold checks"><summary>Checks: {escape(counts)}</summary>{grid}</details>'


def charts_html(records: Sequence[Record], linked_jobs: Iterable[str]) -> str:
    """Charts where the sides differ, a sentence where they read the same, the check grid (folded), then the
    jobs still to measure."""
    charts = audit_charts(records)
    figures = "".join(_chart_figure(chart) for chart in charts if chart.tells_sides_apart)
    alike = alike_html([chart for chart in charts if not chart.tells_sides_apart])
    rows = check_grid(records)
    pending = pending_html(set(linked_jobs) - measured_jobs(records))
    empty = (
        '<p class="empty">No measurement yet: run <code>weighin evaluate --all</code>.</p>'
        if not charts and not rows
        else ""
    )
    return (
        '<section class="charts" id="charts" aria-labelledby="charts-heading">'
        '<h2 id="charts-heading">Measured figures</h2>'
        '<p class="section-note">The newest current measurement of each job on each machine, CPU and GPU side by '
        "side. A box spans the inter-quartile range of the samples, the stroke is the median and whiskers reach "
        "1.5 IQR; outliers are dots, or arrows where they lie beyond the axis. Sides whose medians differ more "
        "than tenfold share a log axis.</p>"
        f'{empty}<div class="chart-grid">{figures}</div>{alike}{_checks_folded(rows)}{pending}</section>'
    )

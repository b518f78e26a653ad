"""Draw one :class:`~api.pages.audit_charts.Chart` as a self-contained, accessible ``<svg>``.

Horizontal rows, one per side, grouped under a heading per device and host. A timed side is a box plot:
the inter-quartile box, a median stroke, whiskers to Tukey's fences and outliers as small circles. The
axis is chosen so medians stay readable whatever the spread: it ends just past the longest whisker (an
outlier beyond it is drawn as a clipped marker at the edge, never stretching the scale), and it is
logarithmic when the sides' medians differ by more than :data:`LOG_RATIO`. A deterministic value is a
bar. A side that could not run shows its reason in place of a box.

Colours come from CSS classes (``series-*``), never inline styles, so the page's Content-Security-Policy
needs no ``'unsafe-inline'``; the figures are printed, so the chart reads without any script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from api.pages.audit_charts import Box, Chart, Panel

WIDTH, LABEL_W, VALUE_W = 600, 130, 104
ROW_H, BOX_H, HEAD_H, TOP, AXIS_H = 24, 12, 22, 4, 40
LOG_RATIO = 10.0
"""Medians further apart than this are drawn on a log axis."""
HEADROOM = 1.08
SERIES = ("pytorch", "tensorflow")


def format_number(value: float) -> str:
    """Three significant figures, without exponents for everyday magnitudes (``1,234``, ``12.3``, ``0.0042``)."""
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1 or magnitude == 0:
        return f"{value:.2f}"
    if magnitude >= 1e-4:
        return f"{value:.{2 - math.floor(math.log10(magnitude))}f}"
    return f"{value:.1e}"


def format_quantity(value: float, unit: str) -> str:
    """Seconds in the unit that reads best (``3.10 µs``, ``41.0 ms``, ``2.10 s``); other units as given."""
    if unit == "s":
        for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if abs(value) >= scale or scale == 1e-6:
                return f"{format_number(value / scale)} {name}"
    return f"{format_number(value)} {unit}".rstrip()


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Axis ticks from 0 to at least ``maximum`` in steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not maximum > 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    return [i * step for i in range(math.ceil(maximum / step - 1e-9) + 1)]


@dataclass(frozen=True, slots=True)
class Axis:
    """Maps a value to x; ``log`` axes span whole decades."""

    low: float
    high: float
    log: bool
    ticks: tuple[float, ...]

    def x(self, value: float) -> float:
        plot = WIDTH - LABEL_W - VALUE_W
        if self.log:
            value = min(max(value, self.low), self.high)
            share = (math.log10(value) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        else:
            share = (min(max(value, self.low), self.high) - self.low) / (self.high - self.low)
        return LABEL_W + share * plot

    def clips(self, value: float) -> bool:
        return value > self.high or value < self.low


def choose_axis(boxes: Sequence[Box]) -> Axis:
    """Log when medians differ by more than :data:`LOG_RATIO`; else linear from zero past the longest whisker."""
    medians = [b.median for b in boxes if b.median is not None and b.median > 0]
    reach = [v for b in boxes for v in (b.median, b.high, b.low) if v is not None and v > 0]
    if len(medians) > 1 and max(medians) / min(medians) > LOG_RATIO:
        low = 10 ** math.floor(math.log10(min(reach)))
        high = 10 ** math.ceil(math.log10(max(reach) * HEADROOM))
        ticks = tuple(10.0**e for e in range(round(math.log10(low)), round(math.log10(high)) + 1))
        return Axis(low, high, True, ticks)
    ticks = tuple(nice_ticks(max(reach, default=0.0) * HEADROOM))
    return Axis(0.0, ticks[-1], False, ticks)


def describe(box: Box, unit: str) -> str:
    if box.unavailable or box.median is None:
        return f"{box.label}: not measured ({box.unavailable or 'no figures'})"
    text = f"{box.label}: {format_quantity(box.median, unit)}"
    if box.spread and box.q1 is not None and box.q3 is not None:
        text += f" median of {box.n} (inter-quartile range {format_quantity(box.q1, unit)} to "
        text += f"{format_quantity(box.q3, unit)})"
    if box.outliers:
        text += f", {len(box.outliers)} outlier{'s' * (len(box.outliers) > 1)} up to "
        text += format_quantity(box.outliers[-1], unit)
    return text


def _label(text: str, middle: float) -> str:
    return (
        f'<text class="label" x="{LABEL_W - 8}" y="{middle:.1f}" text-anchor="end" dominant-baseline="central">'
        f"{escape(text)}</text>"
    )


def _box_marks(box: Box, middle: float, axis: Axis) -> list[str]:
    assert box.median is not None
    if not box.spread:  # one figure: a bar from the axis start
        start = axis.x(axis.low)
        width = max(axis.x(box.median) - start, 1.0)
        return [
            f'<rect class="bar-fill" x="{start:.1f}" y="{middle - BOX_H / 2:.1f}" width="{width:.1f}" '
            f'height="{BOX_H}" rx="2"/>'
        ]
    assert box.q1 is not None and box.q3 is not None and box.low is not None and box.high is not None
    lo, hi, q1, q3, med = (axis.x(v) for v in (box.low, box.high, box.q1, box.q3, box.median))
    marks = [
        f'<path class="whisker" d="M{lo:.1f} {middle:.1f}H{q1:.1f}M{q3:.1f} {middle:.1f}H{hi:.1f}'
        f'M{lo:.1f} {middle - 4:.1f}v8M{hi:.1f} {middle - 4:.1f}v8"/>',
        f'<rect class="box" x="{q1:.1f}" y="{middle - BOX_H / 2:.1f}" width="{max(q3 - q1, 1.5):.1f}" '
        f'height="{BOX_H}" rx="1.5"/>',
        f'<path class="median" d="M{med:.1f} {middle - BOX_H / 2 - 2:.1f}v{BOX_H + 4}"/>',
    ]
    for value in box.outliers:
        if axis.clips(value):
            edge = axis.x(axis.high if value > axis.high else axis.low)
            step = -6 if value > axis.high else 6
            marks.append(
                f'<path class="clipped" d="M{edge + step:.1f} {middle - 4:.1f}l{-step:.1f} 4l{step:.1f} 4z">'
                f"<title>outlier beyond the axis: {escape(str(value))}</title></path>"
            )
        else:
            marks.append(f'<circle class="outlier" cx="{axis.x(value):.1f}" cy="{middle:.1f}" r="2.5"/>')
    return marks


def _row(box: Box, top: float, axis: Axis, unit: str) -> str:
    middle = top + ROW_H / 2
    series = box.series if box.series in SERIES else "other"
    parts = [f'<g class="row series-{series}">', _label(box.label, middle)]
    if box.unavailable or box.median is None:
        reason = box.unavailable or "no figures"
        reason = reason if len(reason) <= 60 else reason[:59] + "…"
        parts.append(
            f'<text class="unavailable" x="{LABEL_W + 4}" y="{middle:.1f}" dominant-baseline="central">'
            f"not measured here: {escape(reason)}</text>"
        )
        return "".join(parts) + "</g>"
    parts += _box_marks(box, middle, axis)
    value = escape(format_quantity(box.median, unit))
    parts.append(
        f'<text class="value" x="{WIDTH - VALUE_W + 8}" y="{middle:.1f}" dominant-baseline="central">{value}</text>'
    )
    return "".join(parts) + "</g>"


def _rows(panels: Sequence[Panel], axis: Axis, unit: str) -> tuple[list[str], float]:
    out, y = [], float(TOP)
    for panel in panels:
        out.append(f'<text class="panel" x="4" y="{y + HEAD_H - 7:.1f}">{escape(panel.title)}</text>')
        y += HEAD_H
        for box in panel.boxes:
            out.append(_row(box, y, axis, unit))
            y += ROW_H
    return out, y


def _tick(value: float, unit: str) -> str:
    """Short tick labels: ``0``, ``20 ms``, ``1 µs``, ``2,000``."""
    if value == 0:
        return "0"
    if unit == "s":
        scale, name = next(
            (s, n) for s, n in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")) if value >= s * 0.999
        )
        return f"{value / scale:.3g} {name}"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _axis_svg(axis: Axis, bottom: float, unit: str, caption: str) -> str:
    x: Callable[[float], float] = axis.x
    grid = "".join(
        f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP}" y2="{bottom:.1f}"/>'
        f'<text x="{x(t):.1f}" y="{bottom + 15:.1f}" text-anchor="middle">{escape(_tick(t, unit))}</text>'
        for t in axis.ticks
    )
    middle = LABEL_W + (WIDTH - LABEL_W - VALUE_W) / 2
    return (
        f'<g class="axis">{grid}<text class="unit" x="{middle:.1f}" y="{bottom + AXIS_H - 6:.1f}" '
        f'text-anchor="middle">{escape(caption)}</text></g>'
    )


def axis_caption(chart: Chart, axis: Axis) -> str:
    what = {"timing": "time", "value": chart.unit or "value", "score": chart.unit or "score"}.get(
        chart.kind, chart.kind
    )
    scale = "log scale" if axis.log else "linear scale"
    return f"{what} ({scale}; {chart.better} is better)"


def chart_svg(chart: Chart) -> str:
    """The chart as inline SVG; '' when no side of any panel has a figure."""
    boxes = chart.boxes
    if not any(b.median is not None for b in boxes):
        return ""
    axis = choose_axis(boxes)
    rows, bottom = _rows(chart.panels, axis, chart.unit)
    height = bottom + AXIS_H
    key = escape(chart.key)
    caption = axis_caption(chart, axis)
    desc = "; ".join(f"{p.title}: " + ", ".join(describe(b, chart.unit) for b in p.boxes) for p in chart.panels)
    return "".join(
        [
            f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" role="img" aria-labelledby="{key}-title {key}-desc">',
            f'<title id="{key}-title">{escape(chart.title)}</title>',
            f'<desc id="{key}-desc">{escape(f"{caption}. {desc}.")}</desc>',
            _axis_svg(axis, bottom, chart.unit, caption),
            *rows,
            "</svg>",
        ]
    )

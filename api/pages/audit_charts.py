"""Server-side SVG bar charts of the measured figures on the ``/audit`` page.

Two steps, both pure: :func:`audit_charts` reads figures out of evidence records (the audit report's
history items), and :func:`chart_svg` draws one :class:`Chart` as an accessible, self-contained ``<svg>``.

Record metrics are whatever a job chose to write, and a record may be an ``error`` with logs instead of
figures, so every figure is read defensively: a missing key, a string or a non-finite number means "no
figure", never an exception. Per job the newest current record that yields any figure is drawn; a chart
with no figure renders as an empty-state message instead. Colours come from CSS classes (``series-*``),
never inline styles, so the page's Content-Security-Policy needs no ``'unsafe-inline'``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

Record = Mapping[str, Any]
Timing = tuple[float, float | None, float | None]
"""Median, q1, q3."""

WIDTH, LABEL_W, VALUE_W = 560, 150, 96
ROW_H, BAR_H, GROUP_GAP, TOP, AXIS_H = 24, 14, 10, 6, 44
SERIES = ("pytorch", "tensorflow")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    series: str = "other"
    """Colour class: ``pytorch``, ``tensorflow`` or ``other``."""
    low: float | None = None
    high: float | None = None
    """Spread drawn as a whisker (the inter-quartile range of timed samples)."""
    group: str = ""
    """Bars sharing a group are drawn together, with a gap before the next group."""


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    unit: str
    job_id: str
    bars: tuple[Bar, ...] = ()
    records: tuple[Record, ...] = ()
    """The history items the figures came from (``record_id``, ``device``, ``started_at``, ...), newest first."""
    note: str = ""
    symbol: str = ""
    """Short unit printed after each value (``ms``, ``s``, ``MiB``)."""

    @property
    def record(self) -> Record | None:
        return self.records[0] if self.records else None


def number(value: Any, *path: str) -> float | None:
    """``value[path[0]][path[1]]...`` as a finite float, or None if anything on the way is missing or odd."""
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def timing(value: Any, *path: str) -> Timing | None:
    """Median, q1 and q3 of a ``timing_metrics`` dict, or of a bare list of samples."""
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    if isinstance(value, list):
        samples = [float(v) for v in value if number(v) is not None]
        if len(samples) < 2:
            return (samples[0], None, None) if samples else None
        q1, median, q3 = statistics.quantiles(samples, n=4, method="inclusive")
        return median, q1, q3
    middle = number(value, "median")
    if middle is None:
        return None
    return middle, number(value, "q1"), number(value, "q3")


def _scaled(label: str, found: Timing | None, scale: float, **kw: Any) -> list[Bar]:
    if found is None:
        return []
    median, low, high = found
    return [
        Bar(
            label,
            median * scale,
            low=None if low is None else low * scale,
            high=None if high is None else high * scale,
            **kw,
        )
    ]


def _step_scale(metrics: Any) -> float:
    """Seconds per timed sample to milliseconds per step (each sample times ``steps_per_sample`` steps)."""
    steps = number(metrics, "steps_per_sample")
    return 1000 / steps if steps and steps > 0 else 1000.0


def framework_steps(metrics: Any) -> list[Bar]:
    scale = _step_scale(metrics)
    bars: list[Bar] = []
    for phase, phase_label in (("train", "train"), ("infer", "inference")):
        for series, name in (("pytorch", "PyTorch"), ("tensorflow", "TensorFlow")):
            found = timing(metrics, series, phase)
            bars += _scaled(f"{name} {phase_label}", found, scale, series=series, group=phase)
    return bars


def tf_modes(metrics: Any) -> list[Bar]:
    scale = _step_scale(metrics)
    modes = (("eager", "Eager"), ("graph", "tf.function"), ("xla", "XLA (jit_compile)"))
    return [bar for mode, label in modes for bar in _scaled(label, timing(metrics, mode), scale, series="tensorflow")]


def _per_framework(metrics: Any, *path: str, scale: float = 1.0) -> list[Bar]:
    bars = []
    for series, name in (("pytorch", "PyTorch"), ("tensorflow", "TensorFlow")):
        value = number(metrics, series, *path)
        if value is not None:
            bars.append(Bar(name, value * scale, series=series))
    return bars


def import_time(metrics: Any) -> list[Bar]:
    sides = (("pytorch", "PyTorch"), ("tensorflow", "TensorFlow"))
    return [bar for series, name in sides for bar in _import_bar(metrics, series, name)]


def _import_bar(metrics: Any, series: str, name: str) -> list[Bar]:
    found = timing(metrics, series, "import_s")
    median = number(metrics, series, "import_median_s")
    if found is None and median is not None:
        found = (median, None, None)
    return _scaled(name, found, 1.0, series=series)


def numpy_conversion(metrics: Any) -> list[Bar]:
    names = (("pytorch", "torch.from_numpy"), ("tensorflow", "tf.convert_to_tensor"))
    return [bar for s, n in names for bar in _scaled(n, timing(metrics, s, "seconds"), 1000.0, series=s)]


def automl_search(metrics: Any) -> list[Bar]:
    sides = (("keras_tuner", "Keras Tuner (TF)", "tensorflow"), ("optuna_pytorch", "Optuna (PyTorch)", "pytorch"))
    return [Bar(label, v, series=s) for key, label, s in sides if (v := number(metrics, key, "seconds")) is not None]


ARTIFACTS = (
    ("torchscript-roundtrip", "TorchScript", "pytorch"),
    ("onnx-export", "ONNX", "pytorch"),
    ("tf-serving-artifact", "SavedModel", "tensorflow"),
    ("tflite-export", "LiteRT (.tflite)", "tensorflow"),
)


@dataclass(frozen=True, slots=True)
class ChartSpec:
    key: str
    title: str
    unit: str
    job_id: str
    read: Callable[[Any], list[Bar]]
    note: str = ""

    @property
    def symbol(self) -> str:
        return {"seconds": "s"}.get(self.unit, self.unit.split()[0])


SPECS = (
    ChartSpec(
        "framework-steps",
        "Train and inference step, PyTorch vs TensorFlow",
        "ms per step",
        "torch-vs-tf-training-step",
        framework_steps,
        "Same MLP, data, seed and threads; PyTorch eager, TensorFlow tf.function. Lower is faster.",
    ),
    ChartSpec(
        "tf-modes",
        "TensorFlow train step by execution mode",
        "ms per step",
        "tf-graph-vs-eager",
        tf_modes,
        "Same small MLP in eager, tf.function and XLA. Lower is faster.",
    ),
    ChartSpec("import-time", "Import time in a fresh process", "seconds", "framework-footprint", import_time),
    ChartSpec(
        "import-rss",
        "Memory after import (peak RSS)",
        "MiB",
        "framework-footprint",
        lambda m: _per_framework(m, "rss_mb"),
    ),
    ChartSpec(
        "installed-size",
        "Installed package size",
        "MiB",
        "framework-footprint",
        lambda m: _per_framework(m, "installed_mb"),
    ),
    ChartSpec(
        "numpy-conversion",
        "NumPy array to tensor (32 MiB float32)",
        "ms per conversion",
        "numpy-interop",
        numpy_conversion,
        "torch.from_numpy shares memory; tf.convert_to_tensor copies. Lower is faster.",
    ),
    ChartSpec("automl-search", "Hyper-parameter search, same trial count", "seconds", "automl-tuners", automl_search),
)


def current_records(history: Iterable[Record]) -> list[Record]:
    """Distinct, non-stale records, newest first (a record about several claims appears once)."""
    seen: dict[str, Record] = {}
    for item in history:
        if not item.get("stale") and item.get("record_id") not in seen:
            seen[str(item.get("record_id"))] = item
    return sorted(seen.values(), key=lambda r: str(r.get("started_at") or ""), reverse=True)


def _newest_with_figures(
    records: Sequence[Record], job_id: str, read: Callable[[Any], list[Bar]]
) -> tuple[tuple[Bar, ...], Record | None]:
    """The bars from the newest record of ``job_id`` that has any, and that record."""
    for record in records:
        if record.get("job_id") == job_id and record.get("verdict") != "error":
            bars = read(record.get("metrics"))
            if bars:
                return tuple(bars), record
    return (), None


def artifact_sizes(records: Sequence[Record]) -> Chart:
    bars, sources = [], []
    for job_id, label, series in ARTIFACTS:
        found, record = _newest_with_figures(records, job_id, _kib)
        if found and record is not None:
            bars.append(Bar(label, found[0].value, series=series))
            sources.append(record)
    sources.sort(key=lambda r: str(r.get("started_at") or ""), reverse=True)
    note = "The same small test model, as each format's newest export wrote it."
    return Chart("artifact-size", "Exported model size", "KiB", "", tuple(bars), tuple(sources), note, "KiB")


def _kib(metrics: Any) -> list[Bar]:
    size = number(metrics, "artifact_bytes")
    return [Bar("", size / 1024)] if size is not None else []


def audit_charts(history: Iterable[Record]) -> list[Chart]:
    """Every chart the page shows, in page order; those without figures have no bars."""
    records = current_records(history)
    charts = []
    for spec in SPECS:
        bars, record = _newest_with_figures(records, spec.job_id, spec.read)
        sources = (record,) if record is not None else ()
        charts.append(Chart(spec.key, spec.title, spec.unit, spec.job_id, bars, sources, spec.note, spec.symbol))
    charts.append(artifact_sizes(records))
    return charts


# -- drawing -------------------------------------------------------------------------------------------------


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


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Axis ticks from 0 to at least ``maximum`` in steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not maximum > 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    return [i * step for i in range(math.ceil(maximum / step - 1e-9) + 1)]


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _layout(bars: Sequence[Bar]) -> tuple[list[float], float]:
    """Each bar's row top, and the plot's height (a gap before each new group)."""
    tops, y, previous = [], float(TOP), None
    for i, bar in enumerate(bars):
        if i and bar.group != previous:
            y += GROUP_GAP
        tops.append(y)
        y += ROW_H
        previous = bar.group
    return tops, y


def _described(bar: Bar, symbol: str) -> str:
    text = f"{bar.label}: {format_number(bar.value)} {symbol}".rstrip()
    if bar.low is not None and bar.high is not None:
        text += f" (inter-quartile range {format_number(bar.low)} to {format_number(bar.high)})"
    return text


def _bar_svg(bar: Bar, top: float, x: Callable[[float], float], symbol: str) -> str:
    series = bar.series if bar.series in SERIES else "other"
    middle = top + ROW_H / 2
    width = max(x(bar.value) - LABEL_W, 1.0 if bar.value > 0 else 0.0)
    parts = [
        f'<g class="bar series-{series}">',
        f'<text class="label" x="{LABEL_W - 8}" y="{middle:.1f}" text-anchor="end" dominant-baseline="central">'
        f"{escape(bar.label)}</text>",
        f'<rect x="{LABEL_W}" y="{middle - BAR_H / 2:.1f}" width="{width:.1f}" height="{BAR_H}" rx="2"/>',
    ]
    end = LABEL_W + width
    if bar.low is not None and bar.high is not None and bar.high > bar.low:
        lo, hi = x(bar.low), x(bar.high)
        parts.append(
            f'<path class="whisker" d="M{lo:.1f} {middle - 4:.1f}v8M{lo:.1f} {middle:.1f}H{hi:.1f}'
            f'M{hi:.1f} {middle - 4:.1f}v8"/>'
        )
        end = max(end, hi)
    value = escape(f"{format_number(bar.value)} {symbol}".rstrip())
    parts.append(f'<text class="value" x="{end + 6:.1f}" y="{middle:.1f}" dominant-baseline="central">{value}</text>')
    return "".join(parts) + "</g>"


def chart_svg(chart: Chart) -> str:
    """The chart as inline SVG (horizontal bars, values printed, x axis with ticks and unit); '' without bars."""
    if not chart.bars:
        return ""
    ticks = nice_ticks(max(max(b.value, b.high or 0.0) for b in chart.bars))
    plot_w = WIDTH - LABEL_W - VALUE_W

    def x(value: float) -> float:
        return LABEL_W + max(value, 0.0) / ticks[-1] * plot_w

    tops, bottom = _layout(chart.bars)
    height = bottom + AXIS_H
    key = escape(chart.key)
    desc = "; ".join(_described(b, chart.symbol) for b in chart.bars)
    grid = "".join(
        f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP}" y2="{bottom:.1f}"/>'
        f'<text x="{x(t):.1f}" y="{bottom + 16:.1f}" text-anchor="middle">{escape(_tick_label(t))}</text>'
        for t in ticks
    )
    return "".join(
        [
            f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" role="img" aria-labelledby="{key}-title {key}-desc">',
            f'<title id="{key}-title">{escape(chart.title)}</title>',
            f'<desc id="{key}-desc">{escape(f"{chart.unit}. {desc}.")}</desc>',
            f'<g class="axis">{grid}',
            f'<line class="baseline" x1="{LABEL_W}" x2="{LABEL_W}" y1="{TOP}" y2="{bottom:.1f}"/>',
            f'<text class="unit" x="{LABEL_W + plot_w / 2:.1f}" y="{height - 6:.1f}" text-anchor="middle">'
            f"{escape(chart.unit)}</text></g>",
            *(_bar_svg(bar, top, x, chart.symbol) for bar, top in zip(chart.bars, tops, strict=True)),
            "</svg>",
        ]
    )

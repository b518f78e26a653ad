"""The audit page's SVG charts: reading figures out of record metrics (defensively) and drawing them."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from api.pages.audit_charts import (
    Bar,
    Chart,
    audit_charts,
    chart_svg,
    current_records,
    format_number,
    nice_ticks,
    number,
)
from tests.api.audit_evidence_data import HOSTILE, MEASUREMENTS


def history_item(job_id: str, metrics: Any, minute: int, verdict: str = "supported", **extra: Any) -> dict[str, Any]:
    """A history item as ``assistant.audit_report`` builds it."""
    return {
        "record_id": f"r-{job_id}-{minute}",
        "job_id": job_id,
        "verdict": verdict,
        "key_figure": "",
        "device": "cpu",
        "started_at": f"2026-11-20T10:{minute:02d}:00.000000+00:00",
        "environment": "Test Xeon, 16 cores, no GPU, torch 2.13.0, TF 2.21.0",
        "stale": False,
        "metrics": metrics,
        **extra,
    }


def measured_history() -> list[dict[str, Any]]:
    return [
        history_item(job_id, metrics, minute, verdict, device=device)
        for minute, (job_id, verdict, _, metrics, device, _) in enumerate(MEASUREMENTS, start=1)
    ]


def by_key(charts: list[Chart]) -> dict[str, Chart]:
    return {chart.key: chart for chart in charts}


def values(chart: Chart) -> dict[str, float]:
    return {bar.label: round(bar.value, 4) for bar in chart.bars}


def test_every_chart_reads_the_real_jobs_metrics() -> None:
    charts = by_key(audit_charts(measured_history()))
    assert values(charts["tf-modes"]) == {"Eager": 3.1, "tf.function": 0.65, "XLA (jit_compile)": 0.5}
    assert values(charts["import-time"]) == {"PyTorch": 2.12, "TensorFlow": 3.41}
    assert values(charts["import-rss"]) == {"PyTorch": 412.0, "TensorFlow": 706.0}
    assert values(charts["installed-size"]) == {"PyTorch": 1480.5, "TensorFlow": 1912.2}
    assert values(charts["numpy-conversion"]) == {"torch.from_numpy": 0.0031, "tf.convert_to_tensor": 11.2}
    assert values(charts["automl-search"]) == {"Keras Tuner (TF)": 14.2, "Optuna (PyTorch)": 3.1}
    assert values(charts["artifact-size"]) == {"TorchScript": 18.0, "ONNX": 12.9004, "LiteRT (.tflite)": 14.0996}
    modes = charts["tf-modes"]
    assert modes.unit == "ms per step" and modes.symbol == "ms"
    assert modes.bars[0].low == pytest.approx(3.1 * 0.95) and modes.bars[0].high == pytest.approx(3.1 * 1.05)
    assert modes.record is not None and modes.record["job_id"] == "tf-graph-vs-eager"
    sizes = charts["artifact-size"]  # three jobs feed one chart: all three records are its sources, newest first
    assert [r["job_id"] for r in sizes.records] == ["tflite-export", "onnx-export", "torchscript-roundtrip"]


def test_newest_record_is_drawn_and_an_odd_figure_is_left_out() -> None:
    """The GPU run is newest; its TensorFlow inference time is a string, so that one bar is missing."""
    steps = by_key(audit_charts(measured_history()))["framework-steps"]
    assert steps.record is not None and steps.record["device"] == "cuda"
    assert values(steps) == {"PyTorch train": 0.26, "TensorFlow train": 0.29, "PyTorch inference": 0.105}
    assert [bar.series for bar in steps.bars] == ["pytorch", "tensorflow", "pytorch"]
    assert [bar.group for bar in steps.bars] == ["train", "train", "infer"]


def test_stale_and_error_records_are_skipped() -> None:
    good = history_item("tf-graph-vs-eager", {"eager": {"median": 1.0}}, 1)
    stale = history_item("tf-graph-vs-eager", {"eager": {"median": 9.0}}, 2, stale=True)
    failed = history_item("tf-graph-vs-eager", {"logs": {"exit_code": 1}}, 3, verdict="error")
    chart = by_key(audit_charts([good, stale, failed]))["tf-modes"]
    assert values(chart) == {"Eager": 1000.0}  # no steps_per_sample: milliseconds per sample
    assert chart.record is good


@pytest.mark.parametrize(
    "metrics",
    [
        None,
        "text",
        [],
        {},
        {"eager": {"median": "fast"}},
        {"eager": {"median": math.nan}},
        {"eager": True},
        {"pytorch": {"train": [None, "x"]}},
        {"pytorch": None, "tensorflow": {"rss_mb": math.inf}},
    ],
)
def test_odd_metrics_give_empty_charts_not_errors(metrics: Any) -> None:
    jobs = {spec[0] for spec in MEASUREMENTS}
    charts = audit_charts([history_item(job_id, metrics, 1) for job_id in jobs])
    assert all(not chart.bars and chart.record is None for chart in charts)
    assert all(chart_svg(chart) == "" for chart in charts)


def test_no_records_means_every_chart_is_empty() -> None:
    charts = audit_charts([])
    assert len(charts) == 8 and not any(chart.bars for chart in charts)


def test_current_records_are_distinct_and_newest_first() -> None:
    first, second = history_item("a", {}, 1), history_item("b", {}, 2)
    assert current_records([first, second, dict(first), history_item("c", {}, 3, stale=True)]) == [second, first]


def test_number_reads_only_finite_numbers() -> None:
    assert number({"a": {"b": 2}}, "a", "b") == 2.0
    assert number({"a": 1}, "a", "b") is None
    assert number({"a": True}, "a") is None
    assert number({"a": float("nan")}, "a") is None


def test_svg_is_accessible_labelled_and_proportional() -> None:
    chart = Chart(
        "steps",
        "Step time",
        "ms per step",
        "job",
        (Bar("PyTorch", 2.0, "pytorch", 1.8, 2.2), Bar("TensorFlow", 4.0, "tensorflow")),
        symbol="ms",
    )
    svg = chart_svg(chart)
    assert svg.startswith('<svg class="chart" xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="steps-title steps-desc"' in svg
    assert '<title id="steps-title">Step time</title>' in svg
    assert "PyTorch: 2.00 ms (inter-quartile range 1.80 to 2.20); TensorFlow: 4.00 ms." in svg
    assert ">2.00 ms</text>" in svg and ">4.00 ms</text>" in svg
    assert ">ms per step</text>" in svg
    assert [t for t in re.findall(r'text-anchor="middle">([^<]+)<', svg)][:-1] == ["0", "1", "2", "3", "4"]
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[1] == pytest.approx(2 * widths[0])
    assert 'class="bar series-pytorch"' in svg and 'class="bar series-tensorflow"' in svg
    assert 'class="whisker"' in svg and "style=" not in svg


def test_svg_escapes_labels_titles_and_units() -> None:
    chart = Chart(HOSTILE, HOSTILE, HOSTILE, "job", (Bar(HOSTILE, 1.0, HOSTILE),), symbol=HOSTILE)
    svg = chart_svg(chart)
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg
    assert 'class="bar series-other"' in svg  # an unknown series falls back to a known colour class


def test_tiny_bars_stay_visible() -> None:
    svg = chart_svg(Chart("k", "t", "ms", "job", (Bar("a", 0.0031), Bar("b", 11.2))))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] >= 1.0 and ">0.00310</text>" in svg


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (4.0, [0, 1, 2, 3, 4]),
        (2.7, [0, 1, 2, 3]),
        (1912.2, [0, 500, 1000, 1500, 2000]),
        (0.0031, [0, 0.001, 0.002, 0.003, 0.004]),
        (0.0, [0, 1]),
    ],
)
def test_nice_ticks(maximum: float, ticks: list[float]) -> None:
    assert nice_ticks(maximum) == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0.00"),
        (0.0031, "0.00310"),
        (0.000123, "0.000123"),
        (1e-5, "1.0e-05"),
        (1.234, "1.23"),
        (12.34, "12.3"),
        (1912.2, "1,912"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text

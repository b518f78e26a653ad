"""The audit page's charts: observations read generically (and defensively), drawn as readable SVG."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from api.pages.audit_charts import Box, Chart, Panel, audit_charts, box_of, check_grid, current_records
from api.pages.audit_svg import LOG_RATIO, chart_svg, choose_axis, format_number, format_quantity, nice_ticks
from tests.api.audit_evidence_data import GPU_ENV, HOSTILE, MEASUREMENTS, observation, timed


def history_item(
    job_id: str, observations: Any, minute: int, verdict: str = "supported", **extra: Any
) -> dict[str, Any]:
    """A record as ``assistant.audit_report`` shows it."""
    return {
        "record_id": f"r-{job_id}-{minute}",
        "job_id": job_id,
        "verdict": verdict,
        "device": "cpu",
        "host": "ci-runner",
        "accelerator": "",
        "started_at": f"2026-11-20T10:{minute:02d}:00.000000+00:00",
        "stale": False,
        "metrics": {"observations": observations},
        **extra,
    }


def measured_history() -> list[dict[str, Any]]:
    items = []
    for minute, (job_id, observations, device, env) in enumerate(MEASUREMENTS, start=1):
        gpu = env is GPU_ENV
        extra = {"host": env["host"], "accelerator": "NVIDIA H200" if gpu else ""}
        items.append(
            history_item(
                job_id, observations, minute, "error" if observations is None else "supported", device=device, **extra
            )
        )
    return items


def by_key(charts: list[Chart]) -> dict[str, Chart]:
    return {chart.key: chart for chart in charts}


def medians(panel: Panel) -> dict[str, float | None]:
    return {box.label: None if box.median is None else round(box.median, 6) for box in panel.boxes}


def test_one_chart_per_job_metric_from_observations() -> None:
    charts = by_key(audit_charts(measured_history()))
    assert set(charts) == {
        "tf-graph-vs-eager-cnn_train_step",
        "torch-vs-tf-training-step-cnn_train_step_eager",
        "framework-footprint-installed_size",
        "framework-footprint-import_rss",
        "framework-footprint-import_time",
        "numpy-interop-numpy_conversion",
        "automl-tuners-tuned_validation_loss",
    }
    sizes = charts["framework-footprint-installed_size"]
    assert sizes.title == "Installed size" and sizes.unit == "MB" and sizes.kind == "value"
    assert medians(sizes.panels[0]) == {"PyTorch": 1480.5, "TensorFlow": 1912.2}
    assert [box.series for box in sizes.boxes] == ["pytorch", "tensorflow"]


def test_cpu_and_gpu_results_sit_side_by_side() -> None:
    chart = by_key(audit_charts(measured_history()))["torch-vs-tf-training-step-cnn_train_step_eager"]
    assert [panel.title for panel in chart.panels] == ["CPU · ci-runner", "CUDA:0 · gpu-box (NVIDIA H200)"]
    assert medians(chart.panels[0]) == {"PyTorch": 0.041, "TensorFlow": 0.055}
    gpu_tf = chart.panels[1].boxes[1]
    assert gpu_tf.median is None and "not installed" in gpu_tf.unavailable
    svg = chart_svg(chart)
    assert ">CPU · ci-runner</text>" in svg and ">CUDA:0 · gpu-box (NVIDIA H200)</text>" in svg
    assert "not measured here: TensorFlow is not installed on this machine" in svg


def test_box_has_quartiles_tukey_whiskers_and_outliers() -> None:
    box = box_of("tf-eager", timed(0.062, outlier=0.9))
    assert box.n == 15 and box.median == pytest.approx(0.062)
    assert box.q1 is not None and box.q3 is not None and box.q1 < box.median < box.q3
    assert box.outliers == (0.9,) and box.high is not None and box.high < 0.07
    assert box_of("pytorch", {"value": 3}).median == 3.0 and not box_of("pytorch", {"value": 3}).spread
    assert box_of("x", {"unavailable": "no GPU"}).unavailable == "no GPU"


def test_a_far_outlier_is_clipped_so_the_median_stays_readable() -> None:
    chart = by_key(audit_charts(measured_history()))["tf-graph-vs-eager-cnn_train_step"]
    axis = choose_axis(chart.boxes)
    assert not axis.log and axis.high < 0.1  # the 0.9 s outlier does not stretch the axis to a second
    svg = chart_svg(chart)
    assert 'class="clipped"' in svg and "outlier beyond the axis: 0.9" in svg
    eager, graph = chart.boxes
    assert eager.median is not None and graph.median is not None
    assert axis.x(eager.median) - axis.x(graph.median) > 200  # 62 vs 13 ms are far apart on the plot


def test_sides_more_than_tenfold_apart_share_a_log_axis() -> None:
    chart = by_key(audit_charts(measured_history()))["numpy-interop-numpy_conversion"]
    axis = choose_axis(chart.boxes)
    assert axis.log and axis.ticks[0] <= 3.1e-6 and axis.ticks[-1] >= 0.0112
    torch, tf = chart.boxes
    assert torch.median is not None and tf.median is not None
    assert axis.x(torch.median) > axis.x(axis.low) + 20  # the tiny side is not squashed onto zero
    svg = chart_svg(chart)
    assert "log scale; lower is better" in svg and ">3.10 µs</text>" in svg and ">11.2 ms</text>" in svg
    assert not choose_axis([Box("a", 1.0, n=1), Box("b", LOG_RATIO * 0.99, n=1)]).log


def test_checks_make_a_pass_fail_grid_per_machine() -> None:
    rows = {(row.job_id, row.metric): row for row in check_grid(measured_history())}
    serving = rows[("tf-serving-artifact", "savedmodel_serving_signature")]
    assert [(c.panel, c.passed) for c in serving.cells] == [
        ("CPU · ci-runner", True),
        ("CUDA:0 · gpu-box (NVIDIA H200)", False),
    ]
    tfjs = rows[("tfjs-converter", "tfjs_conversion")].cells[0]
    assert tfjs.passed is None and tfjs.detail == HOSTILE
    assert rows[("automl-tuners", "tuner_available")].cells[1].passed is True


def test_stale_error_and_empty_records_are_skipped() -> None:
    good = history_item("tf-graph-vs-eager", [observation("m", "M", "timing", {"a": timed(1.0)})], 1)
    stale = history_item("tf-graph-vs-eager", [observation("m", "M", "timing", {"a": timed(9.0)})], 2, stale=True)
    failed = history_item("tf-graph-vs-eager", None, 3, verdict="error")
    chart = audit_charts([good, stale, failed])[0]
    assert chart.records == (good,) and chart.boxes[0].median == pytest.approx(1.0)


@pytest.mark.parametrize(
    "observations",
    [
        None,
        "text",
        [],
        [{}],
        [{"metric": "m", "kind": "timing", "sides": "x"}],
        [{"metric": "m", "kind": "timing", "sides": {"a": {"samples_s": ["fast", math.nan]}}}],
        [{"metric": "m", "kind": "value", "sides": {"a": {"value": True}, "b": None}}],
        [{"metric": "m", "kind": "value", "sides": {"a": {"value": math.inf}}}],
    ],
)
def test_odd_observations_give_no_figures_not_errors(observations: Any) -> None:
    charts = audit_charts([history_item("job", observations, 1)])
    assert all(chart_svg(chart) == "" for chart in charts)
    assert all(box.median is None for chart in charts for box in chart.boxes)


def test_no_records_means_no_charts() -> None:
    assert audit_charts([]) == [] and check_grid([]) == []


def test_current_records_are_distinct_and_newest_first() -> None:
    first, second = history_item("a", [], 1), history_item("b", [], 2)
    assert current_records([first, second, dict(first), history_item("c", [], 3, stale=True)]) == [second, first]


def test_svg_is_accessible_labelled_and_needs_no_inline_style() -> None:
    chart = by_key(audit_charts(measured_history()))["framework-footprint-import_time"]
    svg = chart_svg(chart)
    key = "framework-footprint-import_time"
    assert svg.startswith('<svg class="chart" xmlns="http://www.w3.org/2000/svg"')
    assert f'role="img" aria-labelledby="{key}-title {key}-desc"' in svg
    assert f'<title id="{key}-title">Import time</title>' in svg
    assert "PyTorch: 2.10 s median of 15 (inter-quartile range" in svg
    assert 'class="row series-pytorch"' in svg and 'class="row series-tensorflow"' in svg
    assert 'class="box"' in svg and 'class="median"' in svg and 'class="whisker"' in svg
    assert "style=" not in svg and "<script" not in svg


def test_value_bars_are_proportional_on_a_linear_axis() -> None:
    svg = chart_svg(by_key(audit_charts(measured_history()))["framework-footprint-import_rss"])
    widths = [float(w) for w in re.findall(r'<rect class="bar-fill" [^>]*width="([\d.]+)"', svg)]
    assert widths[1] / widths[0] == pytest.approx(706 / 412, rel=0.01)
    assert ">412 MB</text>" in svg and ">706 MB</text>" in svg


def test_svg_escapes_labels_titles_and_units() -> None:
    chart = Chart(
        HOSTILE, HOSTILE, "job", "m", "value", HOSTILE, "lower", (Panel("cpu", HOSTILE, {}, (Box(HOSTILE, 1.0, n=1),)),)
    )
    svg = chart_svg(chart)
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
    assert 'class="row series-other"' in svg  # an unknown side falls back to a known colour class


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


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (2.1, "s", "2.10 s"),
        (0.041, "s", "41.0 ms"),
        (3.1e-6, "s", "3.10 µs"),
        (1e-8, "s", "0.0100 µs"),
        (412.0, "MB", "412 MB"),
        (0.4, "", "0.400"),
    ],
)
def test_format_quantity(value: float, unit: str, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_the_synthetic_records_follow_the_jobs_observation_contract() -> None:
    contract = pytest.importorskip("evaluators.observations")  # the validator ships with the jobs' contract
    for job_id, observations, _, _ in MEASUREMENTS:
        assert not contract.validate_observations(observations or []), job_id

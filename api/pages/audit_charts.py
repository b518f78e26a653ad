"""What the ``/audit`` page charts: every job's observations, read generically, grouped by device.

Jobs report observations (``evaluators/observations`` in ``docs/evidence.md``): per metric, the raw figures
of each side. :func:`audit_charts` turns the current records into one :class:`Chart` per (job, metric):
per side a median with its inter-quartile box, whiskers at Tukey's fences (1.5 IQR) with the samples
beyond them kept as outliers, and one :class:`Panel` per device and host so CPU and GPU results sit side
by side. Checks become rows of a pass/fail grid (:func:`check_grid`); a side that could not run keeps its
reason. Drawing lives in :mod:`api.pages.audit_svg`.

Records are whatever a worker sent, so every figure is read defensively: a missing key, a string or a
non-finite number means "no figure", never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evaluators.findings import SIDE_FRAMEWORKS, side_name
from evaluators.verdicts import summarize

Record = Mapping[str, Any]
FENCE = 1.5
"""Whiskers reach the furthest sample within this many IQRs of the box; samples beyond are outliers."""
QUANTITIES = ("timing", "value", "score")


@dataclass(frozen=True, slots=True)
class Box:
    """One side of an observation: its median and spread, or why it was not measured."""

    side: str
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    low: float | None = None
    high: float | None = None
    outliers: tuple[float, ...] = ()
    n: int = 0
    unavailable: str = ""

    @property
    def label(self) -> str:
        return side_name(self.side)

    @property
    def series(self) -> str:
        """Colour class: the side's framework, else ``other``."""
        return SIDE_FRAMEWORKS.get(self.side, "other")

    @property
    def spread(self) -> bool:
        return self.q1 is not None and self.q3 is not None and self.n > 1


@dataclass(frozen=True, slots=True)
class Panel:
    """The sides of one observation as one record (one device on one host) measured them."""

    device: str
    host: str
    record: Record
    boxes: tuple[Box, ...]

    @property
    def title(self) -> str:
        return device_title(self.device, self.host, self.record)


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    job_id: str
    metric: str
    kind: str
    unit: str
    better: str
    panels: tuple[Panel, ...]

    @property
    def records(self) -> tuple[Record, ...]:
        return tuple(panel.record for panel in self.panels)

    @property
    def boxes(self) -> list[Box]:
        return [box for panel in self.panels for box in panel.boxes]

    @property
    def tells_sides_apart(self) -> bool:
        """Whether a picture shows anything: some panel holds two sides whose figures differ. Sides that all
        read the same (9 of 9 trials completed on both) are said in a sentence instead of drawn."""
        for panel in self.panels:
            figures = {(box.median, box.q1, box.q3) for box in panel.boxes if box.median is not None}
            if len(figures) > 1:
                return True
        return False


@dataclass(frozen=True, slots=True)
class CheckCell:
    panel: str
    record: Record
    side: str
    passed: bool | None
    """None: the side could not run here (``detail`` says why)."""
    detail: str


@dataclass(frozen=True, slots=True)
class CheckRow:
    job_id: str
    metric: str
    title: str
    cells: tuple[CheckCell, ...]


def number(value: Any) -> float | None:
    """``value`` as a finite float, or None (bools, strings and NaN are not figures)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def device_title(device: str, host: str, record: Record) -> str:
    """``CPU · ci-runner`` or ``CUDA:0 · gpu-box (NVIDIA H200)``: what a panel's figures ran on."""
    what = str(device or "?").upper() if device.startswith("cuda") or device == "cpu" else str(device or "?")
    accelerator = record.get("accelerator")
    extra = f" ({accelerator})" if device.startswith("cuda") and accelerator else ""
    return f"{what} · {host or 'unknown host'}{extra}"


def box_of(side: str, data: Any) -> Box:
    """A side's box: median, quartiles, Tukey whiskers and outliers of its samples, or its one value."""
    if not isinstance(data, Mapping):
        return Box(side, unavailable="no figures")
    if data.get("unavailable"):
        return Box(side, unavailable=str(data["unavailable"]))
    raw = data.get("samples_s") if data.get("samples_s") is not None else data.get("samples")
    samples = [v for v in (number(x) for x in raw) if v is not None] if isinstance(raw, list) else []
    if not samples:
        value = number(data.get("value"))
        return Box(side, value, n=1) if value is not None else Box(side, unavailable="no figures")
    stats = summarize(samples)
    fence = FENCE * stats.iqr
    inside = [v for v in samples if stats.q1 - fence <= v <= stats.q3 + fence]
    outliers = tuple(sorted(v for v in samples if v not in inside))
    return Box(side, stats.median, stats.q1, stats.q3, min(inside), max(inside), outliers, stats.n)


def _observations(record: Record) -> list[Mapping[str, Any]]:
    metrics = record.get("metrics")
    found = metrics.get("observations") if isinstance(metrics, Mapping) else None
    return [o for o in found if isinstance(o, Mapping) and o.get("metric")] if isinstance(found, list) else []


def _host(record: Record) -> str:
    return str(record.get("host") or "")


def current_records(records: Iterable[Record]) -> list[Record]:
    """Distinct, non-stale records, newest first (a record about several claims appears once)."""
    seen: dict[str, Record] = {}
    for item in records:
        if not item.get("stale") and str(item.get("record_id")) not in seen:
            seen[str(item.get("record_id"))] = item
    return sorted(seen.values(), key=lambda r: str(r.get("started_at") or ""), reverse=True)


def newest_per_machine(records: Iterable[Record]) -> list[Record]:
    """Per (job, device, host) the newest current record that observed anything, in job then device order."""
    chosen: dict[tuple[str, str, str], Record] = {}
    for record in current_records(records):
        key = (str(record.get("job_id") or ""), str(record.get("device") or ""), _host(record))
        if key not in chosen and _observations(record):  # a failed run has none: nothing to draw
            chosen[key] = record
    return [chosen[key] for key in sorted(chosen, key=lambda k: (k[0], not k[1].startswith("cpu"), k[1], k[2]))]


def audit_charts(records: Iterable[Record]) -> list[Chart]:
    """One chart per (job, quantity metric), its panels one per device and host: timings, values, then scores."""
    charts: dict[tuple[str, str], list[tuple[Mapping[str, Any], Panel]]] = {}
    for record in newest_per_machine(records):
        for observation in _observations(record):
            if observation.get("kind") not in QUANTITIES or not isinstance(observation.get("sides"), Mapping):
                continue
            sides: Mapping[str, Any] = observation["sides"]
            device = str(observation.get("device") or record.get("device") or "")
            panel = Panel(device, _host(record), record, tuple(box_of(str(s), d) for s, d in sides.items()))
            key = (str(record.get("job_id")), str(observation["metric"]))
            charts.setdefault(key, []).append((observation, panel))
    made = [_chart(job_id, metric, found) for (job_id, metric), found in charts.items()]
    return sorted(made, key=lambda chart: QUANTITIES.index(chart.kind))  # timings first, then values, scores


def _chart(job_id: str, metric: str, found: Sequence[tuple[Mapping[str, Any], Panel]]) -> Chart:
    observation = found[0][0]
    return Chart(
        key=f"{job_id}-{metric}",
        title=str(observation.get("label") or metric),
        job_id=job_id,
        metric=metric,
        kind=str(observation.get("kind")),
        unit=str(observation.get("unit") or ""),
        better=str(observation.get("better") or "lower"),
        panels=tuple(panel for _, panel in found),
    )


def check_grid(records: Iterable[Record]) -> list[CheckRow]:
    """Every check observation as a row: per device and host, per side, passed, failed or not run."""
    rows: dict[tuple[str, str], tuple[str, list[CheckCell]]] = {}
    for record in newest_per_machine(records):
        for observation in _observations(record):
            if observation.get("kind") != "check" or not isinstance(observation.get("sides"), Mapping):
                continue
            device = str(observation.get("device") or record.get("device") or "")
            panel = device_title(device, _host(record), record)
            key = (str(record.get("job_id")), str(observation["metric"]))
            cells = rows.setdefault(key, (str(observation.get("label") or observation["metric"]), []))[1]
            cells.extend(_cell(panel, record, str(side), data) for side, data in observation["sides"].items())
    return [CheckRow(job, metric, title, tuple(cells)) for (job, metric), (title, cells) in rows.items()]


def _cell(panel: str, record: Record, side: str, data: Any) -> CheckCell:
    if not isinstance(data, Mapping) or data.get("unavailable"):
        why = str(data.get("unavailable")) if isinstance(data, Mapping) else "no result"
        return CheckCell(panel, record, side, None, why)
    return CheckCell(panel, record, side, bool(data.get("passed")), str(data.get("detail") or ""))


def measured_jobs(records: Iterable[Record]) -> set[str]:
    return {str(record.get("job_id")) for record in newest_per_machine(records)}

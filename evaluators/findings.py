"""Findings: what a job measured, as plain sentences with the figures, for answers and audits.

One finding per observation, independent of any claim: "On this machine (CPU, 2 cores) a CNN train step
took 41 ms in PyTorch and 55 ms in TensorFlow: PyTorch 1.3x faster." Each carries the metric, the side it
favours (``None`` when the sides are within noise or the observation is a plain check), the device and
the record id, so an answer can cite the measurement it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evaluators.judging import compare_sides, median_of
from evaluators.verdicts import MIN_RATIO, PARITY_RATIO

SIDE_NAMES: dict[str, str] = {
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    "tf-eager": "TF eager",
    "tf.function": "tf.function",
    "torch.compile": "torch.compile",
    "torch-eager": "PyTorch eager",
}
SIDE_FRAMEWORKS: dict[str, str] = {
    "pytorch": "pytorch",
    "torch.compile": "pytorch",
    "torch-eager": "pytorch",
    "tensorflow": "tensorflow",
    "tf-eager": "tensorflow",
    "tf.function": "tensorflow",
}
"""The framework each side label belongs to (answers weigh findings per framework)."""


def side_name(label: str) -> str:
    return SIDE_NAMES.get(label, label)


def machine_phrase(device: str, environment: Mapping[str, Any]) -> str:
    """'On this machine (CPU, 2 cores)' or '(CUDA: NVIDIA H200)': the device and what it is."""
    if device.startswith("cuda"):
        names = [str(a.get("name")) for a in environment.get("accelerators") or [] if a.get("name")]
        what = f"CUDA: {names[0]}" if names else "CUDA GPU"
    else:
        cores = environment.get("cpu_quota") or environment.get("cores")
        what = f"CPU, {cores:g} cores" if isinstance(cores, int | float) else "CPU"
    return f"On {environment.get('host') or 'this machine'} ({what})"


def _quantity(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"
    if unit in ("MB", "MiB"):
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}".strip()


def finding(
    job_id: str, observation: Mapping[str, Any], device: str, environment: Mapping[str, Any], record_id: str
) -> dict[str, Any]:
    """One observation as a finding dict: ``text``, ``metric``, ``favors``, ``figures``, ``device``, ``record_id``."""
    sides: Mapping[str, Mapping[str, Any]] = observation.get("sides") or {}
    device = str(observation.get("device") or device)
    label = str(observation.get("label") or observation.get("metric"))
    missing = {name: str(side["unavailable"]) for name, side in sides.items() if side.get("unavailable")}
    present = {name: side for name, side in sides.items() if name not in missing}
    if observation.get("kind") == "check":
        text, favors, figures = _check_text(label, present)
    else:
        text, favors, figures = _quantity_text(label, observation, present)
    if missing:
        text += "; not measured here for " + ", ".join(f"{side_name(n)} ({why})" for n, why in missing.items())
    return {
        "job_id": job_id,
        "metric": observation.get("metric"),
        "text": f"{machine_phrase(device, environment)} {text}.",
        "favors": favors,
        "framework": SIDE_FRAMEWORKS.get(favors or ""),
        "figures": figures,
        "unit": observation.get("unit"),
        "device": device,
        "record_id": record_id,
    }


def findings_for(
    job_id: str,
    observations: Sequence[Mapping[str, Any]],
    device: str,
    environment: Mapping[str, Any],
    record_id: str,
) -> list[dict[str, Any]]:
    return [finding(job_id, observation, device, environment, record_id) for observation in observations]


def _check_text(label: str, sides: Mapping[str, Mapping[str, Any]]) -> tuple[str, str | None, dict[str, Any]]:
    works = [side_name(n) for n, s in sides.items() if s.get("passed")]
    fails = [side_name(n) for n, s in sides.items() if not s.get("passed")]
    parts = ([f"works in {', '.join(works)}"] if works else []) + ([f"fails in {', '.join(fails)}"] if fails else [])
    figures = {name: bool(side.get("passed")) for name, side in sides.items()}
    favors = next(iter(n for n, s in sides.items() if s.get("passed"))) if len(works) == 1 and fails else None
    return f"{label}: {'; '.join(parts) or 'no side ran'}", favors, figures


def _quantity_text(
    label: str, observation: Mapping[str, Any], sides: Mapping[str, Mapping[str, Any]]
) -> tuple[str, str | None, dict[str, Any]]:
    unit = str(observation.get("unit") or "")
    figures = {name: median_of(side) for name, side in sides.items()}
    shown = [(name, value) for name, value in figures.items() if value is not None]
    if not shown:
        return f"{label}: no figures", None, figures
    verb = "took" if observation.get("kind") == "timing" else "was"
    listed = " and ".join(f"{_quantity(value, unit)} in {side_name(name)}" for name, value in shown)
    if len(shown) != 2:
        return f"{label} {verb} {listed}", None, figures
    favors, how = _winner(observation, sides, shown)
    return f"{label} {verb} {listed}: {how}", favors, figures


def _winner(
    observation: Mapping[str, Any], sides: Mapping[str, Mapping[str, Any]], shown: list[tuple[str, float]]
) -> tuple[str | None, str]:
    """The better side beyond noise (by the same thresholds as verdicts) and how it reads."""
    lower_better = observation.get("better", "lower") == "lower"
    (first, a), (second, b) = shown
    if a <= 0 or b <= 0:
        return None, "not comparable"
    ratio = b / a if lower_better else a / b
    best, factor = (first, ratio) if ratio >= 1 else (second, 1 / ratio)
    adjective = {"timing": "faster"}.get(str(observation.get("kind")), "smaller" if lower_better else "higher")
    noisy = observation.get("kind") == "timing" or any(len(sides[n].get("samples") or []) > 1 for n in (first, second))
    if noisy:
        decided = _beyond_noise(sides[first], sides[second], lower_better)
        if not decided:
            return None, f"within noise ({factor:.2f}x)"
    elif factor < MIN_RATIO:
        return None, "about equal" if factor <= PARITY_RATIO else f"{factor:.2f}x, below the {MIN_RATIO}x threshold"
    return best, f"{side_name(best)} {factor:.1f}x {adjective}"


def _beyond_noise(a: Mapping[str, Any], b: Mapping[str, Any], lower_better: bool) -> bool:
    return compare_sides(a, b, lower_better).verdict in ("supported", "contradicted")

"""Plain-language summaries of observations for rationales and key figures (no verdict words)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any


def median_ms(side: dict[str, Any]) -> str:
    return f"{statistics.median(side['samples_s']) * 1000:.3g} ms"


def describe_timing(observation: dict[str, Any]) -> str:
    """``"<label>: pytorch 12.3 ms, tensorflow 45.6 ms (medians of 21)"``; unavailable sides say so."""
    parts = []
    counts = set()
    for name, side in observation["sides"].items():
        if "unavailable" in side:
            parts.append(f"{name} unavailable ({side['unavailable']})")
        else:
            parts.append(f"{name} {median_ms(side)}")
            counts.add(len(side["samples_s"]))
    sample_note = f" (medians of {'/'.join(str(c) for c in sorted(counts))})" if counts else ""
    return f"{observation['label']}: {', '.join(parts)}{sample_note}"


def describe_timings(observations: Iterable[dict[str, Any]]) -> str:
    return "; ".join(describe_timing(o) for o in observations)


def describe_check(observation: dict[str, Any]) -> str:
    """``"<label>: pytorch passed, tf.function failed"`` (unavailable sides say so)."""
    parts = []
    for name, side in observation["sides"].items():
        state = "unavailable" if "unavailable" in side else ("passed" if side["passed"] else "failed")
        parts.append(f"{name} {state}")
    return f"{observation['label']}: {', '.join(parts)}"

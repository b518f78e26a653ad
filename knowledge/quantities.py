"""Figures a sentence or a table cell gives: a size or a duration, in comparable units.

"PyTorch: 666 MB; TensorFlow: 1,212 MB" and "torch imported in 1.3 s, TensorFlow in 3.9 s" compare two
frameworks without a comparative word: the figures do it. :func:`first_quantity` reads the first size
(bytes) or duration (seconds) in a piece of text, and :func:`compare` says which of two is smaller, so
that :mod:`knowledge.reading` can read such a comparison and the claim extractor can keep a comparison
table's row whole. Rates (items per second) and ratios are not read: which way is better differs
between them and the times the jobs measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIZE, DURATION = "size", "duration"

_UNITS: dict[str, tuple[str, float]] = {
    "b": (SIZE, 1.0),
    "bytes": (SIZE, 1.0),
    "kb": (SIZE, 1e3),
    "kib": (SIZE, 1024.0),
    "mb": (SIZE, 1e6),
    "mib": (SIZE, 1024.0**2),
    "gb": (SIZE, 1e9),
    "gib": (SIZE, 1024.0**3),
    "tb": (SIZE, 1e12),
    "µs": (DURATION, 1e-6),
    "us": (DURATION, 1e-6),
    "ms": (DURATION, 1e-3),
    "msec": (DURATION, 1e-3),
    "milliseconds": (DURATION, 1e-3),
    "millisecond": (DURATION, 1e-3),
    "s": (DURATION, 1.0),
    "sec": (DURATION, 1.0),
    "secs": (DURATION, 1.0),
    "second": (DURATION, 1.0),
    "seconds": (DURATION, 1.0),
    "min": (DURATION, 60.0),
    "mins": (DURATION, 60.0),
    "minute": (DURATION, 60.0),
    "minutes": (DURATION, 60.0),
}
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    rf"(?P<unit>{'|'.join(sorted(map(re.escape, _UNITS), key=len, reverse=True))})"
    r"(?![\w])(?!\s*(?:/|per)\s*(?:s|sec|secs|seconds?|ms|min|minutes?|h|hours?)\b)",
    re.IGNORECASE,
)
"""A number and its unit; not a rate ("3 MB/s", "120 MB per second"); a time per step ("38 ms/step") is a time."""
PARITY_TOLERANCE = 0.05
"""Figures within this share of each other are the same ("about 1.2 GB" against "1.25 GB" is a tie)."""


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    """In the dimension's base unit: bytes or seconds."""
    dimension: str
    start: int
    end: int


def quantities(text: str) -> list[Quantity]:
    """Every size and duration in ``text``, in order."""
    found = []
    for match in _QUANTITY.finditer(text):
        dimension, scale = _UNITS[match.group("unit").lower()]
        number = float(match.group("number").replace(",", ""))
        found.append(Quantity(number * scale, dimension, match.start(), match.end()))
    return found


def dimension_of(unit: str) -> str:
    """The dimension of a unit as jobs declare it ("s", "MB"); '' for a unit that is no size or duration."""
    known = _UNITS.get(unit.strip().lower())
    return known[0] if known else ""


def first_quantity(text: str) -> Quantity | None:
    found = quantities(text)
    return found[0] if found else None


def compare(first: Quantity, second: Quantity) -> int | None:
    """-1 when ``first`` is the smaller, 1 when the larger, 0 within :data:`PARITY_TOLERANCE`; None when the two
    are not of one dimension (a size against a time)."""
    if first.dimension != second.dimension:
        return None
    largest = max(first.value, second.value)
    if largest == 0 or abs(first.value - second.value) <= PARITY_TOLERANCE * largest:
        return 0
    return -1 if first.value < second.value else 1

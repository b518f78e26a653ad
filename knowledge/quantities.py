"""Figures a sentence or a table cell gives: a size or a duration, in comparable units.

"PyTorch: 666 MB; TensorFlow: 1,212 MB" and "torch imported in 1.3 s, TensorFlow in 3.9 s" compare two
frameworks without a comparative word: the figures do it. :func:`first_quantity` reads the first size
(bytes) or duration (seconds) in a piece of text, and :func:`compare` says which of two is smaller, so
that :mod:`knowledge.reading` can read such a comparison and the claim extractor can keep a comparison
table's row whole. Rates (items per second) and ratios are not read: which way is better differs
between them and the times the jobs measure.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from knowledge import frameworks

SIZE, DURATION = "size", "duration"

_UNITS: dict[str, tuple[str, float]] = {
    "b": (SIZE, 1.0),
    "meg": (SIZE, 1e6),
    "megs": (SIZE, 1e6),
    "megabyte": (SIZE, 1e6),
    "megabytes": (SIZE, 1e6),
    "gig": (SIZE, 1e9),
    "gigs": (SIZE, 1e9),
    "gigabyte": (SIZE, 1e9),
    "gigabytes": (SIZE, 1e9),
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
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {word: float(i) for i, word in enumerate(_ONES)} | {word: 20.0 + 10 * i for i, word in enumerate(_TENS)}
_SMALL = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_ONES[1:10])}))?|{'|'.join(_ONES)})"
_SPOKEN = (
    rf"half an?|(?:an?\s+(?=hundred|thousand)|{_SMALL}\s+)?(?:hundred|thousand)"
    rf"(?:[\s-]+(?:and\s+)?(?:{_SMALL}|hundred|thousand))*"
    rf"(?:\s+point(?:\s+(?:{'|'.join(_ONES[:10])}))+|\s+and\s+a\s+half)?"
    rf"|{_SMALL}(?:\s+point(?:\s+(?:{'|'.join(_ONES[:10])}))+|\s+and\s+a\s+half)?"
)
"""A number spoken as words, as transcripts write it: "four and a half", "one point five", "four hundred and sixty",
"sixty-four", "half a" (gigabyte)."""
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
"""A number written in digits, with thousands separators or without ("1,212", "1212", "3.9"): the one pattern every
reader of figures builds on, so none of them reads "1,212" as two numbers."""
_NUMBER = rf"(?P<number>{DIGITS}|\b(?:{_SPOKEN})\b)"
_UNIT_NAMES = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s?"
    rf"(?P<unit>{_UNIT_NAMES})"
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
    scale: float = 1.0
    """What one of the unit it was given in is, in the base unit (1e6 for MB)."""


def quantities(text: str, unit: str = "") -> list[Quantity]:
    """Every size and duration in ``text``, in order. ``unit`` (one :func:`declared_unit` found) is that of a
    bare number that opens the text or follows a colon: "Import time (s) — PyTorch 2.6: 1.7; TensorFlow
    2.19: 3.9" (a version number after a name is no figure)."""
    found = []
    for match in _QUANTITY.finditer(text):
        dimension, scale = _UNITS[match.group("unit").lower()]
        number = number_value(match.group("number"))
        found.append(Quantity(number * scale, dimension, match.start(), match.end(), scale))
    if unit and unit.lower() in _UNITS:
        dimension, scale = _UNITS[unit.lower()]
        taken = [range(q.start, q.end) for q in found]
        for match in _BARE_NUMBER.finditer(text):
            if not any(match.start("number") in span for span in taken):
                number = number_value(match.group("number"))
                found.append(Quantity(number * scale, dimension, match.start("number"), match.end("number"), scale))
        found.sort(key=lambda q: q.start)
    return found


_ONE_UNIT = re.compile(rf"(?<![\w.,])an?\s+(?P<unit>{_UNIT_NAMES})(?![\w])", re.IGNORECASE)


def unit_scale(unit: str) -> tuple[str, float] | None:
    """A unit's dimension and what one of it is in the base unit ("MB": size, 1e6); None for an unknown unit."""
    return _UNITS.get(unit.lower())


def quantities_or_one(text: str) -> list[Quantity]:
    """:func:`quantities`, and "a gigabyte", "a second" as one of their unit (a question's "tops a gigabyte")."""
    found = quantities(text)
    taken = [range(q.start, q.end) for q in found]
    for match in _ONE_UNIT.finditer(text):
        if not any(match.start() in span for span in taken):
            dimension, scale = _UNITS[match.group("unit").lower()]
            found.append(Quantity(scale, dimension, match.start(), match.end(), scale))
    return sorted(found, key=lambda q: q.start)


_ANY_NUMBER = re.compile(rf"(?<![\w.,/]){_NUMBER}(?![\w]|[.,]\d)", re.IGNORECASE)


def numbers_in(text: str) -> list[tuple[int, int, float]]:
    """Every number in ``text``, in digits or words ("4.6", "four and a half", "five"), with where it is."""
    return [(m.start(), m.end(), number_value(m.group("number"))) for m in _ANY_NUMBER.finditer(text)]


def number_value(number: str) -> float:
    """The value of a number as :data:`_NUMBER` matches it: digits ("1,212", "3.9") or words ("four and a half")."""
    digits = number.replace(",", "")
    if digits[:1].isdigit():
        return float(digits)
    total, current, decimals = 0.0, 0.0, ""
    words = re.split(r"[\s-]+", number.lower())
    if words[0] == "half":
        return 0.5
    if words[0] in ("a", "an"):
        words[0] = "one"
    for index, word in enumerate(words):
        if decimals:
            decimals += str(int(_WORD_VALUES[word]))
        elif word == "point":
            decimals = "."
        elif word == "hundred":
            current *= 100
        elif word == "thousand":
            total, current = total + current * 1000, 0.0
        elif word == "half" and index:
            current += 0.5
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
    value = total + current
    return value + float(decimals) if len(decimals) > 1 else value


def declared_unit(text: str) -> str:
    """The unit a label declares for the bare numbers it heads ("Import time (s)", "Install size, MB"); ''."""
    match = _DECLARED_UNIT.search(text)
    return match.group("unit") if match else ""


_BARE_NUMBER = re.compile(rf"(?:^|:)\s*{_NUMBER}(?![\w.,%×/]|\s*(?:x|×|%|/|per)\b)")
_LEFT_OUT = re.compile(
    rf"(?<![\w.,]){_NUMBER}(?=\s*(?:$|[,;)!?]|\.(?!\d)|(?:for|on|in|with|and|but|while|against|vs\.?|versus|to)\b))",
    re.IGNORECASE,
)
"""A number that ends its phrase ("thirteen for TF", "1.9."): one followed by a noun counts something else."""
_NOT_A_FIGURE = re.compile(
    r"(?:\b(?:batch(?:\s+size)?(?:\s+of)?|size|epochs?|layers?|trials?|runs?|release|version|v|python|cuda|steps?|top"
    r"|rank|since|no\.?|point|hundred|thousand)|#)\s*$",
    re.IGNORECASE,
)
_DECLARED_UNIT = re.compile(rf"(?:\(|,\s*|\bin\s+)(?P<unit>{_UNIT_NAMES})(?:\)|,|\s*(?:—|:|$))", re.IGNORECASE)


RATE = re.compile(
    r"\bper\s+(?:second|sec|minute|min|hour)\b|\w/\s*(?:s|sec|min|h)\b|\bthroughput\b|\b(?:an?|each|every)\s+second\b",
    re.IGNORECASE,
)
"""Words that make bare figures a rate ("requests per second", "images/s", "GB/s", "throughput"): the higher figure is
the quicker side, read as the shorter time."""
_PLAIN_FIGURE = re.compile(rf"(?<![\w.,])(?:{DIGITS})(?![\w%×]|[.,]\d)")


def rate_figure(text: str) -> float | None:
    """The figure a side is given in ``text`` (a rate's side: "PyTorch: 1,420; ", "PyTorch 2.5 handles 88 while "),
    as a number: the first bare number after the last colon, or else the first that does not follow a framework's
    name (its release); None where it gives none."""
    given = text.rsplit(":", 1)[-1] if ":" in text else text
    for match in _PLAIN_FIGURE.finditer(given):
        words = given[: match.start()].split()
        if not (words and frameworks.mentions(words[-1]) and not words[-1].endswith(("'s", "’s"))):
            return number_value(match.group(0))
    return None


def dimension_of(unit: str) -> str:
    """The dimension of a unit as jobs declare it ("s", "MB"); '' for a unit that is no size or duration."""
    known = _UNITS.get(unit.strip().lower())
    return known[0] if known else ""


def unit_left_out(text: str, like: Quantity, begin: int = 0, end: int | None = None) -> Quantity | None:
    """The first bare number in ``text[begin:end]`` read in the unit of ``like``, the figure it answers: "eleven
    milliseconds for torch and thirteen for TF", "4.5 seconds, while torch is done in about 1.5". Not a number with
    a unit, a share or a ratio of its own, and not a version, batch size or count ("TensorFlow 2.19", "batch 64")."""
    stop = len(text) if end is None else end
    for match in _LEFT_OUT.finditer(text, begin, stop):
        before = text[max(0, match.start() - 24) : match.start()]
        last_word = before.split()[-1] if before.split() else ""
        year = re.fullmatch(r"(?:19|20)\d\d", match.group("number")) is not None
        version = bool(frameworks.mentions(last_word)) and not last_word.endswith(("'s", "’s"))  # "TensorFlow 2.19"
        if not year and not _NOT_A_FIGURE.search(before) and not version:
            value = number_value(match.group("number"))
            return Quantity(value * like.scale, like.dimension, match.start(), match.end(), like.scale)
    return None


def first_plain_number(
    text: str, begin: int = 0, end: int | None = None, whole: bool = False, unit: str = ""
) -> float | None:
    """The first number in ``text[begin:end]`` that is a figure of no size or time, a count or a score: one that ends
    its phrase ("Optuna 0.231,", "Keras Tuner 44."), is followed by ``unit`` ("30 trials") or counts out of a total
    ("31 of 40"). Not a number followed by another noun ("2 hours", "4 GPUs", "3 failed trials"), a size, time, share
    or ratio, a version after a name ("TensorFlow 2.19", "Optuna 3.6"), a clock time, a part of a date, a year, a
    batch size or the word "one"; ``whole``: a count, so only a number written without a decimal point."""
    stop = len(text) if end is None else end
    after = _figure_end(unit)
    for match in _PLAIN.finditer(text, begin, stop):
        number = match.group("number")
        before = text[max(begin, match.start() - 24) : match.start()]
        words = before.split()
        last = words[-1] if words else ""
        named = bool(last) and not last.endswith((":", "="))  # right after a name, not after its label's colon
        if (
            _NOT_A_FIGURE.search(before)
            or re.fullmatch(r"(?:19|20)\d\d", number)
            or number.lower() == "one"
            or (named and frameworks.mentions(last))  # "TensorFlow 2"
            or (named and last[:1].isupper() and before.endswith(" ") and _VERSION.fullmatch(number))  # "Optuna 3.6"
            or (whole and "." in number)
            or _CLOCK_OR_DATE.search(text, max(0, match.start() - 1), min(len(text), match.end() + 2)) is not None
            or not after.match(text, match.end())
        ):
            continue
        return number_value(number)
    return None


@functools.lru_cache(maxsize=32)
def _figure_end(unit: str) -> re.Pattern[str]:
    """What may follow a plain figure of a metric in ``unit``: :data:`_PHRASE_END`, or the unit ("30 trials")."""
    units = rf"|(?:{re.escape(unit)}|{re.escape(unit.rstrip('s'))})\b" if unit else ""
    return re.compile(rf"{_PHRASE_END}{units})", re.IGNORECASE)


_PLAIN = re.compile(
    rf"(?<![\w.,]){_NUMBER}(?![\w.,]*\d)(?!\s?(?:{_UNIT_NAMES}|%|x|×|/|per|times)(?![\w]))", re.IGNORECASE
)
_VERSION = re.compile(r"[1-9]\d*\.\d+")
"""A number shaped like a release ("2.19", "3.6"): right after a name ("Optuna 3.6"; not "Optuna: 3.6"), its version."""
_PHRASE_END = r"\s*(?:$|[,;)!?]|\.(?!\d)|\bof\s+(?:\d|(?:its|the|their|them|our|my)\b)"
"""What may follow a plain figure: the end of its phrase, or "of" and a total ("31 of 40", "all sixty of its")."""
_CLOCK_OR_DATE = re.compile(r"\d[:\-/]\d|[:\-/]\d")
"""A number in a clock time or a date ("1:47", "2024-05-01")."""


def first_quantity(text: str, unit: str = "") -> Quantity | None:
    found = quantities(text, unit)
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

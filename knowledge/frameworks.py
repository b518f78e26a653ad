"""The one vocabulary module: framework names, their tools, and version numbers, as exact rules.

Articles and questions name the same framework many ways ("Pytorch", "torch", "TorchScript", "TFLite",
"Keras"). Every alias maps to one canonical name, so claims, questions and filters agree on it. Regular
expressions belong here and only here, and only for what is exact: a name, a tool, a version. What a
question *means* (its form, the property it asks about, whether the article covers it) is learned from
labelled questions (``assistant.question_model``), never read off a word list.
``tests/knowledge/test_vocabulary.py`` fails when another module defines a framework-name pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PYTORCH = "pytorch"
TENSORFLOW = "tensorflow"
RIVALS: tuple[str, str] = (PYTORCH, TENSORFLOW)
PASSING: tuple[str, ...] = ("jax", "mxnet")
"""Frameworks the article mentions only in passing."""

DISPLAY_NAMES: dict[str, str] = {
    PYTORCH: "PyTorch",
    TENSORFLOW: "TensorFlow",
    "jax": "JAX",
    "mxnet": "MXNet",
    "keras": "Keras",
}


@dataclass(frozen=True, slots=True)
class Alias:
    pattern: str
    canonical: str
    tool: bool = False
    """True for a tool of a framework (TorchScript, Keras Tuner), not the framework's own name."""


# Order matters only for readability; all patterns are matched independently.
ALIASES: tuple[Alias, ...] = (
    Alias(r"py-?torch", PYTORCH),
    Alias(r"(?-i:PT)", PYTORCH),
    Alias(r"torch(?:script)?", PYTORCH, tool=True),
    Alias(r"libtorch", PYTORCH, tool=True),
    Alias(r"meta/facebook|facebook(?:['’]s)?(?: ai research)?", PYTORCH, tool=True),
    Alias(r"tensor-?flow(?:\.js| serving| lite| core| 2(?:\.x)?| automl)?", TENSORFLOW),
    Alias(r"tf(?:lite|x|\.js|\.function)?|litert", TENSORFLOW, tool=True),
    Alias(r"keras(?: tuner)?", TENSORFLOW, tool=True),
    Alias(r"jax", "jax"),
    Alias(r"mxnet", "mxnet"),
)

_ALIAS_RES: tuple[tuple[re.Pattern[str], Alias], ...] = tuple(
    (re.compile(rf"(?<![\w.]){a.pattern}(?![\w])", re.IGNORECASE), a) for a in ALIASES
)

_RIVAL_NAME = r"(py-?torch|tensor-?flow(?:\s*2(?:\.x)?)?|keras|torch|tf)"
FRAMEWORK_NAME = re.compile(rf"(?<![\w.]){_RIVAL_NAME}(?=['’]s\b|(?![\w]))", re.IGNORECASE)
"""A name of PyTorch or TensorFlow as a question writes it, without a following possessive "'s": what a
follow-up's framework swap replaces ("PyTorch's" -> "TensorFlow's")."""
_NAME_AND_POSSESSIVE = re.compile(rf"(?<![\w.]){_RIVAL_NAME}(?:['’]s)?(?![\w])", re.IGNORECASE)
CLAIM_NAME = re.compile(r"(?<![\w.])(py-?torch|tensor-?flow|torch|keras|tf|(?-i:PT))(?:['’]s)?(?![\w.])", re.IGNORECASE)
"""A name of PyTorch or TensorFlow as the claim linker's property model masks it; unlike the question side's
pattern a name right before a "." stays (the fitted model was trained with this masking)."""

NAMES_WITH_MODE: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?<![\w.]){pattern}(?![\w])", re.IGNORECASE), framework, mode)
    for pattern, framework, mode in (
        (r"torch\.compile", PYTORCH, "compiled"),
        (r"tf\.function|autograph", TENSORFLOW, "compiled"),
        (r"py-?torch(?:['’]s)?|torch(?:script)?|libtorch|(?-i:PT)(?:['’]s)?", PYTORCH, ""),
        (r"tensor-?flow(?:\.js|['’]s)?|tf(?:lite|\.js)?|litert|keras", TENSORFLOW, ""),
    )
)
"""(name, framework, mode) for reading a claim's sides: the two compilers name their mode too ("compiled");
a framework's own names and its runtimes name none. What ``knowledge.reading`` matches sentences with."""

TOOLS: tuple[str, ...] = (
    "TorchScript",
    "ONNX",
    "TensorFlow Serving",
    "TensorFlow Lite",
    "TensorFlow.js",
    "Keras Tuner",
    "TFX",
)
"""Tools one uses to do something (what a how-to answer points to)."""
KEY_TERMS: tuple[str, ...] = (
    *TOOLS[:6],
    "Keras",
    "TFX",
    "AutoML",
    "NumPy",
    "pdb",
    "C++",
    "Google Cloud",
    "eager",
    "JAX",
    "MXNet",
)
"""Named things a claim can state (tools, libraries, languages): a claim naming one says more."""
_KEY_TERM_RES = tuple((t, re.compile(rf"(?<!\w){re.escape(t)}(?!\w)", re.IGNORECASE)) for t in KEY_TERMS)

NAMED_TOPICS: dict[str, str] = {
    "Keras Tuner": "automl",
    "TensorFlow Lite": "deployment",
    "TensorFlow.js": "deployment",
    "TorchScript": "deployment",
    "JAX": "alternatives",
    "MXNet": "alternatives",
    "TFX": "integration",
}
"""The article topic a named tool or framework belongs to (a sentence naming TFLite is about deployment)."""
ASKED_TOPICS: dict[str, str] = {**NAMED_TOPICS, "Keras": "integration"}
"""The same for a question, where naming Keras asks how it relates to TensorFlow (a claim naming Keras is
about whatever it says of it)."""

RIVAL_ITSELF = re.compile(
    r"(?<![\w.])(py-?torch|tensor-?flow|torch|tf)(?!\w|\.\w)(?!\s+(?:lite|serving|core|automl)\b)",
    re.IGNORECASE,
)
"""A name of PyTorch or TensorFlow itself (not TF.js, torch.compile or TensorFlow Lite), possessive or not: what
the question model's training copies respell."""
TENSORFLOW_JS = re.compile(r"(?:tensorflow|tf)\.js", re.IGNORECASE)
"""TensorFlow.js, which a word tokenizer would split into "tensorflow" and "js"."""

VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.(?:\d+|x))+(?![\w.])|(?<![\w.])\d+\.x\b", re.IGNORECASE)
"""A version number ("2.13", "v1.4.7", "2.x")."""

_BRANDS = ((re.compile(r"\bpytorch\b", re.IGNORECASE), "PyTorch"), (re.compile(r"\btensorflow\b"), "TensorFlow"))


def mentions(text: str, *, tools: bool = True) -> tuple[str, ...]:
    """Canonical frameworks named in ``text``, in order of first appearance.

    With ``tools=False`` only a framework's own name counts, so "TorchScript" alone does not make a
    sentence "about PyTorch" when deciding what a question is about.
    """
    found: list[tuple[int, str]] = []
    for regex, alias in _ALIAS_RES:
        if alias.tool and not tools:
            continue
        match = regex.search(text)
        if match:
            found.append((match.start(), alias.canonical))
    ordered: list[str] = []
    for _, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return tuple(ordered)


def names_a_tool(text: str) -> bool:
    """True when ``text`` names a framework's tool (TorchScript, TFLite, Keras Tuner), not only a framework."""
    return any(alias.tool and regex.search(text) for regex, alias in _ALIAS_RES) or bool(key_terms(text))


def rivals_in(text: str, *, tools: bool = True) -> tuple[str, ...]:
    """Only PyTorch and TensorFlow among the mentions: the two the product compares."""
    return tuple(name for name in mentions(text, tools=tools) if name in RIVALS)


def mask(text: str) -> str:
    """``text`` with the names of PyTorch and TensorFlow removed (for checks that must not key on a name)."""
    return " ".join(_NAME_AND_POSSESSIVE.sub(" ", text).split())


_PASSING_NAME = re.compile(rf"(?<![\w.])(?:{'|'.join(PASSING)})(?:['’]s)?(?![\w])", re.IGNORECASE)


def replace_rival_names(text: str, replacement: str) -> str:
    """``text`` with each name of PyTorch or TensorFlow (and a possessive) replaced by ``replacement`` (to
    embed a sentence for what it says rather than whom it names)."""
    return _NAME_AND_POSSESSIVE.sub(replacement, text)


def mark_names(text: str, rival: str, passing: str) -> str:
    """``text`` with each name of PyTorch or TensorFlow replaced by ``rival`` and of a passing framework by
    ``passing`` (so a learned model reads "PyTorch" and "TensorFlow" alike)."""
    return _PASSING_NAME.sub(f" {passing} ", _NAME_AND_POSSESSIVE.sub(f" {rival} ", text))


def name_pattern(framework: str) -> str:
    """A regex source for ``framework``'s own name with an optional possessive, to embed in a larger rule."""
    return rf"{re.escape(framework)}(?:['’]s)?"


def term_pattern(term: str) -> str:
    """A regex source for one of ``KEY_TERMS`` (a tool's name), to embed in a larger rule."""
    if term not in KEY_TERMS:
        raise ValueError(f"{term!r} is not a key term of the vocabulary")
    return rf"(?<!\w){re.escape(term)}(?!\w)"


def key_terms(text: str) -> tuple[str, ...]:
    return tuple(term for term, regex in _KEY_TERM_RES if regex.search(text))


def named_topics(text: str, topics: Mapping[str, str] = NAMED_TOPICS) -> dict[str, int]:
    """How often ``text`` names a tool or framework of each topic in ``topics`` (a key term -> topic map)."""
    counts: dict[str, int] = {}
    for term, regex in _KEY_TERM_RES:
        topic = topics.get(term)
        if topic and (found := len(regex.findall(text))):
            counts[topic] = counts.get(topic, 0) + found
    return counts


def versions_in(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in VERSION.finditer(text))


def other(framework: str) -> str:
    return TENSORFLOW if framework == PYTORCH else PYTORCH


def display(framework: str) -> str:
    return DISPLAY_NAMES.get(framework, framework)


def normalise_brand(text: str) -> str:
    """Spell framework names the way their projects do ("Pytorch" -> "PyTorch")."""
    for regex, brand in _BRANDS:
        text = regex.sub(brand, text)
    return text

"""Framework names and their aliases.

Articles name the same framework many ways ("Pytorch", "torch", "TorchScript", "TFLite", "Keras").
Every alias maps to one canonical name, so claims, questions and filters agree on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PYTORCH = "pytorch"
TENSORFLOW = "tensorflow"
RIVALS: tuple[str, str] = (PYTORCH, TENSORFLOW)

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


def rivals_in(text: str, *, tools: bool = True) -> tuple[str, ...]:
    """Only PyTorch and TensorFlow among the mentions: the two the product compares."""
    return tuple(name for name in mentions(text, tools=tools) if name in RIVALS)


def other(framework: str) -> str:
    return TENSORFLOW if framework == PYTORCH else PYTORCH


def display(framework: str) -> str:
    return DISPLAY_NAMES.get(framework, framework)


_BRANDS = ((re.compile(r"\bpytorch\b", re.IGNORECASE), "PyTorch"), (re.compile(r"\btensorflow\b"), "TensorFlow"))


def normalise_brand(text: str) -> str:
    """Spell framework names the way their projects do ("Pytorch" -> "PyTorch")."""
    for regex, brand in _BRANDS:
        text = regex.sub(brand, text)
    return text

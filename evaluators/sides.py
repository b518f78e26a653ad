"""Which side of a job a sentence's mentions name: the mapping from what a sentence says (a framework, its mode,
a tool) onto the sides a job declares (``tf-eager``, ``torch.compile``, Optuna's ``pytorch``), and when a
sentence compares something no side of the job is. Read by :mod:`evaluators.linking`."""

from __future__ import annotations

import re

from evaluators.declarations import SideDeclaration
from knowledge.reading import COMPILED, EAGER, Mention


def fit_sides(
    sides: tuple[SideDeclaration, ...], mentions: tuple[Mention, ...], lowered: str = ""
) -> dict[int, str] | None:
    """Which side each mention names in this job, or None when the sentence compares something else.

    A job whose sides are one framework in two modes needs a mode named; a job of two frameworks in one
    mode refuses a mention in the other mode (compiled TensorFlow is not the eager job's side).
    """
    mapped: dict[int, str] = {}
    frameworks = {side.framework for side in sides}
    modes = {side.mode for side in sides} - {""}
    for index, mention in enumerate(mentions):
        side = side_of(sides, mention)
        if side is not None:
            mapped[index] = side
        elif len(sides) > 1 and _foreign(mention, frameworks, modes):
            return None
    named = {m.framework for m in mentions if m.framework}
    if len(sides) == 1 and named and not named & frameworks:
        return None  # a one-sided job's claim must be about its framework ("PyTorch to ONNX" is not Serving's)
    if len(sides) > 1 and len(frameworks) == 1 and not any(mentions[i].mode for i in mapped):
        return None
    all_compiled = len(frameworks) > 1 and all(s.mode == COMPILED for s in sides)
    if all_compiled and not any(m.mode == COMPILED for m in mentions):
        return None
    if all_compiled and len(named) < 2 and sum(m.mode == COMPILED for m in mentions) < 2:
        return None  # "torch.compile is 5% faster" is against eager PyTorch, not against tf.function
    bare_compiled = any(not m.framework and m.mode == COMPILED for m in mentions) or bool(
        re.search(r"\bboth\b", lowered) and any(m.mode == COMPILED for m in mentions)
    )
    if all_compiled and not bare_compiled and any(m.framework and not m.mode for m in mentions):
        return None  # "PyTorch: 38 ms; TensorFlow + tf.function: 29 ms": a framework named without a mode is eager
    return mapped


def with_tools(sides: tuple[SideDeclaration, ...], text: str, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The sentence's mentions with the tools the job's sides declare ("Optuna" is the tuner job's PyTorch side)."""
    found = {mention.start: mention for mention in mentions}
    for side in sides:
        if side.tool:
            for match in re.finditer(rf"(?<![\w.]){re.escape(side.tool)}(?![\w])", text, re.IGNORECASE):
                found[match.start()] = Mention(match.start(), side.framework, side.mode)
    return tuple(found[start] for start in sorted(found))


_CONTRAST = re.compile(
    r"\b(?:unlike|compared|than|while|whereas|but|vs|versus|instead|like|counterpart|equivalent|alternative|"
    r"match(?:es)?|rival)\b|[;:]",
    re.IGNORECASE,
)


def about_the_other(
    sides: tuple[SideDeclaration, ...], text: str, mentions: tuple[Mention, ...], mapped: dict[int, str]
) -> bool:
    """A one-sided job's sentence whose subject is the other framework: "You can't export a PyTorch model to
    TFLite" says nothing of TensorFlow's own path to TFLite. Not when the sentence sets the two against each
    other before naming the job's side ("Unlike PyTorch, TensorFlow Lite ...", "no PyTorch counterpart to ...")."""
    if len(sides) != 1 or not mapped:
        return False
    first = next((index for index, mention in enumerate(mentions) if mention.framework), None)
    if first is None or first in mapped or mentions[first].framework == sides[0].framework:
        return False
    return _CONTRAST.search(text[: mentions[min(mapped)].start]) is None


def _foreign(mention: Mention, frameworks: set[str], modes: set[str]) -> bool:
    """A mention this comparison has no side for: another framework, or a mode none of its sides runs in (a
    bare "compiled" is no side of a comparison of eager frameworks: "Compiled CNN step — PyTorch: 7.9 ms; ...")."""
    if mention.framework:
        return mention.framework not in frameworks or bool(mention.mode and modes and mention.mode not in modes)
    return mention.mode not in modes if modes else mention.mode == COMPILED


def side_of(sides: tuple[SideDeclaration, ...], mention: Mention) -> str | None:
    if not mention.framework:
        matching = [side for side in sides if side.mode == mention.mode]
        return matching[0].label if len(matching) == 1 and len(sides) > 1 else None
    own = [side for side in sides if side.framework == mention.framework]
    if len(own) > 1 and not mention.mode and len({side.framework for side in sides}) == 1:
        return None
    if mention.mode:
        exact = [side for side in own if side.mode in (mention.mode, "")]
        return exact[0].label if exact else None
    default = [side for side in own if side.mode in ("", EAGER)] or own
    return default[0].label if default else None

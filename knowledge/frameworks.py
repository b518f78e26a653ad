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
    maker: bool = False
    """True for the organisation that made a framework (Facebook): who a question about its maker may name as the
    answer, not the framework asked about."""


MAKERS: dict[str, str] = {"meta": PYTORCH, "facebook": PYTORCH, "google": TENSORFLOW}
"""The organisations the bundled article says made a framework, by which a framework may be called."""
_CALLED = r"(?:framework|library|stack|toolkit|offering)"
_MAKER = "|".join(MAKERS)
PARADIGMS: dict[str, str] = {
    "define-by-run": PYTORCH,
    "dynamic-graph": PYTORCH,
    "define-and-run": TENSORFLOW,
    "define-before-run": TENSORFLOW,
    "static-graph": TENSORFLOW,
}
"""How the two frameworks build their graphs, in the terms of art a question may call them by ("the define-by-run
framework"): PyTorch's dynamic computational graph, TensorFlow's static graph (the bundled article's words)."""
_PARADIGM = "|".join(p.replace("-", "[- ]") for p in PARADIGMS)
CALLED_AFTER = re.compile(
    rf"(?<![\w.])(?:the\s+(?P<one>{_MAKER}|{_PARADIGM})\s+(?:one|framework|library)"
    rf"|(?P<owner>{_MAKER})(?:['’]s|s)\s+{_CALLED})(?!\w)",
    re.IGNORECASE,
)
"""A framework a question calls after its maker or its kind of graph: "Meta's framework", "googles library", "the
Google one", "the Meta framework", "the define-by-run framework" ("Google One", without "the", is a product; "a meta
framework" is a kind of framework; "Chainer's define-by-run" is Chainer's). Documents say who they mean by
:class:`DocumentNames`, which asks for the apostrophe."""


def called_after(name: str) -> str:
    """The framework a maker or a kind of graph (as :data:`CALLED_AFTER` found it) calls."""
    key = re.sub(r"\s+", "-", name.lower())
    return MAKERS.get(key) or PARADIGMS[key]


_TENSORFLOW = r"(?:tensor-?flow|(?-i:Tensor Flow))"
"""TensorFlow's own name as documents and questions write it ("Tensor Flow" only capitalised: "a tensor flow" is
none)."""

# Order matters only for readability; all patterns are matched independently.
ALIASES: tuple[Alias, ...] = (
    Alias(r"py-?torch", PYTORCH),
    Alias(r"(?-i:PT)", PYTORCH),
    Alias(r"torch(?:script)?", PYTORCH, tool=True),
    Alias(r"libtorch", PYTORCH, tool=True),
    Alias(r"meta/facebook|facebook(?:['’]s)?(?: ai research)?", PYTORCH, tool=True, maker=True),
    Alias(rf"{_TENSORFLOW}(?:\.js| serving| lite| core| 2(?:\.x)?| automl)?", TENSORFLOW),
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
CLAIM_NAME = re.compile(
    rf"(?<![\w.])(py-?torch|{_TENSORFLOW}|torch|keras|tf|(?-i:PT))(?:['’]s)?(?![\w.])", re.IGNORECASE
)
"""A name of PyTorch or TensorFlow as the claim linker's property model masks it; unlike the question side's
pattern a name right before a "." stays (the fitted model was trained with this masking)."""

NAMES_WITH_MODE: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?<![\w.]){pattern}(?![\w])", re.IGNORECASE), framework, mode)
    for pattern, framework, mode in (
        (r"torch\.compile", PYTORCH, "compiled"),
        (r"tf\.function|autograph", TENSORFLOW, "compiled"),
        (r"py-?torch(?:['’]s)?|torch(?:script)?|libtorch|(?-i:PT)(?:['’]s)?", PYTORCH, ""),
        (rf"{_TENSORFLOW}(?:\.js|['’]s)?|tf(?:lite|\.js)?|litert|keras", TENSORFLOW, ""),
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


def mentions(text: str, *, tools: bool = True, makers: bool = True, called: bool = False) -> tuple[str, ...]:
    """Canonical frameworks named in ``text``, in order of first appearance.

    With ``tools=False`` only a framework's own name counts, so "TorchScript" alone does not make a
    sentence "about PyTorch" when deciding what a question is about; with ``makers=False`` a maker's name
    alone (Facebook) does not count; with ``called=True`` a framework called after its maker or its kind of graph
    (:data:`CALLED_AFTER`: "Meta's framework", "the define-by-run framework") does.
    """
    found: list[tuple[int, str]] = []
    for regex, alias in _ALIAS_RES:
        if (alias.tool and not tools) or (alias.maker and not makers):
            continue
        match = regex.search(text)
        if match:
            found.append((match.start(), alias.canonical))
    if called:
        found.extend((m.start(), called_after(m["one"] or m["owner"])) for m in CALLED_AFTER.finditer(text))
    ordered: list[str] = []
    for _, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return tuple(ordered)


def mention_spans(text: str, *, makers: bool = False) -> list[tuple[int, str]]:
    """Every place ``text`` names a framework (tools count; a maker's name only with ``makers``), in order."""
    found = [
        (match.start(), alias.canonical)
        for regex, alias in _ALIAS_RES
        if makers or not alias.maker
        for match in regex.finditer(text)
    ]
    return sorted(found)


def names_a_tool(text: str) -> bool:
    """True when ``text`` names a framework's tool (TorchScript, TFLite, Keras Tuner), not only a framework."""
    return any(alias.tool and regex.search(text) for regex, alias in _ALIAS_RES) or bool(key_terms(text))


def rivals_in(text: str, *, tools: bool = True, called: bool = False) -> tuple[str, ...]:
    """Only PyTorch and TensorFlow among the mentions: the two the product compares (``called``: as
    :func:`mentions` counts a framework called after its maker or its kind of graph)."""
    return tuple(name for name in mentions(text, tools=tools, called=called) if name in RIVALS)


def mask(text: str) -> str:
    """``text`` with the names of PyTorch and TensorFlow removed (for checks that must not key on a name)."""
    return " ".join(_NAME_AND_POSSESSIVE.sub(" ", text).split())


PASSING_NAME = re.compile(rf"(?<![\w.])(?:{'|'.join(PASSING)})(?:['’]s)?(?![\w])", re.IGNORECASE)
"""A name of a framework the bundled article mentions only in passing (JAX, MXNet)."""


def replace_rival_names(text: str, replacement: str) -> str:
    """``text`` with each name of PyTorch or TensorFlow (and a possessive) replaced by ``replacement`` (to
    embed a sentence for what it says rather than whom it names)."""
    return _NAME_AND_POSSESSIVE.sub(replacement, text)


def mark_names(text: str, rival: str, passing: str) -> str:
    """``text`` with each name of PyTorch or TensorFlow replaced by ``rival`` and of a passing framework by
    ``passing`` (so a learned model reads "PyTorch" and "TensorFlow" alike)."""
    return PASSING_NAME.sub(f" {passing} ", _NAME_AND_POSSESSIVE.sub(f" {rival} ", text))


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


# Names a document gives the frameworks ("Option A (PyTorch)", "Stack 2 = tensorflow 2.18", "we call the PyTorch
# build Wren"): an exact rule, like the names themselves. A reader learns them where the document defines them and
# reads every later use as the framework; the linker reads a claim with them resolved (``Claim.read_text``).
_DEFINED_FRAMEWORK = r"(?P<fw>py-?torch|tensor-?flow|torch|tf|keras|pt)(?:\s*v?\d+(?:\.\d+)*)?"
_NAME = r"(?P<name>[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d+))?)"
"""A name as a document coins it: one or two capitalised words, or a word and a letter or a number ("Stack 2")."""
_QUOTED = r"[\"“](?P<quoted>[^\"“”]{1,30}?)[\"”]"
_NAME_OR_QUOTED = rf"(?:{_QUOTED}|{_NAME})"
_BETWEEN = r"(?:the|our|their|a|an)\s+(?:(?!(?:than|that|not|and|or|but|of|in|on|to|with)\b)[a-z][\w-]*[\s,]+){0,3}?"
"""Words between "is" and the framework that describe the name ("the", "our current stack,"): a determiner and a
few words, none that turns to a comparison ("Image is slimmer too, the PyTorch one") or a clause ("Aim 1 is that
TensorFlow ...")."""
_PREPOSITION_BEFORE = re.compile(r"\b(?:until|since|in|on|at|by|from|to|of|for|after|before|during|with)\s*$", re.I)
"""A word that makes the capitalised word after it a date or a place ("until October (TF 2.17)"), not a name."""
_DEFINITIONS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # "Option A (PyTorch)", "X (PT)", "Heron (the PyTorch 2.5 build)", "Before (TF 2.17)"
        rf"(?<![\w-]){_NAME_OR_QUOTED}\s*\(\s*(?:the\s+|i\.e\.,?\s*|=\s*)?(?i:{_DEFINED_FRAMEWORK})"
        rf"(?:\s+(?:build|stack|image|side|variant|port|one|version|release))?\s*\)",
        # "PyTorch 2.5 (Option A)", "TensorFlow (hereafter "the incumbent")"
        rf"(?<![\w.-])(?i:{_DEFINED_FRAMEWORK})\s*\(\s*(?i:hereafter|henceforth|called|aka|a\.k\.a\.|or)?\s*"
        rf"{_NAME_OR_QUOTED}\s*\)",
        # "Stack 1 = torch 2.5.1", "Candidate X is the PyTorch 2.5 stack", ""the incumbent" is our current stack,
        # TensorFlow 2.18"
        rf"(?<![\w-]){_NAME_OR_QUOTED}\s*(?:=\s*|\s(?:is|was|means|denotes|stands for|refers to)\s+{_BETWEEN})"
        rf"(?i:{_DEFINED_FRAMEWORK})(?![\w.-])",
        # "we call the PyTorch 2.5 build Wren and the TensorFlow 2.18 build Magpie"
        rf"(?i:\b(?:call|calls|called|dub|dubbed|codename|codenamed|name|named|nickname|nicknamed|label|labelled"
        rf"|labeled)\s+(?:(?:the|our)\s+)?)(?i:{_DEFINED_FRAMEWORK})(?:\s+[a-z][\w-]*){{0,2}}?\s+{_NAME_OR_QUOTED}",
        rf"(?i:,?\s+and\s+(?:the|our)\s+)(?i:{_DEFINED_FRAMEWORK})(?:\s+[a-z][\w-]*){{0,2}}?\s+{_NAME_OR_QUOTED}"
        rf"(?=[\s,;.]|$)",
        # "the PyTorch build, which we call Wren", "TensorFlow, codenamed Magpie", "the TF stack (hereafter B)"
        rf"(?i:{_DEFINED_FRAMEWORK})(?:\s+[a-z][\w-]*){{0,2}}?,?\s+\(?(?i:which we (?:call|refer to as)"
        rf"|(?:code)?named|called|dubbed|nicknamed|known as|referred to as|hereafter|henceforth)\s+{_NAME_OR_QUOTED}",
    )
)
_CALLED_AFTER_AND = 4
"""Index of the definition that continues a naming verb's list ("..., and the TensorFlow build Magpie"): it
counts only in a sentence where the definition before it ("we call the PyTorch build Wren") matched."""
_OWNER_NAMES = re.compile(rf"(?<!\w)(?P<name>(?P<owner>{_MAKER})['’]s\s+{_CALLED})(?!\w)", re.IGNORECASE)
"""The frameworks named by their makers: "Meta's framework" is PyTorch, "Google's library" TensorFlow."""
_PT = re.compile(r"\bpt\b", re.IGNORECASE)
"""PT written in lower case, which only a definition's parentheses make a name ("challenger (pt)")."""
_NOT_NAMES = frozenset({"A", "I", "An", "The", "It", "This", "That", "These", "Those", "We", "Our"})
"""Words that open a sentence or a phrase, never a name a document gives a framework."""
_WORDS = re.compile(r"[A-Za-z][\w-]*")


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """The names a document gives the two frameworks, and the framework each stands for.

    A capitalised name ("Wren", "Option A", "X") is matched as written; a quoted or table-heading name that is an
    ordinary word ("the incumbent", "before") only with "the" in front or as a whole heading, so that "before
    the upgrade" stays a preposition.
    """

    names: tuple[tuple[str, str], ...] = ()

    def resolve(self, text: str) -> str:
        """``text`` with every use of a name replaced by its framework's display name ("Option A's wheel" ->
        "PyTorch's wheel"); the text itself when it uses none."""
        for name, framework in self.names:
            text = _name_use(name).sub(display(framework), text)
        for match in reversed(list(_OWNER_NAMES.finditer(text))):
            text = f"{text[: match.start()]}{display(MAKERS[match['owner'].lower()])}{text[match.end() :]}"
        return text

    def used_in(self, text: str) -> DocumentNames:
        """The names ``text`` uses (what a claim keeps to be read again)."""
        return DocumentNames(tuple(pair for pair in self.names if _name_use(pair[0]).search(text)))


NO_NAMES = DocumentNames()


def _ordinary(name: str) -> bool:
    return name[:1].islower() or (" " in name and name.split()[0].lower() in ("the", "our", "a", "an"))


def _name_use(name: str) -> re.Pattern[str]:
    if _ordinary(name):
        bare = re.escape(name.removeprefix("the ").removeprefix("The "))
        return re.compile(rf"(?i:\bthe\s+){bare}(?![\w-])|^{bare}$", re.IGNORECASE)
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def defined_names(texts: list[str]) -> DocumentNames:
    """The names ``texts`` (a document's lines and table cells, in order) define for PyTorch and TensorFlow.

    A name counts when a definition gives it one framework and none gives it the other; one that is itself a
    framework's name, or a single capitalised word the document also writes in lower case (an ordinary word
    starting a sentence: "Winner (PyTorch)" where "winner" occurs too), does not.
    """
    lowered = {word for text in texts for word in _WORDS.findall(text) if word.islower()}
    found: dict[str, set[str]] = {}
    for text in texts:
        cell = re.fullmatch(rf"\s*(?P<name>[a-z][\w-]*)\s*\(\s*(?i:{_DEFINED_FRAMEWORK})\s*\)\s*", text)
        matches = [(0, cell)] if cell else []
        for index, pattern in enumerate(_DEFINITIONS):
            if index == _CALLED_AFTER_AND and not _DEFINITIONS[_CALLED_AFTER_AND - 1].search(text):
                continue
            matches += [(index, match) for match in pattern.finditer(text)]
        for index, match in matches:
            groups = match.groupdict()
            name = " ".join((groups.get("quoted") or groups.get("name") or "").split())
            named = rivals_in(_PT.sub("PT", match["fw"]))
            said = rivals_in(_PT.sub("PT", match.group(0).replace(name, " ")))
            if not name or len(named) != 1 or said != named or mentions(name):
                continue  # "RECSYS TRAINER MIGRATION (TF → PyTorch)" names both
            if index == 0 and _PREPOSITION_BEFORE.search(text, 0, match.start()):
                continue  # "until October (TF 2.17)"
            if name in _NOT_NAMES or name.lower() in MAKERS or key_terms(name):
                continue  # "A (TensorFlow) model", "Meta (PyTorch)", "Google Cloud (TensorFlow)"
            found.setdefault(name, set()).add(named[0])
            if match.group(0).strip() == text.strip() and _PT.search(text):
                found.setdefault(text.strip(), set()).add(named[0])  # the heading "challenger (pt)" itself
    names = {name: next(iter(sides)) for name, sides in found.items() if len(sides) == 1}
    for name, framework in list(names.items()):
        if name.islower() and names.get(name.capitalize()) == framework:
            del names[name]  # "wren (torch 2.5)" heading a column of the document's "Wren"
            lowered.discard(name)
    for name, framework in list(names.items()):
        if " " not in name and name[:1].isupper() and len(name) > 1 and name.lower() in lowered:
            del names[name]  # an ordinary word: "Before (TF 2.17)" heads a column, "before" is a preposition
            names.setdefault(name.lower(), framework)
    return DocumentNames(tuple(sorted(names.items(), key=lambda pair: -len(pair[0]))))

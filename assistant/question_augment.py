"""Generic noisy copies of training questions, for fitting the question model (``assistant.question_training``).

A new question set brings a new voice: lower-case typing, no punctuation, a slip of the keyboard, a word said
twice or left out. Each copy here is one such change applied to a training question, with the question's own
labels; none copies a voice of the corpus (no prefixes, suffixes or phrasings taken from a file). The changes
never touch a framework, tool or version name (those are read exactly, ``knowledge.frameworks``) nor a word
that can carry the question's meaning on its own (negations, comparatives): only letters inside longer
ordinary words, sentence punctuation, and a few function words.

Copies are deterministic (seeded by the question's id and the kind of change), so a refit is reproducible. A
copy belongs to its source question: training puts it in the same fold as its source and never scores it.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.question_corpus import LabelledQuestion
from knowledge import frameworks

_SENTENCE_PUNCTUATION = re.compile(r"[?!,;:\"()\[\]]|\.(?=\s|$)|(?<=\s)[-–—](?=\s)")
_SPACES = re.compile(r"\s+")
_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"
DROPPABLE = frozenset({"the", "a", "an", "that", "this", "really", "just", "please", "actually", "some"})
"""Words a hurried writer leaves out without changing what is asked."""
PROTECTED = frozenset(
    {"not", "no", "never", "more", "less", "most", "least", "better", "worse", "best", "worst", "than", "without"}
)
"""Words a typo must not land on: each can decide a label by itself."""
MIN_TYPO_LENGTH = 5


def _rng(record: LabelledQuestion, kind: str) -> random.Random:
    return random.Random(zlib.crc32(f"{record.id}\0{record.text}\0{kind}".encode()))


def _named(word: str) -> bool:
    """A word that names a framework, a tool or a version (kept exactly as written)."""
    return bool(frameworks.mentions(word)) or frameworks.names_a_tool(word) or bool(frameworks.versions_in(word))


def lower(text: str, rng: random.Random) -> str:
    return text.lower()


def unpunctuated(text: str, rng: random.Random) -> str:
    return _SPACES.sub(" ", _SENTENCE_PUNCTUATION.sub(" ", text)).strip()


def casual(text: str, rng: random.Random) -> str:
    """Lower case and no sentence punctuation, as a quick chat message is typed."""
    return unpunctuated(text.lower(), rng)


def typo(text: str, rng: random.Random, count: int = 1) -> str:
    """``count`` keyboard slips (a swapped, dropped, doubled or wrong letter) in ordinary words of 5+ letters."""
    words = text.split(" ")
    candidates = [
        i
        for i, w in enumerate(words)
        if len(w) >= MIN_TYPO_LENGTH and w.isalpha() and w.lower() not in PROTECTED and not _named(w)
    ]
    for i in rng.sample(candidates, min(count, len(candidates))):
        word = words[i]
        at = rng.randrange(1, len(word) - 1)  # first and last letters stay, as slips mostly leave them
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 1:
            word = word[:at] + word[at + 1 :]
        elif kind == 2:
            word = word[:at] + word[at] + word[at:]
        else:
            word = word[:at] + rng.choice(_KEYBOARD) + word[at + 1 :]
        words[i] = word
    return " ".join(words)


def two_typos(text: str, rng: random.Random) -> str:
    return typo(text, rng, 2)


def word_slip(text: str, rng: random.Random) -> str:
    """A function word left out, or else (none to leave out) a short word said twice."""
    words = text.split(" ")
    droppable = [i for i, w in enumerate(words) if w.lower() in DROPPABLE and len(words) > 3]
    if droppable:
        del words[rng.choice(droppable)]
        return " ".join(words)
    doubled = [i for i, w in enumerate(words) if w.isalpha() and w.lower() not in PROTECTED and not _named(w)]
    if doubled:
        i = rng.choice(doubled)
        words.insert(i, words[i])
    return " ".join(words)


SPELLINGS: dict[str, tuple[str, ...]] = {
    frameworks.PYTORCH: ("PyTorch", "pytorch", "Pytorch", "torch"),
    frameworks.TENSORFLOW: ("TensorFlow", "tensorflow", "Tensorflow", "TF", "tf"),
}
"""How people write each of the two names."""


def _framework(name: str) -> str:
    return frameworks.PYTORCH if "torch" in name.lower() else frameworks.TENSORFLOW


def respelled(text: str, rng: random.Random) -> str:
    """Each name of the two frameworks written another way ("PyTorch" -> "torch", "TensorFlow" -> "tf")."""

    def other_spelling(match: re.Match[str]) -> str:
        choices = [s for s in SPELLINGS[_framework(match.group(1))] if s != match.group(1)]
        return rng.choice(choices)

    return frameworks.RIVAL_ITSELF.sub(other_spelling, text)


def swapped(text: str, rng: random.Random) -> str:
    """The two frameworks' names exchanged (what is asked stays: a form, a property and a polarity)."""

    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        spellings = SPELLINGS[_framework(name)]
        position = spellings.index(name) if name in spellings else 0
        target = SPELLINGS[frameworks.other(_framework(name))]
        return target[min(position, len(target) - 1)] if position < 3 else target[3 + rng.randrange(len(target) - 3)]

    return frameworks.RIVAL_ITSELF.sub(swap, text)


KINDS: dict[str, Callable[[str, random.Random], str]] = {
    "lower": lower,
    "unpunctuated": unpunctuated,
    "casual": casual,
    "typo": typo,
    "two_typos": two_typos,
    "word_slip": word_slip,
    "respelled": respelled,
    "swapped": swapped,
}


def augment(records: Sequence[LabelledQuestion], kinds: Sequence[str]) -> tuple[list[LabelledQuestion], list[int]]:
    """One copy of each record per kind of change (a copy identical to its source is skipped), and the index
    of each copy's source."""
    copies: list[LabelledQuestion] = []
    sources: list[int] = []
    for index, record in enumerate(records):
        seen = {record.text}
        for kind in kinds:
            text = KINDS[kind](record.text, _rng(record, kind))
            if text and text not in seen:
                seen.add(text)
                copies.append(replace(record, id=f"{record.id}~{kind}", text=text))
                sources.append(index)
    return copies, sources

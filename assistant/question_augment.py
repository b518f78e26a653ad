"""Generic noisy copies of training questions, for fitting the question model (``assistant.question_training``).

A new question set brings a new voice: lower-case typing, no punctuation, the frameworks' names written another
way. Each copy here is one such change applied to a training question, with the question's own labels; none
copies a voice of the corpus (no prefixes, suffixes or phrasings taken from a file), and no word that can carry
the question's meaning on its own changes.

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


def _rng(record: LabelledQuestion, kind: str) -> random.Random:
    return random.Random(zlib.crc32(f"{record.id}\0{record.text}\0{kind}".encode()))


def unpunctuated(text: str, rng: random.Random) -> str:
    return _SPACES.sub(" ", _SENTENCE_PUNCTUATION.sub(" ", text)).strip()


def casual(text: str, rng: random.Random) -> str:
    """Lower case and no sentence punctuation, as a quick chat message is typed."""
    return unpunctuated(text.lower(), rng)


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


KINDS: dict[str, Callable[[str, random.Random], str]] = {"casual": casual, "respelled": respelled}
"""The kinds of copy, by the name training asks for. Typos, dropped or doubled words and the two names exchanged
were measured too and did not help (``assistant.question_training.AUGMENT``); they are not kept."""


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

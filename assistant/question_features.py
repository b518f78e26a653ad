"""What the question classifiers see: the question's MiniLM embedding and that of the question without framework
names (retrieval computes both), exact facts from the vocabulary module (how many of the two frameworks a
question names, a passing framework, a tool, a version), how close the question comes to what the knowledge
base says (its nearest claim, with and without framework names; the share of its words and names the claims
never use), its word n-grams, and its character n-grams weighted by TF-IDF, which carry over to typos,
abbreviations and inflections no training question used ("chonkier", "defualt"). The weights of every
n-gram are learned like the rest (no word here means anything by itself).

A row is a dense prefix (embeddings, exact and knowledge-base features) and a sparse tail (the n-grams that
occur): serving multiplies only the weights of those (``assistant.question_model``). Training
(``assistant.question_training``) and serving build rows with this one module, so a fitted model always
reads questions the way it was fitted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from knowledge import frameworks
from knowledge.claims import Claim

EXACT_FEATURES: tuple[str, ...] = (
    "names_no_rival",
    "names_one_rival",
    "names_both_rivals",
    "names_passing_framework",
    "names_tool",
    "names_version",
)
EXACT_WEIGHT = 1.0
"""Scale of an exact feature next to the unit-length embedding (chosen by grouped cross-validation, with the
three weights below: BENCHMARKS.md)."""
MASKED_WEIGHT = 0.7
"""Length of the framework-masked embedding beside the unit-length embedding of the question itself."""
NGRAM_WEIGHT = 0.5
"""Length of the word n-gram block (its binary entries are L2-normalised, then scaled by this)."""
CHAR_WEIGHT = 0.7
"""Length of the character n-gram block (sublinear TF-IDF, L2-normalised, then scaled by this)."""
CHAR_SIZES = (2, 5)
"""Character n-grams from 2 to 5 characters, taken inside each word padded with a space on both sides."""
MIN_COUNT = 2
"""An n-gram enters a vocabulary when at least this many training questions have it."""
MAX_CACHED_WORDS = 20_000
"""Words whose character n-gram columns a vocabulary keeps (emptied when full)."""

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD = re.compile(r"[\w+#.-]+")
PROPER_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w+#.-]*[a-z][\w+#.-]*)")
"""A capitalised word inside a sentence: a name (of a product, a company, a place)."""
MAX_FOREIGN_NAMES = 3
RIVAL_TOKEN = "fwrival"
PASSING_TOKEN = "fwpassing"


def exact_features(text: str, mentioned: tuple[str, ...] | None = None) -> np.ndarray:
    """``mentioned``: ``frameworks.mentions(text)`` when the caller has it already."""
    named = frameworks.mentions(text) if mentioned is None else mentioned
    rivals = sum(1 for name in named if name in frameworks.RIVALS)
    values = (
        rivals == 0,
        rivals == 1,
        rivals >= 2,
        any(name in frameworks.PASSING for name in named),
        frameworks.names_a_tool(text),
        bool(frameworks.versions_in(text)),
    )
    return np.asarray(values, dtype=np.float32) * EXACT_WEIGHT


@dataclass(frozen=True, slots=True)
class ArticleProfile:
    """What the knowledge base speaks about, as the scope features need it: its claims' unit vectors and
    every word of its claims and section titles (lower-cased)."""

    vectors: np.ndarray
    words: frozenset[str]

    @classmethod
    def of(cls, claims: Sequence[Claim], vectors: np.ndarray) -> ArticleProfile:
        words = frozenset(w.lower() for c in claims for w in _WORD.findall(f"{c.text} {c.section_path}"))
        return cls(np.asarray(vectors, dtype=np.float32), words)

    def features(self, text: str, embedding: np.ndarray, masked_embedding: np.ndarray) -> np.ndarray:
        """Nearest claim (cosine) with and without framework names, the share of names and of words the
        claims never use."""
        if len(self.vectors):
            nearest, nearest_masked = (
                float((self.vectors @ embedding).max()),
                float((self.vectors @ masked_embedding).max()),
            )
        else:
            nearest = nearest_masked = 0.0
        foreign = {m.group(1) for m in PROPER_NAME.finditer(text) if m.group(1).lower() not in self.words}
        words = [w for w in _WORD.findall(text.lower()) if w.isalpha()]
        unknown = sum(w not in self.words for w in words) / len(words) if words else 0.0
        return np.asarray([nearest, nearest_masked, min(len(foreign), MAX_FOREIGN_NAMES) / MAX_FOREIGN_NAMES, unknown])


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, the two frameworks' names as one placeholder and passing ones as another."""
    marked = frameworks.mark_names(text.replace("’", "'"), RIVAL_TOKEN, PASSING_TOKEN)
    return _TOKEN.findall(marked.lower())


def ngrams(text: str) -> set[str]:
    """Unigrams, bigrams and the opening word pair ("<s> is"): the n-grams a vocabulary is fitted over."""
    words = ["<s>", *tokens(text)]
    return set(words[1:]) | {f"{a} {b}" for a, b in pairwise(words)}


def char_ngrams(text: str) -> Counter[str]:
    """Character n-grams of each whitespace-separated word (framework names as placeholders), the word padded
    with a space on both sides; a word shorter than an n-gram size counts once, whole (as scikit-learn's
    ``char_wb`` analyzer reads it)."""
    grams: list[str] = []
    for word in _char_words(text):
        grams += _word_char_ngrams(word)
    return Counter(grams)


def _char_words(text: str) -> list[str]:
    """The words character n-grams are taken in: lower-cased, framework names as placeholders."""
    return frameworks.mark_names(text.replace("’", "'"), f" {RIVAL_TOKEN} ", f" {PASSING_TOKEN} ").lower().split()


def _word_char_ngrams(word: str) -> list[str]:
    """One word's character n-grams, shortest first, each size in reading order."""
    low, high = CHAR_SIZES
    padded = f" {word} "
    width = len(padded)
    return [padded[i : i + size] for size in range(low, min(high, width) + 1) for i in range(width - size + 1)]


def _frequent(grams: Iterable[Iterable[str]], min_count: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for each in grams:
        counts.update(set(each))
    return {gram: n for gram, n in counts.items() if n >= min_count}


@dataclass(frozen=True)
class Vocabulary:
    """The n-grams a model was fitted over: word n-grams, character n-grams and the character n-grams'
    inverse document frequencies (what a fitted model stores)."""

    words: tuple[str, ...]
    chars: tuple[str, ...]
    idf: np.ndarray
    word_index: dict[str, int] = field(init=False, repr=False, compare=False)
    char_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _word_chars: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_index", {gram: i for i, gram in enumerate(self.words)})
        object.__setattr__(self, "char_index", {gram: i for i, gram in enumerate(self.chars)})
        object.__setattr__(self, "_word_chars", {})

    def char_columns(self, word: str) -> tuple[int, ...]:
        """The vocabulary's columns (of :attr:`chars`) of one word's character n-grams, in n-gram order (one
        per occurrence). Kept per word: questions reuse their words, and this was most of reading one."""
        columns = self._word_chars.get(word)
        if columns is None:
            index = self.char_index
            columns = tuple(column for gram in _word_char_ngrams(word) if (column := index.get(gram, -1)) >= 0)
            if len(self._word_chars) >= MAX_CACHED_WORDS:
                self._word_chars.clear()  # bounded whatever the questions; refilled by the words in use
            self._word_chars[word] = columns
        return columns

    @classmethod
    def fit(cls, texts: Iterable[str], min_count: int = MIN_COUNT) -> Vocabulary:
        """N-grams in at least ``min_count`` of ``texts``, sorted; smoothed idf ``ln((1 + n) / (1 + df)) + 1``."""
        texts = list(texts)
        words = _frequent((ngrams(t) for t in texts), min_count)
        chars = _frequent((char_ngrams(t) for t in texts), min_count)
        ordered = sorted(chars)
        idf = np.asarray([math.log((1 + len(texts)) / (1 + chars[g])) + 1.0 for g in ordered], dtype=np.float32)
        return cls(tuple(sorted(words)), tuple(ordered), idf)

    @property
    def width(self) -> int:
        """Columns of the sparse tail: the word n-grams, then the character n-grams."""
        return len(self.words) + len(self.chars)


@dataclass(frozen=True, slots=True)
class Row:
    """One question's features: a dense prefix and the sparse tail's nonzero ``columns`` and ``values``
    (columns counted from the start of the tail)."""

    dense: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    def toarray(self, vocabulary: Vocabulary) -> np.ndarray:
        tail = np.zeros(vocabulary.width, dtype=np.float32)
        tail[self.columns] = self.values
        return np.concatenate([self.dense, tail])


def _word_block(text: str, vocabulary: Vocabulary) -> tuple[list[int], list[float]]:
    hits = sorted({vocabulary.word_index[g] for g in ngrams(text) if g in vocabulary.word_index})
    return hits, [NGRAM_WEIGHT / math.sqrt(len(hits))] * len(hits) if hits else []


def _char_block(text: str, vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    # The known n-grams' counts, in the order each first occurs, as the Counter of every n-gram filtered to
    # the known ones would hold them (the same floats, summed in the same order, below).
    grams: Counter[int] = Counter()
    for word in _char_words(text):
        grams.update(vocabulary.char_columns(word))
    if not grams:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    columns = np.fromiter(grams.keys(), dtype=np.int64, count=len(grams))
    counts = np.fromiter(grams.values(), dtype=np.float32, count=len(grams))
    weights = (1.0 + np.log(counts)) * vocabulary.idf[columns]
    weights *= CHAR_WEIGHT / np.linalg.norm(weights)
    return columns + len(vocabulary.words), weights.astype(np.float32)


def featurize(
    text: str,
    embedding: np.ndarray,
    masked_embedding: np.ndarray,
    vocabulary: Vocabulary,
    article: ArticleProfile,
    mentioned: tuple[str, ...] | None = None,
) -> Row:
    """One row: the embedding, the masked embedding, the exact features, the article features (dense), then
    the word and character n-grams (sparse).

    ``masked_embedding``: the embedding of the question with the frameworks' names removed (retrieval
    computes it for its own scope check). ``mentioned``: ``frameworks.mentions(text)``, when known.
    """
    dense = np.concatenate(
        [
            np.asarray(embedding, dtype=np.float32),
            np.asarray(masked_embedding, dtype=np.float32) * MASKED_WEIGHT,
            exact_features(text, mentioned),
            article.features(text, embedding, masked_embedding).astype(np.float32),
        ]
    )
    word_columns, word_values = _word_block(text, vocabulary)
    char_columns, char_values = _char_block(text, vocabulary)
    return Row(
        dense,
        np.concatenate([np.asarray(word_columns, dtype=np.int64), char_columns]),
        np.concatenate([np.asarray(word_values, dtype=np.float32), char_values]),
    )

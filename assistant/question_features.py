"""What the question classifiers see besides the MiniLM embedding: exact facts from the vocabulary module
(how many of the two frameworks a question names, a passing framework, a tool, a version), how close the
question comes to what the knowledge base says (its nearest claim, with and without framework names; the
share of its words and names the claims never use), and the question's word n-grams, whose weights are
learned like the rest (no word here means anything by itself).

Training (``assistant.question_training``) and serving (``assistant.question_model``) build features with
this one module, so a fitted model always reads questions the way it was fitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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
EXACT_WEIGHT = 0.5
"""Scale of an exact feature next to the unit-length embedding."""
NGRAM_WEIGHT = 0.5
"""Length of the n-gram block (its binary entries are L2-normalised, then scaled by this)."""

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD = re.compile(r"[\w+#.-]+")
_PROPER_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w+#.-]*[a-z][\w+#.-]*)")
"""A capitalised word inside a sentence: a name (of a product, a company, a place)."""
MAX_FOREIGN_NAMES = 3
RIVAL_TOKEN = "fwrival"
PASSING_TOKEN = "fwpassing"


def exact_features(text: str) -> np.ndarray:
    named = frameworks.mentions(text)
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
        foreign = {m.group(1) for m in _PROPER_NAME.finditer(text) if m.group(1).lower() not in self.words}
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


def vocabulary_of(texts: Iterable[str], min_count: int = 2) -> tuple[str, ...]:
    """N-grams that occur in at least ``min_count`` of ``texts``, sorted (a fitted model stores this)."""
    counts: dict[str, int] = {}
    for text in texts:
        for gram in ngrams(text):
            counts[gram] = counts.get(gram, 0) + 1
    return tuple(sorted(g for g, n in counts.items() if n >= min_count))


def featurize(
    text: str,
    embedding: np.ndarray,
    masked_embedding: np.ndarray,
    vocabulary: Mapping[str, int],
    article: ArticleProfile,
) -> np.ndarray:
    """One row: the embedding, the exact features, the article features, the n-gram block.

    ``masked_embedding``: the embedding of the question with the frameworks' names removed (retrieval
    computes it for its own scope check).
    """
    grams = np.zeros(len(vocabulary), dtype=np.float32)
    hits = [vocabulary[g] for g in ngrams(text) if g in vocabulary]
    if hits:
        grams[hits] = NGRAM_WEIGHT / np.sqrt(len(hits))
    return np.concatenate(
        [
            np.asarray(embedding, dtype=np.float32),
            exact_features(text),
            article.features(text, embedding, masked_embedding).astype(np.float32),
            grams,
        ]
    )

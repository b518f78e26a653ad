"""The question model's features and how training folds them: character n-grams that carry over to typos and
slang, one row read the same way sparse (serving) and dense (training), a stored vocabulary that survives
saving, and cross-validation folds that keep near-duplicate questions together."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.question_corpus import LabelledQuestion
from assistant.question_features import (
    CHAR_WEIGHT,
    ArticleProfile,
    Vocabulary,
    char_ngrams,
    featurize,
)
from assistant.question_model import LinearHead, QuestionModel

TEXTS = [
    "Which framework imports faster?",
    "Which framework installs smaller?",
    "What are PyTorch's downsides?",
    "What are TensorFlow's downsides?",
    "Does TF run eagerly by default?",
]
ARTICLE = ArticleProfile(np.eye(4, dtype=np.float32), frozenset({"framework", "pytorch", "tensorflow"}))


def unit(seed: int, width: int = 4) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=width).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_a_typo_keeps_many_character_ngrams_where_no_word_survives() -> None:
    right, typo = char_ngrams("by default"), char_ngrams("by defualt")
    assert "defualt" not in right and set(right) & set(typo) >= {" de", " def", "lt "}
    assert sum((right & typo).values()) / sum(right.values()) > 0.4


def test_framework_names_become_one_placeholder_in_character_ngrams() -> None:
    assert char_ngrams("is torch lighter") == char_ngrams("is TF lighter")
    assert " pyt" not in char_ngrams("Is PyTorch lighter?")


def test_the_vocabulary_keeps_ngrams_of_two_questions_with_idf() -> None:
    vocabulary = Vocabulary.fit(TEXTS)
    assert "downsides" in vocabulary.words and "imports" not in vocabulary.words
    assert " wh" in vocabulary.chars and len(vocabulary.idf) == len(vocabulary.chars)
    common, rarer = vocabulary.char_index[" wh"], vocabulary.char_index["side"]
    assert vocabulary.idf[common] < vocabulary.idf[rarer]  # in 4 questions vs 2


def test_a_row_has_the_two_embeddings_and_unit_scaled_ngram_blocks() -> None:
    vocabulary = Vocabulary.fit(TEXTS)
    row = featurize("What are the downsides of TF?", unit(1), unit(2), vocabulary, ARTICLE)
    chars = row.columns >= len(vocabulary.words)
    assert len(row.dense) == 4 + 4 + 6 + 4 and chars.any() and (~chars).any()
    assert np.linalg.norm(row.values[chars]) == pytest.approx(CHAR_WEIGHT, rel=1e-5)
    assert len(set(row.columns.tolist())) == len(row.columns)


def test_serving_reads_a_row_as_training_does_on_the_dense_matrix() -> None:
    vocabulary = Vocabulary.fit(TEXTS)
    row = featurize("Is TensorFlow's install bigger than PyTorch's?", unit(3), unit(4), vocabulary, ARTICLE)
    dense = row.toarray(vocabulary)
    rng = np.random.default_rng(0)
    head = LinearHead(("a", "b", "c"), rng.normal(size=(3, len(dense))).astype(np.float32), np.ones(3, np.float32))
    assert np.allclose(head.decision(row), head.scores(dense[None, :])[0], atol=1e-4)


def test_a_saved_model_keeps_its_character_vocabulary(tmp_path: Path) -> None:
    vocabulary = Vocabulary.fit(TEXTS)
    width = 4 + 4 + 6 + 4 + vocabulary.width
    heads = {
        name: LinearHead(("x", "y", "z"), np.zeros((3, width), np.float32), np.zeros(3, np.float32))
        for name in ("form", "property", "polarity")
    }
    QuestionModel(heads, vocabulary, {"corpus_hash": "h"}).save(tmp_path / "model.npz")
    loaded = QuestionModel.load(tmp_path / "model.npz").vocabulary
    assert loaded.chars == vocabulary.chars and loaded.words == vocabulary.words  # padded " ab " grams intact
    assert np.allclose(loaded.idf, vocabulary.idf)


def test_near_duplicate_questions_share_a_fold_group() -> None:
    from assistant.question_training import Embedded, near_duplicate_groups

    texts = ["Which one imports faster?", "which one imports faster", "Who made PyTorch?", "Rate TensorFlow."]
    records = [LabelledQuestion(str(i), t, "choice", None, "neutral", True) for i, t in enumerate(texts)]
    vectors = np.stack([unit(10), unit(11), unit(12), unit(12) * 0.999 + unit(13) * 0.001])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = near_duplicate_groups(Embedded(records, vectors, vectors, ARTICLE))
    assert groups[0] == groups[1]  # the same words
    assert groups[2] == groups[3]  # nearly the same embedding
    assert groups[0] != groups[2]


def test_character_ngrams_are_those_of_scikit_learns_word_bounded_analyzer() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from collections import Counter

    from knowledge import frameworks

    analyse = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for text in ("Is TF’s wheel chonkier than torch's? a", "I", "pytorch vs tensorflow import time", "x ?"):
        marked = frameworks.mark_names(text.replace("’", "'"), " fwrival ", " fwpassing ")
        assert char_ngrams(text) == Counter(analyse(marked))

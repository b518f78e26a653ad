"""Whether the article's passing mention of JAX or MXNet answers a question about it: learned, shipped, asked only
about the bundled article."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.passing import PassingMention
from assistant.question import Intent, analyse
from assistant.question_corpus import TRAIN_FILES, corpus_hash
from knowledge.retriever import Hit
from tests.claims import make_claim


def test_the_shipped_weights_were_fitted_on_the_current_corpus_and_beat_the_rule_they_replace() -> None:
    """Change a training file without `python -m assistant.passing_training` and this fails."""
    metadata = PassingMention.load().metadata
    assert metadata["corpus_hash"] == corpus_hash(TRAIN_FILES)
    assert metadata["questions"] > metadata["abstaining"] > 0
    assert metadata["held_out_files_accuracy"][str(metadata["c"])] > metadata["rule_accuracy"]


@pytest.mark.parametrize(
    ("question", "abstains", "opening"),
    [
        ("Should our team learn JAX next year?", True, "The article does not say; it mentions JAX only in passing."),
        ("Is MXNet any good for mobile apps?", True, "The article does not say; it mentions MXNet only in passing."),
        ("Who backs MXNet, according to the article?", False, "The article mentions MXNet only in passing"),
        ("Is JAX more popular than PyTorch?", False, "The article mentions JAX only in passing"),
        ("Is JAX faster than PyTorch?", True, "The article does not compare JAX with the others"),
    ],
)
def test_a_question_about_a_framework_mentioned_in_passing_abstains_where_the_mention_does_not_answer_it(
    assistant, question: str, abstains: bool, opening: str
) -> None:
    answer = assistant.ask(question)
    assert answer.abstained is abstains and answer.recommendation is None
    assert answer.answer.startswith(opening), answer.answer
    assert len(answer.citations) <= 1 if abstains else answer.citations


def test_about_an_ingested_document_only_a_comparison_abstains(assistant) -> None:
    """The model read only what the bundled article says of JAX; another document's mention is judged by the rule."""
    text = "Our platform team evaluated JAX for a quarter."
    claim = make_claim(
        text, "notes", frameworks=("jax",), subject="neither", favors="neither", topic="alternatives", testable=False
    )
    question = replace(analyse("Should our team learn JAX next year?"), form=Intent.THIRD_FRAMEWORK)
    vectors = np.asarray(assistant.retriever.embed([question.text, question.masked]))
    ingested = [Hit(claim=claim, score=0.6, dense=0.6, lexical=0.6)]
    assert not assistant._unanswered_in_passing(question, vectors, ingested, compared=False)
    assert assistant._unanswered_in_passing(question, vectors, ingested, compared=True)


def test_the_unnamed_kind_weights_were_fitted_on_the_current_corpus() -> None:
    """Change a training file without `python -m assistant.unnamed_training` and this fails."""
    from assistant.passing import UNNAMED_KIND
    from assistant.unnamed_training import FILES, THRESHOLD

    metadata = PassingMention.load(UNNAMED_KIND).metadata
    assert metadata["corpus_hash"] == corpus_hash(FILES)
    assert metadata["threshold"] == THRESHOLD
    assert metadata["questions"] > metadata["abstaining"] > 0


def test_a_model_abstains_above_the_probability_it_was_fitted_with() -> None:
    coef = np.asarray([1.0, 0.0], dtype=np.float32)
    at = np.asarray([np.log(0.7 / 0.3), 0.0], dtype=np.float32)  # probability 0.7
    assert PassingMention(coef, 0.0).unanswered(at)  # threshold 0.5 by default
    assert not PassingMention(coef, 0.0, {"threshold": 0.8}).unanswered(at)
    assert PassingMention(coef, 0.0, {"threshold": 0.6}).unanswered(at)


def test_the_unnamed_kind_model_is_asked_only_about_the_bundled_articles_claims(assistant) -> None:
    """An ingested document may name banks: among the best claims, it leaves the question to the rest."""
    from assistant.scope import Lexicon

    question = replace(analyse("Which banks run PyTorch?"), property="adoption")
    vectors = np.asarray(assistant.retriever.embed([question.text, question.masked]))
    lexicon = Lexicon.of(assistant.retriever.claims)
    bundled = [Hit(claim=c, score=0.6, dense=0.6, lexical=0.6) for c in assistant.retriever.claims[:2]]
    assert assistant._unnamed_kind(question, vectors, bundled, lexicon)
    text = "Two retail banks moved their fraud models to PyTorch last year."
    claim = make_claim(text, "notes", frameworks=("pytorch",), subject="pytorch", favors="pytorch", topic="adoption")
    ingested = [*bundled, Hit(claim=claim, score=0.6, dense=0.6, lexical=0.6)]
    assert not assistant._unnamed_kind(question, vectors, ingested, lexicon)

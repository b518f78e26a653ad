"""When an answer abstains: the question model's scope for the bundled article, the similarity rule for claims of
documents ingested later, and what a measurement made here may still answer."""

from __future__ import annotations

from dataclasses import replace

from assistant.question import analyse
from assistant.scope import (
    ABSTAIN_THRESHOLD,
    UNANCHORED_THRESHOLD,
    Lexicon,
    Scope,
    judge_silence,
    unnamed_organisations,
)
from knowledge.documents import BUNDLED_ID
from knowledge.retriever import Hit
from tests.claims import make_claim

KNOWN = Lexicon(frozenset({"which", "framework", "is", "better", "for", "research"}), frozenset({"Google", "Twitter"}))


def _hit(document_id: str) -> Hit:
    text = "PyTorch is the framework of choice for research."
    claim = make_claim(text, document_id, topic="research", kind="evaluative", testable=False)
    return Hit(claim=claim, score=0.5, dense=0.5, lexical=0.5)


def _scope(confidence: float, coverage: float = 0.5) -> Scope:
    return Scope(confidence, 1.0, confidence, coverage)


QUESTION = analyse("Which framework is better for research?")


def test_the_question_models_scope_decides_where_the_best_claim_is_the_bundled_articles() -> None:
    bundled = [_hit(BUNDLED_ID)]
    low = _scope(ABSTAIN_THRESHOLD - 0.2)
    # Read as in scope, it is answered however few words it shares with the claims ...
    assert not judge_silence(replace(QUESTION, in_scope=True), low, bundled, KNOWN).silent
    # ... and read as off topic it is refused, however many, with no measurement in its place.
    refused = judge_silence(replace(QUESTION, in_scope=False), _scope(0.65), bundled, KNOWN)
    assert refused.silent and refused.refused


def test_a_question_every_word_of_which_the_best_claims_hold_closely_is_answered_whatever_the_model_read() -> None:
    bundled = [_hit(BUNDLED_ID)]
    off = replace(QUESTION, in_scope=False)
    assert not judge_silence(off, _scope(UNANCHORED_THRESHOLD, coverage=1.0), bundled, KNOWN).silent
    assert judge_silence(off, _scope(UNANCHORED_THRESHOLD - 0.01, coverage=1.0), bundled, KNOWN).silent
    assert judge_silence(off, _scope(0.9, coverage=0.75), bundled, KNOWN).silent


def test_claims_of_an_ingested_document_are_judged_by_the_similarity_rule() -> None:
    """The model never saw an ingested document: its off-topic reading alone refuses nothing there."""
    ingested = [_hit("our-notes")]
    off = replace(QUESTION, in_scope=False)
    assert not judge_silence(off, _scope(ABSTAIN_THRESHOLD + 0.1), ingested, KNOWN).silent
    low = judge_silence(replace(QUESTION, in_scope=True), _scope(ABSTAIN_THRESHOLD - 0.1), ingested, KNOWN)
    assert low.silent and not low.refused  # the article is silent; a measurement may still answer
    # A name the claims never use, read as off topic: refused.
    foreign = replace(analyse("Which framework is better for TensorRT?"), in_scope=False)
    assert judge_silence(foreign, _scope(ABSTAIN_THRESHOLD + 0.1), ingested, KNOWN).refused


def test_the_organisations_a_question_names_that_the_claims_never_do() -> None:
    known = Lexicon(frozenset({"academia", "netflix", "which", "does"}), frozenset({"Google", "Twitter"}))
    assert unnamed_organisations("Which framework does Hulu use?", known) == ("Hulu",)
    assert unnamed_organisations("Does Hugging Face run on PyTorch, per the article?", known) == ("Hugging Face",)
    assert unnamed_organisations("Which framework does Hulu use? Hulu! Hulu! Hulu!", known) == ("Hulu",)
    # a sentence's first word, a framework's name and a short acronym are no organisation
    assert unnamed_organisations("Does TensorFlow run on a CPU?", known) == ()
    # one name the claims use, in any case (an ingested sentence may open with it): about what they say
    assert unnamed_organisations("Google Brain or DeepMind: who built TensorFlow?", known) == ()
    assert unnamed_organisations("Who uses PyTorch in Academia?", known) == ()
    assert unnamed_organisations("Which framework does Netflix use?", known) == ()
    # a question in capitals names nothing this way, nor does a word no name is as long as
    assert unnamed_organisations("WHICH FRAMEWORK DOES HULU USE?", known) == ()
    # notes in words in brackets, before or after the question, say how it came, not what it asks about
    assert unnamed_organisations("(translated from Hungarian) Who made PyTorch?", known) == ()
    assert unnamed_organisations("Who made PyTorch? (translated from Hungarian)", known) == ()
    assert unnamed_organisations(
        "[asked at Q&A, Hall B] (translated from Czech) Which framework does Hulu use?", known
    ) == ("Hulu",)
    assert unnamed_organisations("Who uses " + "A" * 500 + "?", known) == ()


def test_who_uses_a_framework_named_by_an_organisation_the_claims_never_name_is_not_answered() -> None:
    question = replace(analyse("Which framework does Netflix use?"), property="adoption")
    silence = judge_silence(question, _scope(0.9), [_hit(BUNDLED_ID)], KNOWN)
    assert silence.silent and silence.unnamed == ("Netflix",)
    assert not judge_silence(replace(question, property="research"), _scope(0.9), [_hit(BUNDLED_ID)], KNOWN).silent

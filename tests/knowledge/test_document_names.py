"""Names a document gives the frameworks ("Option A (PyTorch)"): learned where it defines them, read as the
frameworks in every claim that uses them, while the claim keeps the author's words."""

from __future__ import annotations

import pytest

from knowledge.claims import Claim
from knowledge.documents import Document
from knowledge.extraction import extract_claims
from knowledge.frameworks import DocumentNames, defined_names


@pytest.mark.parametrize(
    ("definition", "name", "framework"),
    [
        ("We compared Option A (PyTorch 2.5) with the alternative.", "Option A", "pytorch"),
        ("Stack 1 = torch 2.5.1, and nothing else changed.", "Stack 1", "pytorch"),
        ("Candidate Y is the TensorFlow 2.18 stack from the platform team.", "Candidate Y", "tensorflow"),
        ("We call the PyTorch build Heron and the TensorFlow build Kestrel.", "Kestrel", "tensorflow"),
        ("The TensorFlow service, codenamed Osprey, stays up.", "Osprey", "tensorflow"),
        ('Here "the incumbent" is our current stack, TensorFlow 2.18 with Keras 3.', "the incumbent", "tensorflow"),
        ("TensorFlow 2.18 (Option B) is the other.", "Option B", "tensorflow"),
    ],
)
def test_a_definition_names_one_framework(definition: str, name: str, framework: str) -> None:
    assert (name, framework) in defined_names([definition, "the rest of the page"]).names


@pytest.mark.parametrize(
    "sentence",
    [
        "It is PyTorch that most students know.",
        "Image is slimmer too, the PyTorch one by far.",
        "The service ran until October (TF 2.17) and moved after that.",
        "RECSYS TRAINER MIGRATION (TF → PyTorch)",
        "Option A is faster than PyTorch on this box.",
        "The per-batch step on the MLP was 14 ms in torch.",
    ],
)
def test_sentences_that_define_no_name(sentence: str) -> None:
    assert defined_names([sentence, "it is the image of what was done until the end"]).names == ()


def test_a_name_given_to_both_frameworks_names_neither() -> None:
    assert defined_names(["Option A (PyTorch) first.", "Later, Option A (TensorFlow) again."]).names == ()


def test_an_ordinary_word_is_a_name_only_as_a_heading_or_after_the() -> None:
    names = defined_names(["Before (TF 2.17)", "After (PyTorch 2.5)", "It was slow before the upgrade."])
    assert names.resolve("Before") == "TensorFlow"
    assert names.resolve("It was slow before the upgrade.") == "It was slow before the upgrade."
    incumbent = DocumentNames((("the incumbent", "tensorflow"),))
    assert incumbent.resolve("The incumbent's wheel is larger.") == "TensorFlow's wheel is larger."


def test_a_capitalised_name_reads_as_its_framework_and_its_makers_name_too() -> None:
    names = defined_names(["Stack 1 = torch 2.5.1, Stack 2 = tensorflow 2.18.0"])
    assert (
        names.resolve("Stack 2's wheels weigh more than Stack 1's.") == "TensorFlow's wheels weigh more than PyTorch's."
    )
    assert (
        names.resolve("Google's framework is ahead; Meta's library trails.") == "TensorFlow is ahead; PyTorch trails."
    )


def test_a_claim_keeps_the_authors_words_and_is_read_with_the_names() -> None:
    text = (
        "# Runtime bake-off\n\nWe call the PyTorch 2.5 build Wren and the TensorFlow 2.18 build Magpie.\n\n"
        "## Results\n\nMagpie is slower to import than Wren.\n"
    )
    claims = extract_claims(Document("bakeoff", "Bake-off", text, "text/markdown", "test"))
    claim = next(c for c in claims if c.text.startswith("Magpie is"))
    assert claim.text == "Magpie is slower to import than Wren."
    assert claim.read_text == "TensorFlow is slower to import than PyTorch."
    assert claim.names == (("Magpie", "tensorflow"), ("Wren", "pytorch"))
    assert (claim.subject, claim.favors, claim.frameworks) == ("tensorflow", "pytorch", ("tensorflow", "pytorch"))
    assert Claim.from_dict(claim.to_dict()) == claim


def test_a_name_defined_after_a_preposition_or_a_comma_counts() -> None:
    names = defined_names(["We benchmark with PyTorch 2.5 (Option A) and TensorFlow 2.18 (Option B)."])
    assert names.resolve("Option A imports faster than Option B.") == "PyTorch imports faster than TensorFlow."
    assert ("Wren", "pytorch") in defined_names(["Results for PyTorch, which we call Wren."]).names


@pytest.mark.parametrize(
    "sentence",
    [
        "Meta (PyTorch) and Google (TensorFlow) back them.",
        "CUDA (PyTorch 2.5 wheel) is large.",
        "A (TensorFlow) model.",
    ],
)
def test_makers_tools_and_articles_are_not_names(sentence: str) -> None:
    assert defined_names([sentence, "a model, the end"]).names == ()


def test_a_claim_naming_a_framework_by_its_maker_is_read_as_that_framework() -> None:
    text = "# Notes\n\n## Start-up\n\nMeta's framework imported in 1.3 s while TensorFlow took 3.6 s.\n"
    claim = extract_claims(Document("makers", "Makers", text, "text/markdown", "test"))[0]
    assert claim.text.startswith("Meta's framework")
    assert claim.read_text == "PyTorch imported in 1.3 s while TensorFlow took 3.6 s."

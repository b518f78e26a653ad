from __future__ import annotations

import re

from knowledge.claims import FAVORS, KINDS, TOPICS
from knowledge.documents import Document, bundled_document
from knowledge.extraction import extract_claims


def _find(claims, *needles):
    matches = [c for c in claims if all(n.lower() in c.text.lower() for n in needles)]
    assert matches, f"no claim mentions {needles}"
    return matches[0]


def test_every_quote_is_the_document_slice_at_its_offsets(bundled_claims):
    text = bundled_document().text
    for claim in bundled_claims:
        assert text[claim.start : claim.end] == claim.quote
        assert claim.quote.strip()


def test_labels_stay_in_their_vocabularies(bundled_claims):
    assert len(bundled_claims) == 87
    for claim in bundled_claims:
        assert claim.favors in FAVORS and claim.subject in FAVORS
        assert claim.topic in TOPICS and claim.kind in KINDS
        assert claim.aspects[0] == claim.topic


def test_ids_are_stable_and_unique(bundled_claims):
    again = extract_claims(bundled_document())
    assert [c.id for c in again] == [c.id for c in bundled_claims]
    assert len({c.id for c in bundled_claims}) == len(bundled_claims)


def test_captions_link_lines_resources_and_labels_are_not_claims(bundled_claims):
    texts = " ".join(c.quote for c in bundled_claims)
    assert "Intro graphic" not in texts and "Alt Text" not in texts
    assert "visit:" not in texts
    assert "YouTube" not in texts and "OpenCV Blog" not in texts
    assert all(c.quote not in {"Key Benefits:", "Key Benefits", "---|---|"} for c in bundled_claims)


def test_bullets_are_read_with_their_heading(bundled_claims):
    claim = _find(bundled_claims, "Real-time debugging")
    assert claim.text == "Key Benefits: Real-time debugging" and claim.quote.startswith("Key Benefits:")
    assert claim.quote.endswith("Real-time debugging")
    assert claim.context == "Debugging Simplicity with PyTorch —"
    assert claim.favors == "pytorch" and claim.topic == "debugging"
    long_item = _find(bundled_claims, "Native Python tools compatibility")
    assert long_item.text == "Native Python tools compatibility"
    assert long_item.context == "Debugging Simplicity with PyTorch — Key Benefits:"


def test_claim_text_is_the_authors_words_and_never_names_what_the_author_did_not(bundled_claims):
    text = bundled_document().text
    for claim in bundled_claims:
        for word in claim.text.replace("—", " ").split():
            assert word.rstrip(":") in text, (word, claim.text)


def test_comparison_table_gives_one_claim_per_framework(bundled_claims):
    pt = _find(bundled_claims, "Deployment Tools — Pytorch")
    tf = _find(bundled_claims, "Deployment Tools — TensorFlow")
    assert pt.quote == "TorchScript, ONNX, expanding but newer" and pt.favors == "pytorch"
    assert tf.quote.startswith("TensorFlow Serving, Lite, JS") and tf.favors == "tensorflow"
    assert pt.topic == tf.topic == "deployment"


def test_cons_are_about_one_framework_and_credit_the_other(bundled_claims):
    con = _find(bundled_claims, "Historically complex API")
    assert con.subject == "tensorflow" and con.favors == "pytorch" and con.topic == "cons"


def test_pronouns_get_their_framework_as_subject_not_in_the_text(bundled_claims):
    claim = _find(bundled_claims, "incredibly flexible tool")
    assert (
        claim.text
        == claim.quote
        == ("This makes it an incredibly flexible tool, especially suited for research and rapid prototyping.")
    )
    assert claim.subject == "pytorch" and claim.context == "PyTorch:"
    assert claim.searchable_text == f"PyTorch: {claim.text}"
    reach = _find(bundled_claims, "Few frameworks match")
    assert reach.text == "Few frameworks match its reach."
    assert reach.subject == reach.favors == "tensorflow" and "tensorflow" in reach.frameworks


def test_faq_pairs_question_and_answer(bundled_claims):
    faq = _find(bundled_claims, "AutoML?", "strong lead")
    assert faq.quote.startswith("Which framework is better suited") and faq.quote.endswith("broader audience.")
    assert faq.favors == "tensorflow" and faq.topic == "automl"


def test_ratings_are_read_as_numbers(bundled_claims):
    ratings = {c.subject: c.rating for c in bundled_claims if c.kind == "rating"}
    assert ratings == {"pytorch": 0.9, "tensorflow": 0.92}


def test_topics_and_testability(bundled_claims):
    assert _find(bundled_claims, "Keras Tuner").topic == "automl"
    assert _find(bundled_claims, "Automated Tuning").context == "TensorFlow AutoML Features —"
    assert _find(bundled_claims, "developed by Google").topic == "origin"
    assert _find(bundled_claims, "alternatives like JAX").favors == "neither"
    assert not _find(bundled_claims, "Airbnb").testable
    assert _find(bundled_claims, "TorchScript for serializing").testable
    assert "Keras Tuner" in _find(bundled_claims, "Keras Tuner").terms


def test_markdown_document_is_read_the_same_way():
    text = (
        "# Framework notes\n\n## Serving with TensorFlow\n\nTensorFlow Serving runs models behind gRPC. "
        "It batches requests.\n\n| Feature | PyTorch | TensorFlow |\n|---|---|---|\n"
        "| Export | TorchScript | SavedModel |\n\n![diagram](x.png)\n"
    )
    claims = extract_claims(Document("notes", "Notes", text, "text/markdown", "test"))
    texts = [c.text for c in claims]
    batches = claims[texts.index("It batches requests.")]
    assert batches.subject == "tensorflow" and batches.context == "TensorFlow:"
    assert "Export — PyTorch: TorchScript" in texts and "Export — TensorFlow: SavedModel" in texts
    assert all("diagram" not in t for t in texts)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote


def test_short_quotes_are_cited_with_their_row_or_label(bundled_claims):
    for claim in bundled_claims:
        assert len(claim.quote.split()) >= 3, claim.quote
    lite = _find(bundled_claims, "Mobile — TensorFlow Tools Available")
    assert lite.quote == "Mobile | TensorFlow Lite"


def test_introduction_and_sentences_about_the_article_are_not_claims(bundled_claims):
    texts = " ".join(c.text for c in bundled_claims)
    for meta in ("By the end, readers", "This article goes beyond", "ever-evolving field", "In this section, readers"):
        assert meta not in texts
    assert all(c.section for c in bundled_claims)


def test_claims_record_the_strengths_and_weaknesses_they_state(bundled_claims):
    heavy = _find(bundled_claims, "can be heavy for smaller applications")
    assert heavy.weaknesses == ("tensorflow",) and heavy.strengths == ()
    newer = _find(bundled_claims, "Deployment Tools — Pytorch")
    assert newer.weaknesses == ("pytorch",)
    mature = _find(bundled_claims, "Deployment Tools — TensorFlow")
    assert mature.strengths == ("tensorflow",) and mature.weaknesses == ()
    origin = _find(bundled_claims, "launched by Facebook")
    assert origin.topic == "origin" and origin.strengths == origin.weaknesses == ()


def test_stance_survives_a_round_trip(bundled_claims):
    from knowledge.claims import Claim

    for claim in bundled_claims:
        assert Claim.from_dict(claim.to_dict()) == claim
    legacy = bundled_claims[0].to_dict()
    del legacy["strengths"], legacy["weaknesses"]
    assert Claim.from_dict(legacy).weaknesses == ()


def test_a_document_without_headings_is_all_content():
    text = "Short answer: PyTorch imports faster on our VM.\n\nMemory after import is lower with PyTorch as well.\n"
    claims = extract_claims(Document("forum", "Forum", text, "text/markdown", "test"))
    assert [c.text for c in claims] == [
        "Short answer: PyTorch imports faster on our VM.",
        "Memory after import is lower with PyTorch as well.",
    ]


def test_a_sentence_that_names_only_the_other_framework_keeps_its_sections_framework():
    text = (
        "# Scorecard\n\n## PyTorch\n\n### Pros\n\n- Lean CPU-only install, roughly a third of TensorFlow's on disk\n"
        "- PyTorch imports quickly\n"
    )
    claims = extract_claims(Document("card", "Card", text, "text/markdown", "test"))
    lean = _find(claims, "Lean CPU-only install")
    assert lean.context.startswith("PyTorch:") and lean.text.startswith("Lean")  # the author's words, unchanged
    assert _find(claims, "PyTorch imports quickly").context == ""  # it names its own framework


def test_a_score_is_a_rating_only_out_of_a_maximum_or_a_reviewers():
    from knowledge.labels import classify_topic

    assert classify_topic("Our score: 4.6 / 5 for PyTorch.") == "rating"
    assert classify_topic("Each score reflects how the framework performs across usability and support.") == "rating"
    # A case study about a fraud-scoring service: its claims must stay linkable (a rating never links).
    assert classify_topic("On a cold container, the fraud scoring service imported torch in a third of the time.") != (
        "rating"
    )
    assert classify_topic("Ledgerline scores forty million transactions a day.") != "rating"


def test_a_table_that_opens_with_sentences_has_no_header_and_its_cells_are_read_as_prose():
    text = (
        "Written in Python, C++ and CUDA. | Written in Python, C++ and CUDA, and based on Torch. |\n"
        "Learning Curve: Steep and a bit difficult to learn. | Learning Curve: Easy to learn. |\n"
        "Debugging: Needs the TensorFlow debugger tool. | Debugging: PyTorch works with pdb. |\n"
    )
    claims = extract_claims(Document("pasted", "Pasted", text, "text/plain", "test"))
    texts = [claim.text for claim in claims]
    assert "Debugging: PyTorch works with pdb." in texts
    assert "Learning Curve: Easy to learn." in texts
    assert not any("C++" in claim.text and "Learning" in claim.text for claim in claims)  # no row under row one
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote


def test_a_table_whose_first_row_titles_its_columns_still_has_a_header():
    text = "| Check | PyTorch | TensorFlow |\n|---|---|---|\n| Export to ONNX | works | works |\n"
    claims = extract_claims(Document("t", "T", text, "text/markdown", "test"))
    assert any("PyTorch" in claim.text and "Export to ONNX" in claim.text for claim in claims)


def test_a_question_before_a_table_of_sentences_does_not_stick_to_its_cells_or_the_prose_after():
    text = (
        "Which one should I pick?\n\n"
        "Developed by Google. | Developed by Meta. |\n"
        "Debugging: Needs the TensorFlow debugger tool. | Debugging: PyTorch works with pdb. |\n\n"
        "PyTorch imports in half the time of TensorFlow on our laptops.\n"
    )
    claims = extract_claims(Document("pasted", "Pasted", text, "text/plain", "test"))
    assert not any(claim.text.startswith("Which one") for claim in claims)
    assert "PyTorch imports in half the time of TensorFlow on our laptops." in [claim.text for claim in claims]


def test_a_row_of_years_is_no_count_to_compare():
    text = "| Fact | PyTorch | TensorFlow |\n|---|---|---|\n| Initial release | 2016 | 2015 |\n"
    claims = extract_claims(Document("t", "T", text, "text/markdown", "test"))
    assert not any("2016; " in claim.text or "2015; " in claim.text for claim in claims)


def test_a_short_lede_is_passed_over_but_a_body_under_a_late_heading_is_content() -> None:
    """A post whose only heading is "Comments", after all of it, is no lede: its sentences are claims."""
    lede = "Everyone compares these two.\n\nHere is what we found.\n\n# Results\n\nPyTorch imports faster.\n"
    assert [c.text for c in extract_claims(Document("l", "L", lede, "text/markdown", "test"))] == [
        "PyTorch imports faster."
    ]
    three = "".join(f"Point {n} sets the scene.\n\n" for n in range(1, 4)) + "# Results\n\nPyTorch imports faster.\n"
    assert len(extract_claims(Document("t", "T", three, "text/markdown", "test"))) == 1  # at most three: a lede
    four = "Point 4 adds one more.\n\n" + three
    assert len(extract_claims(Document("f", "F", four, "text/markdown", "test"))) == 5  # four: content
    post = "".join(f"Finding {n}: TensorFlow holds more memory after import than PyTorch.\n\n" for n in range(1, 6))
    post += "# Comments\n\nGreat post.\n"
    claims = extract_claims(Document("post", "Post", post, "text/markdown", "test"))
    assert [c.text for c in claims][:2] == [
        "Finding 1: TensorFlow holds more memory after import than PyTorch.",
        "Finding 2: TensorFlow holds more memory after import than PyTorch.",
    ]


def test_the_opening_of_a_page_about_one_framework_is_content() -> None:
    """A reference page's opening defines its subject ("it avoids copying data"): it is no lede to pass over."""
    page = (
        "as_tensor\n\nIn PyTorch, as_tensor converts NumPy arrays into tensors. When possible, it avoids copying data."
        "\n\n# Syntax\n\nThe PyTorch call takes the data and a dtype.\n"
    )
    claims = extract_claims(Document("ref", "Ref", page, "text/markdown", "test"))
    avoids = _find(claims, "avoids copying")
    assert (avoids.context, avoids.subject) == ("PyTorch:", "pytorch")
    both = page.replace("a dtype.", "a dtype, as TensorFlow's convert_to_tensor does.")
    assert "When possible, it avoids copying data." not in {
        c.text for c in extract_claims(Document("both", "Both", both, "text/markdown", "test"))
    }  # a page on both frameworks opens with a lede


def test_a_document_about_one_framework_lends_it_to_sentences_that_name_none() -> None:
    tutorial = (
        "# Tensors and NumPy\n\nPyTorch tensors convert to NumPy arrays with one call.\n\n"
        "In PyTorch that call is the tensor's numpy method.\n\n"
        "## Sharing memory\n\nThe returned array shares the same underlying buffer with the tensor storage.\n"
    )
    claims = extract_claims(Document("tutorial", "Tutorial", tutorial, "text/markdown", "test"))
    shared = _find(claims, "underlying buffer")
    assert shared.context == "PyTorch:" and shared.subject == "pytorch"
    assert shared.text == "The returned array shares the same underlying buffer with the tensor storage."
    both = tutorial.replace("with one call.", "with one call, as TensorFlow tensors do with .numpy().")
    compared = extract_claims(Document("both", "Both", both, "text/markdown", "test"))
    assert _find(compared, "underlying buffer").context == ""


def test_a_passing_mention_or_another_framework_makes_no_document_about_one_framework() -> None:
    """A page on JAX that says "much as PyTorch did", or names PyTorch once, is no PyTorch page."""
    jax = (
        "# JAX and MXNet\n\nJAX traces functions much as PyTorch did with TorchScript.\n\n"
        "MXNet imports faster and its install is smaller.\n\nPyTorch is mentioned twice here.\n"
    )
    claims = extract_claims(Document("jax", "JAX", jax, "text/markdown", "test"))
    assert _find(claims, "install is smaller").context == ""
    once = "# Notes\n\nOur tutorial uses PyTorch.\n\nThe returned array shares the buffer with the tensor.\n"
    claims = extract_claims(Document("once", "Once", once, "text/markdown", "test"))
    assert _find(claims, "shares the buffer").context == ""


def test_a_pasted_run_of_whitespace_is_read_cut_short_and_the_claim_keeps_its_text() -> None:
    """A plain-text line with thousands of spaces reads as quickly as a short one (BENCHMARKS.md: 14 s before), and
    the claim's text, quote and id are the author's."""
    line = "PyTorch imports faster" + " " * 5000 + "than TensorFlow does."
    (claim,) = extract_claims(Document("spaces", "Spaces", line + "\n", "text/plain", "test"))
    assert claim.text == claim.quote == line
    assert (claim.subject, claim.favors) == ("pytorch", "pytorch")


def test_a_bullet_of_several_sentences_gives_a_claim_each_under_its_cards_framework():
    text = (
        "# Verdict\n\n### PyTorch\n\n"
        "- **Pros:** Dynamic computation graph mirrors plain Python. The `nn.Module` pattern feels natural;\n"
        "  you can use `pdb` anywhere. It imports faster than TensorFlow.\n"
        "- **Rating:** 9/10\n"
    )
    document = Document("card", "Card", text, "text/markdown", "test")
    claims = extract_claims(document)
    texts = [c.text for c in claims]
    assert "Pros: Dynamic computation graph mirrors plain Python." in texts
    assert "The nn.Module pattern feels natural; you can use pdb anywhere." in texts
    assert all(not t.startswith("Pros:") or t.endswith("Python.") for t in texts)  # one sentence each
    faster = _find(claims, "imports faster than TensorFlow")
    assert faster.context.startswith("PyTorch")  # the card's framework, though the sentence names TensorFlow
    assert faster.context.endswith("Pros:")  # and the bullet's own label, as its first sentence has it
    for claim in claims:  # each quote is the sentence's own stretch of the original text, markup and all
        assert re.sub(r"[*`]", "", " ".join(claim.quote.split())) == claim.text


def test_a_bullet_whose_sentences_are_fragments_stays_whole():
    text = "# Verdict\n\n### PyTorch\n\n- **Rating:** 9/10. Best for research.\n- Fast. Small. Great docs for all.\n"
    claims = extract_claims(Document("card", "Card", text, "text/markdown", "test"))
    assert _find(claims, "Rating: 9/10").rating == 0.9
    assert [c.text for c in claims if "Small" in c.text] == ["Fast. Small. Great docs for all."]

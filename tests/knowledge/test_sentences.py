from __future__ import annotations

from knowledge.lines import Span
from knowledge.sentences import SentenceSplitter


def test_abbreviations_decimals_and_dotted_names_do_not_end_a_sentence():
    text = "PyTorch 2.13 is 1.8x faster, e.g. on a CNN. Wrap it in tf.function and it traces. TensorFlow.js runs!"
    pieces = SentenceSplitter().split(Span(text, 100, 100 + len(text)))
    assert [p.text for p in pieces] == [
        "PyTorch 2.13 is 1.8x faster, e.g. on a CNN.",
        "Wrap it in tf.function and it traces.",
        "TensorFlow.js runs!",
    ]
    for piece in pieces:
        assert text[piece.start - 100 : piece.end - 100] == piece.text


def test_sentences_of_a_mapped_span_keep_their_original_offsets():
    original = "One *short* line\nand more. Two."
    text = "One short line and more. Two."
    origins = (0, 1, 2, 3, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, *range(17, 31))
    ends = tuple(o + 1 for o in origins)
    span = Span(text, 0, len(original), origins, ends)
    first, second = SentenceSplitter().split(span)
    assert (
        first.text == "One short line and more." and original[first.start : first.end] == "One *short* line\nand more."
    )
    assert second.text == "Two." and original[second.start : second.end] == "Two."

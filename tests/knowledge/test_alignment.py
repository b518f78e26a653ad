from __future__ import annotations

from knowledge.alignment import Aligner, Source


def test_pieces_are_placed_past_markup_and_line_breaks():
    original = "Its **breakpoints** see\n[real values](https://x.org/a) too."
    aligner = Aligner(Source(original))
    pieces = iter(["Its ", "breakpoints", " see", " ", "real values", " too."])
    span = aligner.span(pieces)
    assert span.text == "Its breakpoints see real values too."
    assert original[span.start : span.end] == original
    words = span.part(span.text.index("real"), span.text.index(" too"))
    assert original[words.start : words.end] == "real values"


def test_a_character_the_reader_changed_keeps_its_neighbours_in_place():
    original = "PyTorch \u2019s wheel"  # the reader normalised the apostrophe and dropped a space
    span = Aligner(Source(original, offset=10)).span(["PyTorch's wheel"])
    assert span.text == "PyTorch's wheel"
    assert (span.start, span.end) == (10, 10 + len(original))
    wheel = span.part(span.text.index("wheel"), len(span.text))
    assert original[wheel.start - 10 : wheel.end - 10] == "wheel"

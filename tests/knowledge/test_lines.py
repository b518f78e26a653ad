from __future__ import annotations

from knowledge.documents import Document
from knowledge.extraction import extract_claims
from knowledge.lines import LineKind, read_lines


def test_hard_wrapped_plain_text_is_read_by_paragraph():
    text = (
        "TALK NOTES\n\nThe TensorFlow workers take longer to import their\nframework than the PyTorch workers do. "
        "The speaker\nwas careful about it.\n\n- a bullet that wraps\n  onto a second line\n- another bullet\n"
    )
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert [line.kind for line in lines] == [LineKind.HEADING, LineKind.PARAGRAPH, LineKind.BULLET, LineKind.BULLET]
    assert lines[1].span.text == (
        "The TensorFlow workers take longer to import their framework than the PyTorch workers do. "
        "The speaker was careful about it."
    )
    assert lines[2].span.text == "a bullet that wraps onto a second line"
    claims = extract_claims(Document("talk", "Talk", text, "text/plain", "test"))
    first = claims[0]
    assert first.text == "The TensorFlow workers take longer to import their framework than the PyTorch workers do."
    assert first.quote == "The TensorFlow workers take longer to import their\nframework than the PyTorch workers do."


def test_text_without_blank_lines_is_read_line_by_line():
    text = "Deploying PyTorch\nPyTorch exports models with TorchScript.\nKey Benefits:\n- Real-time debugging\n"
    kinds = [line.kind for line in read_lines(text)]
    assert kinds == [LineKind.HEADING, LineKind.PARAGRAPH, LineKind.LABEL, LineKind.BULLET]

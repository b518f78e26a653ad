from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents import Document, bundled_document, document_lines, load_document
from knowledge.errors import DocumentError
from knowledge.extraction import extract_claims
from knowledge.lines import LineKind

DATA = Path(__file__).parent / "data"


def test_bundled_article_ships_as_package_data():
    doc = bundled_document()
    assert doc.id == "pytorch-vs-tensorflow"
    assert doc.text.startswith("Alt Text:") and "Keras Tuner" in doc.text
    assert doc.source.startswith("package:")


@pytest.mark.parametrize("name", ["eager-notes.md", "lab-faq.html", "short-answer.txt"])
def test_a_document_keeps_the_file_as_it_was_given(name: str):
    path = DATA / name
    doc = load_document(path)
    assert doc.text == path.read_bytes().decode("utf-8")
    for claim in extract_claims(doc):
        assert doc.text[claim.start : claim.end] == claim.quote


def test_titles_come_from_the_page_or_the_first_heading():
    assert load_document(DATA / "lab-faq.html").title.startswith("PyTorch vs TensorFlow")
    assert load_document(DATA / "eager-notes.md").title == "Eager mode, compiled graphs and what ships"
    assert load_document(DATA / "short-answer.txt").title == "Framework notes"


def test_offsets_count_characters_of_the_original_with_its_crlf_line_ends(tmp_path: Path):
    path = tmp_path / "crlf.md"
    path.write_bytes("# Notes\r\n\r\nPyTorch’s wheel is smaller\r\nthan TensorFlow’s. Café naïve.\r\n".encode())
    doc = load_document(path)
    claim = next(c for c in extract_claims(doc) if "wheel" in c.text)
    assert claim.text == "PyTorch’s wheel is smaller than TensorFlow’s."
    raw = path.read_bytes()
    prefix = raw.decode()[: claim.start].encode()
    assert raw[len(prefix) : len(prefix) + len(claim.quote.encode())].decode() == claim.quote
    assert claim.quote == "PyTorch’s wheel is smaller\r\nthan TensorFlow’s."


def test_html_stored_as_converted_text_by_older_versions_is_read_as_lines():
    legacy = "Deploying PyTorch\nPyTorch exports models with TorchScript. It also supports ONNX.\n"
    doc = Document("legacy", "Legacy", legacy, "text/html", "test")
    kinds = [line.kind for line in document_lines(doc)]
    assert kinds == [LineKind.HEADING, LineKind.PARAGRAPH]
    assert [c.text for c in extract_claims(doc)] == [
        "PyTorch exports models with TorchScript.",
        "It also supports ONNX.",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF", "unsupported file type"),
        ("empty.md", b"   \n", "has no text"),
        ("latin.txt", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("binary.txt", b"abc\x00def", "looks binary"),
    ],
)
def test_bad_documents_get_one_clear_reason(tmp_path: Path, name: str, content: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_document(path)


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "absent.md")
    folder = tmp_path / "dir.md"
    folder.mkdir()
    with pytest.raises(DocumentError, match="directory"):
        load_document(folder)

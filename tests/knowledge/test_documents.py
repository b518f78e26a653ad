from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents import bundled_document, html_to_text, load_document
from knowledge.errors import DocumentError
from knowledge.extraction import extract_claims


def test_bundled_article_ships_as_package_data():
    doc = bundled_document()
    assert doc.id == "pytorch-vs-tensorflow"
    assert doc.text.startswith("Alt Text:") and "Keras Tuner" in doc.text
    assert doc.source.startswith("package:")


def test_html_becomes_lines_the_extractor_reads(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>t</title><script>var x=1</script></head><body>"
        "<h1>Deploying PyTorch</h1><p>PyTorch exports models with TorchScript. It also supports ONNX.</p>"
        "<h2>Key points</h2><ul><li>C++ runtime for production</li></ul>"
        "<table><tr><th>Feature</th><th>PyTorch</th></tr><tr><td>Mobile</td><td>ExecuTorch</td></tr></table>"
        "<img alt='a chart'></body></html>"
    )
    doc = load_document(page)
    assert "var x" not in doc.text
    assert "- C++ runtime for production" in doc.text and "Mobile | ExecuTorch |" in doc.text
    texts = [c.text for c in extract_claims(doc)]
    assert "PyTorch also supports ONNX." in texts
    assert "Mobile — PyTorch: ExecuTorch" in texts
    assert not any("chart" in t for t in texts)


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


def test_html_to_text_keeps_table_header_separator():
    text = html_to_text("<table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>")
    assert text.splitlines() == ["A | B |", "---|---|", "1 | 2 |"]

"""Markdown, HTML and plain text through the ingest path the CLI and the API use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from knowledge.retriever import Retriever
from tests.conftest import knowledge_base_for

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("eager-notes.md", "TensorFlow 2 also executes eagerly by default, e.g. in a plain Keras training loop."),
        ("lab-faq.html", "TorchScript keeps a model loadable from C++ without Python."),
        ("short-answer.txt", "It also supports ONNX for cross-framework compatibility."),
    ],
)
def test_each_format_is_ingested_whole_and_quoted_from_the_file(tmp_path: Path, embedder, name: str, sentence: str):
    kb = knowledge_base_for(Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path / "data")}), embedder)
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    result = kb.ingest(path)
    original = path.read_bytes().decode("utf-8")
    claims = [c for c in kb.claims() if c.document_id == result.document.id]
    assert result.claims == len(claims) > 0
    assert sentence in {c.text for c in claims}
    for claim in claims:
        assert original[claim.start : claim.end] == claim.quote
    hits = Retriever(embedder, kb.load_index()).search(sentence, 3)
    assert hits[0].claim.text == sentence

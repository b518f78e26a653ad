"""``weighin ingest DIR``: every supported file in the folder, or one clear line and nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run

JAX = "# JAX notes\n\nJAX compiles NumPy-style code with XLA, which makes it faster than PyTorch on TPUs.\n"
MXNET = "# MXNet notes\n\nTensorFlow has a far larger community than MXNet. PyTorch is the favourite of researchers.\n"


@pytest.fixture
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(data))
    monkeypatch.setenv("WEIGHIN_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    return data


def folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, content in files.items():
        path = docs / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return docs


def stored_documents(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "documents").glob("*") if p.is_file()) if data.exists() else []


def test_a_folder_adds_every_supported_file_and_names_the_skipped(private_data, tmp_path, capsys):
    docs = folder(tmp_path, {"jax.md": JAX, "mxnet.txt": MXNET, "logo.png": b"\x89PNG", ".draft.md": JAX})
    (docs / "nested").mkdir()
    code, out, err = run(["ingest", str(docs)], capsys)
    assert code == 0, err
    added = [line.split(" ")[0:2] for line in out.splitlines() if line.startswith("added")]
    assert added == [["added", "'jax'"], ["added", "'mxnet'"]]
    assert out.splitlines()[-1] == "a running server on this data dir answers from it within 2 s, no restart needed"
    assert "skipped 1 file of other types: logo.png" in err
    assert stored_documents(private_data) == ["jax.json", "mxnet.json"]
    _, claims, _ = run(["claims", "--json"], capsys)
    texts = " ".join(c["text"] for c in json.loads(claims))
    assert "XLA" in texts and "MXNet" in texts


def test_a_folder_without_documents_fails_with_one_line(private_data, tmp_path, capsys):
    docs = folder(tmp_path, {"logo.png": b"\x89PNG", "notes": "no suffix"})
    code, out, err = run(["ingest", str(docs)], capsys)
    assert code == 2 and not out and err.count("\n") == 1
    assert err.startswith(f"error: {docs} holds no document to ingest (supported: ")
    assert "(none)" not in err


def test_a_folder_with_an_unusable_document_stores_none_of_them(private_data, tmp_path, capsys):
    docs = folder(tmp_path, {"jax.md": JAX, "empty.md": "# Nothing\n"})
    code, _, err = run(["ingest", str(docs)], capsys)
    assert code == 2 and err.count("\n") == 1 and "empty.md holds no statements" in err
    assert not [name for name in stored_documents(private_data) if "jax" in name]

"""Reviewed per-document exceptions override the linker for the sentences they name, and only those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluators.catalog import measured_properties
from evaluators.linking import catalog_linker
from evaluators.reviewed_links import ReviewedLinks, ReviewedLinksError, load_reviewed

HEAVIER = "TensorFlow is simply the heavier framework to carry around."
LOOP = "Keras hides the loop in fit(); in PyTorch you write it."


def write(folder: Path, sentences: list[dict[str, object]]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "notes.json").write_text(json.dumps({"document": "notes", "sentences": sentences}))
    return folder


def test_a_reviewed_sentence_links_as_reviewed_and_others_as_the_linker_says(tmp_path: Path) -> None:
    size = {"job": "framework-footprint", "metric": "installed_size", "predicts": "pytorch", "against": "tensorflow"}
    folder = write(tmp_path / "reviewed", [{"text": HEAVIER, "links": [size]}, {"text": LOOP, "links": []}])
    linker = catalog_linker()
    reviewed = ReviewedLinks(linker, load_reviewed(folder, measured_properties()))
    (link,) = reviewed.links_for(HEAVIER, "cons")
    assert (link.hypothesis.metric, link.hypothesis.predicts, link.rule) == (
        "installed_size",
        "pytorch",
        "reviewed:notes.json",
    )
    assert reviewed.links_for(LOOP, "usability") == []
    other = "Importing TensorFlow takes longer than importing torch."
    assert reviewed.links_for(other, "x") == linker.links_for(other, "x") != []
    assert reviewed.links_for(HEAVIER, "rating") == []  # gated topics stay gated


def test_a_file_naming_an_undeclared_metric_or_unreadable_is_refused(tmp_path: Path) -> None:
    bad = {"job": "framework-footprint", "metric": "no_such_metric", "predicts": "pytorch"}
    with pytest.raises(ReviewedLinksError, match="no_such_metric"):
        load_reviewed(write(tmp_path / "a", [{"text": HEAVIER, "links": [bad]}]), measured_properties())
    broken = tmp_path / "b"
    broken.mkdir()
    (broken / "x.json").write_text("{not json")
    with pytest.raises(ReviewedLinksError, match="not a reviewed-links file"):
        load_reviewed(broken, measured_properties())
    assert load_reviewed(tmp_path / "missing", measured_properties()) == {}

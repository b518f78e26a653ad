from __future__ import annotations

from pathlib import Path

from knowledge.documents import Document, load_document
from knowledge.extraction import extract_claims
from knowledge.lines import LineKind
from knowledge.markdown_reader import MarkdownReader

DATA = Path(__file__).parent / "data"


def _lines(text: str):
    return list(MarkdownReader(text).lines())


def _claims(text: str):
    return extract_claims(Document("notes", "Notes", text, "text/markdown", "test"))


def test_a_soft_wrapped_paragraph_gives_whole_sentences_quoted_across_lines():
    text = (
        "# Notes\n\nPyTorch runs eagerly, so a breakpoint set with\n`pdb` sees values. TensorFlow 2\n"
        "also runs eagerly.\n"
    )
    claims = _claims(text)
    assert [c.text for c in claims] == [
        "PyTorch runs eagerly, so a breakpoint set with pdb sees values.",
        "TensorFlow 2 also runs eagerly.",
    ]
    assert claims[0].quote == "PyTorch runs eagerly, so a breakpoint set with\n`pdb` sees values."
    assert claims[1].quote == "TensorFlow 2\nalso runs eagerly."
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote


def test_list_items_come_out_whole_even_when_wrapped():
    text = (
        "# Export\n\n- ONNX export works from PyTorch, and the model gives the same\n  answers in ONNX Runtime.\n"
        "- TorchScript saves a model without its class.\n"
    )
    bullets = [line for line in _lines(text) if line.kind is LineKind.BULLET]
    assert [b.span.text for b in bullets] == [
        "ONNX export works from PyTorch, and the model gives the same answers in ONNX Runtime.",
        "TorchScript saves a model without its class.",
    ]
    assert text[bullets[0].span.start : bullets[0].span.end].endswith("same\n  answers in ONNX Runtime.")


def test_tables_are_read_as_rows_of_cells():
    text = "# Size\n\n| Property | PyTorch | TensorFlow |\n|---|---|---|\n| Installed size | 666 MB | 1,212 MB |\n"
    rows = [line for line in _lines(text) if line.kind is LineKind.TABLE_ROW]
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["Property", "PyTorch", "TensorFlow"],
        ["Installed size", "666 MB", "1,212 MB"],
    ]
    claims = _claims(text)
    assert [c.text for c in claims] == ["Installed size — PyTorch: 666 MB; TensorFlow: 1,212 MB"]
    assert text[claims[0].start : claims[0].end] == "Installed size | 666 MB | 1,212 MB"
    assert (claims[0].subject, claims[0].favors) == ("pytorch", "pytorch")


def test_a_table_row_without_figures_to_compare_is_read_cell_by_cell():
    text = "| Aspect | PyTorch | TensorFlow |\n|---|---|---|\n| Export | TorchScript, ONNX | SavedModel |\n"
    texts = [c.text for c in _claims(text)]
    assert texts == ["Export — PyTorch: TorchScript, ONNX", "Export — TensorFlow: SavedModel"]


def test_a_row_compares_the_framework_cells_that_give_figures_and_a_dash_claims_nothing():
    text = (
        "| Metric | PyTorch eager | PyTorch compiled | TensorFlow eager | TensorFlow compiled |\n"
        "|---|---|---|---|---|\n| CNN inference (ms) | 9.2 | -- | 6.0 | n/a |\n| Export | works | -- | fails | -- |\n"
    )
    texts = [c.text for c in _claims(text)]
    assert texts[0] == "CNN inference (ms) — PyTorch eager: 9.2; TensorFlow eager: 6.0"
    assert not [t for t in texts if t.startswith("CNN inference") and t != texts[0]]
    assert "Export — PyTorch eager: works" in texts  # words are no figure: that row is read cell by cell


def test_a_compared_row_reads_its_mode_and_device_columns_as_what_its_figures_were_measured_under():
    text = (
        "| Benchmark | Mode | PyTorch 2.6 | TensorFlow 2.19 | Device | Note |\n|---|---|---|---|---|---|\n"
        "| CNN train step (ms) | compiled | 27 | 31 | CPU | median of 3 runs, 50 steps each |\n"
    )
    texts = [c.text for c in _claims(text)]
    assert texts[0] == "CNN train step (ms) (compiled, CPU) — PyTorch 2.6: 27; TensorFlow 2.19: 31"
    assert not [t for t in texts if t.endswith((": compiled", ": CPU"))]  # no claim of their own
    assert "CNN train step (ms) — Note: median of 3 runs, 50 steps each" in texts  # more than a qualifier
    verdict = (
        "| Metric | PyTorch | TensorFlow | Winner |\n|---|---|---|---|\n"
        "| Install size (MB) | 900 | 600 | TensorFlow |\n"
    )
    assert "Install size (MB) — Winner: TensorFlow" in [c.text for c in _claims(verdict)]  # a verdict is a claim


def test_a_row_of_bare_counts_or_scores_is_compared_whole():
    text = "| Metric | PyTorch | TensorFlow |\n|---|---|---|\n| Tuning trials completed (of 50) | 50 | 44 |\n"
    assert [c.text for c in _claims(text)] == ["Tuning trials completed (of 50) — PyTorch: 50; TensorFlow: 44"]
    ratios = "| Metric | PyTorch | TensorFlow |\n|---|---|---|\n| Speed-up from compiling (x) | 1.3 | 2.2 |\n"
    assert len(_claims(ratios)) == 2  # a ratio's better direction is no count's: each cell is read on its own
    failed = "| Metric | PyTorch | TensorFlow |\n|---|---|---|\n| Failed trials | 2 | 9 |\n"
    assert len(_claims(failed)) == 2  # a count of what went wrong is no count of what was done


def test_headings_make_the_section_path_and_markup_reads_as_its_text():
    text = (
        "# Frameworks\n\n## Debugging *in* `PyTorch`\n\nIts **breakpoints** see [real values](https://x.org/values) "
        "in every tensor.\n\n![a chart of step times](chart.png)\n\n```python\nimport torch  # not prose\n```\n"
    )
    claims = _claims(text)
    assert [c.text for c in claims] == ["Its breakpoints see real values in every tensor."]
    claim = claims[0]
    assert claim.section == ("Frameworks", "Debugging in PyTorch")
    assert claim.subject == "pytorch" and claim.context == "PyTorch:"
    assert claim.quote == "Its **breakpoints** see [real values](https://x.org/values) in every tensor."


def test_the_hard_wrapped_post_keeps_every_sentence_whole():
    doc = load_document(DATA / "eager-notes.md")
    texts = {c.text for c in extract_claims(doc)}
    assert (
        "Inside a function decorated with tf.function, however, the same breakpoint only sees symbolic tensors"
        " while the graph is traced." in texts
    )
    assert "LiteRT (formerly TensorFlow Lite) converts small Keras models for phones." in texts
    assert not any(t.startswith(("only sees", "loop has", "roughly")) for t in texts)


def test_cells_with_the_same_words_point_at_their_own_cells():
    text = "# Support\n\n| Feature | PyTorch | TensorFlow |\n|---|---|---|\n| ONNX export | Yes | Yes |\n"
    row = [line for line in _lines(text) if line.kind is LineKind.TABLE_ROW][1]
    starts = [cell.start for cell in row.cells]
    assert [text[cell.start : cell.end] for cell in row.cells] == ["ONNX export", "Yes", "Yes"]
    assert starts == sorted(set(starts))


def test_a_table_with_a_row_per_framework_compares_each_column_of_figures_across_rows():
    text = (
        "| Framework | Install size | Import time | Notes |\n|---|---|---|---|\n"
        "| PyTorch | 666 MB | 1.3 s | CPU wheel |\n| TensorFlow | 1,212 MB | 3.9 s | tensorflow-cpu |\n"
    )
    claims = _claims(text)
    assert [c.text for c in claims] == [
        "Install size — PyTorch: 666 MB; TensorFlow: 1,212 MB",
        "Import time — PyTorch: 1.3 s; TensorFlow: 3.9 s",
        "PyTorch — Notes: CPU wheel",
        "TensorFlow — Notes: tensorflow-cpu",
    ]
    assert text[claims[0].start : claims[0].end].startswith("PyTorch | 666 MB") and claims[0].favors == "pytorch"
    assert text[claims[0].start : claims[0].end].endswith("TensorFlow | 1,212 MB")


def test_a_cell_that_answers_no_credits_the_other_framework():
    text = "| Aspect | PyTorch | TensorFlow |\n|---|---|---|\n| ONNX export | Built in | No |\n"
    assert [(c.text, c.favors) for c in _claims(text)] == [
        ("ONNX export — PyTorch: Built in", "pytorch"),
        ("ONNX export — TensorFlow: No", "pytorch"),
    ]


def test_a_third_row_is_compared_with_each_of_the_others_and_a_dash_is_no_figure():
    text = (
        "| Framework | Install size | Step (CPU) |\n|---|---|---|\n| PyTorch | 812 MB | 38 ms |\n"
        "| TensorFlow | 1.3 GB | 52 ms |\n| TensorFlow + tf.function | — | 29 ms |\n"
    )
    texts = [c.text for c in _claims(text)]
    assert texts == [
        "Install size — PyTorch: 812 MB; TensorFlow: 1.3 GB",
        "Step (CPU) — PyTorch: 38 ms; TensorFlow: 52 ms",
        "Step (CPU) — PyTorch: 38 ms; TensorFlow + tf.function: 29 ms",
        "Step (CPU) — TensorFlow: 52 ms; TensorFlow + tf.function: 29 ms",
    ]


def test_a_section_called_scorecard_does_not_make_its_claims_ratings():
    text = "# My scorecard\n\n| Feature | PyTorch | TensorFlow |\n|---|---|---|\n| Cold import | 1.6 s | 3.9 s |\n"
    assert [c.topic != "rating" for c in _claims(text)] == [True]


def test_pipe_rows_pasted_without_the_separator_line_are_still_a_table():
    text = (
        "# Quick comparison\n\n"
        "| Feature | PyTorch | TensorFlow |\n"
        "| Deployment | TorchScript, ONNX | TF Serving, TF Lite |\n\n"
        "A sentence | with a pipe in it stays prose.\n"
    )
    lines = _lines(text)
    rows = [line for line in lines if line.kind is LineKind.TABLE_ROW]
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["Feature", "PyTorch", "TensorFlow"],
        ["Deployment", "TorchScript, ONNX", "TF Serving, TF Lite"],
    ]
    assert all(text[cell.start : cell.end] == cell.text for row in rows for cell in row.cells)
    assert [line.kind for line in lines if "stays prose" in line.span.text] == [LineKind.PARAGRAPH]
    claims = _claims(text)
    assert any(claim.text == "Deployment — TensorFlow: TF Serving, TF Lite" for claim in claims)


def test_pipes_inside_a_quote_or_without_outer_pipes_stay_prose():
    for text in ("> | a | b |\n> | c | d |\n", "We compared: PyTorch | TensorFlow | JAX\nand more | here | too\n"):
        assert LineKind.TABLE_ROW not in {line.kind for line in _lines(text)}

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


def test_a_plain_text_table_under_a_rule_of_dashes_is_read_as_a_table():
    text = (
        "Table 2: footprint on the CPU node.\n\n"
        "  Metric                 PyTorch 2.5   TensorFlow 2.18   JAX 0.4\n"
        "  ---------------------  -----------   ---------------   -------\n"
        "  Installed size (MB)          1,842             1,307       412\n"
        "  Import time (s)               1.42              3.77      0.91\n"
        "\n"
        "A paragraph after it  with two spaces  is still prose.\n"
    )
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    rows = [[cell.text for cell in line.cells] for line in lines if line.kind is LineKind.TABLE_ROW]
    assert rows == [
        ["Metric", "PyTorch 2.5", "TensorFlow 2.18", "JAX 0.4"],
        ["Installed size (MB)", "1,842", "1,307", "412"],
        ["Import time (s)", "1.42", "3.77", "0.91"],
    ]
    assert lines[-1].kind is LineKind.PARAGRAPH
    claims = extract_claims(Document("paper", "Paper", text, "text/plain", "test"))
    import_time = [c for c in claims if c.text.startswith("Import time") and "TensorFlow" in c.text]
    assert [c.text for c in import_time] == ["Import time (s) — PyTorch 2.5: 1.42; TensorFlow 2.18: 3.77"]
    assert import_time[0].favors == "pytorch"
    assert text[import_time[0].start : import_time[0].end].startswith("Import time (s)")


def test_a_heading_in_capitals_stands_alone_although_text_follows_it() -> None:
    text = "SUMMARY\nStack 1 was quicker to import.\nStack 2 won idle memory.\n\nNOTES\nNothing else.\n"
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert [(line.kind, line.span.text) for line in lines] == [
        (LineKind.HEADING, "SUMMARY"),
        (LineKind.PARAGRAPH, "Stack 1 was quicker to import. Stack 2 won idle memory."),
        (LineKind.HEADING, "NOTES"),
        (LineKind.PARAGRAPH, "Nothing else."),
    ]


def test_a_dotted_leader_joins_a_label_to_its_value_in_a_row_of_its_own() -> None:
    text = "CHECKS\n  onnx runtime parity ...... PyTorch PASS\n  tfjs conversion ... TensorFlow FAIL (max diff 4e-3)\n"
    rows = [line for line in read_lines(text) if line.kind is LineKind.TABLE_ROW]
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["onnx runtime parity", "PyTorch PASS"],
        ["tfjs conversion", "TensorFlow FAIL (max diff 4e-3)"],
    ]
    assert all(row.headless for row in rows)
    claims = extract_claims(Document("checks", "Checks", text, "text/plain", "test"))
    assert [claim.text for claim in claims] == [
        "onnx runtime parity: PyTorch PASS",
        "tfjs conversion: TensorFlow FAIL (max diff 4e-3)",
    ]


def test_a_unit_in_the_section_heading_reads_a_tables_bare_figures() -> None:
    text = (
        "STEP TIMES (ms, lower is better)\n\n"
        "  workload          PyTorch   TensorFlow\n"
        "  ----------------  -------   ----------\n"
        "  cnn train step       40.8         54.6\n"
    )
    claims = extract_claims(Document("steps", "Steps", text, "text/plain", "test"))
    assert [claim.text for claim in claims] == ["cnn train step (ms) — PyTorch: 40.8; TensorFlow: 54.6"]


def test_a_figure_with_its_unit_ends_a_sentence_before_a_capital() -> None:
    text = "The step took 40 ms. Later runs took 30 ms. Then it settled.\n"
    claims = extract_claims(Document("units", "Units", text, "text/plain", "test"))
    assert [claim.text for claim in claims] == ["The step took 40 ms.", "Later runs took 30 ms.", "Then it settled."]


def test_an_ellipsis_in_prose_or_a_capitals_word_inside_a_sentence_is_no_row_or_heading() -> None:
    text = (
        "Intro.\n\nWait... Then PyTorch crashed on import.\nIt is fast ... but slow to import.\n\n"
        "- It is fast ... but TensorFlow is memory hungry\n\nWe benchmarked on an\nNVIDIA A100 GPU\nwith PyTorch 2.5.\n"
    )
    kinds = [line.kind for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert kinds == [LineKind.PARAGRAPH, LineKind.PARAGRAPH, LineKind.BULLET, LineKind.PARAGRAPH]


def test_a_chat_export_is_read_a_message_per_line() -> None:
    """A Discord or IRC log puts one message on each line, with no full stop: the lines of a block are not one
    paragraph, and a question is no FAQ heading over the next person's reply."""
    text = (
        "#pt-vs-tf | exported 3 Dec 2026\n\n"
        "[19:02] nadia.k: ok I finally timed the imports\n"
        "[19:03] nadia.k: torch 1.4 s cold, tensorflow 3.9 s cold\n"
        "[19:04] bramw: wait, wasn't the smaller install TensorFlow's though?\n"
        "[19:05] nadia.k: yeah the smaller install was TensorFlow's\n"
    )
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK][1:]
    assert [line.kind for line in lines] == [LineKind.PARAGRAPH] * 4
    assert [line.span.text[:7] for line in lines] == ["[19:02]", "[19:03]", "[19:04]", "[19:05]"]
    assert lines[1].span.text == "[19:03] nadia.k: torch 1.4 s cold, tensorflow 3.9 s cold"
    claims = extract_claims(Document("chat", "Chat", text, "text/plain", "test"))
    assert "[19:05] nadia.k: yeah the smaller install was TensorFlow's" in [c.text for c in claims]


def test_a_slack_export_reads_author_lines_as_headings_and_every_message_as_prose() -> None:
    text = (
        "Priya Raman  09:02\nok so the image question again: do we ship torch, tf, or both?\n"
        "the budget is 1.5 GB for the whole image\n\n"
        "Jonas Eck  09:05\nTorch cpu wheel was about 750 MB\n\n"
        "Marta Silva  09:14\nspin-up too: cold start is about 2 s with torch vs 5 with tf\n"
    )
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert [line.kind for line in lines] == [
        LineKind.HEADING, LineKind.PARAGRAPH, LineKind.PARAGRAPH,
        LineKind.HEADING, LineKind.PARAGRAPH,
        LineKind.HEADING, LineKind.PARAGRAPH,
    ]  # fmt: skip
    assert lines[4].span.text == "Torch cpu wheel was about 750 MB"  # short, no full stop, and still no heading


def test_two_timestamped_lines_do_not_make_a_chat_and_a_wrapped_paragraph_is_still_joined() -> None:
    text = "At [10:02] the run began and at\n[10:07] it ended, so the import\ntook a while.\n\nNext paragraph.\n"
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert lines[0].span.text == "At [10:02] the run began and at [10:07] it ended, so the import took a while."


def test_show_notes_a_schedule_and_a_log_are_no_chat() -> None:
    """A time with no author opens a chapter or a log line, and names over times with no message under them are a
    schedule: their blocks are read as before, and a wrapped paragraph beside them is still joined."""
    text = (
        "Chapters\n[00:00] Intro\n[03:15] Why the team switched\n[12:30] Serving and deployment\n\n"
        "Keynote  09:00\nWorkshop  10:30\nLunch  12:00\n\n"
        "PyTorch made debugging much easier for the team, while\nTensorFlow Serving remained the better choice.\n"
    )
    lines = [line for line in read_lines(text) if line.kind is not LineKind.BLANK]
    assert len(lines) == 3
    assert lines[2].span.text == (
        "PyTorch made debugging much easier for the team, while TensorFlow Serving remained the better choice."
    )

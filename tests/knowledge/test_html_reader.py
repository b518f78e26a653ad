from __future__ import annotations

from pathlib import Path

from knowledge.documents import Document, load_document
from knowledge.extraction import extract_claims
from knowledge.html_reader import HtmlReader, VisibleText
from knowledge.lines import LineKind

DATA = Path(__file__).parent / "data"
BOILERPLATE = ("Home", "About us", "cookies", "Accept all", "rights reserved", "newsletter", "Privacy policy", "gtag")


def _page_claims():
    doc = load_document(DATA / "lab-faq.html")
    return doc, extract_claims(doc)


def test_navigation_cookie_banner_footer_and_scripts_are_dropped():
    doc, claims = _page_claims()
    read = " ".join(line.span.text for line in HtmlReader(doc.text).lines())
    for words in BOILERPLATE:
        assert words not in read
        assert not any(words in c.text or words in c.quote for c in claims)
    assert "TorchScript keeps a model loadable from C++ without Python." in read


def test_lists_and_tables_are_kept_as_lists_and_tables():
    doc, claims = _page_claims()
    lines = list(HtmlReader(doc.text).lines())
    bullets = [line.span.text for line in lines if line.kind is LineKind.BULLET]
    assert bullets[2] == "TensorFlow saves a SavedModel that TensorFlow Serving can load."
    rows = [[cell.text for cell in line.cells] for line in lines if line.kind is LineKind.TABLE_ROW]
    assert rows[1] == ["Eager training step (CPU)", "4.2 ms", "6.9 ms"]
    by_text = {c.text: c for c in claims}
    row = by_text[
        "Eager training step (CPU) — PyTorch: 4.2 ms; TensorFlow: 6.9 ms"
    ]  # figures compared: the row is one claim
    assert doc.text[row.start : row.end].startswith("Eager training step (CPU)") and row.favors == "pytorch"


def test_quotes_are_slices_of_the_html_source_and_text_is_what_a_reader_sees():
    doc, claims = _page_claims()
    by_text = {c.text: c for c in claims}
    memory = by_text["Importing PyTorch takes less memory as well — roughly 310 MB against 540 MB in our runs."]
    assert memory.quote == (
        "Importing PyTorch takes\n      less memory as well &mdash; roughly 310&nbsp;MB against 540&nbsp;MB"
        " in our runs."
    )
    cafe = by_text["Our café benchmark (naïve, we admit) found no winner there."]
    assert doc.text[cafe.start : cafe.end] == cafe.quote and cafe.quote.startswith("Our café\n")
    raw = (DATA / "lab-faq.html").read_bytes()
    byte_start = len(doc.text[: cafe.start].encode())
    assert raw[byte_start : byte_start + len(cafe.quote.encode())].decode() == cafe.quote
    for claim in claims:
        assert doc.text[claim.start : claim.end] == claim.quote


def test_words_also_in_the_navigation_are_found_in_the_content():
    html = (
        "<html><body><nav><a href='/'>Eager execution in TensorFlow</a></nav><main><article>"
        "<h1>Eager execution in TensorFlow</h1><p>TensorFlow 2 runs operations eagerly by default, "
        "and tf.function traces them into a graph when asked. The graph then runs without Python.</p>"
        "</article></main></body></html>"
    )
    heading = next(line for line in HtmlReader(html).lines() if line.kind is LineKind.HEADING)
    assert html[heading.span.start - 4 : heading.span.start] == "<h1>"


def test_visible_text_decodes_entities_and_skips_scripts():
    html = "<p>A &amp; B&#233;</p><script>var x = '<p>no</p>';</script><p>C</p>"
    visible = VisibleText(html)
    text = "".join(visible.chars)
    assert text == "A & Bé" + "C"
    assert html[visible.origins[2] : visible.ends[2]] == "&amp;"
    assert html[visible.origins[5] : visible.ends[5]] == "&#233;"


def test_an_html_page_goes_through_the_extractor_end_to_end():
    html = (
        "<html><head><title>t</title><script>var x=1</script></head><body><article>"
        "<h1>Deploying PyTorch</h1><p>PyTorch exports models with TorchScript for serializing models. It also "
        "supports ONNX for cross-framework compatibility.</p><h2>Key points</h2>"
        "<ul><li>The C++ runtime loads TorchScript models for production apps.</li></ul>"
        "<table><tr><th>Feature</th><th>PyTorch</th></tr><tr><td>Mobile</td><td>ExecuTorch</td></tr></table>"
        "</article></body></html>"
    )
    claims = extract_claims(Document("page", "Page", html, "text/html", "test"))
    texts = [c.text for c in claims]
    assert "It also supports ONNX for cross-framework compatibility." in texts
    assert "The C++ runtime loads TorchScript models for production apps." in texts
    assert "Mobile — PyTorch: ExecuTorch" in texts
    assert not any("var x" in t for t in texts)


def test_a_fragment_without_a_body_is_read():
    html = "<p>PyTorch exports models with TorchScript, and the C++ runtime loads them.</p>"
    lines = [line for line in HtmlReader(html).lines() if line.kind is not LineKind.BLANK]
    assert [line.span.text for line in lines] == [
        "PyTorch exports models with TorchScript, and the C++ runtime loads them."
    ]
    assert html[lines[0].span.start : lines[0].span.end] == lines[0].span.text


def test_a_table_caption_is_no_header_row():
    page = (
        "<html><body><article><h1>Nightly results</h1><p>These are the medians of the nightly benchmark job on the"
        " large CPU runner, collected over the last quarter.</p><table><caption>Table 1: median step times, lower"
        " is better</caption><thead><tr><th>Benchmark</th><th>Mode</th><th>PyTorch 2.6</th><th>TensorFlow 2.19"
        "</th></tr></thead><tbody><tr><td>CNN train step (ms)</td><td>eager</td><td>38</td><td>52</td></tr>"
        "<tr><td>Transformer train step (ms)</td><td>eager</td><td>44</td><td>41</td></tr></tbody></table>"
        "</article></body></html>"
    )
    lines = list(HtmlReader(page).lines())
    captions = [line.span.text for line in lines if line.kind is LineKind.CAPTION]
    rows = [[cell.text for cell in line.cells] for line in lines if line.kind is LineKind.TABLE_ROW]
    assert captions == ["Table 1: median step times, lower is better"]
    assert rows[0] == ["Benchmark", "Mode", "PyTorch 2.6", "TensorFlow 2.19"]
    claims = extract_claims(Document("nightly", "Nightly", page, "text/html", "test"))
    assert "CNN train step (ms) (eager) — PyTorch 2.6: 38; TensorFlow 2.19: 52" in [c.text for c in claims]


def test_a_block_the_extractor_moves_does_not_shift_the_quotes_of_the_blocks_after_it():
    """trafilatura gives a pull quote's citation before the quote: the quote is found where it is, and the table
    after it keeps quotes that are slices of the source."""
    page = (
        "<html><body><article><h1>Case study</h1><p>The team moved its scoring service from one framework to the"
        " other over a quarter, and measured everything before and after the move.</p><blockquote><p>“The first"
        " time the debugger stopped in forward() and showed us real values, the room went quiet.”</p><cite>— Dana"
        " Okafor, Head of ML Platform</cite></blockquote><h2>The results</h2><table><thead><tr><th>Measure</th>"
        "<th>Before (TensorFlow 2.17)</th><th>After (PyTorch 2.5)</th></tr></thead><tbody><tr><td>p50 latency per"
        " request</td><td>8.4 ms</td><td>7.9 ms</td></tr></tbody></table></article></body></html>"
    )
    lines = [line for line in HtmlReader(page).lines() if line.span.text]
    for line in lines:
        for cell in line.cells or (line.span,):
            assert page[cell.start : cell.end] == cell.text, cell.text
    assert any(line.span.text.startswith("“The first time") for line in lines)


def test_an_empty_cell_keeps_the_columns_after_it_under_their_headings():
    page = (
        "<html><body><article><h1>Results</h1><p>These are the medians of the nightly job on the large runner over"
        " the quarter.</p><table><thead><tr><th>Benchmark</th><th>PyTorch</th><th>TensorFlow</th><th>Note</th></tr>"
        "</thead><tbody><tr><td>CNN train step (ms)</td><td></td><td>52</td><td>PyTorch not run</td></tr>"
        "<tr><td>Import (s)</td><td>1.6</td><td>4.1</td><td></td></tr></tbody></table></article></body></html>"
    )
    rows = [[cell.text for cell in line.cells] for line in HtmlReader(page).lines() if line.cells]
    assert rows[1] == ["CNN train step (ms)", "", "52", "PyTorch not run"]
    texts = [c.text for c in extract_claims(Document("nightly", "Nightly", page, "text/html", "test"))]
    assert "CNN train step (ms) — TensorFlow: 52" in texts  # not PyTorch's: its cell is the empty one
    assert "Import (s) — PyTorch: 1.6; TensorFlow: 4.1" in texts

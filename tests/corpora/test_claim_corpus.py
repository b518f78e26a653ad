"""The labelled claim corpus (corpora/claims/) is well formed: every content sentence of every article is
labelled in order, every link names a job and metric the catalog runs, a shared property and sides the
metric reports, and the splits are as the README documents. Nothing here reads a linker."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evaluators.catalog import default_jobs
from tests.corpora.article_text import article_blocks, html_blocks

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "claims"
ARTICLES = CORPUS / "articles"
SHARED_PROPERTIES = frozenset(
    {
        "training-speed", "inference-speed", "compiled-training-speed", "graph-speedup", "torch-compile-speedup",
        "import-time", "install-size", "import-memory", "numpy-interop", "debugging", "dynamic-control-flow",
        "eager-default", "torchscript", "onnx-export", "cpp-runtime", "savedmodel-serving", "tflite-mobile",
        "tfjs-browser", "automl-tuning",
    }
)  # fmt: skip
OUTCOMES = frozenset({"works", "fails", "parity"})
DEVICES = frozenset({"cpu", "gpu"})
LINK_FIELDS = frozenset({"job", "metric", "property", "predicts", "side", "against", "device"})
RECORD_FIELDS = frozenset({"id", "article", "split", "sentence", "links", "note"})
WORD = re.compile(r"\w")
SPLITS = ("train", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10")
HELD_OUT_SPLITS = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10")


def load_labels() -> list[dict[str, Any]]:
    lines = (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def readme_table(marker: str) -> list[list[str]]:
    """The rows of the Markdown table between ``<!-- marker -->`` and ``<!-- end marker -->``."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    body = readme.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- end {marker} -->", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in body.strip().splitlines()]
    return rows[2:]


def metric_table() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """metric -> (job, property, sides), from the README."""
    return {
        metric: (job, prop, tuple(side.strip() for side in sides.split(",")))
        for job, metric, prop, sides in readme_table("metrics")
    }


LABELS = load_labels()
METRICS = metric_table()


def by_article() -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in LABELS:
        grouped.setdefault(record["article"], []).append(record)
    return grouped


def test_records_have_the_documented_fields_and_unique_ids() -> None:
    for record in LABELS:
        assert {"id", "article", "split", "sentence", "links"} <= set(record) <= RECORD_FIELDS, record["id"]
        assert record["split"] in SPLITS, record["id"]
        assert isinstance(record["links"], list), record["id"]
    ids = Counter(record["id"] for record in LABELS)
    assert [i for i, n in ids.items() if n > 1] == []


def test_ids_count_each_articles_sentences_from_one() -> None:
    for article, records in by_article().items():
        slug = Path(article).stem
        assert [r["id"] for r in records] == [f"{slug}-{n}" for n in range(1, len(records) + 1)]


def test_every_article_is_labelled_and_every_label_has_an_article() -> None:
    on_disk = {path.name for path in ARTICLES.iterdir() if path.suffix in (".md", ".html", ".txt")}
    assert set(by_article()) == on_disk
    assert len(on_disk) >= 8


@pytest.mark.parametrize("article", sorted(by_article()))
def test_labels_cover_every_content_sentence_in_order(article: str) -> None:
    """Each labelled sentence occurs in the article's content text after the previous one, and nothing
    but whitespace and punctuation lies between them or after the last."""
    text = " ".join(article_blocks(ARTICLES / article))
    cursor = 0
    for record in by_article()[article]:
        sentence = record["sentence"]
        assert sentence == " ".join(sentence.split()), f"{record['id']}: whitespace is not collapsed"
        found = text.find(sentence, cursor)
        assert found >= 0, f"{record['id']} does not occur (in order) in {article}: {sentence!r}"
        skipped = text[cursor:found]
        assert not WORD.search(skipped), f"unlabelled text before {record['id']}: {skipped!r}"
        cursor = found + len(sentence)
    assert not WORD.search(text[cursor:]), f"unlabelled text at the end of {article}: {text[cursor:]!r}"


def test_the_metric_table_names_catalog_jobs_and_shared_properties() -> None:
    catalog = {job.id for job in default_jobs()}
    assert {job for job, _, _ in METRICS.values()} <= catalog
    assert {prop for _, prop, _ in METRICS.values()} == SHARED_PROPERTIES


def test_the_metric_table_agrees_with_job_declarations_where_the_catalog_has_them() -> None:
    declared = {job.id: getattr(job, "declaration", None) for job in default_jobs()}
    if not any(declared.values()):
        pytest.skip("the catalog's jobs declare no metrics here; the README table is the reference")
    for metric, (job, prop, sides) in METRICS.items():
        declaration: Any = declared[job]
        assert declaration is not None, f"{job} declares nothing while other jobs do"
        names = {m.name: m for m in declaration.metrics}
        assert metric in names, f"{job} declares no metric {metric}"
        assert names[metric].property_id in (prop, None), f"{job}/{metric}: declared {names[metric].property_id}"
        assert set(sides) <= {side.label for side in declaration.sides}, f"{job}/{metric} sides"


def check_link(record_id: str, link: dict[str, Any]) -> None:
    assert set(link) <= LINK_FIELDS, record_id
    job, prop, sides = METRICS[link["metric"]]
    assert (link["job"], link["property"]) == (job, prop), f"{record_id}: {link}"
    predicts, side, against = link["predicts"], link.get("side"), link.get("against")
    if predicts in ("works", "fails"):
        assert side in sides and against is None, f"{record_id}: {link}"
    elif predicts == "parity":
        if side is None and against is None:
            assert len(sides) == 2, f"{record_id}: parity on {link['metric']} must name its pair"
        else:
            assert side in sides and against in sides and side != against, f"{record_id}: {link}"
    else:
        assert predicts in sides and against in sides and predicts != against, f"{record_id}: {link}"
        assert side is None, record_id
    assert link.get("device", "cpu") in DEVICES, record_id


def test_every_link_names_a_reported_metric_its_property_and_its_sides() -> None:
    for record in LABELS:
        for link in record["links"]:
            check_link(record["id"], link)


def test_links_are_not_repeated_within_a_sentence() -> None:
    for record in LABELS:
        keys = [json.dumps(link, sort_keys=True) for link in record["links"]]
        assert len(keys) == len(set(keys)), record["id"]


def split_counts() -> dict[str, list[int]]:
    counts: dict[str, tuple[set[str], list[int]]] = {}
    for record in LABELS:
        articles, figures = counts.setdefault(record["split"], (set(), [0, 0, 0]))
        articles.add(record["article"])
        figures[0] += 1
        figures[1] += bool(record["links"])
        figures[2] += len(record["links"])
    return {split: [len(articles), *figures] for split, (articles, figures) in counts.items()}


def test_split_sizes_are_as_the_readme_documents() -> None:
    documented = {row[0]: [int(cell) for cell in row[1:]] for row in readme_table("counts")}
    assert documented == split_counts()


def articles_of(split: str) -> list[str]:
    return [article for article, records in by_article().items() if {r["split"] for r in records} == {split}]


def test_whole_articles_are_held_back_and_the_held_out_splits_hold_a_fifth_including_an_html_page() -> None:
    """Whole articles form the splits; the held-out ones (test and the fresh splits) hold at least a fifth of
    the labelled sentences, so adding training articles never needs a test article to match it."""
    splits = {article: {r["split"] for r in records} for article, records in by_article().items()}
    assert all(len(split) == 1 for split in splits.values())
    assert any(article.endswith(".html") for article in articles_of("test"))
    assert sum(r["split"] != "train" for r in LABELS) >= len(LABELS) / 5


@pytest.mark.parametrize("split", HELD_OUT_SPLITS)
def test_each_fresh_split_holds_markdown_text_and_html_articles_and_enough_claims(split: str) -> None:
    """Each fresh split (written later by another engineer, never tuned on) holds whole articles in
    Markdown, plain text and HTML, and at least 45% of its sentences speak to a measurement."""
    articles = articles_of(split)
    assert {Path(article).suffix for article in articles} == {".md", ".txt", ".html"}
    records = [r for r in LABELS if r["split"] == split]
    assert len(records) >= 90
    assert sum(bool(r["links"]) for r in records) >= 0.45 * len(records)


def test_at_least_two_fifths_of_the_sentences_speak_to_a_measurement() -> None:
    assert len(LABELS) >= 240
    assert sum(bool(r["links"]) for r in LABELS) >= 0.4 * len(LABELS)


def test_the_reader_drops_boilerplate_and_code_and_keeps_inline_text() -> None:
    html = (
        "<html><head><title>T</title></head><body><nav>Home</nav><div class='cookie-banner'>We use cookies.</div>"
        "<p>PyTorch is <em>faster</em> with <code>torch.compile</code>.</p><pre>x = 1</pre>"
        "<table><tr><td>Size</td><td>Smaller</td></tr></table><footer>(c)</footer><script>var a;</script></body></html>"
    )
    assert html_blocks(html) == ["PyTorch is faster with torch.compile.", "Size Smaller"]

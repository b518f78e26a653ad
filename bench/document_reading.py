"""How well documents are read: sentence boundaries, content kept and boilerplate dropped.

Reads every article of a labelled corpus (the claim corpus's format: ``labels.jsonl``, one record per
content unit a reader sees: each sentence of a paragraph, list item or quote, each heading whole, each
table row with its cells joined by a space) and compares the units Weigh-in's readers produce:

- boundaries: precision and recall of the produced units against the labelled ones (exact match after
  whitespace is collapsed); a sentence cut in two or two sentences run together counts against both;
- content lost: labelled units whose words are nowhere in what the reader kept;
- boilerplate leaked: page furniture (listed per article in ``bench/data/reading-boilerplate.json``: nav
  links, cookie notices, footers, scripts) that appears in what the reader kept (words that the
  content itself also holds, a nav link "About" beside a table cell "About 1 s", do not count).

    PYTHONPATH=. python bench/document_reading.py tests/knowledge/data /path/to/corpora/claims [--json]

Each corpus directory holds ``labels.jsonl`` and ``articles/`` (or the articles beside the labels).
Figures are reported per split (the records' ``split``; ``fixture`` when absent) and per article.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from knowledge.documents import document_lines, load_document
from knowledge.lines import LineKind
from knowledge.sentences import SentenceSplitter

BOILERPLATE = Path(__file__).parent / "data" / "reading-boilerplate.json"
_PROSE = {LineKind.PARAGRAPH, LineKind.QUESTION, LineKind.LINK_ONLY, LineKind.CAPTION}


def _norm(text: str) -> str:
    return " ".join(text.split())


def read_units(path: Path, splitter: SentenceSplitter) -> list[str]:
    """The units a reader of ``path`` produces, in the corpus's sense of a unit."""
    units: list[str] = []
    for line in document_lines(load_document(path)):
        if line.kind is LineKind.BLANK or not line.span.text:
            continue
        if line.kind is LineKind.TABLE_ROW:
            units.append(_norm(" ".join(cell.text for cell in line.cells)))
        elif line.kind is LineKind.HEADING:
            units.append(_norm(line.span.text))
        elif line.kind is LineKind.LABEL:
            units.append(_norm(line.span.text + ":"))
        else:
            units.extend(_norm(s.text) for s in splitter.split(line.span))
    return units


def _articles(corpus: Path) -> tuple[dict[str, list[dict[str, str]]], Path]:
    records: dict[str, list[dict[str, str]]] = defaultdict(list)
    for raw in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            record = json.loads(raw)
            records[record["article"]].append(record)
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    return records, folder


def measure_article(path: Path, labelled: list[str], boilerplate: list[str], splitter: SentenceSplitter) -> dict:
    produced = read_units(path, splitter)
    want, got = Counter(_norm(s) for s in labelled), Counter(produced)
    matched = sum((want & got).values())
    kept = _norm(" ".join(produced))
    kept_words = " ".join(kept.split())
    lost = [s for s in labelled if _norm(s) not in kept_words]
    content = _norm(" ".join(labelled))
    leaked = [b for b in boilerplate if _norm(b) in kept_words and _norm(b) not in content]
    return {
        "article": path.name,
        "labelled": sum(want.values()),
        "produced": sum(got.values()),
        "matched": matched,
        "lost": lost,
        "boilerplate": len(boilerplate),
        "leaked": leaked,
        "missed_units": sorted((want - got).elements()),
        "extra_units": sorted((got - want).elements()),
    }


def summarise(rows: list[dict]) -> dict[str, float | int]:
    labelled = sum(r["labelled"] for r in rows)
    produced = sum(r["produced"] for r in rows)
    matched = sum(r["matched"] for r in rows)
    boilerplate = sum(r["boilerplate"] for r in rows)
    return {
        "articles": len(rows),
        "labelled_units": labelled,
        "boundary_precision": round(matched / produced, 4) if produced else 0.0,
        "boundary_recall": round(matched / labelled, 4) if labelled else 0.0,
        "content_lost": sum(len(r["lost"]) for r in rows),
        "content_lost_rate": round(sum(len(r["lost"]) for r in rows) / labelled, 4) if labelled else 0.0,
        "boilerplate_units": boilerplate,
        "boilerplate_leaked": sum(len(r["leaked"]) for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print every article's misses as JSON")
    args = parser.parse_args(argv)
    boilerplate: dict[str, list[str]] = json.loads(BOILERPLATE.read_text(encoding="utf-8"))
    splitter = SentenceSplitter()
    by_split: dict[str, list[dict]] = defaultdict(list)
    for corpus in args.corpora:
        records, folder = _articles(corpus)
        for article, labelled in records.items():
            row = measure_article(
                folder / article, [r["sentence"] for r in labelled], boilerplate.get(article, []), splitter
            )
            by_split[labelled[0].get("split", "fixture")].append(row)
    report = {split: {"summary": summarise(rows), "articles": rows} for split, rows in sorted(by_split.items())}
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    for split, part in report.items():
        print(split, json.dumps(part["summary"]))
        for row in part["articles"]:
            print(
                f"  {row['article']}: {row['matched']}/{row['labelled']} units matched, {row['produced']} produced,"
                f" {len(row['lost'])} lost, {len(row['leaked'])}/{row['boilerplate']} boilerplate leaked"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

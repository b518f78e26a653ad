"""Claim linking measured on the labelled claim corpus: link precision, recall and predicted side, per split.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/claim_linking.py [--split train|test|all|SPLIT] [--labels FILE]
        [--cross-validate [--folds K] [--threshold P --strength C]] [--cues-only] [--no-embedder] [--show]

Each labelled sentence (``corpora/claims/labels.jsonl``) is linked as the product links it: its article is
read and its claims extracted, and the claim with the sentence's text is linked with its topic and context
(the heading or paragraph framework it lends); a table row is linked through the claims the extractor makes
of it (the whole row where it compares figures, else one per cell, read with its column heading; in a table
with a row per framework, each column of figures compared across the rows, given to every row it spans), and
their links are pooled. A sentence no claim carries (a heading, a fragment the extractor drops) is linked on its
own, as is every sentence with ``--isolated`` (the figures before 2026-12-05's second session). A link counts when the
linker names the labelled (job, metric); its side is right when one of its hypotheses for that metric
says what the label says (the predicted side and the side it beats, ``works``/``fails`` of a side, or
``parity``). Each line also counts the labelled links of sentences that no claim carries: the product never links
those (a text the extractor words differently, a lede it passes over), so recall in the product is lower by what
of them is matched here. Targets on the test split: precision >= 0.95, recall >= 0.90, side right >= 0.95.
Tune only on train (``--cross-validate``: leave one train article out, the single sentences of
``train-extra.jsonl`` always in training unless ``--without-extra``); the test split, and any other
held-out split a corpus has (``--split fresh``), are run to report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluators.property_model import NGRAM_WEIGHT

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "corpora" / "claims" / "labels.jsonl"
THRESHOLD, CUE_THRESHOLD, STRENGTH = 0.7, 0.3, 4.0
"""The property model's settings chosen by leave-one-article-out (BENCHMARKS.md); ``bench/fit_property_model.py``
fits the shipped model with them."""


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    side_right: int = 0
    alone: int = 0
    """Labelled links of sentences that no claim of the product carries (linked here on their own)."""
    alone_matched: int = 0
    """Of those, the ones matched here: the product, which never links such a sentence, misses them."""
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        side = self.side_right / self.matched if self.matched else 1.0
        return (
            f"{name}: links predicted {self.predicted}, labelled {self.gold}, matched {self.matched}; "
            f"precision {precision:.3f}, recall {recall:.3f}, side right {side:.3f}"
            + (
                f"; {self.alone} labelled links in sentences no claim carries (recall with them missed: "
                f"{(self.matched - self.alone_matched) / self.gold:.3f})"
                if self.alone
                else ""
            )
        )


def signature(predicts: str, side: str, against: str) -> tuple[str, str]:
    if predicts in ("works", "fails"):
        return (predicts, side)
    if predicts == "parity":
        return ("parity", "")
    return (predicts, against)


View = tuple[str, str, str]
"""(text, topic, context) of a claim, as the linker's ``links_for`` takes them."""


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def document_views(rows: Iterable[dict[str, Any]], articles: Path) -> dict[str, list[View]]:
    """Label id -> the claims the product makes of that sentence in its article (see the module docstring)."""
    from knowledge.documents import document_lines, load_document
    from knowledge.extraction import extract_claims
    from knowledge.lines import LineKind

    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if "article" in row:
            by_article.setdefault(row["article"], []).append(row)
    views: dict[str, list[View]] = {}
    for article, labelled in by_article.items():
        document = load_document(articles / article)
        claims = extract_claims(document)
        by_text: dict[str, list[View]] = {}
        for claim in claims:
            by_text.setdefault(_normal(claim.text), []).append((claim.read_text, claim.topic, claim.context))
        rows_of_table: dict[str, list[View]] = {}
        for line in document_lines(document):
            if line.kind is LineKind.TABLE_ROW and line.cells:
                # a claim that compares two rows is theirs, not the rows' between them
                begins, ends = line.span.start, line.span.end
                inside = [c for c in claims if begins <= c.start < ends or begins < c.end <= ends]
                read = [(c.read_text, c.topic, c.context) for c in inside]
                rows_of_table[_normal(" ".join(cell.text for cell in line.cells))] = read
                rows_of_table.setdefault(_normal(line.span.text), read)  # "onnx parity ..... PASS"
        for row in labelled:
            key = _normal(row["sentence"])
            found = by_text.get(key) or rows_of_table.get(key)
            if found:
                views[row["id"]] = found[:1] if key in by_text else found
    return views


def score(
    rows: Iterable[dict[str, Any]], linker: Any, show: bool = False, views: dict[str, list[View]] | None = None
) -> Score:
    result = Score()
    rows = list(rows)
    views = views or {}
    read_as = {row["id"]: views.get(row["id"]) or [(row["sentence"], "", "")] for row in rows}
    linker.prepare([text for seen in read_as.values() for text, _, _ in seen])
    for row in rows:
        links = [link for view in read_as[row["id"]] for link in linker.links_for(*view)]
        found: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for link in links:
            h = link.hypothesis
            found.setdefault((h.job_id, h.metric), set()).add(signature(h.predicts, h.side, h.against))
        gold: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for label in row["links"]:
            key = (label["job"], label["metric"])
            gold.setdefault(key, set()).add(
                signature(label["predicts"], label.get("side", ""), label.get("against", ""))
            )
        result.predicted += len(found)
        result.gold += len(gold)
        alone = bool(views) and row["id"] not in views
        if alone:
            result.alone += len(gold)
            result.alone_matched += len(found.keys() & gold.keys())
        for key, sides in found.items():
            if key in gold:
                result.matched += 1
                right = bool(sides & gold[key])
                result.side_right += right
                if not right:
                    result.misses.append(f"SIDE {key} got {sorted(sides)} want {sorted(gold[key])}: {row['sentence']}")
            else:
                result.misses.append(f"EXTRA {key} {sorted(sides)}: {row['sentence']}")
        for key in gold.keys() - found.keys():
            result.misses.append(f"MISS {key} {sorted(gold[key])}: {row['sentence']}")
    if show:
        print("\n".join(result.misses))
    return result


class CachedEncoder:
    """The embedder with a cache by text: cross-validation embeds each sentence once."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.cache: dict[str, Any] = {}

    def encode(self, texts: list[str], batch_size: int = 32) -> Any:
        import numpy as np

        missing = [text for text in dict.fromkeys(texts) if text not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.encoder.encode(missing, batch_size), strict=True))
        return np.stack([self.cache[text] for text in texts]) if texts else np.zeros((0, 384), np.float32)


def cross_validate(
    rows: list[dict[str, Any]],
    encoder: Any,
    options: argparse.Namespace,
    extra: list[dict[str, Any]],
    views: dict[str, list[View]],
) -> Score:
    """Leave one training article out (or, with ``options.folds``, one of that many groups of articles: the articles
    in sorted order, every n-th in the same group): fit the property model on the others and on ``extra`` (sentences
    of no article, always in training), score the ones left out."""
    from evaluators.catalog import measured_properties
    from evaluators.linking import ClaimLinker
    from evaluators.property_model import fit_on

    properties = measured_properties()
    total = Score()
    articles = list(dict.fromkeys(row["article"] for row in rows))
    if options.folds:
        ordered = sorted(articles)
        groups = [group for k in range(options.folds) if (group := set(ordered[k :: options.folds]))]
    else:
        groups = [{article} for article in articles]
    for group in groups:
        kept = [row for row in rows if row["article"] not in group] + extra
        held = [row for row in rows if row["article"] in group]
        model = None
        if not options.cues_only:
            model = fit_on(
                kept,
                properties,
                encoder.encode,
                options.threshold,
                options.strength,
                options.cue_threshold,
                options.ngram_weight,
            )
        part = score(held, ClaimLinker(properties, encoder, model), options.show, views)
        print(part.line(f"  left out {', '.join(sorted(group))} ({len(held)} sentences)"))
        for name in ("predicted", "gold", "matched", "side_right", "alone", "alone_matched"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="train", help="train, test, all (train and test), or a corpus's own split")
    parser.add_argument("--labels", type=Path, default=LABELS, help="a labels.jsonl (default: corpora/claims)")
    parser.add_argument("--no-embedder", action="store_true", help="cue words only, no MiniLM")
    parser.add_argument("--cues-only", action="store_true", help="the embedder, but no property model")
    parser.add_argument("--cross-validate", action="store_true", help="leave one train article out (the dev measure)")
    parser.add_argument(
        "--threshold", type=float, default=THRESHOLD, help="property model threshold (cross-validation)"
    )
    parser.add_argument(
        "--cue-threshold", type=float, default=CUE_THRESHOLD, help="the same where a cue word is present"
    )
    parser.add_argument("--strength", type=float, default=STRENGTH, help="property model C (cross-validation)")
    parser.add_argument(
        "--ngram-weight", type=float, default=NGRAM_WEIGHT, help="property model n-gram block length (0: none)"
    )
    parser.add_argument(
        "--folds", type=int, default=0, help="cross-validate over this many groups of articles (0: one article each)"
    )
    parser.add_argument("--without-extra", action="store_true", help="cross-validate without train-extra.jsonl")
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument("--isolated", action="store_true", help="link each labelled sentence alone, not in its article")
    options = parser.parse_args(argv)
    if options.folds < 0:
        parser.error("--folds must be 0 (one article each) or a number of groups")
    if not options.labels.exists():
        print(f"no labelled corpus at {options.labels}", file=sys.stderr)
        return 2
    from evaluators.catalog import measured_properties
    from evaluators.linking import ClaimLinker
    from evaluators.property_model import load_model

    encoder = None
    if not options.no_embedder:
        from knowledge.embedder import MiniLMEmbedder

        encoder = CachedEncoder(MiniLMEmbedder(threads=1))
    rows = [json.loads(line) for line in options.labels.read_text().splitlines() if line.strip()]
    views = {} if options.isolated else document_views(rows, options.labels.parent / "articles")
    if options.cross_validate:
        from evaluators.property_model import training_rows

        train = [row for row in rows if row["split"] == "train"]
        extra = (
            []
            if options.without_extra
            else [row for row in training_rows(options.labels.parent) if "article" not in row]
        )
        how = f"{options.folds} folds of articles" if options.folds else "leave-one-article-out"
        line = cross_validate(train, encoder, options, extra, views).line(f"{how} over train ({len(train)})")
        print(f"{line}; train-extra sentences always in training: {len(extra)}")
        return 0
    splits = ("train", "test") if options.split == "all" else (options.split,)
    model = None if options.cues_only or encoder is None else load_model()
    for split in splits:
        linker = ClaimLinker(measured_properties(), encoder, model)
        chosen = [row for row in rows if row["split"] == split]
        if not chosen:
            print(f"no sentences of split {split!r} in {options.labels}", file=sys.stderr)
            return 2
        print(score(chosen, linker, options.show, views).line(f"{split} ({len(chosen)} sentences)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

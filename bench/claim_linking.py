"""Claim linking measured on the labelled claim corpus: link precision, recall and predicted side, per split.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/claim_linking.py [--split train|test|all] [--no-embedder] [--show]

Each labelled sentence (``corpora/claims/labels.jsonl``) is linked on its own. A link counts when the
linker names the labelled (job, metric); its side is right when one of its hypotheses for that metric
says what the label says (the predicted side and the side it beats, ``works``/``fails`` of a side, or
``parity``). Targets on the test split: precision >= 0.95, recall >= 0.90, side right >= 0.95.
Tune only on train; the test split is run to report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "corpora" / "claims" / "labels.jsonl"


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    side_right: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        side = self.side_right / self.matched if self.matched else 1.0
        return (
            f"{name}: links predicted {self.predicted}, labelled {self.gold}, matched {self.matched}; "
            f"precision {precision:.3f}, recall {recall:.3f}, side right {side:.3f}"
        )


def signature(predicts: str, side: str, against: str) -> tuple[str, str]:
    if predicts in ("works", "fails"):
        return (predicts, side)
    if predicts == "parity":
        return ("parity", "")
    return (predicts, against)


def score(rows: Iterable[dict[str, Any]], linker: Any, show: bool = False) -> Score:
    result = Score()
    rows = list(rows)
    linker.prepare([row["sentence"] for row in rows])
    for row in rows:
        links = linker.links_for(row["sentence"], "")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "test", "all"), default="train")
    parser.add_argument("--no-embedder", action="store_true", help="cue words only, no MiniLM")
    parser.add_argument("--show", action="store_true", help="print every miss")
    options = parser.parse_args(argv)
    if not LABELS.exists():
        print(f"no labelled corpus at {LABELS}", file=sys.stderr)
        return 2
    from evaluators.catalog import measured_properties
    from evaluators.linking import ClaimLinker

    encoder = None
    if not options.no_embedder:
        from knowledge.embedder import MiniLMEmbedder

        encoder = MiniLMEmbedder(threads=1)
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    splits = ("train", "test") if options.split == "all" else (options.split,)
    for split in splits:
        linker = ClaimLinker(measured_properties(), encoder)
        chosen = [row for row in rows if row["split"] == split]
        print(score(chosen, linker, options.show).line(f"{split} ({len(chosen)} sentences)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

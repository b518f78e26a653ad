"""The claim corpus' extra training sentences (corpora/claims/train-extra.jsonl) are well formed: single
sentences labelled by the same conventions and metric table as the articles, enough of them for every measured
property, enough near misses that link nothing, and none of them a sentence of a held-out article."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from tests.corpora.test_claim_corpus import CORPUS, LABELS, SHARED_PROPERTIES, check_link

EXTRA_FIELDS = frozenset({"id", "split", "sentence", "links", "note"})
PER_PROPERTY = 20
NEAR_MISSES = 300


def load_extra() -> list[dict[str, Any]]:
    lines = (CORPUS / "train-extra.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


EXTRA = load_extra()


def test_records_are_single_training_sentences_numbered_from_one() -> None:
    assert [row["id"] for row in EXTRA] == [f"extra-{n:04d}" for n in range(1, len(EXTRA) + 1)]
    for row in EXTRA:
        assert {"id", "split", "sentence", "links"} <= set(row) <= EXTRA_FIELDS, row["id"]
        assert row["split"] == "train-extra", row["id"]
        assert row["sentence"] == " ".join(row["sentence"].split()) and row["sentence"], row["id"]


def test_every_link_follows_the_metric_table() -> None:
    for row in EXTRA:
        for link in row["links"]:
            check_link(row["id"], link)


def test_every_property_has_enough_sentences_and_near_misses_are_plentiful() -> None:
    per_property = Counter(prop for row in EXTRA for prop in {link["property"] for link in row["links"]})
    assert set(per_property) == SHARED_PROPERTIES
    assert min(per_property.values()) >= PER_PROPERTY, per_property.most_common()[-3:]
    assert sum(1 for row in EXTRA if not row["links"]) >= NEAR_MISSES


def test_no_sentence_repeats_within_the_file_or_from_an_article() -> None:
    lowered = Counter(row["sentence"].lower() for row in EXTRA)
    assert [sentence for sentence, n in lowered.items() if n > 1] == []
    from_articles = {record["sentence"].lower() for record in LABELS}
    assert [row["id"] for row in EXTRA if row["sentence"].lower() in from_articles] == []

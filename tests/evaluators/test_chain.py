"""The evidence log is tamper-evident: edits made straight in the database are found and named."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from evaluators.records import EvidenceRecord
from evaluators.store import EvidenceStore
from tests.evaluators.test_store import a_job, make_record


@pytest.fixture
def five_records(evidence_store: EvidenceStore) -> list[EvidenceRecord]:
    return [
        evidence_store.append(make_record(a_job(), claims=(f"c-{i}", "c-shared"), key_figure=f"{i}x")) for i in range(5)
    ]


def tamper(store: EvidenceStore, sql: str, **params: object) -> None:
    """Change the database behind the application's back, the way someone with database access could."""
    with store._engine.begin() as connection:
        connection.execute(text(sql), params)


def test_an_untouched_log_verifies(evidence_store: EvidenceStore, five_records: list[EvidenceRecord]) -> None:
    report = evidence_store.verify()
    assert report.ok and report.records == 5
    assert report.head_hash == five_records[-1].content_hash
    assert report.describe_first() == ""


def test_an_empty_log_verifies(evidence_store: EvidenceStore) -> None:
    report = evidence_store.verify()
    assert report.ok and report.records == 0 and report.head_hash is None


@pytest.mark.parametrize(
    ("column", "value"),
    [("verdict", "contradicted"), ("key_figure", "99x"), ("duration_s", 0.5), ("metrics_json", '{"median":0.01}')],
)
def test_a_changed_field_names_its_record(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord], column: str, value: object
) -> None:
    target = five_records[2]
    tamper(evidence_store, f"UPDATE evidence_record SET {column} = :value WHERE id = :id", value=value, id=target.id)
    report = evidence_store.verify()
    assert not report.ok
    first = report.first_broken
    assert first is not None and (first.record_id, first.position) == (target.id, 3)
    assert "a field changed" in first.reason
    assert target.id in report.describe_first()


def test_a_changed_field_with_a_recomputed_hash_breaks_the_next_link(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    from dataclasses import replace

    target = five_records[1]
    forged = replace(target, verdict="contradicted").sealed(prev_hash=target.prev_hash)
    tamper(
        evidence_store,
        "UPDATE evidence_record SET verdict = 'contradicted', content_hash = :hash WHERE id = :id",
        hash=forged.content_hash,
        id=target.id,
    )
    first = evidence_store.verify().first_broken
    assert first is not None and first.record_id == five_records[2].id
    assert "link to the previous record" in first.reason


def test_a_rewritten_newest_record_is_caught_by_the_anchor(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    from dataclasses import replace

    last = five_records[-1]
    forged = replace(last, verdict="contradicted").sealed(prev_hash=last.prev_hash)
    tamper(
        evidence_store,
        "UPDATE evidence_record SET verdict = 'contradicted', content_hash = :hash WHERE id = :id",
        hash=forged.content_hash,
        id=last.id,
    )
    report = evidence_store.verify()
    assert [p.record_id for p in report.problems] == [None]
    assert "anchor" in report.describe_first()


def delete_record(store: EvidenceStore, record: EvidenceRecord) -> None:
    tamper(
        store,
        "DELETE FROM evidence_claim WHERE record_seq = (SELECT seq FROM evidence_record WHERE id = :id)",
        id=record.id,
    )
    tamper(store, "DELETE FROM evidence_record WHERE id = :id", id=record.id)


def test_a_deleted_record_breaks_the_link_of_the_one_after_it(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    delete_record(evidence_store, five_records[2])
    report = evidence_store.verify()
    first = report.first_broken
    assert first is not None and (first.record_id, first.position) == (five_records[3].id, 3)
    assert "deleted or reordered" in first.reason
    assert any("anchor says 5 records" in p.reason for p in report.problems)


def test_deleting_the_newest_records_is_caught_by_the_anchor(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    delete_record(evidence_store, five_records[4])
    delete_record(evidence_store, five_records[3])
    report = evidence_store.verify()
    assert report.records == 3 and [p.position for p in report.problems] == [0]
    assert "anchor says 5 records" in report.problems[0].reason


def test_reordered_records_break_the_chain(evidence_store: EvidenceStore, five_records: list[EvidenceRecord]) -> None:
    swap: Callable[[str, int], None] = lambda record_id, seq: tamper(  # noqa: E731
        evidence_store, "UPDATE evidence_record SET seq = :seq WHERE id = :id", seq=seq, id=record_id
    )
    tamper(evidence_store, "DELETE FROM evidence_claim")  # its foreign key would stop the move (PostgreSQL)
    swap(five_records[1].id, 1000)
    swap(five_records[2].id, 2)
    swap(five_records[1].id, 3)
    links = [p for p in evidence_store.verify().problems if "deleted or reordered" in p.reason]
    assert [(p.record_id, p.position) for p in links][:2] == [(five_records[2].id, 2), (five_records[1].id, 3)]


def test_an_edited_claim_index_is_named(evidence_store: EvidenceStore, five_records: list[EvidenceRecord]) -> None:
    tamper(evidence_store, "UPDATE evidence_claim SET claim_id = 'c-other' WHERE claim_id = 'c-3'")
    first = evidence_store.verify().first_broken
    assert first is not None and first.record_id == five_records[3].id
    assert "claim index" in first.reason
    assert evidence_store.history_for_claim("c-3") == []  # what the audit protects: per-claim history


def test_an_unreadable_field_is_reported_not_raised(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    tamper(
        evidence_store,
        "UPDATE evidence_record SET environment_json = '{not json' WHERE id = :id",
        id=five_records[0].id,
    )
    first = evidence_store.verify().first_broken
    assert first is not None and first.record_id == five_records[0].id and "unreadable" in first.reason


def test_a_deleted_anchor_is_reported_and_not_recreated(
    evidence_store: EvidenceStore, five_records: list[EvidenceRecord]
) -> None:
    delete_record(evidence_store, five_records[4])
    tamper(evidence_store, "DELETE FROM evidence_chain_head")
    reopened = EvidenceStore(evidence_store._engine)
    report = reopened.verify()
    assert [p.reason for p in report.problems] == ["the chain anchor is missing"]


def test_a_log_from_before_anchors_is_anchored_once(tmp_path) -> None:
    store = EvidenceStore(f"sqlite:///{tmp_path / 'old.db'}")
    records = [store.append(make_record(a_job())) for _ in range(2)]
    tamper(store, "DROP TABLE evidence_chain_head")
    reopened = EvidenceStore(store._engine)
    report = reopened.verify()
    assert report.ok and report.records == 2 and report.head_hash == records[-1].content_hash

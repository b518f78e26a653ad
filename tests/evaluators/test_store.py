from __future__ import annotations

from dataclasses import replace

from evaluators.records import EvidenceRecord, canonical_json
from evaluators.registry import Job, JobRegistry
from evaluators.store import EvidenceStore


def make_record(
    job: Job,
    claims: tuple[str, ...] = ("c-1",),
    verdict: str = "supported",
    fingerprint: str = "env-a",
    **changes: object,
) -> EvidenceRecord:
    record = EvidenceRecord(
        job_id=job.id,
        job_version=job.version,
        code_hash=job.code_hash,
        claim_ids=claims,
        verdict=verdict,
        rationale="because",
        metrics={"samples_s": [0.1, 0.2000000000000001], "median": 0.15},
        key_figure="1.5x",
        device="cpu",
        started_at="2025-01-01T00:00:00.000000+00:00",
        duration_s=1.25,
        environment={"os": "Linux", "versions": {"torch": "2.13.0"}},
        fingerprint_hash=fingerprint,
        links=tuple(
            {"claim_id": c, "job_id": job.id, "metric": "m", "predicts": "works", "verdict": verdict, "reason": "test"}
            for c in claims
        ),
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def a_job(target: str = "evaluators.jobs.control_flow:run", version: int = 1) -> Job:
    return Job(id="job-a", version=version, title="a", target=target, frameworks=())


def test_append_links_records_into_a_hash_chain(evidence_store: EvidenceStore) -> None:
    first = evidence_store.append(make_record(a_job()))
    second = evidence_store.append(make_record(a_job(), verdict="inconclusive"))
    assert first.prev_hash is None
    assert second.prev_hash == first.content_hash
    assert evidence_store.verify_chain() == []
    stored = evidence_store.records()
    assert [r.id for r in stored] == [first.id, second.id]
    assert stored[0] == first  # exact round trip, floats and nested JSON included
    assert stored[0].compute_hash() == stored[0].content_hash


def test_store_has_no_update_or_delete_api(evidence_store: EvidenceStore) -> None:
    public = {name for name in dir(evidence_store) if not name.startswith("_")}
    assert not {n for n in public if any(w in n for w in ("update", "delete", "remove", "replace", "clear"))}


def test_records_filter_by_claim(evidence_store: EvidenceStore) -> None:
    evidence_store.append(make_record(a_job(), claims=("c-1", "c-2")))
    evidence_store.append(make_record(a_job(), claims=("c-2",)))
    assert len(evidence_store.records("c-1")) == 1
    assert len(evidence_store.history_for_claim("c-2")) == 2
    assert evidence_store.records("c-unknown") == []


def test_latest_is_per_job_and_environment(evidence_store: EvidenceStore) -> None:
    job = a_job()
    registry = JobRegistry([job])
    evidence_store.append(make_record(job, verdict="inconclusive"))
    evidence_store.append(make_record(job, verdict="supported"))
    evidence_store.append(make_record(job, verdict="error", fingerprint="env-b"))
    latest = {r.fingerprint_hash: r.verdict for r in evidence_store.latest_for_claim("c-1", registry)}
    assert latest == {"env-a": "supported", "env-b": "error"}


def test_changed_job_code_makes_evidence_stale(evidence_store: EvidenceStore) -> None:
    old = evidence_store.append(make_record(a_job(), verdict="supported"))
    changed = JobRegistry([a_job(target="evaluators.jobs.debugging:run")])  # different module source
    assert evidence_store.is_stale(old, changed)
    assert evidence_store.latest_for_claim("c-1", changed) == []
    assert evidence_store.latest_for_claim("c-1", JobRegistry([a_job()])) == [old]
    assert evidence_store.is_stale(old, JobRegistry([a_job(version=2)]))
    assert evidence_store.is_stale(old, JobRegistry([]))
    assert len(evidence_store.history_for_claim("c-1")) == 1  # stale evidence stays in the history


def test_tampering_breaks_the_chain(evidence_store: EvidenceStore) -> None:
    from sqlalchemy import text

    record = evidence_store.append(make_record(a_job()))
    evidence_store.append(make_record(a_job()))
    with evidence_store._engine.begin() as connection:  # simulate tampering behind the API
        connection.execute(
            text("UPDATE evidence_record SET verdict = 'contradicted' WHERE id = :id"), {"id": record.id}
        )
    assert evidence_store.verify_chain() == [record.id]


def test_canonical_json_is_deterministic() -> None:
    assert canonical_json({"b": 1, "a": [1.5, "é"]}) == '{"a":[1.5,"é"],"b":1}'


def test_latest_for_several_claims_in_one_read(evidence_store: EvidenceStore) -> None:
    job = a_job()
    registry = JobRegistry([job])
    evidence_store.append(make_record(job, claims=("c-1", "c-2"), verdict="inconclusive"))
    newest = evidence_store.append(make_record(job, claims=("c-2",), verdict="supported"))
    evidence_store.append(make_record(job, claims=("c-3",), fingerprint="env-b"))
    latest = evidence_store.latest_for_claims(["c-1", "c-2", "c-none"], registry)
    assert {claim: [r.verdict for r in records] for claim, records in latest.items()} == {
        "c-1": ["inconclusive"],
        "c-2": ["supported"],
        "c-none": [],
    }
    assert latest["c-2"] == [newest]
    assert all(latest[c] == evidence_store.latest_for_claim(c, registry) for c in ("c-1", "c-2", "c-none"))


def test_reads_do_not_wait_for_a_writer_on_sqlite(tmp_path) -> None:
    """WAL lets readers read beside a writer; reads must not take the write lock (BEGIN IMMEDIATE) themselves."""
    import sqlite3
    import time

    store = EvidenceStore(f"sqlite:///{tmp_path / 'evidence.db'}")
    record = store.append(make_record(a_job()))
    writer = sqlite3.connect(tmp_path / "evidence.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of an append
    try:
        started = time.monotonic()
        assert store.head() == (1, record.content_hash)
        assert store.records() == [record] and store.verify().ok
        assert time.monotonic() - started < 2.0  # busy_timeout is 10 s: a locking read would have waited
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        store.close()

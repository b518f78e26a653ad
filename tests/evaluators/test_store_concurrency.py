"""Several processes append evidence to one database at once: nothing is lost and the chain verifies."""

from __future__ import annotations

import multiprocessing

from test_store import a_job, make_record

from evaluators.store import EvidenceStore

PROCESSES = 4
RECORDS_EACH = 12


def append_records(database_url: str, writer: int) -> list[str]:
    """One writer process: its own store and engine, appending as fast as it can."""
    store = EvidenceStore(database_url)
    try:
        job = a_job()
        return [store.append(make_record(job, claims=(f"c-{writer}-{n}",))).id for n in range(RECORDS_EACH)]
    finally:
        store.close()


def test_parallel_writers_lose_nothing_and_keep_the_chain(database_url: str) -> None:
    EvidenceStore(database_url).close()  # create the tables once, as the server does at start
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        written = pool.starmap(append_records, [(database_url, writer) for writer in range(PROCESSES)])
    store = EvidenceStore(database_url)
    try:
        stored = store.records()
        report = store.verify()
    finally:
        store.close()
    assert sorted(record.id for record in stored) == sorted(rid for ids in written for rid in ids)
    assert len(stored) == PROCESSES * RECORDS_EACH
    assert report.ok, report.problems
    for writer in range(PROCESSES):
        assert [r.claim_ids[0] for r in stored if r.claim_ids[0].startswith(f"c-{writer}-")] == [
            f"c-{writer}-{n}" for n in range(RECORDS_EACH)
        ]

"""The current evidence every answer asks for again, cached until the evidence log moves."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from evaluators.records import EvidenceRecord, not_testable_record
from evaluators.registry import Job, JobRegistry, LinkSource, jobs_for_claim
from evaluators.store import EvidenceStore

if TYPE_CHECKING:
    from knowledge.claims import Claim


class CurrentEvidenceCache:
    """What every answer asks again: each claim's jobs, its not-testable record, its current evidence.

    Current evidence is kept while the log's head (record count and last hash, read in one light query) is
    unchanged: any append, from this process or another, moves the head and empties the cache. Answers on
    several threads share it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, list[Job]] = {}
        self._not_testable: dict[str, EvidenceRecord] = {}
        self._head: tuple[int, str | None] | None = None
        self._current: dict[str, list[EvidenceRecord]] = {}

    def jobs(self, claim: Claim, registry: JobRegistry, table: LinkSource) -> list[Job]:
        if claim.id not in self._jobs:
            self._jobs[claim.id] = jobs_for_claim(claim, registry, table)
        return self._jobs[claim.id]

    def not_testable(self, claim: Claim) -> EvidenceRecord:
        if claim.id not in self._not_testable:
            self._not_testable[claim.id] = not_testable_record(claim)
        return self._not_testable[claim.id]

    def current(
        self, store: EvidenceStore, registry: JobRegistry, claim_ids: Sequence[str]
    ) -> dict[str, list[EvidenceRecord]]:
        head = store.head()
        with self._lock:
            if head != self._head:
                self._head, self._current = head, {}
            found = {claim_id: self._current[claim_id] for claim_id in claim_ids if claim_id in self._current}
        missing = [claim_id for claim_id in claim_ids if claim_id not in found]
        if missing:
            fetched = store.latest_for_claims(missing, registry)
            with self._lock:
                if self._head == head:
                    self._current.update(fetched)
            found.update(fetched)
        return found

from __future__ import annotations

from dataclasses import replace

import pytest

from evaluators.errors import UnknownClaimError, UnknownJobError
from evaluators.fingerprint import collect_fingerprint
from evaluators.registry import JobRegistry
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService, RunProgress
from evaluators.store import EvidenceStore
from knowledge.claims import Claim
from tests.claims import make_claim
from tests.evaluators.conftest import FAKE_TABLE


def claim(text: str, topic: str = "debugging") -> Claim:
    return make_claim(text, topic=topic)


FAKE_CLAIM = claim("A fake claim the fake jobs verify.")
RATING_CLAIM = replace(claim("PyTorch Rating: 4.5/5", topic="rating"), testable=False)


@pytest.fixture
def fake_service(
    fake_job_registry: JobRegistry,
    fake_job_executor: LocalSubprocessExecutor,
    evidence_store: EvidenceStore,
) -> EvaluationService:
    return EvaluationService(
        fake_job_registry,
        fake_job_executor,
        evidence_store,
        collect_fingerprint(threads=fake_job_executor.threads),  # what its workers will report
        claims=[FAKE_CLAIM, RATING_CLAIM],
        table=FAKE_TABLE,
    )


def test_run_appends_one_record_per_job_with_resolved_claims(fake_service: EvaluationService) -> None:
    events: list[RunProgress] = []
    records = fake_service.run(job_ids=["fake-succeed", "fake-raise-error"], progress=events.append)
    assert [r.verdict for r in records] == ["supported", "error"]
    assert all(r.claim_ids == (FAKE_CLAIM.id,) for r in records)
    assert records[1].rationale.endswith("RuntimeError: the fake job broke.")
    assert records[1].metrics["logs"]["stderr_tail"] is not None
    # The environment is the worker's own fingerprint: the machine that measured, pinned to the executor's threads.
    assert records[0].environment["threads"] == 1 and records[0].environment["git_commit"]
    assert records[0].fingerprint_hash == collect_fingerprint(threads=1).hash
    assert records[0].links[0]["verdict"] == "supported" and records[1].links[0]["verdict"] == "error"
    assert [(e.completed, e.total) for e in events] == [(0, 2), (1, 2), (2, 2)]
    assert fake_service.store.verify_chain() == []


def test_unknown_ids_raise_user_errors(fake_service: EvaluationService) -> None:
    with pytest.raises(UnknownJobError):
        fake_service.run(job_ids=["no-such-job"])
    with pytest.raises(UnknownClaimError):
        fake_service.run(claim_ids=["c-nope"])
    with pytest.raises(UnknownClaimError):
        fake_service.evidence_for_claim("c-nope")


def test_untestable_claim_reports_not_testable_without_storing(fake_service: EvaluationService) -> None:
    (record,) = fake_service.evidence_for_claim(RATING_CLAIM.id)
    assert record.verdict == "not_testable" and "rating" in record.rationale
    assert fake_service.claim_verdict(RATING_CLAIM.id) == "not_testable"
    assert fake_service.store.records() == []


def test_missing_jobs_shrink_as_evidence_arrives(fake_service: EvaluationService) -> None:
    assert len(fake_service.missing_or_stale_jobs([FAKE_CLAIM.id])) == len(fake_service.registry)
    fake_service.run(job_ids=["fake-succeed"])
    missing = {job.id for job in fake_service.missing_or_stale_jobs([FAKE_CLAIM.id])}
    assert "fake-succeed" not in missing and "fake-crash" in missing
    assert fake_service.claim_verdict(FAKE_CLAIM.id) == "supported"
    assert [r.job_id for r in fake_service.evidence_for_claim(FAKE_CLAIM.id)] == ["fake-succeed"]


def test_selection_by_claim_and_tier(fake_service: EvaluationService, default_job_registry: JobRegistry) -> None:
    assert len(fake_service.select_jobs(claim_ids=[FAKE_CLAIM.id])) == len(fake_service.registry)
    assert fake_service.select_jobs(claim_ids=[FAKE_CLAIM.id], tier="slow") == []
    assert fake_service.select_jobs(claim_ids=[RATING_CLAIM.id]) == []
    service = replace_registry(fake_service, default_job_registry)
    assert {j.id for j in service.select_jobs(all=True, tier="slow")} == {
        "torch-compile",
        "torch-vs-tf-compiled-step",
        "torchscript-cpp-runtime",
    }
    assert [j.id for j in service.select_jobs(job_ids=["torch-compile"])] == ["torch-compile"]  # explicit wins
    with pytest.raises(ValueError):
        service.select_jobs(all=True, tier="fast")


def replace_registry(service: EvaluationService, registry: JobRegistry) -> EvaluationService:
    return EvaluationService(
        registry, service.executor, service.store, service.fingerprint, service.claims, service.table
    )


def test_current_evidence_follows_every_append_even_through_another_store(
    fake_service: EvaluationService, fake_job_registry: JobRegistry
) -> None:
    from tests.evaluators.test_store import make_record

    assert fake_service.evidence_for_claims([FAKE_CLAIM.id]) == {FAKE_CLAIM.id: []}
    job = fake_job_registry["fake-succeed"]
    first = fake_service.store.append(make_record(job, claims=(FAKE_CLAIM.id,), verdict="inconclusive"))
    assert fake_service.evidence_for_claims([FAKE_CLAIM.id])[FAKE_CLAIM.id] == [first]
    assert fake_service.evidence_for_claims([FAKE_CLAIM.id])[FAKE_CLAIM.id] == [first]  # served from the cache
    elsewhere = EvidenceStore(fake_service.store._engine)  # as another process would: the service is not told
    second = elsewhere.append(make_record(job, claims=(FAKE_CLAIM.id,), verdict="supported"))
    assert fake_service.evidence_for_claims([FAKE_CLAIM.id])[FAKE_CLAIM.id] == [second]
    untestable = fake_service.evidence_for_claims([RATING_CLAIM.id])[RATING_CLAIM.id]
    assert [r.verdict for r in untestable] == ["not_testable"]


def test_the_same_link_is_contradicted_when_the_measurement_disagrees(
    fake_service: EvaluationService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEIGHIN_FAKE_CHECK", "fail")  # the worker's check fails this time
    (record,) = fake_service.run(job_ids=["fake-succeed"])
    assert record.verdict == "contradicted" and record.links[0]["measured"] == "fails"
    assert fake_service.claim_verdict(FAKE_CLAIM.id) == "contradicted"

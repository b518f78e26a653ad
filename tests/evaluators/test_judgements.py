"""New links are judged at once on the stored observations, as log entries an audit recomputes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from evaluators.catalog import default_registry
from evaluators.fingerprint import collect_fingerprint
from evaluators.linking import catalog_linker
from evaluators.outcome_codec import JobOutcome
from evaluators.records import is_judgement
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService, record_from_outcome
from evaluators.store import EvidenceStore
from tests.evaluators.test_service import claim

SMALLER = claim("TensorFlow is the smaller install of the two.", topic="cons")
LARGER = claim("TensorFlow is the larger install of the two.", topic="cons")
NOT_LARGER = claim("TensorFlow is not the larger install of the two.", topic="cons")
UNMEASURABLE = claim("PyTorch has a friendlier community than TensorFlow.", topic="adoption")
ON_GPU = claim("On a GPU, TensorFlow imports in less time than PyTorch.", topic="performance")


def footprint(pytorch_mb: float, tensorflow_mb: float) -> list[dict[str, Any]]:
    def value(mb: float) -> dict[str, Any]:
        return {"value": mb}

    return [
        {
            "metric": "installed_size",
            "label": "size",
            "kind": "value",
            "unit": "MB",
            "better": "lower",
            "device": "cpu",
            "sides": {"pytorch": value(pytorch_mb), "tensorflow": value(tensorflow_mb)},
        }
    ]


@pytest.fixture
def service(evidence_store: EvidenceStore) -> EvaluationService:
    registry = default_registry()
    return EvaluationService(
        registry,
        LocalSubprocessExecutor(timeout_s=5, threads=1),
        evidence_store,
        collect_fingerprint(threads=1),
        claims=[],
        table=catalog_linker(),
    )


def measure(service: EvaluationService, pytorch_mb: float, tensorflow_mb: float) -> None:
    """Append one footprint observation record, as a run of the job would (with no claims known yet)."""
    job = service.registry["framework-footprint"]
    result = {
        "observations": footprint(pytorch_mb, tensorflow_mb),
        "rationale": "r",
        "key_figure": "k",
        "device": "cpu",
    }
    outcome = JobOutcome(job=job, requested_device="cpu", started_at=datetime.now(UTC), duration_s=1.0, result=result)
    service.store.append(record_from_outcome(outcome, service.claims_for_job(job), service.fingerprint, service.table))


def verdict(service: EvaluationService, claim_id: str) -> str | None:
    return service.claim_verdict(claim_id)


def test_new_links_are_judged_at_once_and_a_claim_and_its_reversal_disagree(service: EvaluationService) -> None:
    measure(service, pytorch_mb=1212.0, tensorflow_mb=666.0)
    claims = [SMALLER, LARGER, NOT_LARGER]
    service.set_claims(claims)
    judged = service.judge_from_stored(claims)
    assert len(judged) == 3 and all(is_judgement(record) for record in judged)
    assert [verdict(service, c.id) for c in claims] == ["supported", "contradicted", "supported"]
    current = service.store.latest_of(service.store.records(), service.registry)
    observed = [record for record in current if not is_judgement(record)]
    assert len(observed) == 1 and len(current) == 4  # the measurement stays current beside its judgements
    assert service.store.latest_for_jobs(["framework-footprint"], service.registry) == observed


def test_the_same_claims_on_the_opposite_measurement_get_the_opposite_verdicts(service: EvaluationService) -> None:
    measure(service, pytorch_mb=666.0, tensorflow_mb=1212.0)
    service.set_claims([SMALLER, LARGER])
    service.judge_from_stored()
    assert [verdict(service, c.id) for c in (SMALLER, LARGER)] == ["contradicted", "supported"]


def test_a_second_ingest_adds_nothing(service: EvaluationService) -> None:
    measure(service, pytorch_mb=1212.0, tensorflow_mb=666.0)
    service.set_claims([SMALLER])
    assert len(service.judge_from_stored([SMALLER])) == 1
    count = len(service.store.records())
    assert service.judge_from_stored([SMALLER]) == []
    assert len(service.store.records()) == count


def test_no_measurable_property_and_the_wrong_device_give_no_judgement(service: EvaluationService) -> None:
    measure(service, pytorch_mb=1212.0, tensorflow_mb=666.0)
    service.set_claims([UNMEASURABLE, ON_GPU])
    assert not catalog_linker().links_for_claim(UNMEASURABLE)
    assert {link.hypothesis.device for link in catalog_linker().links_for_claim(ON_GPU)} == {"gpu"}
    assert service.judge_from_stored() == []  # the GPU claim waits for a GPU record; the other has no link
    assert verdict(service, UNMEASURABLE.id) == "not_testable"


def test_a_new_run_judges_ingested_claims_itself(service: EvaluationService) -> None:
    measure(service, pytorch_mb=1212.0, tensorflow_mb=666.0)
    service.set_claims([SMALLER])
    service.judge_from_stored()
    measure(service, pytorch_mb=666.0, tensorflow_mb=1212.0)  # the job ran again, now knowing the claim
    latest = service.store.records()[-1]
    assert not is_judgement(latest) and SMALLER.id in latest.claim_ids
    assert verdict(service, SMALLER.id) == "contradicted"
    assert service.judge_from_stored() == []


def test_judgements_verify_in_the_chain_and_a_forged_verdict_does_not_recompute(service: EvaluationService) -> None:
    measure(service, pytorch_mb=1212.0, tensorflow_mb=666.0)
    service.set_claims([SMALLER])
    (judgement,) = service.judge_from_stored()
    assert service.store.verify().ok
    forged_link = {**judgement.links[0], "verdict": "contradicted"}
    service.store.append(replace(judgement, id="forged", links=(forged_link,), prev_hash=None, content_hash=""))
    report = service.store.verify()
    assert [problem.record_id for problem in report.problems] == ["forged"]
    assert "recomputed supported, stored contradicted" in report.problems[0].reason


def test_ingesting_a_document_judges_its_links_once(tmp_path: Path, embedder: Any) -> None:
    """The CLI's ingest (``assistant.wiring.ingest_document``) judges new links on what the store holds."""
    from assistant.settings import Settings
    from assistant.wiring import build_evaluation_service, ingest_document, open_knowledge_base

    env = {"WEIGHIN_DATA_DIR": str(tmp_path), "WEIGHIN_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    settings = Settings.from_env(env)
    measure(build_evaluation_service(settings, open_knowledge_base(settings)), pytorch_mb=1212.0, tensorflow_mb=666.0)
    article = tmp_path / "notes.md"
    article.write_text("# Notes\n\nTensorFlow is the smaller install of the two.\nBoth frameworks are open source.\n")
    result, judged = ingest_document(settings, article)
    assert judged == 1 and ingest_document(settings, article)[1] == 0
    service = build_evaluation_service(settings, open_knowledge_base(settings))
    (claim,) = [c for c in service.claims if c.document_id == result.document.id and "smaller" in c.text]
    assert service.claim_verdict(claim.id) == "supported"
    assert service.store.verify().ok

"""The real verification jobs, end to end through the service, store and subprocess runner.

The default run covers a representative subset (one torch job, one TF job, a fresh-process round
trip and the TF.js availability check: about 25 s on 2 cores); the whole default tier (~2.5 min)
and the slow tier are marked slow.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from evaluators.catalog import default_registry
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.records import EvidenceRecord
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from evaluators.verdicts import VERDICTS
from knowledge.claims import Claim

REPRESENTATIVE = ("torch-dynamic-control-flow", "tf-eager-default", "torchscript-roundtrip", "tfjs-converter")
# Verdicts a healthy environment may produce per job (timing jobs may be inconclusive on a noisy box).
EXPECTED: dict[str, set[str]] = {
    "torch-dynamic-control-flow": {"supported"},
    "debugging-breakpoints": {"supported"},
    "tf-eager-default": {"supported"},
    "tf-graph-vs-eager": {"supported", "inconclusive"},
    "torch-vs-tf-training-step": {"supported", "inconclusive"},
    "numpy-interop": {"supported", "inconclusive"},
    "torchscript-roundtrip": {"supported"},
    "onnx-export": {"supported"},
    "tf-serving-artifact": {"supported"},
    "tflite-export": {"supported"},
    "tfjs-converter": {"inconclusive", "supported"},
    "automl-tuners": {"supported"},
    "framework-footprint": {"supported", "inconclusive"},
    "torch-compile": {"supported", "inconclusive", "contradicted"},
    "torchscript-cpp-runtime": {"supported"},
}


@pytest.fixture
def real_service(
    tmp_path: Path, machine_fingerprint: EnvironmentFingerprint, bundled_article_claims: list[Claim]
) -> EvaluationService:
    executor = LocalSubprocessExecutor(timeout_s=120, threads=2, memory_mb=6144)
    store = EvidenceStore(f"sqlite:///{tmp_path / 'suite.db'}")
    return EvaluationService(default_registry(), executor, store, machine_fingerprint, bundled_article_claims)


def all_numbers_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(all_numbers_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(all_numbers_finite(v) for v in value)
    return True


def check_record(record: EvidenceRecord) -> None:
    assert record.verdict in VERDICTS
    assert record.verdict in EXPECTED[record.job_id], f"{record.job_id}: {record.verdict}: {record.rationale}"
    assert record.rationale.endswith(".") and record.key_figure
    assert record.claim_ids, f"{record.job_id} verified no claim"
    assert record.device in ("cpu", "cuda")
    assert all_numbers_finite(record.metrics)
    for key, value in record.metrics.items():
        if isinstance(value, dict) and "samples_s" in value:
            assert len(value["samples_s"]) >= 5 and value["q1"] <= value["median"] <= value["q3"], key
        if key == "max_abs_diff":
            assert value <= 1e-4


def run_and_check(service: EvaluationService, **selection: Any) -> list[EvidenceRecord]:
    records = service.run(device="cpu", **selection)
    for record in records:
        check_record(record)
    assert service.store.verify_chain() == []
    return records


def test_representative_jobs_end_to_end(real_service: EvaluationService) -> None:
    records = run_and_check(real_service, job_ids=list(REPRESENTATIVE))
    assert [r.job_id for r in records] == list(REPRESENTATIVE)
    by_job = {r.job_id: r for r in records}
    assert by_job["torch-dynamic-control-flow"].metrics["correct"] is True
    assert by_job["tf-eager-default"].metrics["executing_eagerly"] is True
    assert by_job["torchscript-roundtrip"].metrics["deprecation_warnings"], "torch 2.13 deprecates TorchScript"
    some_claim = records[0].claim_ids[0]
    assert [r.job_id for r in real_service.evidence_for_claim(some_claim)]


@pytest.mark.slow
def test_whole_default_suite(real_service: EvaluationService) -> None:
    records = run_and_check(real_service, all=True, tier="default")
    assert {r.job_id for r in records} == {j.id for j in real_service.registry.in_tier("default")}
    by_job = {r.job_id: r for r in records}
    assert by_job["numpy-interop"].metrics["pytorch"]["shares_memory"] is True
    assert by_job["numpy-interop"].metrics["tensorflow"]["shares_memory"] is False
    assert by_job["debugging-breakpoints"].metrics["tf_function"]["concrete"] == 0


@pytest.mark.slow
def test_slow_tier(real_service: EvaluationService) -> None:
    records = run_and_check(real_service, all=True, tier="slow")
    assert {r.job_id for r in records} == {"torch-compile", "torchscript-cpp-runtime"}
    compile_record = next(r for r in records if r.job_id == "torch-compile")
    assert compile_record.metrics["compile_s"] > 0

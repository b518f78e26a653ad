"""The real verification jobs, run in subprocesses: each runs and reports observations of the contract's shape.

Jobs decide no verdict, so these tests never expect one (nor a winner): they check that every job ran,
reported exactly its documented metrics and sides, with plausible values, load recorded and a
rationale free of verdict words. The default run covers a representative subset (about 40 s on 2
cores); the whole default tier and the slow tier are marked slow.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from evaluators.catalog import default_registry
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.observations import validate_observations
from evaluators.runner import JobOutcome, JobRequest, LocalSubprocessExecutor
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from knowledge.claims import Claim

REPRESENTATIVE = ("torch-dynamic-control-flow", "tf-eager-default", "torchscript-roundtrip", "tfjs-converter")
BOTH = frozenset({"pytorch", "tensorflow"})
# metric id -> (kind, side labels), per job: the contract the hypothesis table reads.
EXPECTED: dict[str, dict[str, tuple[str, frozenset[str]]]] = {
    "torch-dynamic-control-flow": {
        "data_dependent_control_flow": ("check", frozenset({"pytorch", "tf-eager", "tf.function"}))
    },
    "debugging-breakpoints": {"breakpoint_sees_values": ("check", frozenset({"pytorch", "tf-eager", "tf.function"}))},
    "tf-eager-default": {"eager_by_default": ("check", frozenset({"tensorflow"}))},
    "tf-graph-vs-eager": {"cnn_train_step": ("timing", frozenset({"tf.function", "tf-eager"}))},
    "torch-vs-tf-training-step": {
        "cnn_train_step_eager": ("timing", BOTH),
        "cnn_inference_eager": ("timing", BOTH),
        "transformer_train_step_eager": ("timing", BOTH),
    },
    "numpy-interop": {"numpy_zero_copy": ("check", BOTH), "numpy_conversion_time": ("timing", BOTH)},
    "torchscript-roundtrip": {"torchscript_roundtrip": ("check", frozenset({"pytorch"}))},
    "onnx-export": {"onnx_runtime_parity": ("check", frozenset({"pytorch"}))},
    "tf-serving-artifact": {"savedmodel_serving_signature": ("check", frozenset({"tensorflow"}))},
    "tflite-export": {"tflite_interpreter_parity": ("check", frozenset({"tensorflow"}))},
    "tfjs-converter": {"tfjs_conversion": ("check", frozenset({"tensorflow"}))},
    "automl-tuners": {
        "tuner_available": ("check", BOTH),
        "tuned_validation_loss": ("score", BOTH),
        "trials_completed": ("value", BOTH),
    },
    "framework-footprint": {
        "import_time": ("timing", BOTH),
        "import_rss": ("value", BOTH),
        "installed_size": ("value", BOTH),
    },
    "torch-compile": {"train_step": ("timing", frozenset({"torch.compile", "torch-eager"}))},
    "torch-vs-tf-compiled-step": {"cnn_train_step_compiled": ("timing", BOTH)},
    "torchscript-cpp-runtime": {"cpp_runtime_parity": ("check", frozenset({"pytorch"}))},
}
VERDICT_WORDS = re.compile(r"\b(support\w*|contradict\w*|inconclusive|confirm\w*|refut\w*)\b", re.IGNORECASE)


@pytest.fixture
def executor() -> LocalSubprocessExecutor:
    return LocalSubprocessExecutor(timeout_s=240, threads=2, memory_mb=6144)


def run_jobs(executor: LocalSubprocessExecutor, job_ids: list[str]) -> dict[str, JobOutcome]:
    registry = default_registry()
    outcomes = executor.run([JobRequest(registry[job_id], device="cpu") for job_id in job_ids])
    return {outcome.job.id: outcome for outcome in outcomes}


def check_side_values(kind: str, side: dict[str, Any]) -> None:
    if "unavailable" in side:
        return
    if kind == "timing":
        assert all(1e-8 < s < 60 for s in side["samples_s"]), side["samples_s"]
        assert side["device"] == "cpu"
        assert side["processes"] >= 3, "fresh processes per side"
    elif kind in ("value", "score"):
        assert side["value"] > 0
    else:
        assert side["detail"]


def check_outcome(outcome: JobOutcome) -> None:
    assert outcome.ok, f"{outcome.job.id}: {outcome.error}"
    result = outcome.result or {}
    observations = result["observations"]
    assert validate_observations(observations) == [], outcome.job.id
    expected = EXPECTED[outcome.job.id]
    assert {o["metric"] for o in observations} == set(expected), outcome.job.id
    for item in observations:
        kind, sides = expected[item["metric"]]
        assert item["kind"] == kind and set(item["sides"]) == sides, item["metric"]
        assert item["device"] == "cpu"
        for side in item["sides"].values():
            check_side_values(kind, side)
    assert result["device"] == "cpu"
    assert not VERDICT_WORDS.search(result["rationale"]), result["rationale"]
    assert result["rationale"].endswith(".") and result["key_figure"]
    load = result["metrics"]["load"]
    assert set(load) == {"start", "end"} and load["start"]["at"] <= load["end"]["at"]


def test_every_catalog_job_has_a_documented_contract() -> None:
    assert set(EXPECTED) == set(default_registry())


def test_each_jobs_declaration_matches_its_contract() -> None:
    """What a job declares (read by the linker and docs) is what its observations carry."""
    for job in default_registry().values():
        assert job.declaration is not None
        declared = {
            m.name: (m.kind, frozenset(s.label for s in job.declaration.sides)) for m in job.declaration.metrics
        }
        assert declared == EXPECTED[job.id], job.id


def test_representative_jobs_report_contract_observations(executor: LocalSubprocessExecutor) -> None:
    outcomes = run_jobs(executor, list(REPRESENTATIVE))
    for outcome in outcomes.values():
        check_outcome(outcome)
    flow = outcomes["torch-dynamic-control-flow"].result or {}
    for side in flow["observations"][0]["sides"].values():
        assert "unavailable" in side or side["detail"].startswith("loop counts")


@pytest.fixture
def real_service(
    tmp_path: Path, machine_fingerprint: EnvironmentFingerprint, bundled_article_claims: list[Claim]
) -> EvaluationService:
    store = EvidenceStore(f"sqlite:///{tmp_path / 'suite.db'}")
    executor = LocalSubprocessExecutor(timeout_s=240, threads=2, memory_mb=6144)
    return EvaluationService(default_registry(), executor, store, machine_fingerprint, bundled_article_claims)


def test_a_real_job_becomes_a_chained_record(real_service: EvaluationService) -> None:
    (record,) = real_service.run(device="cpu", job_ids=["tf-eager-default"])
    assert record.job_id == "tf-eager-default" and record.metrics["load"]["end"]
    assert real_service.store.verify_chain() == []
    # Every link's stored verdict is its hypothesis judged against the stored observations: whatever they say.
    from evaluators.judging import judge_link

    claims = {claim.id: claim for claim in real_service.claims}
    assert record.links and record.findings
    for stored in record.links:
        claim = claims[stored["claim_id"]]
        (link,) = [
            link
            for link in real_service.table.links_for_claim(claim)
            if link.job_id == record.job_id and link.hypothesis.metric == stored["metric"]
        ]
        again = judge_link(claim.id, link, record.metrics["observations"])
        assert (again.verdict, again.measured) == (stored["verdict"], stored["measured"])


@pytest.mark.slow
def test_whole_default_suite(executor: LocalSubprocessExecutor) -> None:
    job_ids = [job.id for job in default_registry().in_tier("default")]
    outcomes = run_jobs(executor, job_ids)
    for outcome in outcomes.values():
        check_outcome(outcome)
    step = outcomes["torch-vs-tf-training-step"].result or {}
    initial = step["metrics"]["initial_loss"]
    assert initial["pytorch"]["cnn"] == pytest.approx(initial["tensorflow"]["cnn"], rel=1e-3), "same weights and data"


@pytest.mark.slow
def test_slow_tier(executor: LocalSubprocessExecutor) -> None:
    job_ids = [job.id for job in default_registry().in_tier("slow")]
    outcomes = run_jobs(executor, job_ids)
    for outcome in outcomes.values():
        check_outcome(outcome)
    compiled = outcomes["torch-compile"].result or {}
    assert all(s > 0 for s in compiled["metrics"]["first_call_s"]["torch.compile"])

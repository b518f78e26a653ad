from __future__ import annotations

import pytest

from evaluators.catalog import NO_CLAIM_YET
from evaluators.errors import EvaluatorUserError, JobDefinitionError, UnknownJobError
from evaluators.records import not_testable_record
from evaluators.registry import Job, JobRegistry, jobs_for_claim, resolve_claims
from knowledge.claims import Claim
from knowledge.testability import JOB_RULES, ClaimRule, is_testable, not_testable_reason


def test_every_rule_belongs_to_exactly_one_registered_job(default_job_registry: JobRegistry) -> None:
    ruled = {job_id for job_id, job in default_job_registry.items() if job.rule is not NO_CLAIM_YET}
    assert set(JOB_RULES) == ruled  # a new job waits for its hypotheses with NO_CLAIM_YET
    for job_id in ruled:
        assert default_job_registry[job_id].rule is JOB_RULES[job_id]


def test_every_job_resolves_at_least_one_article_claim(
    default_job_registry: JobRegistry, bundled_article_claims: list[Claim]
) -> None:
    empty = [
        job.id
        for job in default_job_registry.values()
        if job.rule is not NO_CLAIM_YET and not resolve_claims(job, bundled_article_claims)
    ]
    assert not empty, f"jobs verifying no claim of the bundled article: {empty}"


def test_every_testable_claim_has_a_job(default_job_registry: JobRegistry, bundled_article_claims: list[Claim]) -> None:
    orphans = [c.text for c in bundled_article_claims if c.testable and not jobs_for_claim(c, default_job_registry)]
    assert not orphans, f"testable claims no job verifies (is the extractor using knowledge.testability?): {orphans}"


def test_is_testable_agrees_with_the_registry(
    default_job_registry: JobRegistry, bundled_article_claims: list[Claim]
) -> None:
    for claim in bundled_article_claims:
        assert is_testable(claim.text, claim.topic) == bool(jobs_for_claim(claim, default_job_registry))


def test_untestable_topics_never_match_even_with_job_terms() -> None:
    assert not is_testable("PyTorch Rating: 4.5/5 for TorchScript and ONNX", "rating")
    assert "rating" in not_testable_reason("PyTorch Rating: 4.5/5", "rating")
    assert "enterprise" in not_testable_reason("Limited enterprise support compared to TensorFlow", "cons")


def test_terms_match_case_insensitively_at_word_starts() -> None:
    rule = ClaimRule(terms=("js", "optimi"))
    assert rule.matches("Serving, Lite, JS", "deployment")
    assert rule.matches("brought Optimization benefits", "graph")
    assert not rule.matches("adjust the settings", "deployment")
    assert not rule.matches("TensorFlow.js", "deployment")  # "js" after a dot is part of another name


def test_topic_filter_applies() -> None:
    rule = ClaimRule(terms=("debugging",), topics=frozenset({"debugging"}))
    assert rule.matches("easy debugging", "debugging")
    assert not rule.matches("easy debugging", "production")


def test_untestable_claim_gets_an_unstored_not_testable_record(bundled_article_claims: list[Claim]) -> None:
    rating = next(c for c in bundled_article_claims if c.topic == "rating")
    record = not_testable_record(rating)
    assert record.verdict == "not_testable"
    assert record.claim_ids == (rating.id,)
    assert record.rationale
    assert record.content_hash == record.compute_hash()


def test_unknown_job_is_a_user_error(default_job_registry: JobRegistry) -> None:
    with pytest.raises(UnknownJobError) as caught:
        default_job_registry["no-such-job"]
    assert isinstance(caught.value, EvaluatorUserError)


def test_bad_definitions_are_programming_errors() -> None:
    with pytest.raises(JobDefinitionError):
        Job(id="x", version=1, title="x", target="no_colon", rule=ClaimRule(terms=("x",)), frameworks=())
    with pytest.raises(JobDefinitionError):
        Job(id="x", version=1, title="x", target="m:f", rule=ClaimRule(terms=("x",)), frameworks=(), tier="fast")  # type: ignore[arg-type]
    job = Job(id="x", version=1, title="x", target="m:f", rule=ClaimRule(terms=("x",)), frameworks=())
    with pytest.raises(JobDefinitionError):
        JobRegistry([job, job])


def test_slow_tier_holds_compile_and_cpp_jobs(default_job_registry: JobRegistry) -> None:
    slow = {job.id for job in default_job_registry.in_tier("slow")}
    assert slow == {"torch-compile", "torch-vs-tf-compiled-step", "torchscript-cpp-runtime"}


def test_timing_jobs_are_flagged_for_the_machine_wide_lock(default_job_registry: JobRegistry) -> None:
    timed = {job.id for job in default_job_registry.values() if job.timing}
    assert timed == {
        "tf-graph-vs-eager",
        "torch-vs-tf-training-step",
        "numpy-interop",
        "framework-footprint",
        "torch-compile",
        "torch-vs-tf-compiled-step",
    }
    assert len(default_job_registry.in_tier("all")) == len(default_job_registry)


def test_code_hash_is_stable_and_covers_support_modules(default_job_registry: JobRegistry) -> None:
    job = default_job_registry["torchscript-roundtrip"]
    assert job.code_hash == default_job_registry["torchscript-roundtrip"].code_hash
    assert len(job.code_hash) == 64
    bare = Job(id="t", version=1, title="t", target=job.target, rule=job.rule, frameworks=())
    assert bare.code_hash != job.code_hash

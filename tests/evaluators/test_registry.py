from __future__ import annotations

import pytest

from evaluators.errors import EvaluatorUserError, JobDefinitionError, UnknownJobError
from evaluators.linking import registry_linker
from evaluators.records import not_testable_record
from evaluators.registry import Job, JobRegistry, jobs_for_claim, resolve_claims
from knowledge.claims import Claim
from knowledge.hypotheses import is_testable, not_testable_reason


def test_every_link_names_a_registered_job_and_metric(
    default_job_registry: JobRegistry, bundled_article_claims: list[Claim]
) -> None:
    linker = registry_linker(default_job_registry)
    declared = {
        (job.id, metric.name)
        for job in default_job_registry.values()
        for metric in (job.declaration.metrics if job.declaration else ())
    }
    for claim in bundled_article_claims:
        for link in linker.links_for_claim(claim):
            assert (link.job_id, link.hypothesis.metric) in declared


def test_every_job_resolves_at_least_one_article_claim(
    default_job_registry: JobRegistry, bundled_article_claims: list[Claim]
) -> None:
    linker = registry_linker(default_job_registry)
    linked = {job.id for job in default_job_registry.values() if resolve_claims(job, bundled_article_claims, linker)}
    # Jobs that measure no sentence of the article (compile speed-ups, the like-for-like train step, NumPy
    # conversion, LiteRT and the C++ runtime whose sentences the article gives only as bare product lists)
    # still publish findings for answers; every other job must speak to some claim.
    findings_only = {"torch-compile", "torch-vs-tf-training-step", "torch-vs-tf-compiled-step", "tf-graph-vs-eager"}
    empty = set(default_job_registry) - linked - findings_only
    assert not empty, f"jobs verifying no claim of the bundled article: {empty}"


def test_every_linked_claim_is_marked_testable(
    default_job_registry: JobRegistry, bundled_article_claims: list[Claim]
) -> None:
    linker = registry_linker(default_job_registry)
    for claim in bundled_article_claims:
        if jobs_for_claim(claim, default_job_registry, linker):
            assert claim.testable and is_testable(claim.text, claim.topic, claim.context), claim.text


def test_untestable_topics_never_match_even_with_job_terms() -> None:
    assert not is_testable("PyTorch Rating: 4.5/5 for TorchScript and ONNX", "rating")
    assert "rating" in not_testable_reason("PyTorch Rating: 4.5/5", "rating")
    assert "enterprise" in not_testable_reason("Limited enterprise support compared to TensorFlow", "cons")


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
        Job(id="x", version=1, title="x", target="no_colon", frameworks=())
    with pytest.raises(JobDefinitionError):
        Job(id="x", version=1, title="x", target="m:f", frameworks=(), tier="fast")  # type: ignore[arg-type]
    job = Job(id="x", version=1, title="x", target="m:f", frameworks=())
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
    bare = Job(id="t", version=1, title="t", target=job.target, frameworks=())
    assert bare.code_hash != job.code_hash


def test_code_hash_covers_the_harness_thresholds_and_hypothesis_table(default_job_registry: JobRegistry) -> None:
    from evaluators.registry import HARNESS_MODULES, module_source_hash

    assert {"evaluators.verdicts", "evaluators.judging", "knowledge.hypotheses", "evaluators.worker"} <= set(
        HARNESS_MODULES
    )
    job = default_job_registry["tf-eager-default"]
    before = job.code_hash
    module_source_hash.cache_clear()
    original = module_source_hash
    try:
        import evaluators.registry as registry

        registry.module_source_hash = lambda name: "changed" if name == "evaluators.verdicts" else original(name)  # type: ignore[assignment]
        assert job.code_hash != before  # a changed threshold makes every old record stale
    finally:
        registry.module_source_hash = original


def test_a_declarations_words_make_no_measurement_stale_but_its_code_does(tmp_path, monkeypatch) -> None:
    """Editing a cue word or a phrase (what the claim linker reads) keeps a job's evidence current; a metric's better
    direction, its unit or a line of the job does not."""
    from evaluators.registry import job_module_hash

    job = """from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration{imported}

DECLARATION = JobDeclaration(
    job_id="fake",
    title="fake",
    frameworks=("pytorch",),
    properties=(PropertyDeclaration("import-time", ({phrases}), cues=({cues})),),
    metrics=(
        MetricDeclaration("import_time", "timing", "s", "import-time", better="{better}", cues=({cues}){failures}),
    ),
)


def run(context):
    return {result}
"""
    base = {
        "phrases": '"import time",',
        "cues": '"import",',
        "better": "lower",
        "result": "None",
        "imported": "",
        "failures": "",
    }
    monkeypatch.syspath_prepend(str(tmp_path))

    def hashed(name: str, **changed: str) -> str:
        (tmp_path / f"{name}.py").write_text(job.format(**{**base, **changed}))
        return job_module_hash(name)

    original = hashed("fake_job_a")
    assert hashed("fake_job_b", cues='"import", "spin up",', phrases='"import time", "start-up time",') == original
    shared_words = {"imported": ", OUTPUTS_DIFFER", "failures": ", failure_cues=OUTPUTS_DIFFER"}
    assert hashed("fake_job_e", **shared_words) == original  # shared words, imported for the purpose, are words
    assert hashed("fake_job_f", imported=", OUTPUTS_DIFFER", result="OUTPUTS_DIFFER") != original  # used as code
    assert hashed("fake_job_c", better="higher") != original
    assert hashed("fake_job_d", result="1") != original

"""The first sentence answers the question asked; measurements, contradicted claims and caveats are said so.

Evidence comes from a small real store whose records each test writes itself: no verdict here is a real
measurement's, so each can come out either way.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant.decision import CANDIDATES, DUPLICATE_COSINE, Weighing, decide, rerank
from assistant.evidence import AnswerEvidence
from assistant.question import analyse
from assistant.scope import content_text
from assistant.service import Assistant
from evaluators.service import EvaluationService, build_evaluation_service
from evaluators.store import open_engine
from knowledge.claims import Claim
from knowledge.frameworks import display, other
from tests.evaluators.test_store import make_record

VERSIONS = {"versions": {"torch": "2.13.0", "tensorflow": "2.21.0"}, "cores": 2}


@pytest.fixture
def store(bundled_claims: list[Claim], tmp_path: Path, embedder: Any) -> EvaluationService:
    """An empty evidence store over the bundled article's claims, linked by meaning as the server links them."""
    engine = open_engine(f"sqlite:///{tmp_path / 'e.db'}")
    return build_evaluation_service(engine, bundled_claims, encoder=embedder)


def answering(assistant: Assistant, store: EvaluationService) -> Assistant:
    return Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(store))


def finding(
    job_id: str, metric: str, text: str, favors: str | None, record_id: str, figures: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "metric": metric,
        "text": text,
        "favors": favors,
        "framework": favors,
        "figures": figures or {},
        "device": "cpu",
        "record_id": record_id,
    }


def measure_footprint(store: EvaluationService, smaller: str, links: tuple[str, ...] = (), verdict: str = "") -> None:
    """A footprint record whose install and memory findings favour ``smaller`` (optionally judging claims)."""
    job = store.registry["framework-footprint"]
    record = make_record(job, claims=links, verdict=verdict or "supported", environment=VERSIONS)
    sizes = {smaller: "666 MB", other(smaller): "1,212 MB"}
    text = (
        f"On this machine (CPU, 2 cores) installed size was {sizes['pytorch']} in PyTorch and "
        f"{sizes['tensorflow']} in TensorFlow: {display(smaller)} 1.8x smaller."
    )
    memory = f"On this machine (CPU, 2 cores) memory after import was lower in {display(smaller)}: 1.7x smaller."
    figures = {smaller: 666.0, other(smaller): 1212.0}
    found = (
        {**finding(job.id, "installed_size", text, smaller, record.id, figures), "unit": "MB"},
        finding(job.id, "import_rss", memory, smaller, record.id),
    )
    links_with_metric = tuple({**link, "metric": "installed_size"} for link in record.links)
    store.store.append(replace(record, findings=found, links=links_with_metric))


def measure_training(store: EvaluationService, faster: str) -> None:
    job = store.registry["torch-vs-tf-training-step"]
    record = make_record(job, claims=(), environment=VERSIONS)
    text = f"On this machine (CPU, 2 cores) a CNN train step was quicker in {display(faster)}: 2.2x faster."
    store.store.append(replace(record, findings=(finding(job.id, "cnn_train_step_eager", text, faster, record.id),)))


def claim_with(claims: list[Claim], words: str) -> Claim:
    return next(c for c in claims if words in c.text)


@pytest.mark.parametrize(
    "question",
    [
        "Which framework is better for deployment?",
        "Which framework should I use for deployment?",
        "Which framework should I use for production deployment?",
    ],
)
def test_deployment_questions_pick_tensorflow(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.recommendation == "tensorflow" and answer.answer.startswith("TensorFlow.")


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Which framework should I pick for AutoML?", "TensorFlow. The article credits TensorFlow here:"),
        ("Is PyTorch good for production?", "No: the article credits TensorFlow here"),
        ("Who created PyTorch?", "PyTorch was launched by Facebook"),
        ("What are the drawbacks of TensorFlow?", "TensorFlow's drawbacks, per the article:"),
        ("What are PyTorch's strengths?", "PyTorch's strengths, per the article:"),
        ("How do I deploy a TensorFlow model to a phone?", "Use TensorFlow Lite"),
        ("Should my startup use PyTorch?", "It depends on your needs; the article weighs PyTorch"),
        ("How is TensorFlow rated?", "The article rates TensorFlow"),
        ("Which framework trains a small CNN faster on CPU?", "PyTorch. Measured here, on this machine"),
        ("Is MXNet better than PyTorch?", "The article does not compare MXNet with the others"),
        ("Who won the 2022 football world cup?", "The article does not cover this"),
    ],
)
def test_each_form_opens_in_its_own_shape(
    assistant: Assistant, store: EvaluationService, question: str, opening: str
) -> None:
    measure_training(store, faster="pytorch")
    first = answering(assistant, store).ask(question).answer.splitlines()[0]
    assert first.startswith(opening), first


@pytest.mark.parametrize("criticised", ["pytorch", "tensorflow"])
def test_a_drawbacks_answer_recommends_nothing_and_lists_no_strength_of_the_criticised(
    assistant: Assistant, bundled_claims: list[Claim], criticised: str
) -> None:
    answer = assistant.ask(f"What are {display(criticised)} weaknesses?")
    assert answer.recommendation is None and answer.subject == criticised
    by_id = {c.id: c for c in bundled_claims}
    assert answer.citations and not any(
        criticised in by_id[c.claim_id].strengths and criticised not in by_id[c.claim_id].weaknesses
        for c in answer.citations
    )


@pytest.mark.parametrize("smaller", ["pytorch", "tensorflow"])
@pytest.mark.parametrize(
    "question", ["Which framework uses more memory?", "Does PyTorch use more memory than TensorFlow?"]
)
def test_a_more_memory_question_never_recommends_the_heavier_side(
    assistant: Assistant, store: EvaluationService, smaller: str, question: str
) -> None:
    measure_footprint(store, smaller=smaller)
    answer = answering(assistant, store).ask(question)
    assert answer.recommendation != other(smaller)
    assert "points to" not in answer.answer  # using more is never a win the measurement "points to"
    if not question.startswith("Does"):
        assert answer.answer.startswith(f"{display(other(smaller))}, measured here:")
        assert answer.subject == other(smaller)


@pytest.mark.parametrize("smaller", ["pytorch", "tensorflow"])
def test_a_yes_no_about_a_measured_property_follows_the_measurement(
    assistant: Assistant, store: EvaluationService, smaller: str
) -> None:
    measure_footprint(store, smaller=smaller)
    answer = answering(assistant, store).ask("Is TensorFlow a lighter install than PyTorch?")
    expected = "Yes" if smaller == "tensorflow" else "No"
    assert answer.answer.startswith(f"{expected}. Measured here, on this machine")


def test_a_measured_question_with_no_claim_on_its_property_cites_none(
    assistant: Assistant, store: EvaluationService, embedder: Any
) -> None:
    measure_training(store, faster="pytorch")
    answer = answering(assistant, store).ask("Which framework trains a small CNN faster on CPU?")
    assert answer.citations == [] and "The article makes no claim on it." in answer.answer
    # nothing measured yet: still no deployment sentences, and it says so
    empty = build_evaluation_service(open_engine("sqlite://"), store.claims, encoder=embedder)
    fresh = answering(assistant, empty)
    unmeasured = fresh.ask("Which framework trains a small CNN faster on CPU?")
    assert unmeasured.citations == [] and "makes no claim on it" in unmeasured.answer


@pytest.mark.parametrize("smaller", ["pytorch", "tensorflow"])
def test_a_contradicted_claim_is_joined_to_its_measurement_and_never_raises_confidence(
    assistant: Assistant, store: EvaluationService, bundled_claims: list[Claim], smaller: str
) -> None:
    heavy = claim_with(bundled_claims, "Larger framework; can be heavy")  # faults TensorFlow
    verdict = "supported" if smaller == "pytorch" else "contradicted"
    measure_footprint(store, smaller=smaller, links=(heavy.id,), verdict=verdict)
    question = "Which framework is heavier?"
    unweighed = assistant.ask(question)
    answer = answering(assistant, store).ask(question)
    number = next(i for i, c in enumerate(answer.citations, start=1) if c.claim_id == heavy.id)
    joined = f"The article's claim [{number}] faults TensorFlow; measured here, on this machine"
    if verdict == "contradicted":
        assert joined in answer.answer and "TensorFlow 1.8x smaller" in answer.answer
        assert answer.confidence < unweighed.confidence
        assert "(contradicted by a measurement here)" in answer.answer
    else:
        assert joined not in answer.answer and "contradicted" not in answer.answer


def test_a_contradicted_claim_does_not_vote_for_a_pick(assistant: Assistant) -> None:
    question = analyse("Which framework is easier to debug?")
    hits = rerank(question, assistant.retriever.search(question.text, CANDIDATES, lexical_text=content_text(question)))
    claims, duplicates = assistant.retriever.claims, assistant.retriever.index.near_duplicates(DUPLICATE_COSINE)
    assert decide(question, hits, claims, duplicates, 4).recommendation == "pytorch"
    crediting = frozenset(h.claim.id for h in hits if h.claim.favors == "pytorch")
    decision = decide(question, hits, claims, duplicates, 4, Weighing(contradicted=crediting))
    assert decision.recommendation != "pytorch"


def test_a_deprecation_the_evidence_records_is_a_caveat_on_the_recommended_tool(
    assistant: Assistant, store: EvaluationService, bundled_claims: list[Claim]
) -> None:
    question = "How do I deploy a PyTorch model to a phone?"
    assert "Caveat" not in answering(assistant, store).ask(question).answer
    torchscript = claim_with(bundled_claims, "TorchScript for serializing")
    warning = "`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`."
    job = store.registry["torchscript-roundtrip"]
    metrics = {"deprecation_warnings": [warning], "torch": "2.13.0"}
    store.store.append(make_record(job, claims=(torchscript.id,), environment=VERSIONS, metrics=metrics))
    answer = answering(assistant, store).ask(question)
    number = next(i for i, c in enumerate(answer.citations, start=1) if c.claim_id == torchscript.id)
    assert f"Caveat on [{number}]: when measured here, torch 2.13.0 warned:" in answer.answer
    assert "is deprecated" in answer.answer and answer.recommendation == "pytorch"


@pytest.mark.parametrize(
    "question", ["Should our company standardise on TensorFlow?", "Should my startup use PyTorch?"]
)
def test_a_should_we_question_without_a_use_gets_no_one_framework_yes(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.recommendation is None and not answer.answer.startswith("Yes")
    assert answer.answer.startswith("It depends on your needs")


def test_a_drawback_is_never_framed_as_a_credit(assistant: Assistant, store: EvaluationService) -> None:
    question = "Does TensorFlow copy data when converting from NumPy?"
    first = answering(assistant, store).ask(question).answer.splitlines()[0]
    assert first.startswith("The article gives no measurement of this") and "credits TensorFlow" not in first
    job = store.registry["numpy-interop"]
    record = make_record(job, claims=(), environment=VERSIONS)
    text = "On this machine (CPU, 2 cores) sharing memory with NumPy: works in PyTorch; fails in TensorFlow."
    checked = {"pytorch": True, "tensorflow": False}  # a check: each side worked or failed
    shares = finding(job.id, "numpy_zero_copy", text, "pytorch", record.id, checked)
    store.store.append(replace(record, findings=(shares,)))
    measured = answering(assistant, store).ask(question).answer.splitlines()[0]
    # "copy" is the check's declared failing: the question asks whether TensorFlow failed it, and it did
    assert measured.startswith("Yes. Measured here, on this machine") and "fails in TensorFlow" in measured
    assert "credits" not in measured


@pytest.mark.parametrize(
    ("question", "tensorflow_shares", "opening"),
    [
        ("Does TensorFlow copy the array when converting from NumPy?", False, "Yes"),
        ("Does TensorFlow copy the array when converting from NumPy?", True, "No"),
        ("Can TensorFlow take a NumPy array without copying it?", False, "No"),
        ("Can TensorFlow take a NumPy array without copying it?", True, "Yes"),
    ],
)
def test_a_yes_no_about_a_checks_failing_follows_the_check_either_way(
    assistant: Assistant, store: EvaluationService, question: str, tensorflow_shares: bool, opening: str
) -> None:
    job = store.registry["numpy-interop"]
    record = make_record(job, claims=(), environment=VERSIONS)
    checked = {"pytorch": True, "tensorflow": tensorflow_shares}
    text = "On this machine (CPU, 2 cores) sharing memory with NumPy: measured."
    store.store.append(replace(record, findings=(finding(job.id, "numpy_zero_copy", text, None, record.id, checked),)))
    first = answering(assistant, store).ask(question).answer.splitlines()[0]
    assert first.startswith(f"{opening}. Measured here"), first


def test_a_capability_question_cites_the_articles_claims_on_it_linked_to_a_job_or_not(
    assistant: Assistant, store: EvaluationService
) -> None:
    """Only a measured quantity (time, size, memory) narrows the citations to job-linked claims: what the article
    says of PyTorch on edge devices answers this, though no job measures PyTorch on a phone."""
    answer = answering(assistant, store).ask("Does PyTorch work on edge devices?")
    assert answer.answer.startswith("Yes") and any("edge devices" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Quick one for the newsletter: is PyTorch's star rating under TensorFlow's?", "Yes: the article rates them"),
        ("Did the two frameworks get the same number of stars?", "No: the article rates them"),
        ("Is PyTorch rated higher than 4.5 in the article?", "No: the article rates them"),
    ],
)
def test_a_yes_no_about_the_ratings_opens_yes_or_no(assistant: Assistant, question: str, opening: str) -> None:
    first = assistant.ask(question).answer.splitlines()[0]
    assert first.startswith(opening), first


def test_a_should_we_avoid_question_is_answered_the_other_way_round_from_should_we_use(assistant: Assistant) -> None:
    """The article credits PyTorch for research: avoiding TensorFlow there is a yes, using it a no."""
    avoid = assistant.ask("Should our lab avoid TensorFlow for research prototypes?").answer.splitlines()[0]
    use = assistant.ask("Should our lab use TensorFlow for research prototypes?").answer.splitlines()[0]
    assert avoid.startswith("Yes: the article credits PyTorch here rather than TensorFlow"), avoid
    assert use.startswith("No: the article credits PyTorch here rather than TensorFlow"), use


@pytest.mark.parametrize("smaller", ["pytorch", "tensorflow"])
def test_a_yes_no_about_a_figure_follows_the_measurement_of_the_framework_asked(
    assistant: Assistant, store: EvaluationService, smaller: str
) -> None:
    """TensorFlow's install measured at 1,212 MB is over a gigabyte; measured at 666 MB it is not."""
    measure_footprint(store, smaller=smaller)
    answer = answering(assistant, store).ask("Is TensorFlow's install over a gigabyte?").answer.splitlines()[0]
    expected = "No" if smaller == "tensorflow" else "Yes"
    assert answer.startswith(f"{expected}. Measured here"), answer


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Was TensorFlow made by Meta?", "No: per the article, TensorFlow comes from Google."),
        ("Did Google's lab launch PyTorch?", "No: per the article, PyTorch comes from Facebook."),
        ("Is MXNet backed by Amazon?", "Yes: per the article, MXNet comes from Amazon."),
    ],
)
def test_a_yes_no_about_a_maker_opens_with_the_maker_the_article_names(
    assistant: Assistant, question: str, opening: str
) -> None:
    first = assistant.ask(question).answer.splitlines()[0]
    assert first == opening


@pytest.mark.parametrize("works", [True, False])
def test_a_yes_no_about_one_frameworks_tool_follows_its_check_only_when_it_asks_about_it(
    assistant: Assistant, store: EvaluationService, works: bool
) -> None:
    """A LiteRT check of TensorFlow alone answers "Does it fail to run?" and "Can it ...?" either way, and leaves
    "Is the conversion lossy?" (which it does not measure, read in no direction) to the article."""
    job = store.registry["tflite-export"]
    record = make_record(job, claims=(), environment=VERSIONS)
    text = "On this machine (CPU, 2 cores) a Keras model exported to LiteRT: measured."
    checked = {"tensorflow": works}
    shown = finding(job.id, "tflite_interpreter_parity", text, None, record.id, checked)
    store.store.append(replace(record, findings=(shown,)))
    ask = answering(assistant, store).ask
    fails = ask("Does TensorFlow Lite fail to run a Keras model?").answer.splitlines()[0]
    can = ask("Can a Keras model be run with TensorFlow Lite?").answer.splitlines()[0]
    assert fails.startswith(f"{'No' if works else 'Yes'}. Measured here"), fails
    assert can.startswith(f"{'Yes' if works else 'No'}. Measured here"), can

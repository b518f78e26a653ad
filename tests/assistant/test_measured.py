"""Measured findings in answers: which questions are measurable, what the answer shows, how a pick is weighed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.measured import MeasuredFindings, MeasuredPart, measurable_topics, weigh
from evaluators.catalog import default_registry
from evaluators.fingerprint import collect_fingerprint
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from knowledge.frameworks import display
from tests.evaluators.test_store import make_record


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Does PyTorch train faster than TensorFlow?", "training speed"),
        ("Which framework has the quicker training step on CPU?", "training speed"),
        ("Is TensorFlow heavier to install than PyTorch?", "size and memory"),
        ("How much memory does importing TensorFlow take?", "size and memory"),
        ("Which one imports faster, what is the import time?", "import time"),
        ("Is inference faster in PyTorch?", "inference speed"),
        ("Does torch.compile speed things up?", "torch.compile"),
    ],
)
def test_measurable_questions_are_recognised(question: str, topic: str) -> None:
    assert topic in [t.name for t in measurable_topics(question)]


@pytest.mark.parametrize(
    "question", ["Which framework for AutoML?", "Who created PyTorch?", "What is TensorFlow Lite for?"]
)
def test_other_questions_are_not_measurable(question: str) -> None:
    assert measurable_topics(question) == []


def training_finding(record_id: str, favors: str | None) -> dict[str, object]:
    return {
        "job_id": "torch-vs-tf-training-step",
        "metric": "cnn_train_step_eager",
        "text": "On vm (CPU, 2 cores) a CNN train step took 41 ms in PyTorch and 55 ms in TensorFlow: PyTorch 1.3x",
        "favors": favors,
        "framework": favors,
        "device": "cpu",
        "record_id": record_id,
    }


@pytest.fixture
def service(tmp_path: Path) -> EvaluationService:
    store = EvidenceStore(f"sqlite:///{tmp_path / 'm.db'}")
    return EvaluationService(default_registry(), LocalSubprocessExecutor(), store, collect_fingerprint(2), [])


def test_an_answer_names_the_job_to_run_when_nothing_was_measured(service: EvaluationService) -> None:
    part = MeasuredFindings(service).for_question("Does PyTorch train faster than TensorFlow?")
    assert part is not None and part.findings == () and "torch-vs-tf-training-step" in part.missing
    assert "weighin evaluate --job torch-vs-tf-training-step" in part.lines()[-1]


def test_current_findings_with_versions_and_the_side_they_favour(service: EvaluationService) -> None:
    job = service.registry["torch-vs-tf-training-step"]
    record = make_record(job, claims=(), environment={"versions": {"torch": "2.13.0", "tensorflow": "2.21.0"}})
    record = replace(record, findings=(training_finding(record.id, "pytorch"),))
    service.store.append(record)
    part = MeasuredFindings(service).for_question("Does PyTorch train faster than TensorFlow?")
    assert part is not None and part.favors == "pytorch" and part.record_ids == (record.id,)
    assert "41 ms in PyTorch" in part.lines()[0] and "(torch 2.13.0, TF 2.21.0)" in part.lines()[0]
    # A newer record on the same machine and device replaces it: the answer follows the log.
    newer = replace(make_record(job, claims=()), findings=(training_finding("r2", None),))
    service.store.append(newer)
    assert MeasuredFindings(service).for_question("Is training faster in TensorFlow?").favors is None


def part_favoring(framework: str) -> MeasuredPart:
    return MeasuredPart(topics=("training speed",), findings=(training_finding("r", framework),), favors=framework)


def test_the_pick_follows_the_measurement_where_the_article_is_silent() -> None:
    weighed = weigh(None, 0.4, part_favoring("tensorflow"), asks_choice=True)
    assert weighed.recommendation == "tensorflow" and "does not settle" in weighed.note


def test_the_pick_never_goes_against_the_measurement_and_says_both() -> None:
    agree = weigh("pytorch", 0.7, part_favoring("pytorch"), asks_choice=True)
    disagree = weigh("tensorflow", 0.7, part_favoring("pytorch"), asks_choice=True)
    assert agree.recommendation == "pytorch" and agree.confidence > 0.7
    assert disagree.recommendation == "pytorch" and disagree.confidence < 0.7
    assert "article points to TensorFlow" in disagree.note and "measurement here points to PyTorch" in disagree.note


def test_a_question_about_a_weakness_picks_the_side_the_measurement_does_not_favour() -> None:
    heavier = weigh(None, 0.5, part_favoring("pytorch"), asks_choice=True, asks_weakness=True)
    assert heavier.recommendation == "tensorflow"


def test_no_measurement_changes_nothing() -> None:
    assert weigh("pytorch", 0.7, None, asks_choice=True).recommendation == "pytorch"
    assert weigh(None, 0.7, part_favoring("pytorch"), asks_choice=False).recommendation is None


@pytest.mark.parametrize("favored", ["pytorch", "tensorflow"])
def test_an_answer_shows_the_figure_and_never_picks_against_it(assistant, service, favored: str) -> None:
    from assistant.evidence import AnswerEvidence
    from assistant.service import Assistant

    job = service.registry["torch-vs-tf-training-step"]
    record = make_record(job, claims=())
    service.store.append(replace(record, findings=(training_finding(record.id, favored),)))
    answering = Assistant(assistant.retriever, evidence=AnswerEvidence(service))
    answer = answering.ask("Which framework trains faster, PyTorch or TensorFlow?")
    assert not answer.abstained and answer.recommendation == favored
    assert "Measured here:" in answer.answer and "41 ms in PyTorch" in answer.answer
    assert answer.measured is not None and answer.measured["favors"] == favored
    slower = answering.ask("Which framework is slower to train?")
    slower_side = "tensorflow" if favored == "pytorch" else "pytorch"
    assert slower.recommendation is None and slower.subject == slower_side  # the slower side is never recommended
    assert slower.answer.startswith(f"{display(slower_side)}, measured here:")

"""Measured findings in answers: which questions are measurable, what the answer shows, how a pick is weighed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.measured import DeclaredProperties, MeasuredFindings, MeasuredPart, MetricRef, weigh
from evaluators.catalog import default_registry
from evaluators.fingerprint import collect_fingerprint
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from knowledge.frameworks import display
from tests.evaluators.test_store import make_record


class TwoProperties:
    """A declaration source of our own: the resolver reads whatever the declarations say."""

    def metrics_for(self, property_id: str) -> tuple[MetricRef, ...]:
        table = {
            "training-speed": (MetricRef("torch-vs-tf-training-step", "cnn_train_step_eager"),),
            "install-size": (MetricRef("framework-footprint", "installed_size"), MetricRef("no-such-job", "x")),
        }
        return table.get(property_id, ())

    def tool_for(self, property_id: str) -> tuple[str, str] | None:
        return None


def test_the_resolver_reads_the_jobs_and_metrics_from_the_declarations(service: EvaluationService) -> None:
    findings = MeasuredFindings(service, TwoProperties())
    part = findings.for_property("install-size")
    assert part is not None and part.topics == ("install-size",)
    assert part.missing == ("framework-footprint",)  # a declared job this registry lacks is left out
    assert findings.for_property("import-time") is None  # declared nowhere: nothing to measure or show
    assert findings.for_property(None) is None


def test_the_shared_declarations_name_registered_jobs_and_every_shared_property() -> None:
    registry = default_registry()
    declared = DeclaredProperties.from_catalog()
    assert "training-speed" in declared.properties() and "install-size" in declared.properties()
    for prop in declared.properties():
        refs = declared.metrics_for(prop)
        assert refs and all(ref.job_id in registry for ref in refs), prop


def test_a_question_is_resolved_by_its_measured_property_not_its_words(service: EvaluationService) -> None:
    from assistant.question import Question, analyse

    worded_as_training: Question = replace(analyse("Does PyTorch train faster?"), property="install-size")
    part = MeasuredFindings(service).for_question(worded_as_training)
    assert part is not None and part.topics == ("install-size",) and part.missing == ("framework-footprint",)
    about_a_topic = replace(worded_as_training, property="deployment")
    assert MeasuredFindings(service).for_question(about_a_topic) is None


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
    part = MeasuredFindings(service).for_property("training-speed")
    assert part is not None and part.findings == () and "torch-vs-tf-training-step" in part.missing
    assert "weighin evaluate --job torch-vs-tf-training-step" in part.lines()[-1]


def test_current_findings_with_versions_and_the_side_they_favour(service: EvaluationService) -> None:
    job = service.registry["torch-vs-tf-training-step"]
    record = make_record(job, claims=(), environment={"versions": {"torch": "2.13.0", "tensorflow": "2.21.0"}})
    record = replace(record, findings=(training_finding(record.id, "pytorch"),))
    service.store.append(record)
    part = MeasuredFindings(service).for_property("training-speed")
    assert part is not None and part.favors == "pytorch" and part.record_ids == (record.id,)
    assert "41 ms in PyTorch" in part.lines()[0] and "(torch 2.13.0, TF 2.21.0)" in part.lines()[0]
    # A newer record on the same machine and device replaces it: the answer follows the log.
    newer = replace(make_record(job, claims=()), findings=(training_finding("r2", None),))
    service.store.append(newer)
    newest = MeasuredFindings(service).for_property("training-speed")
    assert newest is not None and newest.favors is None


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
    answering = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    answer = answering.ask("Which framework trains faster, PyTorch or TensorFlow?")
    assert not answer.abstained and answer.recommendation == favored
    assert "Measured here:" in answer.answer and "41 ms in PyTorch" in answer.answer
    assert answer.measured is not None and answer.measured["favors"] == favored
    slower = answering.ask("Which framework is slower to train?")
    slower_side = "tensorflow" if favored == "pytorch" else "pytorch"
    # The answer is about the slower side and recommends the faster one: the slower side is never recommended.
    assert slower.recommendation == favored and slower.subject == slower_side
    assert slower.answer.startswith(f"{display(slower_side)}, measured here:")


@pytest.mark.parametrize("question", ["tensorflow pain points?", "list TensorFlow's weak points"])
def test_a_drawbacks_question_in_few_words_is_answered_from_the_cons(assistant, question: str) -> None:
    """The question model reads a drawbacks question about one framework; the article's cons answer it, however
    few words the question shares with them (the word overlap alone would abstain)."""
    answer = assistant.ask(question)
    assert not answer.abstained and answer.recommendation is None and answer.subject == "tensorflow"
    assert answer.citations


@pytest.mark.parametrize(
    ("question", "opening", "recommendation"),
    [
        # the article says nothing of torch.compile: the job that measures it declares the tool
        ("How do I compile a PyTorch model for faster training?", "Use torch.compile (PyTorch).", "pytorch"),
        ("How do I get graph-compiled speed in TensorFlow?", "Use tf.function (TensorFlow).", "tensorflow"),
    ],
)
def test_a_how_to_about_a_compiler_a_job_measures_names_the_tool(assistant, service, question, opening, recommendation):
    from assistant.evidence import AnswerEvidence
    from assistant.service import Assistant

    answering = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    answer = answering.ask(question)
    assert answer.answer.startswith(opening), answer.answer
    assert answer.recommendation == recommendation


def test_a_how_to_about_another_frameworks_compiler_is_not_answered_with_this_one(assistant, service):
    from assistant.evidence import AnswerEvidence
    from assistant.service import Assistant

    answering = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    answer = answering.ask("How do I compile a TensorFlow model for faster training?")
    assert not answer.answer.startswith("Use torch.compile") and answer.recommendation != "pytorch"


@pytest.mark.parametrize(
    ("question", "opening", "recommendation", "subject"),
    [
        ("Which of the two would you avoid for a smartwatch app?", "PyTorch:", "tensorflow", "pytorch"),
        ("Should I build our browser widget on PyTorch?", "No: the article credits TensorFlow", "tensorflow", None),
    ],
)
def test_the_claims_on_the_capability_asked_about_answer_first(
    assistant, tmp_path: Path, question: str, opening: str, recommendation: str, subject: str | None
) -> None:
    """The claims linked to the job that checks the capability (TensorFlow Lite, TensorFlow.js) decide, before the
    claims on deployment in general, which credit both frameworks."""
    from assistant.evidence import AnswerEvidence
    from assistant.service import Assistant

    store = EvidenceStore(f"sqlite:///{tmp_path / 'c.db'}")
    claims = list(assistant.retriever.claims)
    service = EvaluationService(default_registry(), LocalSubprocessExecutor(), store, collect_fingerprint(2), claims)
    answering = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    answer = answering.ask(question)
    assert answer.answer.startswith(opening), answer.answer
    assert (answer.recommendation, answer.subject) == (recommendation, subject)

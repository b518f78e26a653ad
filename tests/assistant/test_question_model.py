"""The learned question model: shipped weights fitted on the current corpus, and what it reads in questions
written here (not lines of the corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import QuestionModelMissing
from assistant.question import Intent, Question
from assistant.question_corpus import FORMS, TRAIN_FILES, corpus_hash, load
from assistant.question_model import SHIPPED_MODEL, QuestionModel
from knowledge.embedder import MODEL_NAME


def test_the_shipped_weights_were_fitted_on_the_current_corpus() -> None:
    """Change a training file without `python -m assistant.question_training` and this fails."""
    metadata = QuestionModel.load().metadata
    assert metadata["corpus_hash"] == corpus_hash(TRAIN_FILES)
    assert metadata["questions"] == sum(len(load(path)) for path in TRAIN_FILES)


def test_the_weights_record_how_they_were_built() -> None:
    metadata = QuestionModel.load().metadata
    assert metadata["embedding_model"] == MODEL_NAME
    assert metadata["scikit_learn"] and metadata["corpus_files"] == [
        f"corpora/questions/{path.name}" for path in TRAIN_FILES
    ]
    assert set(metadata["cross_validated"]) >= {"form_accuracy", "property_accuracy", "scope_f1"}
    assert set(metadata["held_out_files"]) == {Path(name).name for name in metadata["corpus_files"]}
    assert metadata["features"]["char_weight"] > 0 and metadata["features"]["masked_weight"] > 0
    assert set(QuestionModel.load().heads["form"].classes) == set(FORMS)


def test_the_corpus_hash_changes_with_any_line(tmp_path: Path) -> None:
    corpus = tmp_path / "train.jsonl"
    corpus.write_text('{"question": "Who made PyTorch?", "form": "who", "in_scope": true}\n')
    before = corpus_hash([corpus])
    corpus.write_text('{"question": "Who made PyTorch?", "form": "who", "in_scope": false}\n')
    assert corpus_hash([corpus]) != before


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionModelMissing, match="cannot read the question model"):
        QuestionModel.load(tmp_path / "absent.npz")
    assert SHIPPED_MODEL.exists()


def read(assistant, text: str) -> Question:
    from knowledge.frameworks import mask

    vectors = assistant.retriever.embed([text, mask(text) or text])
    return assistant.reader.read(text, vectors[0], vectors[1])


@pytest.mark.parametrize(
    ("text", "form", "prop", "polarity"),
    [
        ("Which of the two loads quicker when my script starts up?", Intent.MEASURABLE, "import-time", "better"),
        ("Which one hogs more RAM right after it is imported?", Intent.MEASURABLE, "import-memory", "worse"),
        ("Is the TensorFlow wheel bigger than PyTorch's on disk?", Intent.YES_NO, "install-size", None),
        ("What are the weak spots of TensorFlow?", Intent.DRAWBACKS, None, "worse"),
        ("Who originally built PyTorch?", Intent.WHO, "origin", "neutral"),
        ("Which framework should I use for deployment?", Intent.CHOICE, "deployment", "better"),
        ("What does the article say about MXNet?", Intent.THIRD_FRAMEWORK, "alternatives", "neutral"),
        ("How do I get a Keras model running inside a web page?", Intent.HOW_TO, "tfjs-browser", "neutral"),
    ],
)
def test_forms_properties_and_polarity_are_read(assistant, text, form, prop, polarity) -> None:
    question = read(assistant, text)
    assert question.form is form and question.in_scope
    assert prop is None or question.property == prop
    assert polarity is None or question.polarity == polarity
    assert 0.0 < question.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "What's a good recipe for banana bread?",
        "How much does an Nvidia A100 cost to rent per hour?",
        "Which is better for web apps, Svelte or Vue?",
    ],
)
def test_questions_about_other_things_are_out_of_scope(assistant, text) -> None:
    question = read(assistant, text)
    assert question.form is Intent.OFF_TOPIC and not question.in_scope and question.property is None


def test_names_are_read_exactly_beside_the_learned_fields(assistant) -> None:
    question = read(assistant, "Is JAX faster than PyTorch?")
    assert question.frameworks == ("jax", "pytorch") and question.named == ("pytorch",)
    assert question.third == ("jax",)


def test_serving_reads_questions_without_scikit_learn() -> None:
    """Importing scikit-learn costs seconds; the fitted heads are plain arrays read with NumPy."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        "import sys\n"
        "import assistant.service, assistant.question_model\n"
        "assistant.question_model.QuestionModel.load()\n"
        "print('sklearn' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


def test_the_bench_scores_any_held_back_split_by_name_and_never_a_training_file() -> None:
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("question_bench", REPO / "bench" / "question_understanding.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path, name = bench.held_back("fresh")
    assert path.name == "fresh.jsonl" and "held back" in name
    for training in ("train", "train-extra", "train-extra2", "older-sets", "no-such-split"):
        with pytest.raises(SystemExit):
            bench.held_back(training)


def test_a_question_the_model_reads_as_out_of_scope_is_refused_whatever_words_it_shares() -> None:
    """Scope by meaning: the learned ``in_scope`` decides, above the word overlap that ``judge_scope`` scores."""
    from dataclasses import replace

    from assistant.question import analyse
    from assistant.scope import off_topic

    question = analyse("Which framework is better for TensorRT?")
    known = frozenset({"which", "framework", "better", "for"})
    assert not off_topic(question, 0.6, known)
    assert off_topic(replace(question, in_scope=False), 0.6, known)
    # Every word used by the claims (an ingested document about it): the reading alone refuses nothing.
    assert not off_topic(replace(question, in_scope=False), 0.6, known | {"tensorrt"})

"""Claims become hypotheses by meaning: property from the declarations, side from the sentence itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evaluators.catalog import default_jobs
from evaluators.catalog_doc import LINKS_END, LINKS_START, generated_part, links_markdown
from evaluators.judging import judge_link
from evaluators.linking import ClaimLinker, catalog_linker, read_vectors, write_vectors
from evaluators.property_model import masked
from knowledge.claims import Claim
from knowledge.documents import Document
from knowledge.embedder import MiniLMEmbedder
from knowledge.extraction import extract_claims

HERE = Path(__file__).resolve().parent
EXPECTED = json.loads((HERE / "bundled_links.json").read_text())
DOC = HERE.parents[1] / "docs" / "evidence.md"


@pytest.fixture(scope="module")
def linker(embedder: MiniLMEmbedder) -> ClaimLinker:
    return catalog_linker(embedder)


def described(linker: ClaimLinker, text: str, topic: str = "notes") -> set[str]:
    return {f"{link.job_id} · {link.hypothesis.metric} · {link.hypothesis.describe().split(': ', 1)[1]}"
            for link in linker.links_for(text, topic)}  # fmt: skip


def described_claim(linker: ClaimLinker, claim: Claim) -> set[str]:
    return {f"{link.job_id} · {link.hypothesis.metric} · {link.hypothesis.describe().split(': ', 1)[1]}"
            for link in linker.links_for_claim(claim)}  # fmt: skip


def sizes(pytorch_mb: float, tensorflow_mb: float) -> list[dict[str, Any]]:
    sides = {"pytorch": {"value": pytorch_mb}, "tensorflow": {"value": tensorflow_mb}}
    return [{"metric": "installed_size", "kind": "value", "unit": "MB", "better": "lower", "sides": sides}]


def verdicts(linker: ClaimLinker, text: str, observations: list[dict[str, Any]]) -> set[str]:
    return {judge_link("c", link, observations).verdict for link in linker.links_for(text, "notes")}


def test_the_bundled_articles_links_are_kept_or_explained(
    linker: ClaimLinker, bundled_article_claims: list[Claim]
) -> None:
    by_quote = {claim.quote: claim for claim in bundled_article_claims}
    for expected in EXPECTED:
        claim = by_quote[expected["quote"]]
        assert described_claim(linker, claim) == set(expected["links"]), claim.text
        lost = set(expected.get("was", expected["links"])) - set(expected["links"])
        assert not lost or expected.get("why"), f"a link changed without a reason: {claim.text}"
    linked = {c.quote for c in bundled_article_claims if linker.links_for_claim(c)}
    assert linked <= {e["quote"] for e in EXPECTED}, "a new link of the bundled article is not in bundled_links.json"


def test_docs_show_the_bundled_links(linker: ClaimLinker, bundled_article_claims: list[Claim]) -> None:
    page = generated_part(DOC.read_text(), LINKS_START, LINKS_END)
    assert page == links_markdown(bundled_article_claims, linker), (
        "docs/evidence.md is stale: bench/regen_evidence_doc.py"
    )


def test_a_claim_and_its_reversed_and_negated_forms_get_opposite_verdicts(linker: ClaimLinker) -> None:
    measured = sizes(pytorch_mb=1212.0, tensorflow_mb=666.0)
    assert verdicts(linker, "TensorFlow is the smaller install of the two.", measured) == {"supported"}
    assert verdicts(linker, "TensorFlow is the larger install of the two.", measured) == {"contradicted"}
    assert verdicts(linker, "PyTorch's wheel is not smaller than TensorFlow's.", measured) == {"supported"}
    assert verdicts(linker, "PyTorch takes up less disk space than TensorFlow.", measured) == {"contradicted"}
    reversed_measure = sizes(pytorch_mb=666.0, tensorflow_mb=1212.0)
    assert verdicts(linker, "TensorFlow is the smaller install of the two.", reversed_measure) == {"contradicted"}


def test_comparatives_negation_and_word_order_pick_the_side(linker: ClaimLinker) -> None:
    faster = "torch-vs-tf-training-step · cnn_train_step_eager · pytorch better than tensorflow"
    assert faster in described(linker, "Training a CNN is faster in PyTorch than in TensorFlow.")
    assert faster in described(linker, "TensorFlow trains the CNN slower than PyTorch does.")
    assert faster in described(linker, "Eager TensorFlow is not faster than PyTorch at training a CNN.")
    assert "torch-vs-tf-training-step · cnn_train_step_eager · tensorflow better than pytorch" in described(
        linker, "Training a CNN in TensorFlow is no longer slower than in PyTorch."
    )


def test_modes_and_devices_map_to_the_jobs_sides(linker: ClaimLinker) -> None:
    graph = described(linker, "Eager TensorFlow is much slower than the same step under tf.function.")
    assert graph == {"tf-graph-vs-eager · cnn_train_step · tf.function better than tf-eager"}
    compiled = described(linker, "Compiled against compiled, a torch.compile training step beats tf.function.")
    assert compiled == {"torch-vs-tf-compiled-step · cnn_train_step_compiled · pytorch better than tensorflow"}
    gpu = described(linker, "On a GPU, TensorFlow runs inference faster than PyTorch.")
    assert gpu == {"torch-vs-tf-training-step · cnn_inference_eager · tensorflow better than pytorch (gpu)"}
    assert not described(linker, "Compiled TensorFlow beats eager PyTorch at training.")  # no job compares those


def test_exclusivity_parity_and_failure(linker: ClaimLinker) -> None:
    only = described(linker, "Only PyTorch can run a loop whose length depends on a tensor's value.")
    assert only == {
        "torch-dynamic-control-flow · data_dependent_control_flow · pytorch better than tf-eager",
        "torch-dynamic-control-flow · data_dependent_control_flow · pytorch better than tf.function",
    }
    assert described(linker, "Neither framework is ahead on import time.") == {
        "framework-footprint · import_time · parity"
    }
    copies = described(linker, "TensorFlow's tf.convert_to_tensor copies the data from a NumPy array.")
    assert copies == {"numpy-interop · numpy_zero_copy · tensorflow fails"}


@pytest.mark.parametrize(
    "sentence",
    [
        "PyTorch has a larger community of researchers than TensorFlow.",
        "Which framework is lighter to install?",
        "I keep reading that TensorFlow is bloated.",
        "One thing nobody warned me about is the size of the install.",
        "Both frameworks are open source.",
        "TensorFlow has the bigger enterprise adoption footprint.",
        "PyTorch is the larger community, and TensorFlow the larger market.",
    ],
)
def test_sentences_that_claim_nothing_measurable_get_no_link(linker: ClaimLinker, sentence: str) -> None:
    assert not linker.links_for(sentence, "notes")


def test_words_that_claim_more_than_the_job_shows_make_the_link_partial(linker: ClaimLinker) -> None:
    (link,) = linker.links_for("TensorFlow Lite is a mature, enterprise-ready way to run models on phones.", "x")
    assert link.unmeasured == "maturity, enterprise readiness"
    assert judge_link("c", link, [_check("tflite_interpreter_parity", True)]).verdict == "inconclusive"
    assert judge_link("c", link, [_check("tflite_interpreter_parity", False)]).verdict == "contradicted"


def _check(metric: str, passed: bool) -> dict[str, Any]:
    return {"metric": metric, "kind": "check", "sides": {"tensorflow": {"passed": passed, "detail": "synthetic"}}}


def test_only_declared_jobs_are_linked() -> None:
    declared = {job.id for job in default_jobs()}
    linker = catalog_linker()
    for sentence in ("TorchScript models load in a fresh process.", "PyTorch imports faster than TensorFlow."):
        assert {link.job_id for link in linker.links_for(sentence, "x")} <= declared


def _claim(text: str, context: str) -> Claim:
    return Claim(
        "c-x", "doc", text, ("Notes",), text, 0, len(text), (), "neither", "neither", "notes", "factual", True,
        context=context,
    )  # fmt: skip


def test_a_claims_context_lends_its_subject_and_never_its_property(linker: ClaimLinker) -> None:
    sentence = "Its installed size is smaller than TensorFlow's."
    assert described_claim(linker, _claim(sentence, "PyTorch:")) == {
        "framework-footprint · installed_size · pytorch better than tensorflow"
    }
    listed = _claim("Serialising models for serving from C++", "PyTorch Deployment Advances:")
    assert described(linker, listed.text) == set()  # alone it names no framework and asserts nothing
    assert "torchscript-cpp-runtime · cpp_runtime_parity · pytorch works" in described_claim(linker, listed)
    heading = _claim("Model Export Tools — Benefit: Smooth integration into production", "TensorFlow AutoML Features —")
    assert described_claim(linker, heading) == set()  # the heading's AutoML does not make it a tuner claim


def test_the_linker_finds_properties_with_the_shipped_model(linker: ClaimLinker) -> None:
    assert linker.model is not None  # the catalog linker with an encoder reads evaluators/property_model.json
    assert described(linker, "Our TensorFlow install weighs a lot more on disk than the PyTorch one.") == {
        "framework-footprint · installed_size · pytorch better than tensorflow"
    }


def test_a_failure_in_a_clause_about_something_else_is_not_the_frameworks(linker: ClaimLinker) -> None:
    works = "Converting a TensorFlow model for phones with TensorFlow Lite works, but our server cannot load it yet."
    assert described(linker, works) == {"tflite-export · tflite_interpreter_parity · tensorflow works"}
    fails = "TensorFlow Lite conversion of our model fails, but the SavedModel exports fine."
    assert "tflite-export · tflite_interpreter_parity · tensorflow fails" in described(linker, fails)


def test_a_table_rows_figures_are_judged_both_ways(linker: ClaimLinker) -> None:
    """A comparison table's row gives its sides figures and no comparative: the figures say which way it leans,
    so the same observations support the row and contradict the row with its figures swapped."""
    row = "Installed size — PyTorch: 666 MB; TensorFlow: 1,212 MB"
    swapped = "Installed size — PyTorch: 1,212 MB; TensorFlow: 666 MB"
    measured = sizes(700, 1200)
    assert verdicts(linker, row, measured) == {"supported"}
    assert verdicts(linker, swapped, measured) == {"contradicted"}


def test_a_tool_a_job_declares_names_its_side(linker: ClaimLinker) -> None:
    """Optuna is the tuner job's PyTorch side: "Optuna beat Keras Tuner" credits PyTorch's side, its mirror TF's."""
    assert described(linker, "Optuna beat Keras Tuner on our validation loss.") == {
        "automl-tuners · tuned_validation_loss · pytorch better than tensorflow"
    }
    assert described(linker, "Keras Tuner found a better model than Optuna did.") == {
        "automl-tuners · tuned_validation_loss · tensorflow better than pytorch"
    }


def test_counts_each_side_is_given_compare_by_the_metrics_better_direction(linker: ClaimLinker) -> None:
    """Trials finished are a count, where more is better: the figures given each tuner say which way the sentence
    leans, in either order and with the numbers swapped; a tool's version number is no figure."""
    more = "automl-tuners · trials_completed · pytorch better than tensorflow"
    fewer = "automl-tuners · trials_completed · tensorflow better than pytorch"
    assert more in described(linker, "Optuna finished all 30 trials in the budget, whereas Keras Tuner got through 24.")
    assert fewer in described(linker, "Optuna finished 24 trials in the budget, whereas Keras Tuner got through 30.")
    assert more in described(linker, "Keras Tuner got through 12 trials in the hour I gave it, Optuna through 19.")
    assert not {more, fewer} & described(linker, "We ran the trials with Optuna 3.6 and Keras Tuner 1.4.")
    lower = "automl-tuners · tuned_validation_loss · tensorflow better than pytorch"
    assert lower in described(linker, "Best validation loss after tuning — PyTorch: 0.412; TensorFlow: 0.398")
    finished = [
        {"metric": "trials_completed", "kind": "value", "unit": "trials", "better": "higher",
         "sides": {"pytorch": {"value": 50}, "tensorflow": {"value": 31}}}
    ]  # fmt: skip
    counted = "Optuna finished all 30 trials in the budget, whereas Keras Tuner got through 24."
    assert verdicts(linker, counted, finished) == {"supported"}
    assert verdicts(linker, counted.replace("30", "x").replace("24", "30").replace("x", "24"), finished) == {
        "contradicted"
    }
    versions = "Optuna 4.0 finished 30 trials, Keras Tuner 1.4 finished 24."
    assert more in described(linker, versions) and fewer not in described(linker, versions)
    assert fewer not in described(linker, "Optuna took 2 hours to finish 30 trials; Keras Tuner took 3 hours for 24.")


def test_a_comparative_of_time_links_no_size_and_one_of_size_no_time(linker: ClaimLinker) -> None:
    """ "As long" compares times and "smaller" sizes, whatever else the sentence mentions; a bare "larger framework"
    still speaks of the whole footprint (see the bundled article's links)."""
    slow = described(linker, "We saw TensorFlow take 3.1 times as long as torch to import on a fresh laptop.")
    assert "framework-footprint · import_time · pytorch better than tensorflow" in slow
    assert not {line for line in slow if "installed_size" in line or "import_rss" in line}
    small = described(linker, "The TensorFlow wheel is 30% smaller than the PyTorch one, so installs finish sooner.")
    assert "framework-footprint · installed_size · tensorflow better than pytorch" in small
    assert not {line for line in small if "import_time" in line}
    bigger = described(
        linker,
        "TensorFlow is simply the bigger thing to put in a container, and no amount of pruning changed that for us.",
    )
    assert "framework-footprint · installed_size · pytorch better than tensorflow" in bigger
    assert not {line for line in bigger if "import_time" in line}
    assert described(linker, "tf.function no longer matters: the traced CNN step runs at 0.42x of eager.") is not None
    named = described(linker, "PyTorch's import time is smaller than TensorFlow's.")  # a size word of a named time
    assert "framework-footprint · import_time · pytorch better than tensorflow" in named


def test_the_same_outputs_from_a_one_sided_check_is_a_pass(linker: ClaimLinker) -> None:
    """An output-parity check has one side: "the same outputs" says its check passes, not that two sides tie."""
    assert described(linker, "Torch models export to ONNX and give the same outputs in ONNX Runtime.") == {
        "onnx-export · onnx_runtime_parity · pytorch works"
    }
    assert described(linker, "The ONNX model never gave the same outputs in ONNX Runtime.") == {
        "onnx-export · onnx_runtime_parity · pytorch fails"
    }
    stopped = described(linker, "The debugger stopped working inside tf.function.")
    assert "debugging-breakpoints · breakpoint_sees_values · tf.function works" not in stopped


def test_a_one_sided_jobs_claim_must_be_about_its_framework(linker: ClaimLinker) -> None:
    """Converting a PyTorch model to TFLite is not what the TFLite job measures (TensorFlow's own export);
    setting PyTorch against TensorFlow first is."""
    assert not linker.links_for("You can't export a PyTorch model to TFLite directly.", "notes")
    assert described(linker, "Unlike PyTorch, TensorFlow Lite runs our models on Android phones.") == {
        "tflite-export · tflite_interpreter_parity · tensorflow works"
    }


def test_everyday_comparatives_are_judged_both_ways(linker: ClaimLinker) -> None:
    measured = sizes(700, 1200)
    assert verdicts(linker, "The torch wheel weighs in at half the size of TensorFlow's.", measured) == {"supported"}
    assert verdicts(linker, "The torch wheel weighs in at twice the size of TensorFlow's.", measured) == {
        "contradicted"
    }


def test_a_claim_in_one_clause_of_a_longer_sentence_is_found(linker: ClaimLinker) -> None:
    text = (
        "If you want the PyTorch side compiled too, torch.compile is one line; in our runs the compiled PyTorch "
        "step was slower than TensorFlow's tf.function step on CPU."
    )
    assert described(linker, text) == {
        "torch-vs-tf-compiled-step · cnn_train_step_compiled · tensorflow better than pytorch (cpu)"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT is lighter to install than TF.", "framework-footprint · installed_size · pytorch better than tensorflow"),
        ("RAM after import, PyTorch and TensorFlow: same ballpark.", "framework-footprint · import_rss · parity"),
        (
            "PyTorch and TensorFlow trained our CNN in a dead heat on the GPU.",
            "torch-vs-tf-training-step · cnn_train_step_eager · parity",
        ),
    ],
)
def test_abbreviations_and_parity_idioms(linker: ClaimLinker, text: str, expected: str) -> None:
    assert any(link.startswith(expected) for link in described(linker, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("disk: PT, by ~1.2 GB", "framework-footprint · installed_size · pytorch better than tensorflow"),
        ("Import time — Winner: TensorFlow", "framework-footprint · import_time · tensorflow better than pytorch"),
        (
            "Transformer training, eager (CPU) — Winner: Tie",
            "torch-vs-tf-training-step · transformer_train_step_eager · parity",
        ),
        (
            "Latency per request was about eleven milliseconds for torch and thirteen for TF.",
            "torch-vs-tf-training-step · cnn_inference_eager · pytorch better than tensorflow",
        ),
    ],
)
def test_scorecard_verdicts_and_spoken_figures_link(linker: ClaimLinker, text: str, expected: str) -> None:
    assert any(link.startswith(expected) for link in described(linker, text))


def test_a_scorecard_verdict_is_judged_both_ways(linker: ClaimLinker) -> None:
    measured = sizes(700, 1200)
    assert verdicts(linker, "disk: PT, by ~0.5 GB", measured) == {"supported"}
    assert verdicts(linker, "disk: TF", measured) == {"contradicted"}


def test_a_frameworks_own_compiler_names_its_compiled_side(linker: ClaimLinker) -> None:
    """A row of figures for TensorFlow and for TensorFlow with tf.function compares the graph speed-up; a row
    for PyTorch and for TensorFlow with tf.function compares what no job compares (eager against compiled)."""
    graph = "CNN train step (CPU) — TensorFlow 2.18: 52 ms; TensorFlow 2.18 + tf.function: 29 ms"
    assert described(linker, graph) == {"tf-graph-vs-eager · cnn_train_step · tf.function better than tf-eager (cpu)"}
    assert not linker.links_for("CNN train step (CPU) — PyTorch 2.5: 38 ms; TensorFlow 2.18 + tf.function: 29 ms")


def test_vectors_handed_back_link_a_sentence_as_the_encoder_would_without_calling_it(
    linker: ClaimLinker, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    """A server keeps its linker's vectors between starts (``api.host``): links read from them are the same."""
    sentence = "PyTorch imports faster than TensorFlow."
    expected = described(linker, sentence)
    path = tmp_path / "vectors.npz"
    write_vectors(path, linker.embedded())

    asked: list[str] = []

    class RecordingEncoder:
        def encode(self, texts: list[str], batch_size: int = 32) -> Any:
            asked.extend(texts)
            return embedder.encode(texts, batch_size)

    restarted = catalog_linker(RecordingEncoder())
    restarted.reuse(read_vectors(path))
    assert described(restarted, sentence) == expected
    assert expected and masked(sentence) not in asked  # at most the declared phrases were embedded
    assert read_vectors(tmp_path / "missing.npz") == {}


def test_the_comparatives_own_subject_is_credited_not_the_first_framework_named(linker: ClaimLinker) -> None:
    measured = sizes(700, 1200)
    assert verdicts(linker, "Compared to TensorFlow, PyTorch takes less disk space.", measured) == {"supported"}
    assert verdicts(linker, "Compared to PyTorch, TensorFlow takes less disk space.", measured) == {"contradicted"}
    said = "Our torch wheel came to 700 MB on disk, and TensorFlow's install was never smaller than that."
    assert verdicts(linker, said, measured) == {"supported"}


@pytest.mark.parametrize(
    "sentence",
    [
        "TensorFlow 2.18 installs a smaller wheel than TensorFlow 2.14 did.",
        "The PyTorch wheel has become smaller than it used to be.",
        "PyTorch imports faster than most newcomers expect.",
    ],
)
def test_a_comparison_with_something_no_side_is_links_nothing(linker: ClaimLinker, sentence: str) -> None:
    """An older release of the same framework, the past, people's expectations: not the other framework."""
    assert not {link for link in described(linker, sentence) if "better than" in link}


def test_each_part_of_a_sentence_keeps_its_own_comparison(linker: ClaimLinker) -> None:
    text = "PyTorch is the larger download, but TensorFlow holds more RAM after import."
    assert described(linker, text) == {
        "framework-footprint · installed_size · tensorflow better than pytorch",
        "framework-footprint · import_rss · pytorch better than tensorflow",
    }
    listed = described(linker, "TensorFlow: slower import, smaller install.")
    assert {
        "framework-footprint · import_time · pytorch better than tensorflow",
        "framework-footprint · installed_size · tensorflow better than pytorch",
    } <= listed


def test_figures_of_one_dimension_link_only_metrics_of_that_dimension(linker: ClaimLinker) -> None:
    """A duration compares no size, even where a framework's label names its wheel."""
    text = "Import time — PyTorch 2.5 (CPU wheel): 1.9 s; TensorFlow 2.18: 3.4 s"
    assert described(linker, text) == {"framework-footprint · import_time · pytorch better than tensorflow (cpu)"}


def test_a_mode_in_brackets_after_a_figure_is_that_figures_side(linker: ClaimLinker) -> None:
    text = "Step, compiled (GPU) — PyTorch: 9.1 ms (torch.compile); TensorFlow: 11.4 ms (tf.function)"
    assert described(linker, text) == {
        "torch-vs-tf-compiled-step · cnn_train_step_compiled · pytorch better than tensorflow (gpu)"
    }


def test_a_check_is_not_compared_by_speed_or_size(linker: ClaimLinker) -> None:
    """How long a conversion takes is the conversion-time figure; whether it copies is the check."""
    text = "On TensorFlow, tf.convert_to_tensor makes a copy, so a large batch takes longer to hand over."
    links = described(linker, text)
    assert "numpy-interop · numpy_zero_copy · tensorflow fails" in links
    assert not any("numpy_zero_copy" in link and "better than" in link for link in links)


def test_each_part_says_what_its_own_side_does(linker: ClaimLinker) -> None:
    text = "torch.from_numpy shares memory with the array; tf.convert_to_tensor does not."
    assert described(linker, text) == {
        "numpy-interop · numpy_zero_copy · pytorch works",
        "numpy-interop · numpy_zero_copy · tensorflow fails",
    }


def test_a_property_denied_by_name_is_a_failure_and_a_myth_links_nothing(linker: ClaimLinker) -> None:
    denied = described(linker, "The TensorFlow route is not zero-copy: convert_to_tensor allocates fresh memory.")
    assert "numpy-interop · numpy_zero_copy · tensorflow fails" in denied
    assert described(linker, "Myth: TensorFlow is the heavier install by a wide margin.") == set()
    assert described(linker, "TensorFlow is the heavier install by a wide margin.")


def test_an_offset_above_or_below_the_other_side_is_judged_both_ways(linker: ClaimLinker) -> None:
    below = "After import the TensorFlow process settles about 50 MB below the torch one in resident memory."
    above = "After import the TensorFlow process settles about 50 MB above the torch one in resident memory."
    assert "framework-footprint · import_rss · tensorflow better than pytorch" in described(linker, below)
    assert "framework-footprint · import_rss · pytorch better than tensorflow" in described(linker, above)


def test_a_part_without_a_subject_takes_the_previous_parts_and_a_leading_device_covers_every_part(
    linker: ClaimLinker,
) -> None:
    sentence = "On CPU, eager TensorFlow lost to PyTorch on the CNN step by 25% but won the transformer step by 10%."
    assert {
        "torch-vs-tf-training-step · cnn_train_step_eager · pytorch better than tensorflow (cpu)",
        "torch-vs-tf-training-step · transformer_train_step_eager · tensorflow better than pytorch (cpu)",
    } <= described(linker, sentence)
    reversed_ = "Eager TensorFlow is 1.4x slower than eager PyTorch on the CNN, but 1.13x faster on the transformer."
    assert "torch-vs-tf-training-step · transformer_train_step_eager · tensorflow better than pytorch" in described(
        linker, reversed_
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ONNX Runtime's outputs drifted past our tolerance on the exported model.",
            "onnx-export · onnx_runtime_parity · pytorch fails",
        ),
        (
            "The ONNX export ran in ONNX Runtime and the outputs never drifted.",
            "onnx-export · onnx_runtime_parity · pytorch works",
        ),
        (
            "The .tflite conversion ran, but the interpreter's outputs drifted by 0.02.",
            "tflite-export · tflite_interpreter_parity · tensorflow fails",
        ),
        (
            "torch.from_numpy shares the array's memory, so nothing is copied.",
            "numpy-interop · numpy_zero_copy · pytorch works",
        ),
        (
            "Inside a tf.function the breakpoint only shows symbolic placeholders.",
            "debugging-breakpoints · breakpoint_sees_values · tf.function fails",
        ),
    ],
)
def test_a_checks_declared_failure_words_fail_it_unless_negated(linker: ClaimLinker, text: str, expected: str) -> None:
    found = described(linker, text)
    assert expected in found
    opposite = (
        expected.replace(" works", " fails") if expected.endswith(" works") else expected.replace(" fails", " works")
    )
    assert opposite not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ONNX Runtime’s outputs didn’t drift.", set()),  # a curly apostrophe negates too
        ("Like PyTorch, TensorFlow copies the array.", {"numpy-interop · numpy_zero_copy · tensorflow fails"}),
        (
            "ONNX export fails for dynamic shapes, and the models that do export show no drift.",
            {"onnx-export · onnx_runtime_parity · pytorch fails"},
        ),
        ("TensorFlow 2.16 imports faster than 2.15 did, but still lags PyTorch.", set()),
        ("Option 2: TensorFlow Lite on phones.", {"tflite-export · tflite_interpreter_parity · tensorflow works"}),
    ],
)  # fmt: skip
def test_failure_words_and_objects_are_read_in_their_own_clause(
    linker: ClaimLinker, text: str, expected: set[str]
) -> None:
    assert described(linker, text) == expected
    for unrelated in (
        "TFLite's GPU delegate is off by default on Android phones.",
        "Watch for model drift in TF Serving.",
    ):
        assert not [link for link in described(linker, unrelated) if link.endswith(" fails")]


def test_sides_in_clauses_of_their_own_each_work_or_fail_by_their_clause(linker: ClaimLinker) -> None:
    text = "torch.from_numpy is zero-copy, while TensorFlow copies on every tf.convert_to_tensor call."
    assert {link for link in described(linker, text) if "zero_copy" in link} == {
        "numpy-interop · numpy_zero_copy · pytorch works",
        "numpy-interop · numpy_zero_copy · tensorflow fails",
    }
    text = "A breakpoint in PyTorch shows real values, while inside a tf.function you only get symbolic tensors."
    assert described(linker, text) == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch works",
        "debugging-breakpoints · breakpoint_sees_values · tf.function fails",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Independent benchmarks find TensorFlow imports lag PyTorch by more than two seconds.",
            "framework-footprint · import_time · pytorch better than tensorflow",
        ),
        (
            "Eager TF takes more than twice as long as the graph version of the same step.",
            "tf-graph-vs-eager · cnn_train_step · tf.function better than tf-eager",
        ),
        (
            "Expect TensorFlow to deliver a 1.2x per-step advantage over PyTorch when training the transformer.",
            "torch-vs-tf-training-step · transformer_train_step_eager · tensorflow better than pytorch",
        ),
        (
            "With six workers that's over a gig of RAM, and the hungrier one is TF.",
            "framework-footprint · import_rss · pytorch better than tensorflow",
        ),
        (
            "On the TensorFlow backend tf.convert_to_tensor makes a copy, so handing over a batch takes longer there.",
            "numpy-interop · numpy_conversion_time · pytorch better than tensorflow",
        ),
        (
            "torch.compile buys about 19% over eager PyTorch on the CNN step.",
            "torch-compile · train_step · torch.compile better than torch-eager",
        ),
        (
            "PyTorch has the fastest import of the two.",
            "framework-footprint · import_time · pytorch better than tensorflow",
        ),
    ],
)
def test_objects_verbs_and_modes_of_everyday_comparisons(linker: ClaimLinker, text: str, expected: str) -> None:
    assert expected in described(linker, text)


def test_a_one_sided_jobs_mode_word_in_a_sentence_about_another_framework_links_nothing(linker: ClaimLinker) -> None:
    text = "1:47 In eager mode, our step loop on the CNN ran about fifteen percent quicker in PyTorch."
    assert not [link for link in described(linker, text) if "eager_by_default" in link]
    assert "tf-eager-default · eager_by_default · tensorflow works" in described(
        linker, "TensorFlow 2 runs eagerly by default."
    )


def test_a_name_the_document_gives_a_framework_is_linked_as_that_framework(linker: ClaimLinker) -> None:
    """The same figures under the document's own names are judged as under the frameworks' names, both ways."""

    def claim_of(definition: str, sentence: str) -> Claim:
        text = f"# Bake-off\n\n{definition}\n\n## Results\n\n{sentence}\n"
        claims = extract_claims(Document("names", "Names", text, "text/markdown", "test"))
        return next(claim for claim in claims if claim.text == sentence)

    measured = sizes(pytorch_mb=666.0, tensorflow_mb=1212.0)
    for definition in ("Option A (PyTorch 2.5) and Option B (TensorFlow 2.18) were compared.",
                       "Option A (TensorFlow 2.18) and Option B (PyTorch 2.5) were compared."):  # fmt: skip
        claim = claim_of(definition, "Option B's wheels come to about twice the disk space of Option A's.")
        assert claim.text.startswith("Option B's wheels")
        found = {judge_link(claim.id, link, measured).verdict for link in linker.links_for_claim(claim)}
        expected = "supported" if "Option B (TensorFlow" in definition else "contradicted"
        assert found == {expected}, (definition, found)


def test_a_rate_and_level_counts_are_read_as_what_they_compare(linker: ClaimLinker) -> None:
    def predicted(text: str) -> set[tuple[str, str, str]]:
        return {
            (link.hypothesis.metric, link.hypothesis.predicts, link.hypothesis.against)
            for link in linker.links_for(text)
        }

    assert ("cnn_inference_eager", "tensorflow", "pytorch") in predicted(
        "Scored requests per second — PyTorch: 88; TensorFlow: 96"
    )
    assert ("cnn_inference_eager", "pytorch", "tensorflow") in predicted(
        "Scored requests per second — PyTorch: 96; TensorFlow: 88"
    )
    assert ("tuned_validation_loss", "pytorch", "tensorflow") in predicted(
        "Best validation loss: 0.212 for PyTorch, 0.219 for TensorFlow."
    )
    assert ("tuned_validation_loss", "tensorflow", "pytorch") in predicted(
        "Best validation loss: 0.219 for PyTorch, 0.212 for TensorFlow."
    )
    level = predicted("Tuning trials finished in the one-hour window — PyTorch: 36; TensorFlow: 36")
    assert {(metric, predicts) for metric, predicts, _ in level} == {("trials_completed", "parity")}


def test_a_cue_word_in_the_plural_is_still_the_cue_and_any_verb_of_the_subject_states_it(linker: ClaimLinker) -> None:
    assert described(linker, "PyTorch uses dynamic computation graphs.") == {
        "torch-dynamic-control-flow · data_dependent_control_flow · pytorch works"
    }
    assert described(linker, "TF Serving.") == set()


def test_a_static_graph_claim_and_its_denial_get_opposite_verdicts_from_the_same_check(linker: ClaimLinker) -> None:
    (static,) = linker.links_for("TensorFlow uses static graphs, which are compiled once and then executed.", "x")
    (denied,) = linker.links_for("TensorFlow 2 replaced static graphs with eager execution by default.", "x")
    assert (static.hypothesis.predicts, denied.hypothesis.predicts) == ("fails", "works")
    eager, graph = [_check("eager_by_default", True)], [_check("eager_by_default", False)]
    assert (judge_link("c", static, eager).verdict, judge_link("c", static, graph).verdict) == (
        "contradicted",
        "supported",
    )
    assert (judge_link("c", denied, eager).verdict, judge_link("c", denied, graph).verdict) == (
        "supported",
        "contradicted",
    )


def test_a_table_row_of_level_cells_links_parity_and_the_default_links_its_check(linker: ClaimLinker) -> None:
    assert "torch-vs-tf-training-step · cnn_train_step_eager · parity" in described(
        linker, "Training speed — PyTorch: Comparable"
    )
    assert "torch-vs-tf-training-step · cnn_train_step_eager · parity" not in described(
        linker, "Training speed — PyTorch: Faster"
    )
    assert "tf-eager-default · eager_by_default · tensorflow works" in described(
        linker, "In TensorFlow 2.x, eager execution is the default."
    )


def test_a_comparison_of_what_no_job_measures_still_states_the_tools_it_names(linker: ClaimLinker) -> None:
    linked = described(
        linker, "TensorFlow has a more complete ecosystem (TF Serving, TensorFlow Lite, TensorFlow.js) than PyTorch."
    )
    assert "tflite-export · tflite_interpreter_parity · tensorflow works" in linked
    assert not any("better than" in link for link in linked)  # the ecosystem's size is compared, no job's figure
    assert described(linker, "TensorFlow has a larger community than PyTorch.") == set()


def test_ease_of_debugging_compares_with_eager_tensorflow_and_its_reverse_predicts_the_other_side(
    linker: ClaimLinker,
) -> None:
    """ "Easier to debug" with no TensorFlow mode named compares with eager TensorFlow (the label conventions), so
    a breakpoint that shows values in both can contradict it; "harder" of the other side says the same."""
    easier = described(linker, "PyTorch is easier to debug than TensorFlow.")
    harder = described(linker, "TensorFlow is harder to debug than PyTorch.")
    assert "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf-eager" in easier
    assert "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf-eager" in harder
    reverse = described(linker, "TensorFlow is easier to debug than PyTorch.")
    assert "debugging-breakpoints · breakpoint_sees_values · tf-eager better than pytorch" in reverse
    both_stop = _breakpoints(pytorch=True, tf_eager=True)
    only_pytorch_stops = _breakpoints(pytorch=True, tf_eager=False)
    assert verdicts(linker, "PyTorch is easier to debug than TensorFlow.", both_stop) == {"contradicted"}
    assert verdicts(linker, "PyTorch is easier to debug than TensorFlow.", only_pytorch_stops) == {"supported"}
    assert verdicts(linker, "TensorFlow is easier to debug than PyTorch.", only_pytorch_stops) == {"contradicted"}


def _breakpoints(pytorch: bool, tf_eager: bool) -> list[dict[str, Any]]:
    sides = {"pytorch": pytorch, "tf-eager": tf_eager, "tf.function": False}
    return [
        {
            "metric": "breakpoint_sees_values",
            "kind": "check",
            "sides": {side: {"passed": passed, "detail": "synthetic"} for side, passed in sides.items()},
        }
    ]


def test_a_static_graph_said_of_a_lent_tensorflow_is_the_eager_default_failing(linker: ClaimLinker) -> None:
    text = "It uses a static computational graph, where the graph is defined first and the operations run later."
    lent = {(link.hypothesis.metric, link.hypothesis.predicts, link.hypothesis.side)
            for link in linker.links_for(text, "notes", "TensorFlow:")}  # fmt: skip
    assert ("eager_by_default", "fails", "tensorflow") in lent


def test_a_framework_likened_to_numpy_says_nothing_of_numpy_arrays(linker: ClaimLinker) -> None:
    """A cue word in what a sentence likens something to does not lower the property's bar; working with NumPy
    still does."""
    likened = "PyTorch is similar to NumPy in the way that it manages computations, but has strong GPU support."
    assert not [link for link in described(linker, likened) if "numpy" in link]
    working = described(linker, "PyTorch integrates seamlessly with NumPy.")
    assert "numpy-interop · numpy_zero_copy · pytorch works" in working


def test_a_checks_line_that_ends_in_one_status_is_judged_by_it_and_an_empty_cell_links_nothing(
    linker: ClaimLinker,
) -> None:
    """A checks table's cell or row ends in its status: a failure there fails the check for the side the line names,
    a pass makes it work, and a placeholder ("n/a", "--") says nothing; a line with a status per side is read side
    by side."""
    failed = "Breakpoint shows values (tf.function) — TensorFlow: FAIL"
    crossed = "Breakpoint shows values (tf.function) — TensorFlow: ✗"
    for text in (failed, crossed):
        assert described(linker, text) == {"debugging-breakpoints · breakpoint_sees_values · tf.function fails"}
    passed = "Loop on a tensor value (tf.function) -- pass"
    assert "torch-dynamic-control-flow · data_dependent_control_flow · tf.function works" in described(linker, passed)
    for empty in ("Breakpoint shows values (tf.function) — PyTorch: n/a", "ONNX runtime parity — PyTorch: --"):
        assert described(linker, empty) == set()
    one_each = described(linker, "Zero-copy from NumPy: PyTorch shares the buffer; TensorFlow: FAIL")
    assert "numpy-interop · numpy_zero_copy · pytorch works" in one_each
    assert "numpy-interop · numpy_zero_copy · pytorch fails" not in one_each
    both = described(linker, "12/ NumPy interop: torch.from_numpy = zero-copy ✅ tf.convert_to_tensor = copy ❌")
    assert "numpy-interop · numpy_zero_copy · pytorch works" in both
    assert "numpy-interop · numpy_zero_copy · pytorch fails" not in both


def test_a_line_of_code_and_an_untried_experience_link_nothing(linker: ClaimLinker) -> None:
    for text in (
        "In [3]: points = torch.from_numpy(points_np)",
        "with tf.Session() as sess: print(sess.run(total))",
        "Nobody has tried a TorchScript round trip yet.",
        "The libtorch loader for the C++ edge proxy has not been tried yet.",
    ):
        assert described(linker, text) == set(), text
    assert "torchscript-roundtrip · torchscript_roundtrip · pytorch works" in described(
        linker, "We tried a TorchScript round trip and it reproduced the outputs exactly."
    )


def test_a_denied_failure_word_says_the_check_works_and_an_affirmed_one_that_it_fails(linker: ClaimLinker) -> None:
    """No verb of capability is needed where the sentence denies what failing would be ("avoids copying")."""
    assert described(linker, "When possible, PyTorch avoids copying data by sharing memory with the array.") == {
        "numpy-interop · numpy_zero_copy · pytorch works"
    }
    assert described(linker, "TensorFlow copies the data when it converts the array.") == {
        "numpy-interop · numpy_zero_copy · tensorflow fails"
    }
    # a denial said of something set against the framework, or given as advice, says nothing of it
    assert not described(linker, "Unlike TensorFlow, JAX avoids copying the array.")
    assert not described(linker, "You should avoid copying arrays when moving them into TensorFlow.")
    assert not described(linker, "I'm not sure whether TensorFlow avoids copying the array.")


def test_a_frameworks_named_strength_states_it(linker: ClaimLinker) -> None:
    text = "One of the standout features of PyTorch is its dynamic computation graph."
    assert "torch-dynamic-control-flow · data_dependent_control_flow · pytorch works" in described(linker, text)
    assert not described(linker, "The advantages of TFLite are unclear to me.")


def test_a_mode_given_as_the_reason_is_the_worse_side_not_the_better_one(linker: ClaimLinker) -> None:
    """ "Harder to debug due to static graphs" is against graph mode; before, the static graph was read as the side the
    sentence compared TensorFlow with, and credited with the easier debugging."""
    harder = "Debugging in TensorFlow is more challenging due to static graphs."
    assert described(linker, harder) == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf.function"
    }
    easier = "Debugging in TensorFlow is easier due to static graphs."
    assert "debugging-breakpoints · breakpoint_sees_values · tf.function better than pytorch" in described(
        linker, easier
    )
    assert described(linker, "TensorFlow is more challenging to debug than PyTorch.") == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf-eager"
    }
    assert described(linker, "TensorFlow is less straightforward to debug than PyTorch.") == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf-eager"
    }
    assert described(linker, "TensorFlow is harder to debug because it uses static graphs.") == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf.function"
    }
    assert described(linker, "Debugging TensorFlow is harder due to tf.function.") == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf.function"
    }
    denied = "TensorFlow is harder to debug than PyTorch, not because of static graphs but because of its errors."
    assert described(linker, denied) == {
        "debugging-breakpoints · breakpoint_sees_values · pytorch better than tf-eager"
    }
    # a subject that names its own mode keeps it, and a mode said to be off is no reason of this kind
    assert described(linker, "Eager TensorFlow trains a CNN slower, due to graph mode being off.") == {
        "tf-graph-vs-eager · cnn_train_step · tf.function better than tf-eager"
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Many developers find PyTorch easier to debug than TensorFlow.",
        "PyTorch is widely regarded as easier to debug than TensorFlow.",
        "TensorFlow is often said to import more slowly than PyTorch.",
    ],
)
def test_what_many_people_find_is_a_reported_view(linker: ClaimLinker, sentence: str) -> None:
    assert described(linker, sentence) == set()

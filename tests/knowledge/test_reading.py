"""Reading a sentence: its subject and the side its comparative credits."""

from __future__ import annotations

import pytest

from knowledge.hypotheses import CapabilityRule, HypothesisTable, is_testable, not_testable_reason, works
from knowledge.quantities import first_plain_number
from knowledge.reading import MAX_WHITESPACE_RUN, Mention, bounded_whitespace, line_status, read


@pytest.mark.parametrize(
    ("sentence", "subject", "favors"),
    [
        ("TensorFlow is the smaller download and uses less memory once imported.", "tensorflow", "tensorflow"),
        (
            "In my environment the PyTorch package takes up more disk space than TensorFlow does.",
            "pytorch",
            "tensorflow",
        ),
        ("TensorFlow is heavier than PyTorch.", "tensorflow", "pytorch"),
        ("Eager TensorFlow was not faster than PyTorch for our transformer.", "tensorflow", "pytorch"),
        ("TensorFlow is not slower than PyTorch.", "tensorflow", "tensorflow"),
        ("TensorFlow 2.x has embraced eager execution, making it more flexible.", "tensorflow", "tensorflow"),
        ("Neither framework is ahead on import time.", "neither", "neither"),
        ("Only PyTorch can run that loop, not TensorFlow.", "pytorch", "pytorch"),
    ],
)
def test_subject_and_favors_come_from_the_comparative(sentence: str, subject: str, favors: str) -> None:
    reading = read(sentence)
    assert (reading.subject, reading.favors) == (subject, favors)


def test_questions_and_reported_views_assert_nothing() -> None:
    assert not read("Is TensorFlow lighter than PyTorch?").asserts
    assert not read("A lot of people assume TensorFlow is heavier.").asserts
    assert read("TensorFlow is heavier.").asserts


def test_an_action_item_given_to_a_person_asserts_nothing_but_a_sides_instruction_stays() -> None:
    assert not read("Ana: check whether torch.onnx.dynamo_export gets past the embedding bag op.").asserts
    assert not read("[ ] Marek: rerun the old TF step under tf.function by sprint 43.").asserts
    assert read("Priya: TF was faster on the GPU boxes.").asserts
    assert read("TensorFlow: export a SavedModel and load it in TensorFlow Serving.").asserts


def test_a_question_followed_by_a_vote_count_or_a_footnote_mark_is_still_a_question() -> None:
    assert not read("Would TF have been just as quick under tf.function? (+3)").asserts
    assert not read("Has anyone measured whether TF infers faster on GPU? [2]").asserts
    assert not read('She asked: "Is torch the lighter install?" 🤔').asserts
    assert read("TensorFlow infers faster on GPU (+3)").asserts
    assert read("TensorFlow is faster (is it? yes).").asserts


def test_no_longer_needing_something_is_not_a_failure() -> None:
    assert not read("You no longer have to build a graph and run it in a tf.Session.").fails
    assert read("TensorFlow cannot run that loop eagerly.").fails


def test_modes_and_devices_are_read_with_the_framework() -> None:
    reading = read("On a GPU, eager TensorFlow trains slower than tf.function.")
    assert [(m.framework, m.mode) for m in reading.mentions] == [("tensorflow", "eager"), ("tensorflow", "compiled")]
    assert reading.device == "gpu"


def test_a_reviewed_table_links_by_its_rules_and_names_unmeasured_parts() -> None:
    table = HypothesisTable((CapabilityRule("r", r"\bfake\b", (works("job", "metric", "side"),), "why"),))
    (link,) = table.links_for("A mature fake claim", "notes")
    assert link.unmeasured == "maturity"
    assert not table.links_for("A mature fake claim", "rating")


def test_testability_and_the_reason_when_not() -> None:
    assert not is_testable("PyTorch Rating: 4.5/5 for TorchScript and ONNX", "rating")
    assert is_testable("TensorFlow is heavier than PyTorch.", "cons")
    assert "maturity" in not_testable_reason("PyTorch: Cons — Deployment tools are newer and less mature", "cons")


def test_extracted_comparisons_credit_the_side_their_comparative_does(tmp_path) -> None:
    from knowledge.documents import load_document
    from knowledge.extraction import extract_claims

    path = tmp_path / "notes.md"
    path.write_text(
        "# Notes\n\nTensorFlow is the smaller install and uses less memory once imported. "
        "In my tests PyTorch takes up more disk space than TensorFlow does. "
        "Eager TensorFlow trains the small CNN slower than PyTorch.\n"
    )
    favors = {claim.text.split()[0]: (claim.subject, claim.favors) for claim in extract_claims(load_document(path))}
    assert favors["TensorFlow"] == ("tensorflow", "tensorflow")
    assert favors["In"] == ("pytorch", "tensorflow")
    assert favors["Eager"] == ("tensorflow", "pytorch")


def test_context_lends_the_framework_and_a_list_label_but_no_comparison() -> None:
    alone = read("Loads in C++ without Python.")
    assert alone.frameworks == () and read("Loads in C++ without Python.", "PyTorch:").frameworks == ("pytorch",)
    assert read("Eagerly, by default.", "TensorFlow —").mentions[0] == Mention(0, "tensorflow", "eager")
    assert read("TorchScript for serializing models", "Deployment Advances:").states_capability
    assert not read("TorchScript for serializing models", "PyTorch:").states_capability
    assert read("It is faster.", "TensorFlow is slower:").direction == "better"
    assert read("Keras names PyTorch.", "PyTorch:").frameworks == ("tensorflow", "pytorch")
    assert read("Its install is smaller than TensorFlow's.", "PyTorch:").subject == "pytorch"
    assert read("Its install is smaller than TensorFlow's.").subject == "tensorflow"


def test_a_comparison_of_what_no_job_measures_is_marked() -> None:
    assert read("PyTorch has a larger community than TensorFlow.").compares_unmeasured
    assert read("Smaller enterprise adoption footprint").compares_unmeasured
    assert not read("TensorFlow has the smaller memory footprint.").compares_unmeasured
    assert not read("PyTorch is larger than TensorFlow on disk.").compares_unmeasured


def test_a_failure_counts_only_in_a_clause_about_the_framework() -> None:
    assert not read("TensorFlow Lite export works, but the gateway cannot serve the file yet.").fails
    assert read("TensorFlow Lite export works, but it cannot run our custom op.").fails
    assert read("TensorFlow cannot do it, but PyTorch can.").fails


@pytest.mark.parametrize(
    ("text", "subject", "direction"),
    [
        ("Installed size — PyTorch: 666 MB; TensorFlow: 1,212 MB", "pytorch", "less"),
        ("Installed size — PyTorch: 1.3 GB; TensorFlow: 1,212 MB", "pytorch", "more"),
        ("On my laptop TensorFlow imported in 3.9 s and torch in 1,300 ms.", "tensorflow", "more"),
    ],
)
def test_figures_compare_when_no_comparative_word_does(text: str, subject: str, direction: str) -> None:
    found = read(text)
    assert (found.subject, found.direction, found.parity) == (subject, direction, False)
    assert found.favors == ("pytorch" if (subject == "pytorch") == (direction == "less") else "tensorflow")


@pytest.mark.parametrize(
    "text",
    [
        "PyTorch trains at 120 images/s, TensorFlow at 90 images/s.",  # rates: which way is better differs
        "PyTorch 2.13 and TensorFlow 2.21 were installed.",  # versions are no figures
        "PyTorch took 1.3 s, TensorFlow needed 700 MB.",  # a time against a size
        "PyTorch imports in 1.3 s.",  # one side only
    ],
)
def test_figures_that_do_not_compare_two_sides_give_no_direction(text: str) -> None:
    assert read(text).direction == "" and not read(text).parity


def test_figures_within_five_percent_are_parity() -> None:
    assert read("Import time — PyTorch: 1.21 s; TensorFlow: 1.25 s").parity


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ("Zero-copy NumPy — TensorFlow: No", True),
        ("Zero-copy NumPy — TensorFlow: ✗", True),
        ("ONNX export — TensorFlow: not supported", True),
        ("Zero-copy NumPy — PyTorch: Yes", False),
        ("No, TensorFlow has been eager by default since 2.0.", False),
    ],
)
def test_a_cell_or_item_that_answers_no_states_a_failure(text: str, fails: bool) -> None:
    assert read(text).fails is fails


@pytest.mark.parametrize(
    ("text", "favors"),
    [
        ("TensorFlow takes ages to import compared to PyTorch.", "pytorch"),
        ("PyTorch is slow to import next to TensorFlow.", "tensorflow"),
        ("PyTorch's import is snappier.", "pytorch"),
        ("On CPU, TF eager trails PyTorch by roughly 40% per training step.", "pytorch"),
        ("The torch wheel weighs in at twice the size of TensorFlow's.", "tensorflow"),
        ("PyTorch is a memory hog compared to TensorFlow once imported.", "tensorflow"),
        ("Switching to PyTorch cut our image size by 600 MB.", "pytorch"),
        ("Memory after import: ~300 MB for torch, ~550 MB for TF.", "pytorch"),
    ],
)
def test_comparisons_in_everyday_words(text: str, favors: str) -> None:
    assert read(text).favors == favors


def test_a_plain_adjective_compares_only_against_something() -> None:
    assert read("PyTorch is fast.").direction == ""
    assert read("PyTorch is fast compared to TensorFlow.").direction == "better"


@pytest.mark.parametrize(
    ("text", "favors"),
    [
        ("Framework import was measured to complete more quickly for PyTorch.", "pytorch"),
        ("Cold starts are expected to be shorter when PyTorch is packaged.", "pytorch"),
        ("Confirmed on arm64: torch imported in about a third of the time TensorFlow took.", "pytorch"),
        ("TensorFlow in eager mode delivered higher per-step throughput than PyTorch.", "tensorflow"),
    ],
)
def test_more_everyday_comparatives(text: str, favors: str) -> None:
    assert read(text).favors == favors


@pytest.mark.parametrize(
    "text",
    [
        "No material difference in resident memory after import was recorded between PyTorch and TensorFlow.",
        "When both are compiled, neither PyTorch nor TensorFlow holds a consistent advantage.",
        "Conversion times for large arrays were broadly equivalent in PyTorch and TensorFlow.",
        "On CPU, PyTorch and TensorFlow showed comparable latencies.",
    ],
)
def test_more_parity_idioms(text: str) -> None:
    assert read(text).parity


def test_a_reported_view_in_one_clause_leaves_the_next_clause_asserted() -> None:
    assert not read("A colleague insists that PyTorch imports much faster.").asserts
    assert read("Memory is closer than people think; in my runs TensorFlow sat a little lower.").asserts


@pytest.mark.parametrize(
    ("sentence", "subject", "favors"),
    [
        ("Compared to TensorFlow, PyTorch is faster to import.", "pytorch", "pytorch"),
        ("PyTorch, unlike TensorFlow, is slower to import.", "pytorch", "tensorflow"),
        ("torch came back in a second and a half, and TensorFlow never once beat it.", "tensorflow", "pytorch"),
        ("Between PyTorch and TensorFlow, the faster one to import is TensorFlow.", "pytorch", "pytorch"),
        ("Memory after import favours TensorFlow, by about 15%.", "tensorflow", "tensorflow"),
    ],
)
def test_the_subject_is_the_one_the_comparative_speaks_of(sentence: str, subject: str, favors: str) -> None:
    """The last framework named before the comparative, unless it is its object ("than", "unlike",
    "compared to") or one of a pair listed together; else the first named."""
    reading = read(sentence)
    assert (reading.subject, reading.favors) == (subject, favors)


def test_figures_are_read_in_either_order_and_with_a_mode_in_brackets() -> None:
    mixed = read("PyTorch finished its import in 1.3 s, against 3.6 s for TensorFlow.")
    assert (mixed.direction, mixed.figure_dimension, mixed.subject) == ("less", "duration", "pytorch")
    compiled = read("Compiled step — PyTorch: 9.6 ms (torch.compile); TensorFlow: 10.9 ms (tf.function)")
    assert compiled.direction == "less"
    assert {(m.framework, m.mode) for m in compiled.mentions if m.framework} == {
        ("pytorch", "compiled"),
        ("tensorflow", "compiled"),
    }


def test_a_ratio_of_a_cost_reads_as_more_of_it() -> None:
    assert read("A TensorFlow process held 2.1 times the resident memory of a PyTorch one.").direction == "more"
    assert read("TensorFlow served twice the throughput of PyTorch.").direction == "better"


def test_a_unit_declared_in_a_label_reads_the_bare_figures_after_it() -> None:
    reading = read("Import time (s) — PyTorch 2.6: 1.7; TensorFlow 2.19: 3.9")
    assert (reading.direction, reading.figure_dimension, reading.subject) == ("less", "duration", "pytorch")
    assert not read("Tuning trials completed (of 50) — PyTorch: 50; TensorFlow: 44").direction


def test_a_rate_reads_its_higher_figure_as_the_shorter_time() -> None:
    """Requests per second, images/s, GB/s: the side with the higher rate takes less time per item, both ways."""
    quicker = read("Inference throughput (req/s) — PyTorch 2.6: 2,900; TensorFlow 2.19: 2,350")
    assert (quicker.direction, quicker.figure_dimension, quicker.subject) == ("less", "duration", "pytorch")
    slower = read("Retrain steps per minute — PyTorch: 1,150; TensorFlow: 1,420")
    assert (slower.direction, slower.figure_dimension) == ("more", "duration")
    assert read("Scored requests per second — PyTorch: 96; TensorFlow: 96").parity
    assert not read("Share of runs that failed (%) — PyTorch: 2; TensorFlow: 5").figure_dimension


@pytest.mark.parametrize(
    "sentence",
    [
        "Myth: TensorFlow is the heavier install by a wide margin.",
        "4. Myth #2 — PyTorch always imports faster.",
        "If torch.from_numpy didn't share memory, my augmentation pipeline would need twice the RAM.",
        "People on Discord keep saying torch is always faster on GPU.",
        "Some of us suspect TensorFlow would finish more trials per hour than Optuna.",
        "Readers will be tempted to declare TensorFlow the faster framework.",
        "When the outputs differ, put a breakpoint() in forward and compare activations against the Keras model.",
        "4.6 (Harder) Convert the CNN of Section 4.1 to TensorFlow.js and load it in a browser.",
        "Check whether torch.from_numpy and tf.convert_to_tensor share memory with the source array.",
        "Table 4: Step time on the A100, normalised to eager PyTorch (lower is better).",
        "I haven't tried loading it from C++, so I can't tell you about libtorch.",
        "We don't ship to phones, so I skipped TensorFlow Lite entirely.",
        "Nobody on the team has tried a TorchScript round trip yet.",
        "The libtorch loader for the C++ proxy has not been tried yet.",
        # a page's unfenced example reaches the reader as prose: it runs something and claims nothing
        "In [3]: points = torch.from_numpy(points_np)",
        ">>> t.numpy()",
        "with tf.Session() as sess: print(sess.run(total))",
        "x = tf.placeholder(tf.float32, shape=[3])",
        "import tensorflow as tf",
        "for i in range(3):",
        "y = tf.pow(x, 2) + 2 * x",
        "print(total)",
        "model.eval() dummy_input = torch.randn(1, 3, 224, 224) # match training input shape",
        'torch.onnx.export( model, dummy_input, "model.onnx", export_params=True, opset_version=17)',
        # a code block flattened into one line of text, with its comments
        "import torchimport numpy as np# Create an arrayarr = np.array([1, 2, 3])tensor = torch.as_tensor(arr)",
        "PyTorch Dynamic Example def net(x, n): for i in range(n): # Dynamic! x = torch.relu(layer(x))",
        "TensorFlow Example (TF 1.x) # Define graph first x = tf.placeholder(tf.float32) y = tf.layers.dense(x, 8)",
        # what many people find or hold, not what the writer asserts
        "Many developers find PyTorch easier to debug than TensorFlow.",
        "PyTorch: many find its Pythonic style clearer for debugging.",
        "TensorFlow is widely regarded as the better choice for mobile.",
        "PyTorch is said to import faster than TensorFlow.",
        "The pitch deck said that TensorFlow trains faster across the board.",
        "Another engineer felt that PyTorch has the friendlier debugging story.",
        "Most students believe TensorFlow is the smaller install.",
        "Most people I know believe that TensorFlow is easier to debug than PyTorch.",
        "Many developers have found PyTorch easier to debug than TensorFlow.",
        "One panellist asked whether the lighter install would hold with the CUDA wheels.",
    ],
)
def test_myths_counterfactuals_hearsay_instructions_captions_and_code_assert_nothing(sentence: str) -> None:
    assert not read(sentence).asserts


@pytest.mark.parametrize(
    "sentence",
    [
        "The myth does hold inside tf.function, where the breakpoint only ever meets symbolic tensors.",
        "If you need fast imports, PyTorch is faster than TensorFlow.",
        "Fact: PyTorch is the heavier install.",
        "Import time is 1.2 s for PyTorch and 3.4 s for TensorFlow.",
        "Export to ONNX works in PyTorch.",
        "Once compiled, the TensorFlow step is faster.",
        "We didn't see any speed-up from torch.compile on CPU.",
        "Import (s) — PyTorch 2.6: 1.6; TensorFlow 2.19: 4.1",
        "Time (ms) — PyTorch: 38; TensorFlow: 52",
        # prose that names code
        "print() and breakpoint() just work in PyTorch models.",
        "NumPy interop: torch.from_numpy = zero-copy, tf.convert_to_tensor = copy.",
        r"For the median cold import we obtain $t_{\mathrm{TF}} = 3.62$ s against $t_{\mathrm{PT}} = 1.48$ s.",
        "torch.from_numpy(a) shares the buffer, while tf.convert_to_tensor(a) copies it.",
        "Import torch takes 1.3 s on our runners.",
        "torch.compile() gave a 1.3x speed-up on the CNN step.",
        "model.fit(x, y) trains eagerly unless the step is wrapped in tf.function.",
        "torch.compile() helps (a lot) on the CNN step.",
        "torch.compile() beats tf.function() here.",
        "torch.from_numpy() shares, tf.convert_to_tensor() copies.",
        "PyTorch[1] was faster[2].",
        "PyTorch: 12 ms, TensorFlow: 15 ms (batch_size=64, lr=1e-3, epochs=10)",
        "return values in PyTorch are plain tensors.",
        "With PyTorch, b = torch.from_numpy(a) shares memory, and c = b.numpy() goes back without a copy.",
        "PyTorch imports in 1.3 s while TensorFlow takes 4 s to return from import tensorflow as tf.",
        "PyTorch is easier to debug, and many users prefer it.",
        "In PyTorch, b = torch.from_numpy(a) shares memory but c = tf.constant(a) copies it (see issue #1234).",
        "After import numpy as np, x = torch.from_numpy(np.ones(3)) shares memory with the array.",
        # the writer's own hedge, and what the writer's own results suggest
        "I strongly believe PyTorch imports faster than TensorFlow.",
        "I felt that PyTorch was easier to debug than TensorFlow.",
        "Our benchmark suggests that PyTorch imports faster than TensorFlow.",
        "The profiler says that PyTorch imports in 1.3 s.",
        "It is hard to believe how much faster PyTorch imports.",
        "Most runs report PyTorch importing faster than TensorFlow.",
        "I've always felt that PyTorch is easier to debug than TensorFlow.",
        "In C# you write x = Foo() and PyTorch is easier to debug than TensorFlow with y = tf.constant(1).",
        # an untried clause beside a claim, a needless thing, a fact
        "TFLite conversion works fine, but quantisation has not been tested yet.",
        "Nobody here has needed a tf.Session since eager execution became the default.",
        "No one who has tried both would pick TensorFlow for research.",
        "Since 2.11, TensorFlow GPU on native Windows has not been tested or supported by Google.",
    ],
)
def test_talk_of_a_myth_a_condition_a_noun_that_is_also_a_verb_or_of_code_still_asserts(sentence: str) -> None:
    assert read(sentence).asserts


def test_a_framework_named_only_as_the_object_lends_the_subject_to_the_context() -> None:
    sentence = "On the CI runners it imports in well under half of TensorFlow's time."
    reading = read(sentence, context="PyTorch")
    assert (reading.subject, reading.favors) == ("pytorch", "pytorch")
    assert read("PyTorch imports in well under half of TensorFlow's time.").favors == "pytorch"


def test_tracing_is_the_compiled_mode() -> None:
    (mention,) = [m for m in read("The breakpoint stops once, while TensorFlow is tracing the function.").mentions]
    assert (mention.framework, mention.mode) == ("tensorflow", "compiled")


@pytest.mark.parametrize(
    ("sentence", "favors"),
    [
        ("The torch process needed about half the resident memory of the TensorFlow one.", "pytorch"),
        ("Predicting a batch took PyTorch half as long as TensorFlow.", "pytorch"),
        ("After import the TensorFlow process settles about 50 MB below the torch one.", "tensorflow"),
        ("On our GPU jobs the TensorFlow step came in about 30% under the PyTorch one.", "tensorflow"),
        ("TensorFlow took about a fifth off PyTorch's import time.", "tensorflow"),
    ],
)
def test_fractions_and_offsets_compare(sentence: str, favors: str) -> None:
    assert read(sentence).favors == favors


@pytest.mark.parametrize(
    "sentence",
    [
        "TorchScript and ONNX exports were outside the scope of this poster and will be covered in a follow-up.",
        "Next time: SavedModel serving, ONNX Runtime and a GPU box.",
        "TFLite: not run this quarter.",
        "The ONNX export of the PyTorch CNN was not attempted.",
    ],
)
def test_plans_and_measurements_not_made_assert_nothing(sentence: str) -> None:
    assert not read(sentence).asserts


def test_the_former_and_the_latter_name_one_of_the_pair_before_them() -> None:
    latter = read("Of the two wheels, PyTorch's and TensorFlow's, the latter unpacked smaller.")
    assert (latter.subject, latter.favors) == ("tensorflow", "tensorflow")
    assert read("Between PyTorch and TensorFlow, the former imports faster.").favors == "pytorch"


@pytest.mark.parametrize(
    "sentence",
    [
        "Memory after import, 402 MB and 391 MB, a difference inside our run-to-run noise.",
        "The two processes were within 15 MB of each other after import.",
        "On validation loss the two tuners landed on almost the same number.",
    ],
)
def test_more_parity_in_figures_and_noise(sentence: str) -> None:
    assert read(sentence).parity


def test_taking_off_is_no_comparison() -> None:
    assert not read("PyTorch took off as the research favourite years ago.").direction


@pytest.mark.parametrize(
    ("sentence", "favors"),
    [
        ("disk: PT, by ~1.2 GB", "pytorch"),
        ("single-request latency: TF", "tensorflow"),
        ("Install size — Winner: TensorFlow", "tensorflow"),
        ("CNN training, eager (CPU) — Winner: PyTorch (~18%)", "pytorch"),
    ],
)
def test_a_scorecard_verdict_credits_the_framework_it_names(sentence: str, favors: str) -> None:
    assert read(sentence).favors == favors


def test_a_scorecard_tie_is_parity_and_a_sides_value_is_no_verdict() -> None:
    assert read("batched latency: tie").parity
    assert read("Transformer training — Winner: Tie").parity
    reading = read("Graph compiler — PyTorch: torch.compile")  # a table cell under a framework's column
    assert not reading.direction and not reading.parity


@pytest.mark.parametrize(
    ("sentence", "favors"),
    [
        ("TensorFlow takes four and a half seconds to import, while torch is done in one point five.", "pytorch"),
        (
            "The TF process sits at four hundred megs resident and the torch one at four hundred and sixty.",
            "tensorflow",
        ),
        ("Latency per request, batch of sixty-four, was eleven milliseconds for torch and thirteen for TF.", "pytorch"),
    ],
)
def test_figures_spoken_as_words_and_a_unit_left_out_compare(sentence: str, favors: str) -> None:
    assert read(sentence).favors == favors


def test_a_version_or_batch_size_is_no_figure() -> None:
    assert not read("PyTorch 2.6 imported in 1.3 s; TensorFlow 2.19 did not finish.").direction
    assert not read("PyTorch took 11 ms a step; TensorFlow at batch 64 did not run.").direction


@pytest.mark.parametrize(
    ("sentence", "context", "subject", "direction"),
    [
        ("Eager CNN training trails PyTorch on the CPU server", "TensorFlow:", "tensorflow", "worse"),
        ("Slow to import: roughly three times PyTorch's wait", "TensorFlow:", "tensorflow", "more"),
        ("Installed size is not close: TF's venv is 2.6 times PT's.", "", "tensorflow", "more"),
        ("TensorFlow beats PyTorch on install size.", "", "tensorflow", "better"),
        ("PyTorch loses to TensorFlow on install size.", "", "pytorch", "worse"),
    ],
)
def test_a_framework_right_after_a_verb_of_comparison_is_its_object(
    sentence: str, context: str, subject: str, direction: str
) -> None:
    reading = read(sentence, context)
    assert (reading.subject, reading.direction) == (subject, direction)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("four and a half", 4.5),
        ("one point five", 1.5),
        ("four hundred and sixty", 460.0),
        ("sixty-four", 64.0),
        ("half a", 0.5),
        ("1,212", 1212.0),
        ("twelve thousand", 12000.0),
    ],
)
def test_numbers_are_read_in_digits_or_words(words: str, value: float) -> None:
    from knowledge.quantities import number_value

    assert number_value(words) == value


def test_level_four_fifths_and_graph_mode() -> None:
    assert read("Best validation loss came out level between the two sweeps.", "TensorFlow:").parity
    assert read("Early runs put the compiled step time level with plain eager PyTorch.").parity
    assert not read("The high level API of TensorFlow is Keras.").parity
    graph = read("Graph-mode TensorFlow finishes a step in about four-fifths of compiled PyTorch's time.")
    assert (graph.subject, graph.direction) == ("tensorflow", "less")
    assert [m.mode for m in graph.mentions if m.framework] == ["compiled", "compiled"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Import time — Loser: TensorFlow",
        "Install size: TensorFlow 1.2 GB",
        "Import time: PyTorch 1.3 s",
        "Latency: TF 2.15",
        "Memory after import, TensorFlow 2.16 vs 2.15: same",
        "Update: TensorFlow 2.19 is out",
    ],
)
def test_a_label_that_says_who_lost_or_a_sides_own_figure_is_no_verdict(sentence: str) -> None:
    reading = read(sentence)
    assert not reading.direction and not reading.parity


@pytest.mark.parametrize(
    ("sentence", "direction"), [("Slowest import: TensorFlow", "worse"), ("Heaviest install: TensorFlow", "more")]
)
def test_a_superlative_label_reads_as_the_named_sides_own(sentence: str, direction: str) -> None:
    """ "Slowest import: TensorFlow" says TensorFlow imports slower: the superlative is the framework's, not a win."""
    reading = read(sentence)
    assert reading.direction == direction
    assert [m.framework for m in reading.mentions] == ["tensorflow"]


def test_a_passive_verb_of_winning_credits_the_side_after_by() -> None:
    assert read("PyTorch is outpaced by TensorFlow on import time.").favors == "tensorflow"
    assert read("Edged out by TensorFlow on import time.", "PyTorch:").favors == "tensorflow"
    assert read("PyTorch trailed TensorFlow by 20% on import time.").favors == "tensorflow"


@pytest.mark.parametrize(
    "sentence",
    [
        "TensorFlow took 3.9 s to import; PyTorch crashed after 2 attempts.",
        "Our PyTorch container used 900 MB, and the TensorFlow image had 12 layers",
        "PyTorch imported in 1.3 s; TensorFlow release 2.15 did not finish.",
        "PyTorch imported in 1.3 s; TensorFlow since 2017 has been slow.",
        "At times TensorFlow's memory use after import spikes.",
    ],
)
def test_counts_versions_years_and_at_times_compare_nothing(sentence: str) -> None:
    assert not read(sentence).direction


def test_compound_spoken_numbers() -> None:
    from knowledge.quantities import quantities

    assert [q.value for q in quantities("one thousand two hundred MB")] == [1.2e9]
    assert [q.value for q in quantities("a hundred and twenty MB")] == [1.2e8]
    assert [q.value for q in quantities("one hundred thousand MB")] == [1e11]


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("Keras Tuner 31 of 40, Optuna 40 of 40.", True, 31.0),
        ("Optuna finished all sixty of its trials", True, 60.0),
        ("TensorFlow 2.19: 44", True, 44.0),  # a version after a name is no figure
        ("Optuna: 0.231", False, 0.231),
        ("Optuna 0.231", True, None),  # a count is a whole number
        ("Optuna 3.6 and Keras Tuner 1.4", False, None),
        ("took 40% less, 2.4 GB and 3x the speed", False, None),  # shares, sizes and ratios are read elsewhere
        ("in 2024, at batch size 64", False, None),
        ("Optuna took 2 hours on 4 GPUs to finish 30 trials", True, 30.0),  # a number of something else is no figure
        ("Optuna, for one, at 0:58 a trial (run of 2024-05-01), finished 30 trials", True, 30.0),
        ("Optuna 4.0 finished 30 trials", True, 30.0),
        ("Optuna had 3 failed trials", True, None),
        ("PyTorch: 0.412; TensorFlow: 0.398", False, 0.412),  # a figure after a name and a colon is no version
        ("Optuna needed 12 trials to reach a validation loss of 0.25", False, 0.25),  # the loss, not the trials
    ],
)
def test_a_plain_number_is_a_count_or_a_score(text: str, whole: bool, expected: float | None) -> None:
    assert first_plain_number(text, whole=whole, unit="trials" if whole else "loss") == expected


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        ("Browser: TensorFlow.js", True),
        ("Export — PyTorch: works", True),
        ("TFLite: the converted model ran", True),  # a framework's tool is a list's label
        ("Edit: several people asked about ONNX.", False),  # a note, not a list item
        ("Priya: she wants a proper serving container for that one.", False),  # a speaker
        ("[19:53] kim: SavedModel into TF Serving ✅", True),  # a tick marks what works
        ("Mobile: TensorFlow Lite with the GPU delegate on Android", True),  # a longer item naming a framework's tool
    ],
)
def test_a_speaker_or_a_note_before_a_colon_labels_no_list(sentence: str, listed: bool) -> None:
    assert read(sentence).states_capability is listed


def test_less_or_more_before_an_adverb_compares_no_quantity() -> None:
    assert read("Put less formally: Keras took about a fifth longer per CNN step than torch did.").favors == "pytorch"
    assert read("TensorFlow uses less memory than PyTorch.").favors == "tensorflow"
    assert read("TensorFlow is less costly to install than PyTorch.").favors == "tensorflow"  # an adjective in -ly


def test_more_than_an_amount_is_no_object_of_the_comparison() -> None:
    reading = read("TensorFlow needed more than three times as long to come back from its import.")
    assert (reading.direction, reading.subject, reading.compared_with) == ("more", "tensorflow", None)


def test_a_figure_whose_unit_is_left_out_answers_the_other_sides() -> None:
    assert read("With both compiled, TensorFlow needs 28.4 ms to PyTorch's 35.2.").direction == "less"
    heavier = read(
        "TensorFlow's wheels come to about twelve hundred megabytes against roughly seven hundred for PyTorch."
    )
    assert (heavier.direction, heavier.figure_dimension) == ("more", "size")


def test_a_compilers_gain_given_as_a_change_compares_it_with_its_eager_mode() -> None:
    gain = read("With torch.compile, the ranking step went from 41 ms to 30 ms.")
    assert gain.direction == "less"
    assert {(m.framework, m.mode) for m in gain.mentions} == {("pytorch", "compiled"), ("pytorch", "eager")}
    assert read("With torch.compile, the ranking step went from 30 ms to 41 ms.").direction == "more"
    eager = read("TensorFlow's step under tf.function is 27 ms, against 49 ms eager.")
    assert eager.direction == "less"
    assert {(m.framework, m.mode) for m in eager.mentions} >= {("tensorflow", "compiled"), ("tensorflow", "eager")}


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("PyTorch uses dynamic computation graphs.", True),  # any verb after the subject says something of it
        ("TensorFlow excels at production deployment with TensorFlow Serving.", True),
        ("Dynamic graph vs static graph: PyTorch relies on a graph built as the code runs.", True),
        ("PyTorch offers dynamic computation graphs.", True),  # a verb that starts like a preposition
        ("TensorFlow Serving handles batching for you.", True),  # a name of two words, then its verb
        ("TF Serving.", False),  # a name in a list says nothing of it
        ("TensorFlow Serving, TensorFlow Lite and TensorFlow.js.", False),
        ("PyTorch 2.0 vs TensorFlow 2.15 benchmarks.", False),  # a title
        ("TensorFlow, on the other hand, relies on graphs built ahead of time.", True),  # an aside after the subject
        ("13. Keras Tuner.", False),
        ("PyTorch relies on dynamic graphs?", False),  # a question
        ("We miss Keras Tuner and its sweeps.", False),  # the framework is no subject
    ],
)
def test_a_sentence_whose_subject_is_a_framework_says_something_of_it(sentence: str, states: bool) -> None:
    assert read(sentence).states_capability is states


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("The strength for mobile shipping is TensorFlow Lite, especially when you care about phones.", False),
        ("For mobile shipping, people care about TensorFlow Lite.", False),
        ("Overall, TensorFlow is strong for deployment, especially to phones through TensorFlow Lite.", True),
        ("TensorFlow Lite is designed for phones and microcontrollers.", True),
        ("Keras Tuner is well suited to small search spaces.", True),
        ("Debugging in TensorFlow is not great for beginners.", False),  # a denial
    ],
)
def test_what_a_thing_is_good_for_states_that_it_does_it(sentence: str, states: bool) -> None:
    assert read(sentence).states_capability is states


@pytest.mark.parametrize(
    ("sentence", "asserts"),
    [
        ("TensorFlow 1.x used static graphs and sessions.", False),
        ("Initially, TensorFlow required defining the whole graph before running it.", False),
        ("Earlier versions of TensorFlow were hard to debug.", False),
        ("In 2016 PyTorch arrived with define-by-run.", False),
        ("TensorFlow 1.15 still requires sessions for everything.", False),  # a 1.x release by number
        ("Originally developed by Google Brain, TensorFlow now runs eagerly by default.", True),  # turns to the present
        ("TensorFlow 1.9 ms, PyTorch 2.3 ms on the forward pass.", True),  # a figure, not the 1.x release
        ("TensorFlow 2 is eager out of the box, so the graph boilerplate of TF 1 is gone.", True),  # a contrast
    ],
)
def test_a_sentence_that_opens_in_a_frameworks_past_asserts_nothing_of_it_today(sentence: str, asserts: bool) -> None:
    assert read(sentence).asserts is asserts


def test_a_pronoun_subject_stands_for_the_framework_its_context_names() -> None:
    assert read("This makes it ideal for debugging and for quick experiments.", "PyTorch:").states_capability
    assert not read("This makes it ideal for debugging and for quick experiments.").states_capability  # no one lent
    assert not read("It depends.", "PyTorch:").states_capability  # too short to say anything of it


def test_a_pronoun_lent_its_framework_keeps_the_mode_it_names_as_its_object() -> None:
    """ "It uses a static graph" under TensorFlow is TensorFlow (eager by default or not) using a graph, as when the
    sentence names TensorFlow itself; the static graph is not the subject."""
    lent = read("It uses a static computational graph, defined before anything runs.", "TensorFlow:")
    named = read("TensorFlow uses a static computational graph, defined before anything runs.")
    assert (lent.mentions[0].framework, lent.mentions[0].mode) == ("tensorflow", "")
    assert (named.mentions[0].framework, named.mentions[0].mode) == ("tensorflow", "")
    assert read("In eager mode it is slower.", "TensorFlow:").mentions[0].mode == "eager"  # no pronoun first
    dummy = read("It is hard to debug a static computational graph.", "PyTorch:")  # "it" stands for what follows
    assert all(mention.start > 0 for mention in dummy.mentions)


@pytest.mark.parametrize(
    ("sentence", "asserts"),
    [
        ("In this article, we will look at the difference between PyTorch and TensorFlow on debugging.", False),
        ("This post compares PyTorch and TensorFlow on import time and install size.", False),
        ("Let's look at how TensorFlow Lite runs on a phone.", False),
        ("I'll also look at torch.compile; on my laptop it shaved a quarter off the step.", True),  # a plan, a finding
        ("We looked at import time: PyTorch was ready in half the time.", True),  # done, not announced
        ("Let's compare the footprint: the TensorFlow wheel is 600 MB, PyTorch's 800 MB.", True),  # a finding follows
        ("In this article, we compare five tools in detail: PyTorch, TensorFlow, LiteRT, TensorRT, and ONNX.", False),
        ("This article explains both, focusing on export: formats (ONNX, SavedModel), quantization, serving.", False),
        ("Let's compare the wheels: TensorFlow's is 600 MB, PyTorch's 800 MB, JAX's 300 MB.", True),  # a finding
        ("Let's compare the footprints: TensorFlow 600 MB, PyTorch 800 MB, JAX 300 MB.", True),  # figures
        ("This article explains why PyTorch imports twice as fast as TensorFlow.", True),  # what it explains
        ("This post reviews our benchmark, in which PyTorch trained 20% faster than TensorFlow.", True),
        ("In this article, we compare the two and find PyTorch trains faster than TensorFlow.", True),
        ("The common wisdom is that PyTorch is easier to debug.", False),  # a view reported
        ("The common wisdom is wrong: PyTorch imports faster than TensorFlow.", True),  # a rebuttal asserts
        ("This article explains how to export PyTorch models to ONNX.", False),  # "how to" names a topic
    ],
)
def test_an_outline_of_what_the_text_will_cover_asserts_nothing(sentence: str, asserts: bool) -> None:
    assert read(sentence).asserts is asserts


def test_only_the_first_colon_after_an_outline_is_read() -> None:
    """A long pasted line of colons and commas after an outline is one enumeration, read once (its cost is in
    BENCHMARKS.md, not timed here)."""
    assert not read("In this article, we compare: " + "x:y, " * 3200 + "p, q.").asserts
    assert read("In this article, we compare: PyTorch, TensorFlow: PyTorch 1.1 s, TensorFlow 2.4 s.").asserts


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("PyTorch is easier to debug than TensorFlow.", "better"),
        ("TensorFlow is harder to debug than PyTorch.", "worse"),
        ("Debugging is simpler in PyTorch.", "better"),
        ("PyTorch is easy to debug.", ""),  # no comparison
        ("TensorFlow is harder to learn but trains faster than PyTorch.", "better"),  # the speed decides
        ("TensorFlow's install is simpler but bigger than PyTorch's.", "more"),
        ("PyTorch pushes the GPU harder and trains faster than TensorFlow.", "better"),  # "harder" qualifies a verb
        ("PyTorch is friendlier to beginners and imports more slowly than TensorFlow.", "worse"),
        ("TensorFlow has a steeper learning curve and harder debugging than PyTorch.", "worse"),  # before a noun
    ],
)
def test_ease_compares(sentence: str, direction: str) -> None:
    assert read(sentence).direction == direction


def test_an_arrow_labels_a_list_item_as_a_colon_does() -> None:
    assert read("🔥 PyTorch → dynamic graphs, Pythonic, research").states_capability
    assert read("Research -> dynamic graphs, Pythonic").states_capability
    assert not read("Research dynamic graphs, Pythonic").states_capability  # the same words with no label


@pytest.mark.parametrize(
    ("sentence", "parity"),
    [
        ("Training speed — PyTorch: Comparable", True),
        ("Performance — TensorFlow: similar.", True),
        ("Training speed — PyTorch: Faster", False),
        ("Speed — PyTorch → comparable", True),
        ("Speed — PyTorch: even faster", False),
        ("Tensors — PyTorch: Similar to NumPy arrays", False),  # a likeness, not a tie
    ],
)
def test_a_cell_whose_whole_value_is_a_word_of_parity_reads_as_parity(sentence: str, parity: bool) -> None:
    assert read(sentence).parity is parity


def test_being_the_default_and_shipping_state_a_capability() -> None:
    assert read("In TensorFlow 2.x, eager execution is the default.").states_capability
    assert read("We still ship TFLite models to our robots.").states_capability
    assert not read("In TensorFlow 2.x, eager execution.").states_capability
    assert not read("We haven't shipped TensorFlow Lite to phones yet.").asserts  # an experience not had


@pytest.mark.parametrize(
    "sentence",
    [
        "Performance: comparable for most models; results depend on the model and the hardware.",
        "In terms of raw speed, both frameworks perform similarly on most GPU workloads.",
        "Performance-wise, I honestly can't tell them apart on our GPUs.",
        "On our A100s the training step was within 3% either way.",
    ],
)
def test_everyday_words_of_a_tie_read_as_parity(sentence: str) -> None:
    assert read(sentence).parity


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("Both perform similarly in training, but TensorFlow's install is twice as large.", "more"),
        ("PyTorch performs similarly on CPU but is twice as fast on GPU.", "better"),
        ("TensorFlow is comparable on paper but far slower in practice.", "worse"),
    ],
)
def test_a_comparative_beside_words_of_a_tie_keeps_its_direction(sentence: str, direction: str) -> None:
    reading = read(sentence)
    assert (reading.direction, reading.parity) == (direction, False)


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Breakpoint shows values (tf.function) -- FAIL", "fails"),
        ("Breakpoint shows values (tf.function) n/a ✗", "fails"),
        ("Loop on a tensor value (tf.function) -- pass", "works"),
        ("savedmodel signature ........ Stack 2 PASS", "works"),
        ("zero-copy from numpy ........ Stack 1 PASS Stack 2 FAIL", ""),
        ("torch.from_numpy = zero-copy ✅ tf.convert_to_tensor = copy ❌", ""),
        ("We had to fail over to the old path.", ""),
        ("Nothing in the pipeline would pass.", ""),
        ("pdb sees values .... Stack 1 OK Stack 2 FAIL", ""),
        ("Breakpoint shows values — TensorFlow: not FAIL", ""),
        ("tfjs conversion ........ FAILED", "fails"),
    ],
)
def test_a_line_that_ends_in_one_status_has_that_status(line: str, status: str) -> None:
    assert line_status(line) == status


def test_a_cell_whose_value_is_a_placeholder_asserts_nothing() -> None:
    assert not read("Breakpoint shows values (tf.function) — PyTorch: n/a").asserts
    assert not read("ONNX export: --").asserts
    assert read("PyTorch torch.compile 33.5 — — — — —").asserts  # a row with empty cells still gives its figure
    assert read("Import time — PyTorch: 1.3 s, TensorFlow: 4.1 s, JAX: n/a").asserts  # the other cells still speak


def test_a_line_about_one_framework_that_ends_in_a_failure_fails_and_one_about_two_does_not() -> None:
    failed = read("Breakpoint shows values (tf.function) -- FAIL")
    assert failed.status == "fails" and failed.fails
    assert read("Loop on a tensor value (tf.function) -- pass").status == "works"
    assert read("Zero-copy from NumPy: PyTorch shares the buffer; TensorFlow: FAIL").status == ""


def test_a_long_run_of_whitespace_is_cut_to_a_bounded_gap_and_a_short_one_is_kept() -> None:
    assert bounded_whitespace("cold import, s" + " " * 4 + "1.4") == "cold import, s    1.4"
    assert bounded_whitespace("a" + "\t" * 5000 + "b") == "a" + "\t" * MAX_WHITESPACE_RUN + "b"


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Pros: Dynamic computation graph (eager execution) mirrors plain Python.", True),
        ("Strengths: one graph definition mirrors plain Python code everywhere.", True),
        ("Priya: she wants a proper serving container for the new model.", False),  # a speaker, not a label
        ("Plus: the install pulls in half a gigabyte of libraries.", False),  # "plus" opens a sentence too
    ],
)
def test_a_credit_label_states_a_capability_at_any_length(sentence: str, states: bool) -> None:
    assert read(sentence).states_capability is states


def test_tensor_flow_written_as_two_words_names_tensorflow_and_a_tensor_flow_does_not() -> None:
    assert [m.framework for m in read("Tensor Flow and PyTorch are both fast.").mentions] == ["tensorflow", "pytorch"]
    assert not any(m.framework for m in read("Each tensor flow between layers is summed.").mentions)

"""The opening a measurement gives an answer: only a measurement of both frameworks answers a choice."""

from __future__ import annotations

from dataclasses import replace

from assistant.measured import MeasuredPart
from assistant.question import Intent, analyse
from assistant.weighed import Measured, asked_framework, figure_bound, lead_finding, measured_opening


def _part(**finding: object) -> MeasuredPart:
    return MeasuredPart(topics=("p",), findings=({"text": "On vm (CPU) it was measured.", **finding},))


def test_a_check_of_one_frameworks_tool_gives_no_opening_and_the_article_answers() -> None:
    """'a Keras model exported to LiteRT: works in TensorFlow' measures TensorFlow alone: no 'Neither'."""
    found = lead_finding(_part(framework=None, favors=None, figures={"tensorflow": True}))
    assert found is not None and found.better is None and not found.compared
    assert measured_opening(analyse("Which framework should I avoid for a phone app?"), found) is None


def test_both_frameworks_measured_within_noise_open_with_neither() -> None:
    found = lead_finding(_part(framework=None, favors=None, figures={"pytorch": 1.0, "tensorflow": 1.01}))
    assert found is not None and found.compared
    opening = measured_opening(analyse("Which framework imports faster?"), found)
    assert opening is not None and opening.startswith("Neither, measured here")


def test_the_sides_of_one_framework_count_for_it() -> None:
    """Eager TensorFlow and tf.function are TensorFlow's sides: with PyTorch they measure both frameworks."""
    found = lead_finding(_part(framework=None, favors=None, figures={"pytorch": True, "tf-eager": True}))
    assert found is not None and found.compared
    only_tf = lead_finding(_part(framework=None, favors=None, figures={"tf-eager": 1.0, "tf.function": 0.5}))
    assert only_tf is not None and not only_tf.compared


def test_a_measured_winner_opens_the_answer() -> None:
    found = lead_finding(_part(framework="pytorch", favors="pytorch", figures={"pytorch": 1.0, "tensorflow": 3.0}))
    assert found is not None
    assert measured_opening(analyse("Which framework imports faster?"), found) == (
        "PyTorch. Measured here, on vm (CPU) it was measured."
    )


MEASURED = "Measured here, on vm (CPU) it was measured."
CONTROL_FLOW = {"pytorch": True, "tf-eager": True, "tf.function": True}
ZERO_COPY = {"pytorch": True, "tensorflow": False}
BREAKPOINT = {"pytorch": True, "tf-eager": True, "tf.function": False}


def _check(figures: dict[str, bool] | dict[str, float], favors: str | None = None) -> Measured:
    found = lead_finding(_part(framework=favors, favors=favors, figures=figures))
    assert found is not None
    return found


def test_a_yes_no_about_one_frameworks_capability_follows_its_check() -> None:
    """A check that works in both answers "Is PyTorch able to ...?" yes, not "Not measurably"."""
    able = replace(analyse("Is PyTorch able to handle data-dependent control flow?"), polarity="better")
    assert measured_opening(able, _check(CONTROL_FLOW)) == f"Yes. {MEASURED}"
    tensorflow = replace(analyse("Does TensorFlow share memory with NumPy arrays?"), polarity="better")
    assert measured_opening(tensorflow, _check(ZERO_COPY, "pytorch")) == f"No. {MEASURED}"
    pytorch = replace(analyse("Does PyTorch share memory with NumPy arrays?"), polarity="better")
    assert measured_opening(pytorch, _check(ZERO_COPY, "pytorch")) == f"Yes. {MEASURED}"


def test_a_yes_no_read_in_no_direction_asks_whether_the_framework_does_it() -> None:
    """ "Does PyTorch handle ...?" (no direction read) asks whether it works: never "Not measurably" for a check it
    passed."""
    question = analyse("Does PyTorch handle data-dependent control flow?")
    assert question.polarity == "neutral"
    assert measured_opening(question, _check(CONTROL_FLOW)) == f"Yes. {MEASURED}"
    # where the check failed somewhere, the same words could ask about the failure ("does it copy?"): the finding
    shares = analyse("Does tf.convert_to_tensor share memory with my NumPy array?")
    assert measured_opening(shares, _check(ZERO_COPY, "pytorch")) == MEASURED
    should = replace(analyse("Should I use TensorFlow for zero-copy NumPy input?"), form=Intent.SHOULD_I)
    assert measured_opening(should, _check(ZERO_COPY, "pytorch")) == f"No. {MEASURED}"


def test_a_check_asked_as_a_fault_is_answered_the_other_way() -> None:
    """ "Does TensorFlow copy NumPy arrays?" asks about a drawback: its failed zero-copy check answers yes."""
    copies = replace(analyse("Does TensorFlow copy NumPy arrays when converting them?"), polarity="worse")
    assert measured_opening(copies, _check(ZERO_COPY, "pytorch")) == f"Yes. {MEASURED}"
    fails = replace(analyse("Does PyTorch fail at data-dependent control flow?"), polarity="worse")
    assert measured_opening(fails, _check(CONTROL_FLOW)) == f"No. {MEASURED}"


def test_a_check_that_works_in_one_of_a_frameworks_sides_answers_partly() -> None:
    """A breakpoint shows values in eager TensorFlow and not inside tf.function: neither yes nor no."""
    question = analyse("Can a TensorFlow model stop at a breakpoint and show tensor values?")
    assert measured_opening(question, _check(BREAKPOINT)) == f"Partly. {MEASURED}"


def test_a_comparison_both_sides_pass_is_not_measurably_better() -> None:
    """Working in both frameworks makes neither better at it."""
    question = analyse("Does PyTorch handle data-dependent control flow better than TensorFlow?")
    opening = measured_opening(question, _check(CONTROL_FLOW))
    assert opening is not None and opening.startswith("Not measurably.")


def test_a_check_without_the_asked_framework_gives_no_yes_or_no() -> None:
    """A LiteRT export measured in TensorFlow alone says nothing of PyTorch."""
    question = analyse("Can PyTorch export a model to LiteRT?")
    assert measured_opening(question, _check({"tensorflow": True})) is None


def test_a_choice_a_check_passes_in_both_is_answered_both() -> None:
    """ "Which framework supports data-dependent control flow?" when it works in both: "Both", never "Neither"."""
    question = analyse("Which framework supports data-dependent control flow?")
    assert measured_opening(question, _check(CONTROL_FLOW)) == "Both, measured here: on vm (CPU) it was measured."
    cannot = replace(analyse("Which framework can't handle data-dependent control flow?"), polarity="worse")
    assert measured_opening(cannot, _check(CONTROL_FLOW)) == "Neither, measured here: on vm (CPU) it was measured."


def test_a_choice_a_check_passes_in_part_of_a_framework_is_left_to_the_article() -> None:
    """A breakpoint works in PyTorch and eager TensorFlow, not in tf.function: the check picks no side."""
    assert measured_opening(analyse("Which framework is easier to debug?"), _check(BREAKPOINT)) is None


def test_a_how_to_a_check_passes_in_both_is_left_to_the_article() -> None:
    """ "How do I branch on a tensor's value inside a tf.function?" is answered by the article, not "Both"."""
    question = replace(analyse("How do I branch on a tensor's value inside a tf.function?"), form=Intent.HOW_TO)
    assert measured_opening(question, _check(CONTROL_FLOW)) is None


def test_should_i_use_a_framework_for_a_measured_need_asks_whether_it_is_the_better_side() -> None:
    """ "Should I use TensorFlow for a CLI that must start instantly?": PyTorch imports faster, so no."""
    question = replace(analyse("Should I use TensorFlow for a CLI that must start instantly?"), form=Intent.SHOULD_I)
    assert question.polar and question.polarity == "neutral"
    faster = _check({"pytorch": 1.07, "tensorflow": 3.35}, "pytorch")
    assert measured_opening(question, faster) == f"No. {MEASURED}"
    pytorch = replace(analyse("Should I use PyTorch for a CLI that must start instantly?"), form=Intent.SHOULD_I)
    assert measured_opening(pytorch, faster) == f"Yes. {MEASURED}"


def test_a_yes_no_is_about_the_framework_the_asking_sentence_names_or_switches_to() -> None:
    faster = _check({"pytorch": 1.07, "tensorflow": 3.35}, "pytorch")
    lead = "Postmortem: each worker sat in `import tensorflow`. Would PyTorch have come up faster?"
    assert asked_framework(analyse(lead)) == ("pytorch", True)
    read = replace(analyse(lead), polar=True, polarity="better")  # as the model reads it
    assert measured_opening(read, faster) == f"Yes. {MEASURED}"
    switch = analyse("Our hook imports the framework on every commit. Should we move it from TF to torch?")
    assert asked_framework(switch) == ("pytorch", True)
    assert asked_framework(analyse("Our team lives in TensorFlow: does PyTorch avoid the copy?")) == ("pytorch", True)
    quoted = "PR: 'Replace tf.convert_to_tensor in the loader.' Reviewer asks: does the PyTorch call avoid the copy?"
    assert asked_framework(analyse(quoted)) == ("pytorch", True)
    assert asked_framework(analyse("Is Google's framework slower to import than PyTorch?")) == ("tensorflow", False)
    assert asked_framework(analyse("Is PyTorch vs. TensorFlow import time very different?")) == ("pytorch", False)
    # "from TensorFlow to NumPy" switches to no framework
    assert asked_framework(analyse("Does data move from TensorFlow to NumPy without a copy, like in PyTorch?"))[0] == (
        "tensorflow"
    )


def test_a_should_i_naming_both_frameworks_gets_the_finding_alone() -> None:
    """ "Should we keep TensorFlow or move to PyTorch ...?" is no yes/no about one of them."""
    question = analyse("Should we keep TensorFlow or move to PyTorch for faster cold starts?")
    assert question.polar and question.polarity == "neutral"
    faster = _check({"pytorch": 1.07, "tensorflow": 3.35}, "pytorch")
    assert measured_opening(replace(question, form=Intent.SHOULD_I), faster) == MEASURED


def test_a_yes_no_about_a_figure_read_in_no_direction_gives_the_finding() -> None:
    """ "Is TensorFlow over a gigabyte installed?" asks about a figure, not whether TensorFlow came out ahead."""
    question = analyse("Is TensorFlow over a gigabyte once installed?")
    assert question.polar and question.polarity == "neutral"
    smaller = _check({"pytorch": 666.0, "tensorflow": 1212.0}, "pytorch")
    assert measured_opening(question, smaller) == MEASURED


SIZES = {"pytorch": 666.0, "tensorflow": 1212.0}


def _sizes(figures: dict[str, float], unit: str = "MB") -> Measured:
    better = min(figures, key=lambda side: figures[side])
    found = lead_finding(_part(framework=better, favors=better, figures=figures, unit=unit))
    assert found is not None and found.dimension == "size"
    return found


def test_a_yes_no_about_a_figure_compares_the_asked_frameworks_measurement_with_it() -> None:
    """ "Is TensorFlow over a gigabyte installed?" is answered from TensorFlow's figure, and the same question comes
    out the other way when the measurement does."""
    over = analyse("Is TensorFlow over a gigabyte once installed here?")
    assert measured_opening(over, _sizes(SIZES)) == f"Yes. {MEASURED}"
    assert measured_opening(over, _sizes({"pytorch": 666.0, "tensorflow": 900.0})) == f"No. {MEASURED}"
    under = analyse("Does PyTorch stay under 300 MB once installed?")
    assert measured_opening(under, _sizes(SIZES)) == f"No. {MEASURED}"
    assert measured_opening(under, _sizes({"pytorch": 250.0, "tensorflow": 1212.0})) == f"Yes. {MEASURED}"
    half = analyse("Is PyTorch over half a gigabyte installed?")
    assert measured_opening(half, _sizes(SIZES)) == f"Yes. {MEASURED}"


def test_a_figure_given_as_about_holds_within_a_quarter_and_a_bare_one_within_noise() -> None:
    rough = analyse("Is TensorFlow about half a gigabyte once installed?")
    assert measured_opening(rough, _sizes({"pytorch": 200.0, "tensorflow": 600.0})) == f"Yes. {MEASURED}"
    assert measured_opening(rough, _sizes(SIZES)) == f"No. {MEASURED}"
    bare = analyse("Is TensorFlow 1.2 GB once installed?")
    assert measured_opening(bare, _sizes(SIZES)) == f"Yes. {MEASURED}"
    assert measured_opening(bare, _sizes({"pytorch": 200.0, "tensorflow": 1500.0})) == f"No. {MEASURED}"


def test_a_figure_of_another_dimension_or_outside_the_asking_sentence_sets_no_bound() -> None:
    """A laptop's 8 GB of RAM said before the question is not a bound on the install size, and a duration is no
    bound on a size."""
    assert figure_bound("My laptop has 8 GB of RAM. Is TensorFlow heavy to install?", "size") is None
    assert figure_bound("Does TensorFlow install in under two minutes?", "size") is None
    assert figure_bound("Does TensorFlow import in under two seconds?", "duration") == ("<", 2.0, 0.0)


def test_a_yes_no_whether_two_measurements_are_the_same_follows_the_noise() -> None:
    same = analyse("Are the two installs about the same size?")
    assert measured_opening(same, _sizes(SIZES)) == f"No. {MEASURED}"
    tie = lead_finding(_part(framework=None, favors=None, figures={"pytorch": 1.0, "tensorflow": 1.01}, unit="s"))
    assert tie is not None and measured_opening(same, tie) == f"Yes. {MEASURED}"


def test_a_yes_no_asking_against_a_framework_is_answered_the_other_way_round() -> None:
    """ "Should we avoid TensorFlow ...?" is yes where TensorFlow came out behind, "Should we use ...?" no."""
    avoid = replace(analyse("Should our memory-capped worker pods avoid TensorFlow?"), form=Intent.SHOULD_I)
    use = replace(analyse("Should our memory-capped worker pods use TensorFlow?"), form=Intent.SHOULD_I)
    assert avoid.against and not use.against
    assert measured_opening(avoid, _sizes(SIZES)) == f"Yes. {MEASURED}"
    assert measured_opening(use, _sizes(SIZES)) == f"No. {MEASURED}"
    assert measured_opening(avoid, _sizes({"pytorch": 1212.0, "tensorflow": 666.0})) == f"No. {MEASURED}"

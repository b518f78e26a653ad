"""The opening a measurement gives an answer: only a measurement of both frameworks answers a choice."""

from __future__ import annotations

from assistant.measured import MeasuredPart
from assistant.question import analyse
from assistant.weighed import lead_finding, measured_opening


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

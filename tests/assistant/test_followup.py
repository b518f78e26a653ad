"""Follow-ups are rewritten into whole questions from the previous one."""

from __future__ import annotations

import pytest

from assistant.conversations import question_in_context
from assistant.followup import is_follow_up, resolve_follow_up
from assistant.question import analyse


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("Which framework should I pick for AutoML?", "and for mobile?", "Which framework should I pick for mobile?"),
        ("Which framework for AutoML?", "What about debugging?", "Which framework for debugging?"),
        ("What are PyTorch's weaknesses?", "and TensorFlow?", "What are TensorFlow's weaknesses?"),
        ("Is PyTorch good for research?", "how about production?", "Is PyTorch good for production?"),
        ("Who created PyTorch?", "TensorFlow?", "Who created TensorFlow?"),
    ],
)
def test_follow_ups_take_the_place_of_what_they_replace(previous, follow_up, expected):
    assert resolve_follow_up(follow_up, previous) == expected


def test_mobile_follow_up_is_a_deployment_choice():
    resolved = resolve_follow_up("and for mobile?", "Which framework should I pick for AutoML?")
    question = analyse(resolved)
    assert question.topic == "deployment" and question.choice


@pytest.mark.parametrize(
    "text", ["Which framework is easier to debug?", "Who created TensorFlow?", "Is Keras part of TensorFlow?"]
)
def test_whole_questions_are_left_alone(text):
    assert not is_follow_up(text)
    assert resolve_follow_up(text, "Which framework for AutoML?") == text


def test_without_a_previous_question_a_fragment_stays_as_asked():
    assert resolve_follow_up("and for mobile?", None) == "and for mobile?"


def test_context_chains_through_several_follow_ups():
    history = ["Which framework should I pick for AutoML?", "and for mobile?"]
    assert question_in_context("what about debugging?", history) == "Which framework should I pick for debugging?"

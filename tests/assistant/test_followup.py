"""Follow-ups are rewritten into whole questions from the previous one."""

from __future__ import annotations

import pytest

from assistant.conversations import question_in_context
from assistant.followup import Turn, is_follow_up, resolve_follow_up, resolve_in_context
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


@pytest.mark.parametrize(
    ("previous", "pick", "follow_up", "expected"),
    [
        (
            "Should I use TensorFlow for production?",
            None,
            "what's the catch with it?",
            "What's the catch with TensorFlow?",
        ),
        ("What are the drawbacks of PyTorch?", None, "what about its strengths?", "What about PyTorch's strengths?"),
        (
            "Which framework is best for rapid prototyping?",
            "pytorch",
            "can we convert that prototype later for the phone?",
            "Can we convert the PyTorch prototype later for the phone?",
        ),
        ("Which framework is easier to debug?", "pytorch", "what are its downsides?", "What are PyTorch's downsides?"),
        ("Should I use TensorFlow for production?", None, "what's the catch?", "What's the catch with TensorFlow?"),
        (
            "What are the drawbacks of PyTorch?",
            None,
            "and for production?",
            "What are the drawbacks of PyTorch for production?",
        ),
        ("Should my startup use TensorFlow?", None, "why?", "Should my startup use TensorFlow?"),
    ],
)
def test_pronouns_and_the_catch_name_the_framework_of_the_previous_turn(previous, pick, follow_up, expected):
    assert resolve_follow_up(follow_up, previous, pick) == expected


def test_a_question_that_asks_to_choose_keeps_its_own_words():
    text = "Which framework makes it easier to debug?"
    assert resolve_follow_up(text, "Who created PyTorch?") == text


def test_history_picks_resolve_it_after_a_choice():
    history = ["Which framework is easier to debug?"]
    assert question_in_context("is it good for research?", history, ["pytorch"]) == "Is PyTorch good for research?"
    assert question_in_context("is it good for research?", history) == "is it good for research?"


def test_the_catch_follow_up_is_answered_with_its_drawbacks(assistant):
    resolved = resolve_follow_up("what's the catch with it?", "Should my startup use PyTorch?")
    answer = assistant.ask(resolved)
    assert not answer.abstained and answer.answer.startswith("PyTorch's drawbacks")


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ("Which framework is easier to deploy?", "Which framework is easier to deploy for mobile?"),
        ("Which framework is more popular in industry?", "Which framework is more popular in industry for mobile?"),
        ("How is TensorFlow rated?", "How is TensorFlow rated for mobile?"),
        ("Is TensorFlow good for production?", "Is TensorFlow good for mobile?"),
    ],
)
def test_a_fragment_takes_only_a_prepositions_object_so_the_question_stays_grammatical(previous, expected):
    assert resolve_follow_up("and for mobile?", previous) == expected


def test_it_means_the_newest_framework_an_earlier_answer_settled_on():
    turns = [Turn("Which framework is easier to debug?", "pytorch"), Turn("Who won?", None)]
    assert resolve_in_context("what are its downsides?", turns) == "What are PyTorch's downsides?"
    assert resolve_in_context("what are its downsides?", []) == "what are its downsides?"

"""Reading what a yes/no asks: that it asks yes or no at all, whether it turns away from a framework, and what a
question about the star ratings claims (a figure, a tie, a side above the other)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.compose import compose
from assistant.decision import Decision, RatingVerdict, maker_verdict, rating_verdict
from assistant.question import Intent, Question, analyse
from assistant.question_words import asks_against, asks_yes_no
from assistant.scope import Lexicon, maker_attributions

RATED = {"pytorch": 4.5, "tensorflow": 4.6}
MAKERS = Lexicon(makers=(("pytorch", "Facebook"), ("tensorflow", "Google"), ("mxnet", "Amazon"), ("jax", "Google")))
SWAPPED = {"pytorch": 4.6, "tensorflow": 4.5}


@pytest.mark.parametrize(
    "question",
    [
        "Bakery nephew: is TensorFlow the higher-rated of the two?",
        "Isn't PyTorch's rating the higher one?",
        "My son says TensorFlow got a better score. Did it?",
        "Fact-check: the article rates PyTorch above TensorFlow. True?",
        "the README says torch is rated higher than TF, is that right?",
        "How many stars did PyTorch get? Is it 4.5?",
        "Dear diary, I told everyone that PyTorch got the higher rating. Was I right?",
        "TA grading: a student wrote 'JAX is an Amazon project.' Correct?",
    ],
)
def test_a_yes_no_is_read_after_a_lead_a_negated_auxiliary_or_in_a_tag(question: str) -> None:
    assert asks_yes_no(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which is rated higher, PyTorch or TensorFlow?",
        "What is PyTorch rated?",
        "PyTorch ratings",
        "By the article's stars, which one, PyTorch or TensorFlow, is rated higher?",
        "Which framework is right?",
        "Who, company-wise, is behind the lower-rated framework?",
    ],
)
def test_a_question_asking_for_a_thing_is_no_yes_no(question: str) -> None:
    assert not asks_yes_no(question)


@pytest.mark.parametrize(
    "question",
    [
        "Should we avoid TensorFlow for our research prototypes?",
        "Should the firm steer clear of PyTorch for its platform?",
        "Should I not use PyTorch for a serverless function?",
        "Is it a mistake to run our Android app's model on TensorFlow Lite?",
        "Would it be wrong to learn PyTorch first?",
        "Should we avoid the Google framework here?",
    ],
)
def test_turning_away_from_a_framework_asks_against_it(question: str) -> None:
    assert asks_against(question)


@pytest.mark.parametrize(
    "question",
    [
        "Should we use TensorFlow for our research prototypes?",
        "Shouldn't I use PyTorch for research?",
        "Does TensorFlow skip the copy when it converts a numpy array?",
        "Can I drop a breakpoint() inside a PyTorch forward pass?",
        "Is PyTorch a drop-in replacement for TensorFlow?",
        "Does PyTorch not use a static graph?",
    ],
)
def test_turning_away_from_something_else_or_a_negated_question_does_not(question: str) -> None:
    assert not asks_against(question)


@pytest.mark.parametrize(
    ("question", "as_rated", "swapped"),
    [
        ("Did PyTorch get four and a half stars?", True, False),
        ("Did TensorFlow get a perfect 5/5?", False, False),
        ("Is TensorFlow's score exactly 4.6 out of 5?", True, False),
        ("Is the article's rating of PyTorch below 4.5?", False, False),
        ("Is PyTorch rated above four stars?", True, True),
        ("Are both frameworks rated 4.5?", False, False),
        ("Did TensorFlow and PyTorch tie in the ratings?", False, False),
        ("Is PyTorch's rating under TensorFlow's?", True, False),
        ("Discord poll said PyTorch is loved more; did the article rate it above TensorFlow?", False, True),
        ("Is Meta's framework the lower-rated one?", True, False),
        ("Doesn't TensorFlow have the lower rating of the two?", False, True),
        ("Is it the Facebook one that scored 4.6?", False, True),
    ],
)
def test_a_yes_no_about_the_ratings_follows_them_and_flips_when_they_do(
    question: str, as_rated: bool, swapped: bool
) -> None:
    """The same question comes out the other way when the article rates the two the other way round."""
    verdict, other = rating_verdict(question, RATED), rating_verdict(question, SWAPPED)
    assert verdict is not None and other is not None
    assert (verdict.holds, other.holds) == (as_rated, swapped)


@pytest.mark.parametrize(
    "question",
    [
        "Is PyTorch's 4.5 for research flexibility?",
        "Is PyTorch's rating a full star behind TensorFlow's?",
        "Is the gap between the two star ratings a big one?",
        "Does the 4.6-star framework earn its stars for production tools?",
    ],
)
def test_a_yes_no_about_why_or_by_how_much_is_not_answered_from_the_ratings_alone(question: str) -> None:
    assert rating_verdict(question, RATED) is None


def test_a_tie_holds_only_for_equal_ratings() -> None:
    assert rating_verdict("Are the two frameworks rated the same?", {"pytorch": 4.5, "tensorflow": 4.5}) == (
        RatingVerdict(True)
    )
    assert rating_verdict("Are the two frameworks rated the same?", RATED) == RatingVerdict(False)


def test_a_figure_asked_of_one_framework_is_about_that_framework() -> None:
    assert rating_verdict("Did PyTorch get four and a half stars?", RATED) == RatingVerdict(True, about="pytorch")
    assert rating_verdict("Is TensorFlow rated below 4.5?", RATED) == RatingVerdict(False, about="tensorflow")


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("Is the higher-rated framework PyTorch?", False),
        ("Is the top-rated framework TensorFlow?", True),
        ("Is the lower-rated one PyTorch?", True),
        ("Is TensorFlow rated at least 4.6?", True),
        ("Is PyTorch rated above 4.5?", False),
        ("Did PyTorch get four stars or more?", True),
        ("Did the article give PyTorch 4.5 stars and TensorFlow 4.5 stars?", False),
        ("Did the article give PyTorch 4.5 stars and TensorFlow 4.6 stars?", True),
    ],
)
def test_a_ranking_or_a_bound_is_read_the_way_it_is_asked(question: str, holds: bool) -> None:
    verdict = rating_verdict(question, RATED)
    assert verdict is not None and verdict.holds is holds


@pytest.mark.parametrize(
    "question",
    [
        "Is PyTorch rated 4.5 or 4.6?",
        "Is PyTorch rated higher or lower than TensorFlow?",
        "Is TensorFlow rated more than PyTorch by 0.1?",
    ],
)
def test_alternatives_or_a_margin_get_no_yes_or_no_from_the_ratings(question: str) -> None:
    assert rating_verdict(question, RATED) is None


def test_a_maker_is_read_from_a_sentence_that_says_who_made_or_backs_a_framework() -> None:
    text = (
        "Pytorch, launched by Facebook's AI Research lab, is flexible. TensorFlow, on the other hand, was developed "
        "by Google. Alternatives include JAX (Google's emerging research-focused tool) and MXNet (supported by "
        "Amazon). Companies like Twitter prefer TensorFlow."
    )
    assert maker_attributions(text) == [
        ("pytorch", "Facebook"),
        ("tensorflow", "Google"),
        ("mxnet", "Amazon"),
        ("jax", "Google"),
    ]


def _about_origin(text: str) -> Question:
    """A question as the question model reads one about who made a framework."""
    return replace(analyse(text), property="origin")


@pytest.mark.parametrize(
    ("question", "made_by"),
    [
        ("Did Meta create TensorFlow?", (False, "tensorflow", "Google")),
        ("Was PyTorch made by Meta?", (True, "pytorch", "Facebook")),
        ("Is mxnet an amazon thing?", (True, "mxnet", "Amazon")),
        ("JAX user here: is MXNet from Amazon, per the article?", (True, "mxnet", "Amazon")),
        ("Are JAX and TensorFlow both from Google?", (True, "jax", "Google")),
        ("Is JAX Amazon's?", (False, "jax", "Google")),
    ],
)
def test_a_yes_no_about_a_maker_follows_what_the_claims_say(question: str, made_by: tuple[bool, str, str]) -> None:
    assert maker_verdict(_about_origin(question), MAKERS) == made_by


def test_a_maker_verdict_flips_with_what_the_claims_say() -> None:
    other = Lexicon(makers=(("mxnet", "Microsoft"),))
    assert maker_verdict(_about_origin("Is MXNet backed by Amazon?"), MAKERS) == (True, "mxnet", "Amazon")
    assert maker_verdict(_about_origin("Is MXNet backed by Amazon?"), other) is None  # Amazon: no maker the claims name
    assert maker_verdict(_about_origin("Is MXNet backed by Microsoft?"), other) == (True, "mxnet", "Microsoft")
    assert maker_verdict(_about_origin("Is MXNet backed by Microsoft?"), MAKERS) is None


@pytest.mark.parametrize(
    "question",
    [
        "Is Meta's framework the lower-rated one?",
        "Is there a third option besides torch and TF that Amazon backs?",
        "Is JAX from Google or from Amazon?",
        "Does Amazon's framework get a star rating?",
        "Which company made PyTorch?",
    ],
)
def test_no_maker_verdict_where_no_maker_is_asked_about_or_several_are(question: str) -> None:
    assert maker_verdict(_about_origin(question), MAKERS) is None


def test_a_maker_is_asked_about_only_where_the_question_model_reads_origin_or_a_third_framework() -> None:
    assert maker_verdict(replace(analyse("Was PyTorch made by Meta?"), property="usability"), MAKERS) is None


def _conclusion(text: str) -> Question:
    return replace(analyse(text), form=Intent.YES_NO, intent=Intent.YES_NO, property="conclusion", polar=True)


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Does the article crown a single winner?", "No: the article names no single winner"),
        ("Is the article's verdict that neither framework clearly wins?", "Yes: the article names no single winner"),
        ("So the wrap-up says to run both of them?", "Yes: the article names no single winner"),
    ],
)
def test_a_yes_no_about_the_verdict_follows_whether_the_claims_pick_one(question: str, opening: str) -> None:
    assert compose(_conclusion(question), Decision(None, [])).startswith(opening)


def test_a_verdict_that_picks_one_is_not_answered_as_no_single_winner() -> None:
    text = compose(_conclusion("Does the article crown a single winner?"), Decision("pytorch", [], subject="pytorch"))
    assert "no single winner" not in text


@pytest.mark.parametrize(
    "question",
    [
        "Is it a mistake to avoid PyTorch for research?",
        "Would it be a mistake not to use PyTorch for research?",
        "Is PyTorch good for research, or is that a mistake?",
    ],
)
def test_a_mistake_to_turn_away_or_a_mistake_naming_no_framework_does_not_ask_against(question: str) -> None:
    assert not asks_against(question)


@pytest.mark.parametrize(
    "question",
    [
        "Is PyTorch a good choice for a Google interview project?",
        "Can I build PyTorch models on Google Cloud?",
        "Is PyTorch, from Facebook, rated higher than TensorFlow?",
        "I am from Google. Is PyTorch good for research?",
        "Is TensorFlow made by Google or Meta?",
        "Is TensorFlow from Google better than PyTorch?",
    ],
)
def test_an_organisation_named_outside_a_makers_construction_asks_no_maker(question: str) -> None:
    assert maker_verdict(_about_origin(question), MAKERS) is None


def test_a_third_framework_answer_naming_none_says_other_frameworks() -> None:
    question = replace(analyse("Is there a third option besides torch and TF?"), intent=Intent.THIRD_FRAMEWORK)
    assert compose(question, Decision(None, [])).startswith("The article mentions other frameworks only in passing")

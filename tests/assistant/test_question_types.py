"""Answers take the form of the question asked: recognising the type, the first sentence, the pick."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.evaluation import evaluate, load_items
from assistant.question import Intent, Question, analyse
from assistant.question_model import Reading
from knowledge.frameworks import other
from knowledge.retriever import Hit
from tests.claims import make_claim
from tests.conftest import REPO

NEW_QUESTIONS = REPO / "tests" / "data" / "questions-new.jsonl"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Is PyTorch or TensorFlow easier for beginners?", Intent.CHOICE),
        ("Which library has stronger corporate backing?", Intent.CHOICE),
        ("Which one needs more initial setup?", Intent.CHOICE),
        ("Can I export a PyTorch model to ONNX?", Intent.YES_NO),
        ("Is TensorFlow the better choice for production?", Intent.YES_NO),
        ("Who created PyTorch?", Intent.WHO),
        ("Which companies prefer TensorFlow?", Intent.WHO),
        ("What are the downsides of TensorFlow?", Intent.DRAWBACKS),
        ("What's the catch with PyTorch?", Intent.DRAWBACKS),
        ("What are PyTorch's strengths?", Intent.PROS),
        ("How do I deploy a model to a phone?", Intent.HOW_TO),
        ("How did the article rate PyTorch?", Intent.RATING),
        ("Should my startup use PyTorch?", Intent.SHOULD_I),
        ("What does the article say about JAX?", Intent.THIRD_FRAMEWORK),
        ("What serves TensorFlow models on a server?", Intent.WHAT),
    ],
)
def test_question_types_are_recognised(text, intent):
    assert analyse(text).intent is intent


@pytest.mark.parametrize(
    ("text", "weakness"),
    [
        ("Which framework is heavier?", True),
        ("Which one lags behind in enterprise adoption?", True),
        ("Which framework is less mature for deployment?", True),
        ("Which framework is easier to debug?", False),
        ("Who is behind TensorFlow?", False),
    ],
)
def test_questions_about_a_weakness_are_told_apart(text, weakness):
    assert analyse(text).weakness is weakness


def test_new_question_set_meets_the_targets(assistant):
    """Written before tuning: every question type, follow-ups, measurable and near-topic out-of-scope ones."""
    report = evaluate(assistant, load_items(NEW_QUESTIONS))
    assert report.total >= 60
    assert report.recommendation_accuracy >= 0.95, report.failures
    assert report.mention_recall >= 0.95, report.failures
    assert report.abstain_accuracy >= 0.95, report.failures


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Can I export a PyTorch model to ONNX?", "Yes: "),
        ("Is TensorFlow a good fit for small applications?", "No: "),
        ("Is TensorFlow hard to set up?", "Yes: the article names this as a weakness of TensorFlow"),
        ("Who developed TensorFlow?", "TensorFlow was developed by Google [1]."),
        ("What are the drawbacks of TensorFlow?", "TensorFlow's drawbacks, per the article:"),
        ("What are PyTorch's strengths?", "PyTorch's strengths, per the article:"),
        ("What rating did PyTorch get?", "The article rates PyTorch 4.5/5 [1]."),
        ("Should my startup use PyTorch?", "It depends on your needs"),
        ("What does the article say about JAX?", "The article mentions JAX only in passing"),
        ("Which framework imports faster?", "The article gives no measurement of this"),
        ("How do I deploy a TensorFlow model on a phone?", "Use TensorFlow Lite, per the article ["),
        ("How do I serialize a PyTorch model for production?", "Use TorchScript (PyTorch), per the article [1]"),
        ("How do I serve PyTorch models in production?", "With PyTorch, per the article:"),
    ],
)
def test_the_first_sentence_answers_in_the_question_form(assistant, question, opening):
    assert assistant.ask(question).answer.startswith(opening)


@pytest.mark.parametrize(
    ("question", "recommendation"),
    [
        ("Should my startup use PyTorch?", None),
        ("What does the article say about JAX?", None),
        ("Which framework imports faster?", None),
        ("Which framework is easier to debug?", "pytorch"),
        ("Who created PyTorch?", None),
        ("What are PyTorch's weaknesses?", None),
    ],
)
def test_a_recommendation_only_when_the_answer_settles_on_one(assistant, question, recommendation):
    assert assistant.ask(question).recommendation == recommendation


@pytest.mark.parametrize(
    ("question", "faulted"),
    [
        ("Which framework is heavier?", "tensorflow"),
        ("Which framework has less mature deployment tools?", "pytorch"),
        ("Which framework is slower to adopt experimental innovations?", "tensorflow"),
        ("Which framework lags behind in enterprise adoption?", "pytorch"),
    ],
)
def test_questions_for_the_worse_side_name_the_framework_the_claims_fault_and_recommend_the_other(
    assistant, question, faulted
):
    answer = assistant.ask(question)
    assert answer.subject == faulted and answer.recommendation == other(faulted)
    assert any(faulted in c.text.lower() for c in answer.citations[:1])


@pytest.mark.parametrize(
    "question",
    [
        "How do I configure webpack to bundle my JavaScript app faster?",
        "Which Python web framework is better, Django or Flask?",
        "What is the best graph database for social networks?",
        "Which mobile phone plan is best for heavy data users?",
    ],
)
def test_other_technologies_that_share_words_with_the_article_are_out_of_scope(assistant, question):
    assert assistant.ask(question).abstained


def test_comparing_a_framework_mentioned_in_passing_abstains_and_says_what_the_article_does(assistant):
    answer = assistant.ask("Is JAX faster than PyTorch for training?")
    assert answer.abstained and answer.recommendation is None
    assert "only in passing" in answer.answer and "JAX" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "background"),
    [
        ("Coming from JAX, should I adopt TensorFlow for production serving?", True),
        ("JAX refugee asking: what are PyTorch's weak spots?", True),
        ("Coming from JAX: which is faster at eager training, torch or TF?", True),
        ("Coming from JAX, which I know is Google's: who is behind PyTorch?", True),
        ("Compared with JAX, is PyTorch faster?", False),
        ("JAX or PyTorch: which is faster?", False),
        ("Is JAX a serious alternative to PyTorch, per the article?", False),
        # the lead names only the framework, sets it against another, or the rest compares with it
        ("JAX: is it faster than PyTorch?", False),
        ("MXNet, TensorFlow: which one for phones?", False),
        ("JAX vs TensorFlow, quick one: which deploys to phones, TensorFlow?", False),
        ("As a JAX user, is PyTorch any faster?", False),
        ("Coming from JAX, is PyTorch worth switching to, or should I stick with it?", False),
    ],
)
def test_a_framework_named_as_the_askers_background_is_no_comparison(question, background):
    from assistant.decision import compares_third, in_background

    assert in_background(analyse(question)) is background
    assert compares_third(analyse(question)) is not background


def test_a_question_from_someone_who_knows_a_third_framework_is_answered(assistant):
    answer = assistant.ask("JAX refugee asking: what are PyTorch's weak spots?")
    assert not answer.abstained and "only in passing" not in answer.answer
    assert answer.answer.startswith("PyTorch's drawbacks"), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What gives TensorFlow a production advantage?",
        "Which framework is better for AutoML?",
        "Why is PyTorch preferred for research?",
        "What does TensorFlow offer for deploying to mobile devices?",
    ],
)
def test_citations_are_distinct_sectioned_passages_without_faq_questions(assistant, question):
    answer = assistant.ask(question)
    quotes = [(c.start, c.end) for c in answer.citations]
    assert len(set(quotes)) == len(quotes)
    for citation in answer.citations:
        assert citation.section and len(citation.quote.split()) >= 3
    points = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert not any("?" in p for p in points), points


@pytest.mark.parametrize(
    ("question", "opening", "recommendation"),
    [
        ("Is TensorFlow good for research?", "No: the article credits PyTorch here rather than TensorFlow.", "pytorch"),
        ("Is PyTorch good for production?", "No: the article credits TensorFlow here", "tensorflow"),
        (
            "Is PyTorch less mature than TensorFlow?",
            "Yes: the article faults PyTorch here, not TensorFlow.",
            "tensorflow",
        ),
        ("Is TensorFlow heavier than PyTorch?", "Yes: the article faults TensorFlow here, not PyTorch.", "pytorch"),
        # asked for the lesser side: the answer names it (its subject) and recommends the other
        ("Is PyTorch rated lower than TensorFlow?", "Yes: the article rates them", "tensorflow"),
        ("Which is rated lower?", "PyTorch.", "tensorflow"),
        (
            "Is TensorFlow a poor fit for research?",
            "Yes: the article credits PyTorch here rather than TensorFlow.",
            "pytorch",
        ),
        # a no because the article faults the framework asked about on that very use recommends the other one
        (
            "Is it wise to keep PyTorch for a bank's round-the-clock scoring service?",
            "No: the article credits TensorFlow here rather than PyTorch.",
            "tensorflow",
        ),
        (
            "Is PyTorch fine for a service with an enterprise SLA?",
            "No: the article credits TensorFlow here rather than PyTorch.",
            "tensorflow",
        ),
        ("Is Twitter in PyTorch's camp?", "No: the article credits TensorFlow here rather than PyTorch.", "tensorflow"),
        # a capability a job checks is the job's to settle, not a drawback's
        ("Is PyTorch a good choice for exporting models to ONNX?", "Yes: the article credits PyTorch here.", "pytorch"),
    ],
)
def test_yes_no_and_comparisons_answer_what_was_asked(assistant, question, opening, recommendation):
    answer = assistant.ask(question)
    assert answer.answer.startswith(opening) and answer.recommendation == recommendation


@pytest.mark.parametrize(
    ("question", "opening", "recommendation", "subject"),
    [
        # the ratings answer a question asking for the higher or the lower, whichever framework it names
        ("Does PyTorch have the best rating?", "No: the article rates them", "tensorflow", None),
        ("Which of the two trails on stars?", "PyTorch.", "tensorflow", "pytorch"),
        # a framework described in its rating's own words
        ("Which framework gets 4.5 stars?", "PyTorch.", "pytorch", None),
        ("Which score goes with deployment versatility?", "TensorFlow.", "tensorflow", None),
    ],
)
def test_rating_questions_are_answered_by_the_ratings(assistant, question, opening, recommendation, subject):
    answer = assistant.ask(question)
    assert answer.answer.startswith(opening), answer.answer
    assert (answer.recommendation, answer.subject) == (recommendation, subject)


def test_a_library_of_another_kind_is_out_of_scope_but_a_javascript_model_runtime_is_not(assistant):
    assert assistant.ask("What's the best JavaScript framework for web apps?").abstained
    answer = assistant.ask("Which JavaScript library runs models in the browser?")
    assert not answer.abstained and answer.recommendation == "tensorflow"


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Pros and cons of PyTorch?", "PyTorch's strengths and drawbacks, per the article:"),
        ("How do the ratings compare?", "The article rates them TensorFlow 4.6/5, PyTorch 4.5/5."),
        ("Is eager execution available?", "Yes, in TensorFlow, per the article:"),
    ],
)
def test_more_forms(assistant, question, opening):
    assert assistant.ask(question).answer.startswith(opening)


@pytest.mark.parametrize(
    "question",
    ["What should a researcher use?", "What's best for computer vision?", "What is the article's conclusion?"],
)
def test_questions_that_name_no_framework_but_its_field_are_in_scope(assistant, question):
    assert not assistant.ask(question).abstained


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("How do I run a model on an Android phone?", ("mobile",)),
        ("Can TensorFlow models run in a web page?", ("browser",)),
        ("Which framework suits embedded boards and the browser?", ("browser", "edge")),
        ("Which framework is easier to debug?", ()),
    ],
)
def test_the_platform_a_question_targets(text: str, targets: tuple[str, ...]) -> None:
    assert analyse(text).targets == targets


def test_claims_about_the_asked_platform_outrank_general_deployment_claims(assistant) -> None:
    """Equal retrieval scores: the claim that names the platform asked about (phones: mobile) comes first."""
    from assistant.decision import rerank
    from knowledge.retriever import Hit

    claims = {c.text: c for c in assistant.retriever.claims}
    general = next(c for text, c in claims.items() if text.startswith("Deployment Tools — TensorFlow"))
    mobile = next(c for text, c in claims.items() if text.startswith("Mobile Devices — TensorFlow"))
    level = [Hit(claim=claim, score=1.0, dense=0.8, lexical=0.8, position=0) for claim in (general, mobile)]
    ranked = rerank(analyse("How do I deploy a TensorFlow model on a phone?"), level)
    assert ranked[0].claim.id == mobile.id and ranked[0].score > ranked[1].score
    unranked = rerank(analyse("How do I deploy a TensorFlow model?"), level)
    assert unranked[0].score - unranked[1].score < ranked[0].score - ranked[1].score


@pytest.mark.parametrize(
    ("question", "opening", "recommendation"),
    [
        # the claims on the capability asked about answer, not the framework the question names
        ("Should I build the browser widget on PyTorch?", "No: the article credits TensorFlow", "tensorflow"),
        # an organisation the claims name: the framework named in the same clause
        ("Which one do Twitter's engineers use?", "TensorFlow.", "tensorflow"),
        ("Does Twitter use PyTorch?", "No: the article credits TensorFlow", "tensorflow"),
    ],
)
def test_the_claims_on_the_very_thing_asked_about_pick(assistant, question, opening, recommendation):
    answer = assistant.ask(question)
    assert answer.answer.startswith(opening), answer.answer
    assert answer.recommendation == recommendation


@pytest.mark.parametrize(
    "question", ["Which framework does Netflix use?", "Does Hugging Face build on PyTorch or TensorFlow?"]
)
def test_who_uses_a_framework_abstains_on_an_organisation_the_article_never_names(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.recommendation is None and not answer.citations
    assert answer.answer.startswith("The article does not mention ")


@pytest.mark.parametrize(
    ("question", "abstains"),
    [
        ("Which banks run PyTorch?", True),
        ("Which hospitals use TensorFlow for imaging?", True),
        ("Which companies use TensorFlow?", False),
        ("Which social network is on TensorFlow?", False),
        # who made a framework, and organisations the article names, are the article's to answer
        ("Who wrote PyTorch in the first place?", False),
        ("Does Meta run its models on PyTorch?", False),
        ("Who created TensorFlow and why?", False),
    ],
)
def test_a_kind_of_organisation_the_article_never_names_is_not_answered_from_its_companies(
    assistant, question, abstains
):
    answer = assistant.ask(question)
    assert answer.abstained is abstains, answer.answer
    assert (answer.recommendation is None and not answer.citations) if abstains else bool(answer.citations)


def test_an_organisation_the_article_names_beside_one_it_does_not_is_answered(assistant):
    assert not assistant.ask("Google Brain or DeepMind: which team built TensorFlow?").abstained


@pytest.mark.parametrize(
    ("question", "opening", "recommendation", "subject"),
    [
        # the worse side of a quality the article credits one framework with is the other framework
        ("Which of the two is less Pythonic?", "TensorFlow: the article credits PyTorch here", "pytorch", "tensorflow"),
        # two frameworks named: the strengths of the one asked about, not of the one it is set against
        ("Compared with TensorFlow, what does PyTorch do well?", "PyTorch's strengths", "pytorch", None),
        ("Where does TF beat torch?", "TensorFlow's strengths", "tensorflow", None),
    ],
)
def test_the_side_asked_about_when_two_are_named_or_the_worse_is_asked(
    assistant, question, opening, recommendation, subject
):
    answer = assistant.ask(question)
    assert answer.answer.startswith(opening), answer.answer
    assert (answer.recommendation, answer.subject) == (recommendation, subject)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a framework called after its maker is that framework
        ("What does Meta's framework do well?", ("pytorch",)),
        ("whats the rating of googles framework", ("tensorflow",)),
        ("Strengths of the Google one, briefly", ("tensorflow",)),
        ("What rating did the Meta framework receive?", ("pytorch",)),
        # or after how it builds its graph
        ("Who is behind the define-by-run framework?", ("pytorch",)),
        ("What does the define before run one do well?", ("tensorflow",)),
        ("How does Chainer's define-by-run compare?", ()),
        # a product of the maker's own is not ("Google One" without "the"), nor is the maker alone
        ("How much is Google One storage?", ()),
        ("Is Google Cloud cheap?", ()),
        ("Is Keras a meta framework?", ("tensorflow",)),
        ("Which cloud is cheaper, AWS or Google's?", ()),
        # asked who made a framework, a maker offered as the answer is not what is asked about; a framework called
        # after its maker is asked about
        ("who made tensorflow? my friend swears it was facebook", ("tensorflow",)),
        ("Who uses Facebook's framework?", ("pytorch",)),
        ("Who uses PyTorch, and who uses Google's framework?", ("pytorch", "tensorflow")),
    ],
)
def test_frameworks_called_after_their_makers_or_their_graphs(text, named):
    question = analyse(text)
    assert question.named == question.frameworks == named


def test_documents_call_a_framework_after_its_maker_only_with_the_apostrophe():
    from knowledge.frameworks import DocumentNames, mentions

    assert mentions("Keras is a meta library that runs on several backends.") == ("tensorflow",)
    assert mentions("We compared two clouds; the Google one was cheaper per GPU hour.") == ()
    assert DocumentNames().resolve("Meta's framework won.") == "PyTorch won."


@pytest.mark.parametrize(
    ("question", "subject", "opening"),
    [
        ("Who's the maker of the 4.5-star framework?", "pytorch", "PyTorch was launched by Facebook"),
        ("Who made the higher-rated framework of the two?", "tensorflow", "TensorFlow was developed by Google"),
        ("(translated from Hungarian) Who did make the PyTorch?", "pytorch", "PyTorch was launched by Facebook"),
        ("who made tensorflow? my friend swears it was facebook", "tensorflow", "TensorFlow was developed by Google"),
        ("Who made the 4.6 one?", "tensorflow", "TensorFlow was developed by Google"),
    ],
)
def test_who_made_a_framework_described_or_asked_about_beside_other_words(assistant, question, subject, opening):
    answer = assistant.ask(question)
    assert not answer.abstained and answer.subject == subject
    assert answer.answer.startswith(opening), answer.answer


def test_a_who_question_that_mentions_the_ratings_but_describes_no_framework_by_them_is_not_about_its_makers(
    assistant,
):
    answer = assistant.ask("Who wrote the ratings, and which companies use these frameworks in production?")
    assert "The article rates them" in answer.answer, answer.answer


def _read_as(form: str, text: str) -> Question:
    reading = Reading(
        form=form, confidence=0.9, property=None, property_confidence=0.0, polarity="neutral", in_scope=True
    )
    return analyse(text, reading)


def test_a_yes_no_the_model_reads_behind_a_lead_is_answered_yes_or_no():
    """The wording opens with no question word ("Investor update aside: is it true ...?"): the wording's reading
    looks past the lead, and the learned form asks for a yes or no; a question read as a choice is not one, whatever
    word it opens with."""
    assert analyse("Investor update aside: is it true PyTorch imports faster?").polar
    assert not analyse("Investor update aside: which one imports faster?").polar
    assert _read_as("yes_no", "Investor update aside: is it true PyTorch imports faster?").polar
    assert _read_as("should_i", "Design doc, decision: should we build on TensorFlow?").polar
    assert not _read_as("choice", "Is PyTorch or TensorFlow easier for beginners?").polar
    assert _read_as("rating", "Is PyTorch rated higher than TensorFlow?").polar  # a rating keeps its wording's


def test_a_question_on_a_topic_in_none_of_the_articles_words_cites_the_claims_on_it(assistant):
    """ "breakpoint" is not in the article and "TensorFlow" pulls its other claims closer: the search finds no
    debugging claim, the question model reads the topic, and the article's debugging claims lead the citations."""
    answer = assistant.ask("Can I set a breakpoint inside a TensorFlow model?")
    by_id = {claim.id: claim for claim in assistant.retriever.claims}
    topics = [by_id[c.claim_id].topic for c in answer.citations]
    assert topics[:3] == ["debugging"] * 3, topics
    assert answer.answer.startswith("No: the article credits PyTorch here rather than TensorFlow.")


def test_claims_on_the_topic_lead_only_from_the_document_the_search_landed_in(assistant):
    """An ingested note's question ("What are the drawbacks of Quokka?") is never answered from the bundled article's
    claims on the topic; nor is a question read as out of scope, or one whose topic the search already found."""
    note = make_claim("Quokka schedules our nightly training jobs.", "notes", topic="overview")
    found = [Hit(note, 0.6, 0.6, 0.0)]
    question = replace(analyse("What are the drawbacks of Quokka?"), property="cons", in_scope=True)
    vector = assistant.retriever.embed([question.text])[0]
    assert assistant._with_topic(question, found, vector, 4) == found
    bundled = [h for h in assistant.retriever.search(question.text, 30) if h.claim.topic != "cons"]
    routed = assistant._with_topic(question, bundled, vector, 4)
    assert [h.claim.topic for h in routed[:4]] == ["cons"] * 4 and routed[4:] == bundled
    assert assistant._with_topic(replace(question, in_scope=False), bundled, vector, 4) == bundled
    on_topic = [*bundled, *routed[:1]]
    assert assistant._with_topic(question, on_topic, vector, 4) == on_topic

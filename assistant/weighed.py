"""How the measurements bear on an answer: the opening a measured question gets, the sentence that joins a
contradicted claim to its measurement, and the caveat a recommended tool's evidence records.

Every sentence here is built from a finding's own text or a record's own words (a warning it caught); only
connecting phrases are fixed. :mod:`assistant.compose` places them; :mod:`assistant.service` decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant import question_words as words
from assistant.answer import Citation
from assistant.measured import MeasuredPart
from assistant.question import Intent, Question
from evaluators.findings import SIDE_FRAMEWORKS
from knowledge import quantities
from knowledge.claims import Claim
from knowledge.frameworks import RIVALS, display, other, rivals_in

CONTRADICTED = "contradicted"


@dataclass(frozen=True, slots=True)
class Measured:
    """The finding that answers a measured question, and the side it favours (None: within noise)."""

    text: str
    better: str | None
    compared: bool = True
    """Both frameworks were measured (a tie is then an answer: "Neither"); a check of one framework's tool
    alone ("a Keras model exported to LiteRT: works in TensorFlow") compares nothing."""
    works: frozenset[str] = frozenset()
    """For a check (it works or it fails, no quantity): the frameworks with a side that passed."""
    fails: frozenset[str] = frozenset()
    """For a check: the frameworks with a side that failed ("a breakpoint in forward shows values: works in PyTorch,
    TF eager; fails in tf.function" puts TensorFlow in both)."""
    figures: tuple[tuple[str, float], ...] = ()
    """For a quantity: each framework's figure, in the base unit of its dimension (bytes, seconds)."""
    dimension: str = ""
    """``size`` or ``duration`` for a quantity in a unit :mod:`knowledge.quantities` reads; '' otherwise."""
    failure_words: tuple[str, ...] = ()
    """For a check: the words its job declares for failing ("copies" for zero-copy NumPy)."""

    @property
    def checked(self) -> frozenset[str]:
        """The frameworks a check ran in."""
        return self.works | self.fails


def lead_finding(part: MeasuredPart | None) -> Measured | None:
    """The first framework-vs-framework finding that decides, else the first finding; None without one."""
    if part is None or not part.findings:
        return None
    deciding = [f for f in part.findings if f.get("framework") in RIVALS]
    chosen = deciding[0] if deciding else part.findings[0]
    framework = chosen.get("framework")
    figures = chosen.get("figures") or {}
    sides = {SIDE_FRAMEWORKS.get(str(side)) for side in figures}
    checked = [(SIDE_FRAMEWORKS.get(str(side)), value) for side, value in figures.items() if isinstance(value, bool)]
    unit = quantities.unit_scale(str(chosen.get("unit") or ""))
    amounts = [
        (str(SIDE_FRAMEWORKS.get(str(side))), float(value) * unit[1])
        for side, value in figures.items()
        if unit is not None
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and SIDE_FRAMEWORKS.get(str(side)) in RIVALS
    ]
    return Measured(
        _clause(str(chosen["text"])),
        str(framework) if framework in RIVALS else None,
        sides.issuperset(RIVALS),
        works=frozenset(f for f, passed in checked if f in RIVALS and passed),
        fails=frozenset(f for f, passed in checked if f in RIVALS and not passed),
        figures=tuple(amounts),
        dimension=unit[0] if unit is not None and amounts else "",
        failure_words=part.failure_words.get((str(chosen.get("job_id")), str(chosen.get("metric"))), ()),
    )


def _clause(sentence: str) -> str:
    """A finding's sentence ("On this machine (CPU) ...") as a clause that follows "Measured here, "."""
    return "on " + sentence[3:] if sentence.startswith("On ") else sentence


def measured_opening(question: Question, found: Measured) -> str | None:
    """The first sentence of a measured question's answer: it follows the measurement.

    A yes/no or should-I answers yes or no (:func:`_yes_no`); a choice names the side asked for: the better one,
    or for "which uses more" the worse one (which is never recommended); a check both frameworks pass answers
    "Both". None where the measurement compares nothing (one framework's tool checked alone) or a check settles
    nothing (it works in eager TensorFlow, not in tf.function; a how-to): the article answers, the measurement
    follows it.
    """
    asked, alone = asked_framework(question)
    if found.better is None and not found.compared and not (question.polar and alone and asked in found.checked):
        return None  # one framework's tool checked alone answers at most a yes/no about that framework
    if question.polar and found.compared and not found.works | found.fails and words.SAME.search(question.text):
        # "Are the two installs about the same size?": the same within noise, or not
        return f"{'Yes' if found.better is None else 'No'}. Measured here, {found.text}"
    if question.polar and asked is not None:
        return _yes_no(question, found, asked, alone)
    if found.better is None and found.works | found.fails:
        # a check: working in both is "Both" (for "which can't ...", "Neither"); a side of one framework
        # passing and another failing settles no choice, and a check answers no how-to ("How do I branch on a
        # tensor's value?"): the article answers
        everywhere, nowhere = found.works - found.fails, found.fails - found.works
        asks_choice = question.choice or question.form in (Intent.CHOICE, Intent.MEASURABLE)
        if asks_choice and (everywhere.issuperset(RIVALS) or nowhere.issuperset(RIVALS)):
            answer = "Both" if everywhere.issuperset(RIVALS) != (question.polarity == "worse") else "Neither"
            return f"{answer}, measured here: {found.text}"
        return None
    if found.better is None:
        return f"Neither, measured here: {found.text}"
    if question.polarity == "worse":
        return f"{display(other(found.better))}, measured here: {found.text}"
    return f"{display(found.better)}. Measured here, {found.text}"


def _yes_no(question: Question, found: Measured, asked: str, alone: bool) -> str | None:
    """Yes or no about ``asked`` (``alone``: not set against the other framework), as the measurement has it.

    About one framework's capability a job checks, whether it worked there ("Is PyTorch able to handle
    data-dependent control flow?": "Yes", although it works in both; "Partly" where it works in one of the
    framework's modes and not another); about a quantity or a comparison, whether ``asked`` came out ahead.

    A figure the question sets for ``asked`` alone ("Is TensorFlow over a gigabyte installed?", "Does PyTorch
    import in under two seconds?") is compared with its measurement (:func:`figure_bound`). Otherwise a question
    the model reads in no direction asks for ``asked`` where nothing else can be meant: a should-I about it alone
    ("Should I use X for ...?": is X the better side?), or a check that failed nowhere. A check asks whether it
    failed where the question says something fails, in the check's own declared words ("Does TensorFlow copy the
    array?") or as a claim would ("Does TensorFlow Lite fail to run it?"), or, for a check of both frameworks, asks
    for the worse side; else whether it worked. A check of one framework's tool alone answers only a question
    asking whether it can be done, whether it fails, or whether to use it ("Is ONNX export from PyTorch slow?" is
    left to the article: None). A should-I naming both gets the finding alone. A question turning away from
    ``asked`` (:attr:`Question.against`: "Should our pods avoid X?") is answered the other way round.
    """
    bound = figure_bound(question.text, found.dimension) if question.named == (asked,) else None
    if bound is not None and (amount := dict(found.figures).get(asked)) is not None:
        op, limit, tolerance = bound
        holds = words.bound_holds(amount, op, limit, tolerance)
        return f"{'Yes' if holds else 'No'}. Measured here, {found.text}"
    directed = question.polarity != "neutral" or (alone and question.form is Intent.SHOULD_I)
    for_asked = question.polarity != "worse"
    if alone and asked in found.works | found.fails:
        if asked in found.works and asked in found.fails:
            return f"Partly. Measured here, {found.text}"
        affirmed = words.affirms_failure(question.text, found.failure_words)
        should = alone and question.form is Intent.SHOULD_I  # "Should I move it from PyTorch to TF Lite?"
        if not found.compared and not (affirmed or should or words.asks_capability(question.text)):
            return None  # "Is ONNX export from PyTorch slow?": one framework's check does not say; the article
        failing = affirmed or (found.compared and question.polarity == "worse")
        if failing or found.failure_words or not found.compared:
            # "Does TensorFlow copy the array?" (the check's own failing word) and "Does TensorFlow Lite fail to
            # run it?" ask whether it failed; "Can torch take it without a copy?" whether it worked
            holds = (asked in found.fails) if failing else (asked in found.works)
            return f"{'Yes' if holds != question.against else 'No'}. Measured here, {found.text}"
        if found.fails and not directed:
            return f"Measured here, {found.text}"
        holds = (asked in found.works) == for_asked
    else:
        if found.better is None:
            return f"Not measurably. Measured here, {found.text}"
        if not directed:
            return f"Measured here, {found.text}"
        holds = (found.better == asked) == for_asked
    return f"{'Yes' if holds != question.against else 'No'}. Measured here, {found.text}"


def figure_bound(text: str, dimension: str) -> tuple[str, float, float] | None:
    """The figure a yes/no sets for a measured quantity of ``dimension``: the comparison
    (:func:`assistant.question_words.bound_of`: "over a gigabyte" is ">", "in under two seconds" "<", "a second or
    more" ">="), the figure, and how near counts as the figure ("Is it 1.2 GB?": within
    :data:`knowledge.quantities.PARITY_TOLERANCE`; "about half a gigabyte": within :data:`ROUGHLY`).

    Read in the asking sentence: a figure set as a bound first, else the last figure in it ("On my 8 GB laptop, is
    TensorFlow's install 1.2 GB?"). "A gigabyte" counts as one only as a bound or a round figure ("tops a
    gigabyte", "about a second"; not "a second time"). None where it states no such figure, or offers
    alternatives ("1 GB or 2 GB?")."""
    if not dimension:
        return None
    sentence = words.asking_sentence(text)
    if words.ALTERNATIVES.search(sentence):
        return None
    found = []
    for quantity in quantities.quantities_or_one(sentence):
        if quantity.dimension != dimension:
            continue
        before, after = sentence[: quantity.start], sentence[quantity.end :]
        op, rough = words.bound_of(before, after), words.ROUGHLY_BEFORE.search(before) is not None
        if sentence[quantity.start] in "aA" and op == "=" and not rough:
            continue  # "a second time" sets no figure
        found.append((op != "=", op, quantity.value, ROUGHLY if rough else quantities.PARITY_TOLERANCE))
    bounded = [f for f in found if f[0]]
    chosen = bounded[0] if bounded else found[-1] if found else None
    return None if chosen is None else (chosen[1], chosen[2], 0.0 if chosen[0] else chosen[3])


ROUGHLY = 0.25
"""How far a figure given as "about", "around" or "roughly" may be from the measurement and still hold: a quarter
of the larger ("about half a gigabyte" holds for 375 to 667 MB)."""


_CLAUSE_BREAK = re.compile(r"[:;]\s+|['\"’”]\s+")
"""Where a lead ends inside the asking sentence ("Our team lives in TensorFlow: does PyTorch ...?")."""
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)\s+")
"""Where a question's sentence ends. Not :class:`knowledge.sentences.SentenceSplitter`: pysbd also ends one at a
closing quote ("... for consistency.' Should I approve?"), which leaves the asking sentence naming no framework."""
_SWITCH = re.compile(r"\bfrom\s+(?P<old>\S+(?:\s+\S+)?)\s+to\s+(?P<new>\S+(?:\s+\S+)?)", re.IGNORECASE)


def asked_framework(question: Question) -> tuple[str | None, bool]:
    """The framework a yes/no is about, and whether it is about that one alone (not set against the other).

    The one PyTorch or TensorFlow named in the clause that asks, after any lead ("The autoscaler sat in `import
    tensorflow`. Would PyTorch have come up faster?", "Our team lives in TensorFlow: does PyTorch avoid the
    copy?": PyTorch), or the one switched to ("Should we move it from TF to torch?": PyTorch). Else the first
    named, set against the other where the clause names both.
    """
    if not question.named:
        return None, False
    sentences = [part for part in _SENTENCE_END.split(question.text) if "?" in part] or [question.text]
    naming = [clause for clause in _CLAUSE_BREAK.split(sentences[-1]) if rivals_in(clause, called=True)]
    asking = naming[-1] if naming else sentences[-1]
    if switch := _SWITCH.search(asking):
        old, new = rivals_in(switch["old"], called=True), rivals_in(switch["new"], called=True)
        if old and len(new) == 1 and new != old:
            return new[0], not question.comparative
    named = rivals_in(asking, called=True) or question.named
    return named[0], len(named) == 1 and not question.comparative


def contradicted_claims(evidence: Sequence[dict[str, Any]]) -> frozenset[str]:
    """The claims one of whose links a measurement here contradicts."""
    return frozenset(
        str(item["claim_id"])
        for item in evidence
        if any(link.get("verdict") == CONTRADICTED for link in item.get("links") or ())
    )


def _contradicting_finding(item: dict[str, Any]) -> str:
    """The finding of the contradicted link's metric, else the record's key figure."""
    metrics = {link.get("metric") for link in item.get("links") or () if link.get("verdict") == CONTRADICTED}
    for finding in item.get("findings") or ():
        if finding.get("metric") in metrics and finding.get("text"):
            return _clause(str(finding["text"])).rstrip(".")
    return str(item.get("key_figure") or item.get("rationale") or "a measurement here").rstrip(".")


def _stance(claim: Claim) -> str:
    """What a claim says, in two words: whom it faults or credits."""
    if claim.weaknesses:
        return "faults " + " and ".join(display(f) for f in claim.weaknesses)
    return f"credits {display(claim.favors)}" if claim.favors in RIVALS else "says otherwise"


def contradiction_notes(cited: Sequence[Claim], evidence: Sequence[dict[str, Any]]) -> list[str]:
    """One sentence per contradicted cited claim, naming the claim and the measurement that contradicts it."""
    notes = []
    for number, claim in enumerate(cited, start=1):
        items = [item for item in evidence if item["claim_id"] == claim.id and contradicted_claims([item])]
        if items:
            measured = _contradicting_finding(items[0])
            notes.append(f"The article's claim [{number}] {_stance(claim)}; measured here, {measured}.")
    return notes


def caveat_note(backing: str | None, citations: Sequence[Citation], evidence: Sequence[dict[str, Any]]) -> str:
    """The first caveat (a deprecation, an error) the evidence of a claim backing ``backing`` records, as one
    clause; '' when there is none."""
    if backing is None:
        return ""
    for number, citation in enumerate(citations, start=1):
        if citation.favors not in (backing, "both"):
            continue
        for item in evidence:
            if item["claim_id"] == citation.claim_id and item.get("caveat"):
                return f"Caveat on [{number}]: {item['caveat']}."
    return ""

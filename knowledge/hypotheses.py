"""What a claim-job link predicts, and the words that make a link cover only part of its sentence.

The claim linker (:mod:`evaluators.linking`) reads each sentence and the jobs' declarations and gives
every link a :class:`Hypothesis`: the metric it reads, the outcome the sentence predicts (a side that
must be better, ``works`` or ``fails`` for a capability, ``parity``), for comparisons the side it is
compared against, and the device when the sentence names one. The evaluators judge every link against
its hypothesis (``evaluators.judging.judge_link``).

Words that claim more than a job can show ("mature", "enterprise-ready", "at scale", "easier") are
:data:`QUALIFIERS`: a link from a sentence that carries one covers only part of it, so agreement is
``inconclusive`` with the unmeasured part named, while a measured contradiction still contradicts.
Claims no property fits are ``not_testable``, with the reason.

This module imports only the standard library: the extractor runs in the serving process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from knowledge import reading
from knowledge.claims import Claim

WORKS, FAILS, PARITY = "works", "fails", "parity"


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """What one metric of one job must show for the sentence to hold."""

    job_id: str
    metric: str
    predicts: str
    """A side label that must be better (``pytorch``, ``tf.function``…), ``works``, ``fails`` or ``parity``."""
    side: str = ""
    """For ``works``/``fails``: the side whose check must pass/fail; for ``parity``: one side of the pair."""
    against: str = ""
    """For a predicted side: the side it must beat; for ``parity``: the other side of the pair."""
    device: str = ""
    """``cpu`` or ``gpu`` when the sentence names one: only that device's observations speak to it."""

    def describe(self) -> str:
        where = f" ({self.device})" if self.device else ""
        if self.predicts in (WORKS, FAILS):
            return f"{self.metric}: {self.side} {self.predicts}{where}"
        if self.predicts == PARITY:
            pair = f" of {self.side} and {self.against}" if self.side else ""
            return f"{self.metric}: parity{pair}{where}"
        return f"{self.metric}: {self.predicts} better than {self.against}{where}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hypothesis:
        return cls(**{name: str(data.get(name) or "") for name in cls.__dataclass_fields__})

    def holds_on(self, device: str) -> bool:
        """Whether a record measured on ``device`` (``cpu``, ``cuda:0``) speaks to this hypothesis."""
        if not self.device:
            return True
        return device.startswith("cuda") if self.device == "gpu" else device.startswith("cpu")


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """One claim-job link: what made it, the hypothesis, and what the measurement cannot cover."""

    rule: str
    hypothesis: Hypothesis
    unmeasured: str = ""

    @property
    def job_id(self) -> str:
        return self.hypothesis.job_id


def normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("—", " — ")


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def works(job_id: str, metric: str, side: str) -> Hypothesis:
    return Hypothesis(job_id, metric, WORKS, side=side)


def better(job_id: str, metric: str, side: str, against: str) -> Hypothesis:
    return Hypothesis(job_id, metric, side, against=against)


@dataclass(frozen=True, slots=True)
class CapabilityRule:
    """A reviewed rule: sentences its pattern matches state these hypotheses (overrides, tests' fake jobs)."""

    name: str
    pattern: str
    hypotheses: tuple[Hypothesis, ...]
    why: str
    covers: frozenset[str] = frozenset()
    """Qualifier names this rule's own measurement speaks to (not reported as unmeasured)."""
    unmeasured: str = ""

    def matches(self, text: str) -> bool:
        return _compiled(self.pattern).search(normalise(text)) is not None


@dataclass(frozen=True, slots=True)
class HypothesisTable:
    """A fixed table of reviewed rules: a document's override file, or the stand-in links of tests' fake jobs.

    The default path is the claim linker (:mod:`evaluators.linking`), which knows no article's wording.
    """

    rules: tuple[CapabilityRule, ...] = ()

    def links_for_claim(self, claim: Claim) -> list[ClaimLink]:
        """The rules match the claim's own words (its context lends nothing to a reviewed pattern)."""
        return self.links_for(claim.text, claim.topic)

    def links_for(self, text: str, topic: str, context: str = "") -> list[ClaimLink]:
        if gated(topic):
            return []
        links: dict[tuple[str, str, str], ClaimLink] = {}
        for rule in self.rules:
            if not rule.matches(text):
                continue
            parts = [rule.unmeasured] if rule.unmeasured else []
            parts += [
                label
                for name, pattern, label in QUALIFIERS
                if name not in rule.covers and _compiled(pattern).search(normalise(text))
            ]
            for hypothesis in rule.hypotheses:
                key = (hypothesis.job_id, hypothesis.metric, hypothesis.predicts)
                links.setdefault(key, ClaimLink(rule.name, hypothesis, ", ".join(dict.fromkeys(parts))))
        return list(links.values())


QUALIFIERS: tuple[tuple[str, str, str], ...] = (
    ("maturity", r"\bmatur\w*", "maturity"),
    ("enterprise", r"enterprise", "enterprise readiness"),
    ("ranking", r"\b(ideal|leading|best|superior|dominat\w*|powerhouse|strong lead|few frameworks)\b", "the ranking"),
    ("scale", r"at scale|scalab\w*|large-scale", "behaviour at scale"),
    ("ease", r"\beas(y|ier|e)\b|simplif\w*|friendly|intuitive|smooth", "ease of use"),
    ("trend", r"improv\w*|expanding|strides|\bnewer\b", "the trend over time"),
    ("audience", r"non-experts|beginner", "who can use it"),
    ("ecosystem", r"ecosystem|pathways", "the wider ecosystem"),
    ("platforms", r"various platforms|edge devices|embedded", "other platforms and devices"),
    ("experimentation", r"rapid experiment\w*|integration with other python libraries", "speed of experimentation"),
    ("complexity", r"complex models|sophisticated", "complex models"),
)
"""Words that claim more than a local job can show: (name, pattern, what stays unmeasured)."""

UNTESTABLE_TOPICS: dict[str, str] = {
    "rating": "a star rating is the author's judgement; no local job can measure it",
    "adoption": "adoption and community size need surveys or usage data, not a local job",
    "origin": "who created a framework is history, not something a local job can measure",
}
"""Topics no local job measures, with the reason the audit shows."""
GATED_TOPICS = frozenset({"rating"})
"""Topics whose claims never link, even when they name a capability ("4.5/5 for TorchScript and ONNX"
rates, it does not state). Other topics link whenever a capability rule matches: a sentence about who
launched PyTorch can still state that its graph is defined on the fly."""

UNTESTABLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\b(corporate|enterprise|enterprises|companies)\b",
        "enterprise and corporate backing are not measurable locally",
    ),
    (r"\b(community|academi\w*|papers|popular|adopted)\b", "community and adoption need external data"),
    (r"\b(google|facebook|meta|amazon|airbnb|twitter)\b", "statements about companies are not measurable locally"),
    (r"\b(matur\w*|newer|historically)\b", "maturity and history are not measurable by a local job"),
)
"""Text patterns that explain why a claim no rule matches is not testable."""


def unmeasured_parts(text: str, phrases: Sequence[str] = ()) -> str:
    """The parts of a sentence no linked measurement speaks to, as one phrase ('' when none).

    A qualifier the property's own phrases use ("easy to debug" for debugging) is what the job measures,
    so it does not make the link partial.
    """
    plain = normalise(text)
    own = " ".join(phrases)
    parts: list[str] = []
    for _name, pattern, label in QUALIFIERS:
        if _compiled(pattern).search(plain) and not _compiled(pattern).search(own) and label not in parts:
            parts.append(label)
    return ", ".join(parts)


def gated(topic: str) -> bool:
    """Topics whose claims never link, even when they name a capability ("4.5/5 for TorchScript")."""
    return topic in GATED_TOPICS


def is_testable(text: str, topic: str, context: str = "") -> bool:
    """Whether a sentence has the form of a measurable claim: it asserts something about a framework or mode.

    The extractor's hint (``Claim.testable``); which job measures it, if any, is the linker's answer.
    ``context`` (``Claim.context``) lends the subject only, as in :func:`knowledge.reading.read`.
    """
    found = reading.read(text, context)
    states = bool(found.direction or found.parity or found.exclusive or found.states_capability or found.fails)
    return not gated(topic) and found.asserts and bool(found.mentions) and states


def not_testable_reason(text: str, topic: str) -> str:
    """Why no local job can measure a claim, in words the audit shows."""
    if topic in UNTESTABLE_TOPICS:
        return UNTESTABLE_TOPICS[topic]
    for pattern, reason in UNTESTABLE_PATTERNS:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    return (
        "no local verification job measures what this sentence states"
        " (it is an opinion or outside what a small job can check)"
    )

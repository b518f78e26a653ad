"""Which job measures which claim, and what the measurement must show: the reviewed hypothesis table.

A claim is linked to a job only through a :class:`CapabilityRule` whose pattern states the capability
the job measures (not a keyword that merely co-occurs): "TorchScript for serializing models" links to
the TorchScript round trip, "TensorFlow … larger framework; can be heavy" to the footprint job. Each
link carries a :class:`Hypothesis`: the metric it reads, the outcome the sentence predicts (a side that
must be better, ``works`` for a capability, ``parity``) and, for comparisons, the side it is compared
against. The evaluators judge every link against its hypothesis (``evaluators.verdicts.judge_link``).

Words that claim more than a job can show ("mature", "enterprise-ready", "at scale", "easier") are
:data:`QUALIFIERS`: a link from a sentence that carries one covers only part of it, so agreement is
``inconclusive`` with the unmeasured part named, while a measured contradiction still contradicts.
Claims no rule matches are ``not_testable``, with the reason. Ingested documents get links by the same
rules; ``docs/evidence.md`` lists the bundled article's links and is checked against this table by a test.

This module imports only the standard library: the extractor runs in the serving process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge import frameworks

WORKS, PARITY = "works", "parity"


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """What one metric of one job must show for the sentence to hold."""

    job_id: str
    metric: str
    predicts: str
    """A side label that must be better (``pytorch``, ``tf.function``…), ``works`` or ``parity``."""
    side: str = ""
    """For ``works``: the side whose check must pass."""
    against: str = ""
    """For a predicted side: the side it must beat (``tf-eager`` for "PyTorch is easier to debug")."""

    def describe(self) -> str:
        if self.predicts == WORKS:
            return f"{self.metric}: {self.side} works"
        if self.predicts == PARITY:
            return f"{self.metric}: parity"
        return f"{self.metric}: {self.predicts} better than {self.against}"


@dataclass(frozen=True, slots=True)
class CapabilityRule:
    """A statement a job can check, recognised in claim text, with the hypotheses it implies."""

    name: str
    pattern: str
    hypotheses: tuple[Hypothesis, ...]
    why: str
    covers: frozenset[str] = frozenset()
    """Qualifier names this rule's own measurement speaks to (not reported as unmeasured)."""
    unmeasured: str = ""
    """A part of every matching sentence that no linked job measures."""

    def matches(self, text: str) -> bool:
        return _compiled(self.pattern).search(normalise(text)) is not None


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """One claim-job link: the rule that made it, the hypothesis, and what the measurement cannot cover."""

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


_TF = frameworks.name_pattern(frameworks.TENSORFLOW)
_PT = frameworks.name_pattern(frameworks.PYTORCH)

RULES: tuple[CapabilityRule, ...] = (
    CapabilityRule(
        "pytorch-define-by-run",
        rf"{_PT}.*(dynamic (computational )?graph|define-by-run).*(on the fly|on-the-fly)",
        (works("torch-dynamic-control-flow", "data_dependent_control_flow", "pytorch"),),
        "Operations defined and executed on the fly: a loop and branch whose trip count depends on tensor "
        "values must run and differentiate correctly in PyTorch eager.",
    ),
    CapabilityRule(
        "pytorch-loops-and-conditionals",
        rf"{_PT}.*native use of loops and conditionals",
        (works("torch-dynamic-control-flow", "data_dependent_control_flow", "pytorch"),),
        "Native Python loops and conditionals on tensor values must run and differentiate in PyTorch.",
    ),
    CapabilityRule(
        "pytorch-runtime-inspection",
        rf"{_PT}.*(inspect outputs|variables directly during runtime|variable inspection|real-time debugging"
        r"|native python tools)",
        (works("debugging-breakpoints", "breakpoint_sees_values", "pytorch"),),
        "A breakpoint (pdb's hook) inside forward must see concrete tensor values in PyTorch.",
        covers=frozenset({"ease"}),
    ),
    CapabilityRule(
        "pytorch-easier-debugging",
        rf"{_PT}.*(ease of debugging|easy debugging|easier to debug)",
        (better("debugging-breakpoints", "breakpoint_sees_values", "pytorch", "tf-eager"),),
        "An advantage over TensorFlow's default (eager) mode: PyTorch's breakpoint must see values where "
        "TF eager's does not. TF eager seeing them too is no advantage.",
        covers=frozenset({"ease"}),
        unmeasured="error messages and debugger tooling beyond what a breakpoint inside forward sees",
    ),
    CapabilityRule(
        "tensorflow-less-flexible",
        rf"{_TF}.*less flexible",
        (better("torch-dynamic-control-flow", "data_dependent_control_flow", "pytorch", "tf-eager"),),
        "Less flexible than PyTorch: data-dependent control flow must work in PyTorch and fail in TF eager.",
        unmeasured="exploratory workflows beyond data-dependent control flow",
    ),
    CapabilityRule(
        "tensorflow-static-graph-performance",
        rf"{_TF}.*(static (computational )?graph|define-before-run).*(performance|optimi[sz])",
        (better("tf-graph-vs-eager", "cnn_train_step", "tf.function", "tf-eager"),),
        "The static-graph design brings performance: the same CNN train step must be faster as a "
        "tf.function graph than run eagerly, beyond noise.",
    ),
    CapabilityRule(
        "tensorflow-eager-available",
        rf"{_TF}.*(eager (mode|execution))",
        (works("tf-eager-default", "eager_by_default", "tensorflow"),),
        "TensorFlow 2.x must execute eagerly by default.",
    ),
    CapabilityRule(
        "tensorflow-eager-flexible",
        rf"{_TF}.*eager execution.*flexible",
        (works("torch-dynamic-control-flow", "data_dependent_control_flow", "tf-eager"),),
        "More flexible in eager mode: data-dependent control flow must run and differentiate in TF eager.",
    ),
    CapabilityRule(
        "tensorflow-serving",
        rf"{_TF}.*(\bserving\b|cloud (servers|to))",
        (works("tf-serving-artifact", "savedmodel_serving_signature", "tensorflow"),),
        "A Keras model must export to the SavedModel format TensorFlow Serving loads, with a serving "
        "signature that answers like the model (the Serving binary itself is not run).",
    ),
    CapabilityRule(
        "tensorflow-lite",
        rf"{_TF}.*(\blite\b|\bmobile\b)",
        (works("tflite-export", "tflite_interpreter_parity", "tensorflow"),),
        "A Keras model must convert to a LiteRT (TensorFlow Lite) flatbuffer whose interpreter answers like "
        "the model (run on this machine's CPU, not on a phone).",
    ),
    CapabilityRule(
        "tensorflow-js",
        rf"{_TF}.*(\.js\b|\bjs\b|browsers?\b)",
        (works("tfjs-converter", "tfjs_conversion", "tensorflow"),),
        "A Keras model must convert to the TensorFlow.js format (the converter package is needed).",
    ),
    CapabilityRule(
        "pytorch-torchscript",
        r"torchscript",
        (works("torchscript-roundtrip", "torchscript_roundtrip", "pytorch"),),
        "A model must script, save and load in a fresh process without its class, answering identically.",
    ),
    CapabilityRule(
        "pytorch-onnx",
        r"\bonnx\b",
        (works("onnx-export", "onnx_runtime_parity", "pytorch"),),
        "A PyTorch model must export to ONNX and answer like the original in ONNX Runtime.",
    ),
    CapabilityRule(
        "pytorch-cpp-runtime",
        r"c\+\+ runtime",
        (works("torchscript-cpp-runtime", "cpp_runtime_parity", "pytorch"),),
        "A TorchScript model must load and answer identically from a C++ (libtorch) program.",
    ),
    CapabilityRule(
        "pytorch-numpy-interop",
        rf"{_PT}.*(numpy interop\w*|native python, numpy)",
        (works("numpy-interop", "numpy_zero_copy", "pytorch"),),
        "Direct NumPy interoperability: torch.from_numpy and .numpy() must share memory (zero-copy).",
    ),
    CapabilityRule(
        "tensorflow-automl-lead",
        r"^(?=.*automl)(?=.*tensorflow)(?=.*(strong lead|\blead\b|\bedge\b))",
        (
            better("automl-tuners", "tuner_available", "tensorflow", "pytorch"),
            better("automl-tuners", "tuned_validation_loss", "tensorflow", "pytorch"),
        ),
        "A strong AutoML lead must show as something PyTorch lacks: a tuner TensorFlow has and PyTorch "
        "does not, or a better search at equal budget. Parity is not a lead. The lead is what the sentence "
        "claims; 'user-friendly' and 'non-experts' describe the tools, which both frameworks' tuners offer alike.",
        covers=frozenset({"ranking", "ease", "audience", "complexity"}),
    ),
    CapabilityRule(
        "tensorflow-automated-tuning",
        rf"{frameworks.term_pattern('Keras Tuner')}|automated tuning|hyperparameter optimi|solid automl tools",
        (works("automl-tuners", "tuner_available", "tensorflow"),),
        "Keras Tuner must run a hyperparameter search on a Keras model.",
    ),
    CapabilityRule(
        "tensorflow-heavier",
        rf"{_TF}.*(larger framework|\bheav(y|ier)\b)",
        (
            better("framework-footprint", "installed_size", "pytorch", "tensorflow"),
            better("framework-footprint", "import_rss", "pytorch", "tensorflow"),
            better("framework-footprint", "import_time", "pytorch", "tensorflow"),
        ),
        "Larger and heavier than PyTorch: TensorFlow's installed size, memory after import and import time "
        "must each exceed PyTorch's beyond noise.",
    ),
)
"""The reviewed table: every claim-job link comes from one of these rules."""

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


def unmeasured_parts(text: str, rule: CapabilityRule, covered: frozenset[str] = frozenset()) -> str:
    """The parts of a sentence a rule's measurement cannot speak to, as one phrase ('' when none).

    ``covered`` names qualifiers that another rule matching the same sentence measures ("easy debugging"
    beside "on-the-fly changes"), so they do not make this link partial.
    """
    plain = normalise(text)
    parts = [rule.unmeasured] if rule.unmeasured else []
    parts += [
        label
        for name, pattern, label in QUALIFIERS
        if name not in rule.covers | covered and _compiled(pattern).search(plain) and label not in parts
    ]
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class HypothesisTable:
    """A set of rules that link claims to jobs: :data:`RULES` in production, a small table in tests."""

    rules: tuple[CapabilityRule, ...] = RULES

    def links_for(self, text: str, topic: str) -> list[ClaimLink]:
        """Every hypothesis the table derives for one claim, in table order; empty when no rule applies."""
        if topic in GATED_TOPICS:
            return []
        matched = [rule for rule in self.rules if rule.matches(text)]
        covered = frozenset().union(*(rule.covers for rule in matched))
        links: dict[tuple[str, str, str], ClaimLink] = {}
        for rule in matched:
            for hypothesis in rule.hypotheses:
                key = (hypothesis.job_id, hypothesis.metric, hypothesis.predicts)
                links.setdefault(key, ClaimLink(rule.name, hypothesis, unmeasured_parts(text, rule, covered)))
        return list(links.values())

    def job_ids_for(self, text: str, topic: str) -> list[str]:
        """Ids of the jobs linked to a claim, each once, in table order."""
        return list(dict.fromkeys(link.job_id for link in self.links_for(text, topic)))


DEFAULT_TABLE = HypothesisTable()


def links_for(text: str, topic: str) -> list[ClaimLink]:
    """The default table's links for one claim."""
    return DEFAULT_TABLE.links_for(text, topic)


def is_testable(text: str, topic: str) -> bool:
    """True exactly when some rule links the claim to a job; the extractor sets ``Claim.testable`` from it."""
    return bool(links_for(text, topic))


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


def markdown_table(claims: Sequence[tuple[str, str, str]]) -> str:
    """The links of ``(claim id, text, topic)`` claims as Markdown: claim, job, hypothesis, why (docs/evidence.md)."""
    rows = ["| claim | job | hypothesis (metric: prediction) | not measured | why |", "|---|---|---|---|---|"]
    by_rule = {rule.name: rule for rule in RULES}
    for claim_id, text, topic in claims:
        for link in links_for(text, topic):
            cells = (
                f"`{claim_id}` {_cell(text)}",
                f"`{link.job_id}`",
                _cell(link.hypothesis.describe()),
                _cell(link.unmeasured) or "-",
                _cell(by_rule[link.rule].why),
            )
            rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def bundled_table() -> str:
    """:func:`markdown_table` over the bundled article's claims (what docs/evidence.md embeds)."""
    from knowledge.documents import bundled_document
    from knowledge.extraction import extract_claims

    return markdown_table([(c.id, c.text, c.topic) for c in extract_claims(bundled_document())])


if __name__ == "__main__":
    print(bundled_table(), end="")

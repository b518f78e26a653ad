"""Claims become hypotheses by meaning: which declared property a sentence speaks about, and which side it predicts.

For each sentence the linker

1. finds the measured properties it is about: with an encoder, the fitted property model
   (:mod:`evaluators.property_model`: the masked MiniLM embedding and the declared cue words, learned on
   the claim corpus' training split); without one, the cue words alone;
2. reads the sentence (:func:`knowledge.reading.read`, with the claim's context for its subject only):
   subject, comparative and polarity, negation, exclusivity, parity, mode and device;
3. maps what the sentence names onto the job's declared sides (eager TensorFlow is ``tf-eager``, a
   ``torch.compile`` step is ``torch.compile``) and keeps only the jobs whose sides fit: a compiled
   against compiled comparison is not the eager job's;
4. turns reading + property into a :class:`Hypothesis` per metric: a side better than another, parity,
   ``works`` or ``fails``.

A sentence that asserts nothing (a question, a reported view) or mentions a property without claiming
anything about it gets no link. Words that claim more than a job shows (:data:`QUALIFIERS`) make the
link partial. Nothing here knows any article's wording; everything it knows of the jobs comes from
their declarations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from evaluators.declarations import MeasuredProperty, measured_properties
from evaluators.property_model import (
    PropertyModel,
    cue_pattern,
    has_cue,
    load_model,
    masked,
    property_cues,
)
from evaluators.registry import Job
from evaluators.sides import about_the_other, fit_sides, side_of, with_tools
from knowledge.claims import Claim
from knowledge.hypotheses import FAILS, PARITY, WORKS, ClaimLink, Hypothesis, gated, unmeasured_parts
from knowledge.quantities import DIGITS, DURATION, SIZE, dimension_of, first_plain_number, number_value
from knowledge.reading import (
    BETTER,
    DEVICE_WORDS,
    EAGER,
    LESS,
    MORE,
    PYTORCH,
    SPEED,
    TENSORFLOW,
    WEIGHT,
    WORSE,
    Mention,
    Reading,
    bounded_whitespace,
    comparison_kinds,
    first_comparative_at,
    read,
)

SIMILARITY_THRESHOLD = 0.62
"""Cosine similarity of a cue-less sentence to a property's phrases above which it speaks of it (train split)."""
SUPPORT_THRESHOLD = 0.25
"""A cue word alone is not enough: the sentence must also be this close in meaning to the property (train split)."""

_TURNS = r";|\s—\s|,\s+(?:and|but|while|whereas|though|although|so)\b|\s+(?:but|whereas|while)\b"
_CLAUSE = re.compile(rf"\s*(?:{_TURNS}|:\s)\s*", re.IGNORECASE)
"""Where a sentence turns to a clause of its own."""
_PART = re.compile(rf"\s*(?:{_TURNS})\s*", re.IGNORECASE)
"""The same, except at a colon: a lead before it stays with its part ("Tiny transformer training: PT ahead")."""
_LIST_COMMA = re.compile(r",\s+")
_LEADING_DEVICE = re.compile(
    rf"\W*(?:on|with|using)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:{DEVICE_WORDS})\b[^,]{{0,20}},", re.IGNORECASE
)
"""A device that opens a sentence ("On CPU, ...", "On the L4 GPU, ..."): every part after it is about that device."""


def _clauses(text: str, context: str) -> list[tuple[str, str]]:
    """The clauses of a sentence that has more than one, each with the context it lends: the sentence's own,
    then the last framework named before the clause ("..., and it held on to twice the RAM")."""
    parts = [part for part in _CLAUSE.split(text) if len(part.split()) >= 3]
    if len(parts) < 2:
        return []
    clauses, lent = [], context
    for part in parts:
        clauses.append((part, lent))
        lent = _lends(read(part).mentions, read(part, lent), lent)
    return clauses


def _on_device(link: ClaimLink, device: str) -> ClaimLink:
    """The link about ``device`` where its part named none."""
    return link if link.hypothesis.device else replace(link, hypothesis=replace(link.hypothesis, device=device))


def _lends(own: tuple[Mention, ...], lent_reading: Reading, lent: str) -> str:
    """The framework a part lends the parts after it that name none: the subject of its comparison as read with
    what it was lent (``lent_reading``: "Eager TensorFlow is 1.4x slower than PyTorch on the CNN, but 1.13x faster
    on the transformer" lends TensorFlow), else the last framework it names itself (``own``), else ``lent``."""
    if lent_reading.direction and lent_reading.subject in (PYTORCH, TENSORFLOW):
        return lent_reading.subject
    named = [m.framework for m in own if m.framework]
    return named[-1] if named else lent


_Key = tuple[str, str, str, str, str]
"""A link's job, metric, prediction, side and the side it beats."""


def _said_of(key: _Key) -> tuple[str, ...]:
    """What parts of a sentence may disagree on: a comparison on the metric, or a check on one side."""
    return (key[0], key[1], key[3]) if key[2] in (WORKS, FAILS) else key[:2]


def _compared_parts(text: str, context: str) -> list[tuple[str, str]]:
    """The clauses and comma-separated parts of a sentence that say something of their own, each with the
    context it lends (as :func:`_clauses`: the sentence's, then the last framework named before the part): a
    comparison, or what a side it names itself does or fails to do."""
    pieces = [piece for clause in _PART.split(text) for piece in _LIST_COMMA.split(clause)]
    if len(pieces) < 2:
        return []
    compared, lent = [], context
    for piece in pieces:
        own = read(piece).mentions
        reading = read(piece, lent)
        compares = reading.direction and not reading.compares_unmeasured
        states = any(m.framework for m in own) and (reading.fails or reading.states_capability)
        if (compares or states) and reading.asserts and len(piece.split()) >= 2:
            compared.append((piece, lent))
        lent = _lends(own, reading, lent)
    return compared


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray: ...


class LazyEncoder:
    """An encoder built on first use (the knowledge base's embedder): commands that link nothing never load it."""

    def __init__(self, factory: Callable[[], SentenceEncoder]) -> None:
        self._factory = factory
        self._encoder: SentenceEncoder | None = None

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if self._encoder is None:
            self._encoder = self._factory()
        return self._encoder.encode(texts, batch_size)


@dataclass(frozen=True, slots=True)
class _Candidate:
    prop: MeasuredProperty
    sides: dict[int, str]
    """Mention index -> the side label it names in this job."""
    mentions: tuple[Mention, ...]
    """The mentions ``sides`` indexes (the sentence's, with the job's tools)."""


class ClaimLinker:
    """Links claims to the catalog's measured properties; the drop-in successor of the regex table.

    ``encoder`` (the MiniLM embedder) is optional: without it only cue words find a property. With an
    encoder and a fitted ``model`` (:mod:`evaluators.property_model`), the model finds the properties.
    """

    def __init__(
        self,
        properties: Sequence[MeasuredProperty],
        encoder: SentenceEncoder | None = None,
        model: PropertyModel | None = None,
    ) -> None:
        self.properties = tuple(properties)
        self.encoder = encoder
        self.model = model if encoder is not None else None
        self._cues = property_cues(self.properties)
        self._phrases: dict[str, np.ndarray] = {}
        self._cache: dict[tuple[str, str, str], tuple[ClaimLink, ...]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._known: dict[str, np.ndarray] = {}
        """Masked sentence -> its vector: every one embedded here, and those handed in by :meth:`reuse`."""

    def links_for_claim(self, claim: Claim) -> list[ClaimLink]:
        """The claim's links: its own words, read in its context (which lends the subject framework only)."""
        return self.links_for(claim.read_text, claim.topic, claim.context)

    def links_for(self, text: str, topic: str = "", context: str = "") -> list[ClaimLink]:
        """Every hypothesis the sentence states about a measured property; empty when it states none.

        ``context`` (``Claim.context``) lends the sentence its subject framework when it names none; the
        property and the comparison are read from ``text`` alone.
        """
        text = bounded_whitespace(text)
        key = (text, topic, context)
        if key not in self._cache:
            self._cache[key] = tuple(self._links(text, topic, context))
        return list(self._cache[key])

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed many sentences in one batch (an ingested document) before asking for their links."""
        if self.encoder is not None:
            self._embed([text for text in dict.fromkeys(texts) if text not in self._vectors])

    def embedded(self) -> dict[str, np.ndarray]:
        """The vectors embedded so far, keyed by the masked sentence the encoder read (what :meth:`reuse` takes)."""
        return dict(self._known)

    def reuse(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Take vectors embedded earlier by the same encoder (a server's previous start): a sentence whose
        masked form is among them is never sent to the encoder again."""
        self._known.update(vectors)

    def _links(self, text: str, topic: str, context: str) -> list[ClaimLink]:
        reading = read(text, context)
        if gated(topic) or not reading.asserts:
            return []
        links = self._read_links(text, reading, text)
        compared = _compared_parts(text, context)
        if len(compared) >= 2 and not reading.status:  # "X shows values (tf.function) — TensorFlow: FAIL" is one
            links = self._by_part(text, compared, links)
        if links:
            return list(links.values())
        # Nothing found in the whole: a claim may sit in one clause ("If you want it compiled too, ...; in our
        # runs the compiled PyTorch step was slower than TensorFlow's tf.function step"). Each clause is read on
        # its own, lent the sentence's context and the framework named last before it.
        for clause, lent in _clauses(text, context):
            part = read(clause, lent)
            if part.asserts:
                for key, link in self._read_links(clause, part, text).items():
                    links.setdefault(key, link)
        return list(links.values())

    def _by_part(
        self, sentence: str, parts: list[tuple[str, str]], links: dict[_Key, ClaimLink]
    ) -> dict[_Key, ClaimLink]:
        """The sentence's links where its parts each say something of their own ("torch boots quicker but TF is
        the lighter download"; "PyTorch: faster import, smaller RSS, larger install"; "a breakpoint in PyTorch
        shows values; in a tf.function you get symbolic tensors"): a metric a part speaks of takes that part's
        reading, not the whole sentence's first comparative.

        A part adds a metric the whole did not link only when it names that property itself ("I would not say
        TensorFlow is bloated" is no claim about every footprint metric), and where parts disagree on a metric
        (or on one side of a check), those that name its property win.
        """
        whole = {key[:2] for key in links}
        whole_properties = {link.rule for link in links.values()}
        found: list[tuple[_Key, ClaimLink, bool]] = []
        for part, lent in parts:
            lowered = part.lower()
            for key, link in self._read_links(part, read(part, lent), sentence).items():
                named = has_cue(lowered, self._cues.get(link.rule.removeprefix("property:"), ()))
                if key[:2] in whole or (named and link.rule not in whole_properties):
                    found.append((key, link, named))
        naming = {_said_of(key) for key, _, named in found if named}
        local: dict[_Key, ClaimLink] = {}
        for key, link, named in found:
            if named or _said_of(key) not in naming:
                local.setdefault(key, link)
        spoken = {_said_of(key) for key in local}
        if (leading := _LEADING_DEVICE.match(sentence)) is not None:  # "On CPU, X lost the CNN step but won ..."
            device = "gpu" if leading.group("gpu") else "cpu"
            local = {key: _on_device(link, device) for key, link in local.items()}
        return {key: link for key, link in links.items() if _said_of(key) not in spoken} | local

    def _read_links(self, text: str, reading: Reading, sentence: str) -> dict[_Key, ClaimLink]:
        links: dict[_Key, ClaimLink] = {}
        if reading.direction and reading.compares_unmeasured:
            # "a larger community", "smaller enterprise adoption": no job measures what is compared. A capability the
            # sentence names beside it still stands ("TensorFlow has a more complete ecosystem (TF Serving, TensorFlow
            # Lite)"): its checks are read with the comparison set aside, and nothing else is.
            reading = replace(reading, direction="", comparison="")
            candidates = [c for c in self._candidates(text, reading) if c.prop.kind == "check"]
        else:
            candidates = self._candidates(text, reading)
        for candidate in candidates:
            for hypothesis in _hypotheses(candidate, reading, text):
                unmeasured = unmeasured_parts(sentence, candidate.prop.phrases)
                rule = f"property:{candidate.prop.property_id}"
                key = (hypothesis.job_id, hypothesis.metric, hypothesis.predicts, hypothesis.side, hypothesis.against)
                links.setdefault(key, ClaimLink(rule, hypothesis, unmeasured))
        return links

    def _candidates(self, text: str, reading: Reading) -> list[_Candidate]:
        lowered = text.lower()
        bare = False
        if self.model is not None:
            spoken, bare = self._learned(text, reading)
        else:
            spoken = [prop for prop in self.properties if has_cue(lowered, prop.cues)]
            bare = not spoken and bool(reading.comparison)
            if bare:
                spoken = [prop for prop in self.properties if reading.comparison in prop.bare_comparatives]
            if self.encoder is not None:
                spoken = self._supported(text, spoken, bare)
        if reading.figure_dimension:  # figures of time compare no size: "Import time: PyTorch (CPU wheel) 1.9 s; ..."
            spoken = [prop for prop in spoken if dimension_of(prop.unit) in ("", reading.figure_dimension)]
        elif (
            reading.direction
            and not bare
            and len(kinds := comparison_kinds(lowered)) == 1
            and (compared := _COMPARED_DIMENSION.get(next(iter(kinds)), ""))
        ):
            # "takes 3.1 times as long to import" compares no size, unless the sentence names one ("the install takes
            # longer, since its wheel is 1.2 GB"); "the lighter install and the quicker import" compares both
            spoken = [
                prop
                for prop in spoken
                if dimension_of(prop.unit) in ("", compared) or has_cue(lowered, self._cues.get(prop.property_id, ()))
            ]
        fitting = [
            _Candidate(prop, sides, mentions)
            for prop in spoken
            if (sides := fit_sides(prop.sides, mentions := with_tools(prop.sides, text, reading.mentions), lowered))
            is not None
            and not about_the_other(prop.sides, text, mentions, sides)
        ]
        chosen = _by_metric(fitting, lowered, reading)
        named = [c for c in chosen if has_cue(lowered, c.prop.metric_cues)]
        return named if bare and named else chosen

    def _learned(self, text: str, reading: Reading) -> tuple[list[MeasuredProperty], bool]:
        """The properties the model finds, and whether they come from a bare comparative alone.

        A property is spoken of when the model's probability reaches its threshold, or reaches the lower
        ``cue_threshold`` where the sentence holds one of the property's cue words. A bare comparative
        ("TensorFlow is the heavier framework": none found, or only some of what it compares with none of
        their cue words) speaks of every property it can compare (weight: the footprint's, speed: the step
        timings') when one of them is the model's likeliest.
        """
        assert self.model is not None
        cues = {pid: self._cues.get(pid, ()) for pid in self.model.property_ids}
        lowered = text.lower()
        (chances,) = self.model.probabilities(self.model.rows(self._vector(text)[None, :], [text], cues))
        chance = dict(zip(self.model.property_ids, (float(value) for value in chances), strict=True))
        cued = _LIKENESS.sub(" ", lowered)  # "similar to NumPy" names NumPy without speaking of its arrays
        found = {
            pid
            for pid, value in chance.items()
            if value >= self.model.threshold or (value >= self.model.cue_threshold and has_cue(cued, cues[pid]))
        }

        if not reading.comparison:
            return [prop for prop in self.properties if prop.property_id in found], False
        comparable = [prop for prop in self.properties if reading.comparison in prop.bare_comparatives]
        comparable_ids = {prop.property_id for prop in comparable}
        if found and not (found <= comparable_ids and not any(has_cue(lowered, cues[pid]) for pid in comparable_ids)):
            return [prop for prop in self.properties if prop.property_id in found], False
        # A bare comparative: nothing found, or only aspects it compares without the sentence naming any of them
        # ("the heavier framework": the model's pick among install, memory and import is a guess).
        likeliest = max(chance, key=lambda pid: chance[pid])
        if chance[likeliest] < self.model.cue_threshold:
            return [], True
        return (comparable if likeliest in comparable_ids else []), True

    def _supported(self, text: str, cued: list[MeasuredProperty], bare: bool) -> list[MeasuredProperty]:
        """Cued properties the sentence is also close to in meaning; a bare comparative's must be the closest.

        "A larger community" compares something no job measures: the sentence is nearer other properties'
        phrases than the install size's, so the weight comparative does not link it.
        """
        scores = self._similarities(text)
        if bare:
            best = max(scores, key=lambda pid: scores[pid])
            return [prop for prop in cued if best in {p.property_id for p in cued}]
        kept = [prop for prop in cued if scores[prop.property_id] >= SUPPORT_THRESHOLD]
        if kept:
            return kept
        best_id = max(scores, key=lambda pid: scores[pid], default=None)
        if best_id is None or scores[best_id] < SIMILARITY_THRESHOLD:
            return []
        return [prop for prop in self.properties if prop.property_id == best_id]

    def _similarities(self, text: str) -> dict[str, float]:
        assert self.encoder is not None
        if not self._phrases:
            for prop in self.properties:
                if prop.property_id not in self._phrases:
                    self._phrases[prop.property_id] = self.encoder.encode(list(prop.phrases))

        vector = self._vector(text)
        return {pid: float((phrases @ vector).max()) for pid, phrases in self._phrases.items()}

    def _vector(self, text: str) -> np.ndarray:
        if text not in self._vectors:
            self._embed([text])
        return self._vectors[text]

    def _embed(self, texts: list[str]) -> None:
        assert self.encoder is not None
        readings = {text: masked(text) for text in texts}
        unknown = list(dict.fromkeys(m for m in readings.values() if m not in self._known))
        if unknown:
            self._known.update(zip(unknown, self.encoder.encode(unknown), strict=True))
        self._vectors.update((text, self._known[m]) for text, m in readings.items())


_LIKENESS = re.compile(
    r"\b(?:similar(?:ly)? to|akin to|resembl(?:es?|ing)|(?:much|just|feels?|looks?|behaves?) like)\s+(?:the\s+)?"
    r"[\w.-]+(?:\s+[\w.-]+)?|[\w.]+-(?:like|style)\b"
)
"""What a sentence likens something to is not what it speaks of: a cue word there does not lower the bar."""


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    """Sentence vectors written by :func:`write_vectors`; {} when the file is missing or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return dict(zip((str(t) for t in stored["texts"]), stored["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def write_vectors(path: Path, vectors: Mapping[str, np.ndarray]) -> None:
    """Keep ``vectors`` (sentence -> vector) at ``path``, written to a sibling file first and then swapped in."""
    texts = list(vectors)
    staging = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(staging, texts=np.array(texts, dtype=str), vectors=np.stack([vectors[t] for t in texts]))
    staging.replace(path)


_SAME_OUTPUTS = re.compile(r"\bsame (?:\w+ )?(?:outputs?|results?|logits|numbers|predictions|values|scores)\b")
"""What an output-parity check's one side gives when it passes."""
_COMPARED_DIMENSION = {SPEED: DURATION, WEIGHT: SIZE}
"""What a comparative of speed or of weight compares: a time, a size (a metric of neither is a check or a count)."""


def _by_metric(candidates: list[_Candidate], lowered: str, reading: Reading) -> list[_Candidate]:
    """Within each property, the metrics the sentence singles out by their cues, else its default ones.

    A property with a capability check and figures (NumPy: zero-copy and conversion time) answers "can
    it" with the check and "how well" (a comparison, parity) with its first figure.
    """
    chosen: list[_Candidate] = []
    for pid in dict.fromkeys(c.prop.property_id for c in candidates):
        group = [c for c in candidates if c.prop.property_id == pid]
        named = [c for c in group if has_cue(lowered, c.prop.metric_cues)]
        checks = [c for c in group if c.prop.kind == "check"]
        figures = [c for c in group if c.prop.kind != "check"]
        if named:
            chosen += named
            if reading.direction and reading.comparison == SPEED and _compared_beside(named, lowered):
                # a check named, and a speed compared: "tf.convert_to_tensor copies, and takes longer"
                chosen += [c for c in figures if c not in named and dimension_of(c.prop.unit) == "duration"]
        elif checks and figures:
            compares = reading.parity or reading.direction or reading.exclusive
            chosen += figures[:1] if compares and not reading.exclusive else checks
        else:
            chosen += group
    return chosen


_CONTRAST = re.compile(r"\s*(?:;|,?\s+\b(?:but|although|though|whereas|while|yet)\b)\s*", re.IGNORECASE)


def _compared_beside(checks: list[_Candidate], lowered: str) -> bool:
    """Whether the sentence's first comparative follows a check's own word with no turn between them, the checks
    being all the sentence names ("tf.convert_to_tensor makes a copy, so handing over a batch takes longer"); not
    across a turn to something else ("never copies, although PyTorch's import takes longer")."""
    at = first_comparative_at(lowered)
    if at < 0 or any(c.prop.kind != "check" for c in checks):
        return False
    words = [
        match.start() for c in checks for match in _cue_matches(lowered, (*c.prop.metric_cues, *c.prop.failure_cues))
    ]
    return any(not _CONTRAST.search(lowered, min(at, word), max(at, word)) for word in words)


def _hypotheses(candidate: _Candidate, reading: Reading, text: str) -> list[Hypothesis]:
    lowered = text.replace("’", "'").lower()
    prop = candidate.prop
    labels = [side.label for side in prop.sides]
    named = list(dict.fromkeys(candidate.sides.values()))
    base = Hypothesis(prop.job_id, prop.metric, "", device=reading.device)
    if reading.parity and prop.kind == "check" and len(labels) == 1 and (same := _SAME_OUTPUTS.search(lowered)):
        # one side has nothing to be level with: "export to ONNX and give the same outputs in ONNX Runtime" passes,
        # "does not give the same outputs" fails, as does one where a failure word of the check is affirmed
        failed = reading.fails or _negated_at(lowered, same.start()) or _affirmed_cue(lowered, prop.failure_cues)
        return [replace(base, predicts=FAILS if failed else WORKS, side=labels[0])]
    if reading.parity:
        pair = named[:2] if len(named) >= 2 else []
        return [replace(base, predicts=PARITY, side=pair[0] if pair else "", against=pair[1] if pair else "")]
    exclusive = side_of(prop.sides, Mention(0, reading.exclusive)) if reading.exclusive else None
    if exclusive is not None and len(labels) == 1:
        return [replace(base, predicts=WORKS, side=exclusive)]  # "only TensorFlow runs in the browser": it works
    if exclusive is not None:
        return [replace(base, predicts=exclusive, against=other) for other in labels if other != exclusive]
    if not named and any(mention.framework for mention in reading.mentions):
        return []  # "in eager mode, ... quicker in PyTorch": the frameworks it names are none of this job's sides
    subject = named[0] if named else (labels[0] if len(labels) == 1 else None)
    said_of = [label for at, label in candidate.sides.items() if candidate.mentions[at].start == reading.subject_at]
    if said_of and reading.direction:
        subject = said_of[0]  # the comparative's own subject, not the first side named
    # A check compares sides only by ease or quality ("easier to debug than tf.function"): a speed, a size or a
    # more/less of something is about a figure, and the check reads what the sentence says works or fails.
    compares = reading.direction and not (
        prop.kind == "check" and (reading.comparison or reading.direction in (LESS, MORE))
    )
    if compares and subject is not None and len(labels) > 1:
        if (cause := _mode_as_cause(candidate, lowered, subject, prop)) is not None:
            # "harder to debug due to static graphs": the mode is why the subject is worse, not what it is compared
            # with; the subject is that mode, against the other framework
            framework = prop.side(cause).framework
            subject, named = cause, [label for label in named if prop.side(label).framework != framework]
        against = _compared_with(candidate, reading)
        if against is not None and (not against or set(against) == {subject}):
            return []  # "faster than HX-1 instances", "than TensorFlow 2.14 did": no side of the job is the other
        named = [*(against or ()), *named]
        other = next((label for label in named if label != subject), None) or _default_other(prop, subject)
        if other is None:
            return []
        good = _is_good(reading.direction, prop)
        return [replace(base, predicts=subject if good else other, against=other if good else subject)]
    if prop.kind != "check" and not reading.direction and (counted := _counted(candidate, text)) is not None:
        if counted[2]:  # "Tuning trials finished — PyTorch: 36; TensorFlow: 36"
            return [replace(base, predicts=PARITY, side=counted[0], against=counted[1])]
        return [replace(base, predicts=counted[0], against=counted[1])]
    if prop.kind != "check" or subject is None:
        return []
    spans = _clause_spans(lowered)
    if each := _each_side_in_its_clause(candidate, lowered, spans, reading.device):
        return each
    # A failure word speaks of the subject in a clause that names it, or names nothing ("but its outputs drifted"),
    # not in one about something else ("..., and the ONNX model drifted" is no TorchScript failure).
    named_at = [m.start for m in (*candidate.mentions, *reading.mentions)]
    subject_at = {candidate.mentions[at].start for at, label in candidate.sides.items() if label == subject}
    own = [
        span
        for span in spans
        if any(span[0] <= at < span[1] for at in subject_at) or not any(span[0] <= at < span[1] for at in named_at)
    ]
    fails = (
        (reading.fails and not _negated_failure(lowered, prop.failure_cues, spans))
        or any(_affirmed_cue(lowered, prop.failure_cues, *span) for span in own)
        or _negated_cue(lowered, _deniable_cues(prop))
    )
    if reading.states_capability or fails or _denied_of_subject(lowered, prop.failure_cues, own, named_at):
        return [replace(base, predicts=FAILS if fails else WORKS, side=subject)]
    return []


_SET_AGAINST = re.compile(r"\b(?:unlike|compared|in contrast|than|whereas|instead of|rather than|as opposed to)\b")
_OPENS_AGAINST = re.compile(r"\W*(?:unlike|compared (?:with|to)|in contrast to|as opposed to)\b[^,;]*")
"""A sentence that opens by setting something aside ("Unlike TensorFlow, JAX avoids copying")."""
_NOT_A_FACT = re.compile(
    r"\b(?:should|must|need(?:s|ed)? to|want(?:s|ed)? (?:\w+ )?to|try(?:ing)? to|to)\s+avoid\w*\s*$"  # advice, a wish
    r"|\b(?:whether|if|unclear|not sure|unsure|doubt)\b"  # a doubt ("not sure whether TensorFlow avoids copying")
    r"|(?:\bnot\b|n't|\bnever\b|\brarely\b|\bhardly\b|\bno longer\b|\bimpossible\b|\bunable\b)\W+(?:\w+\W+){0,3}?"
    r"(?:avoid\w*|without|never|no|nothing|zero)\b"  # a denial denied ("does not avoid copying")
)


def _denied_of_subject(
    lowered: str, failure_cues: Sequence[str], own: list[tuple[int, int]], named_at: Sequence[int]
) -> bool:
    """Whether a clause about the subject denies one of the check's failure words as a fact, which states that the
    check works with no verb of capability ("When possible, it avoids copying data", "outputs never drifted"). Not a
    clause that sets the subject against something else ("Unlike TensorFlow, JAX avoids copying", "copies less than
    TensorFlow"), nor advice, a wish, a doubt ("you should avoid copying arrays", "not sure whether it avoids
    copying") or a denied denial ("does not avoid copying")."""
    opening = _OPENS_AGAINST.match(lowered)
    if opening and any(at < opening.end() for at in named_at):
        return False
    for match in _cue_matches(lowered, failure_cues):
        clause = next((span for span in own if span[0] <= match.start() < span[1]), None)
        if clause is None or not _negated_at(lowered, match.start()):
            continue
        if _SET_AGAINST.search(lowered, clause[0], clause[1]) or _NOT_A_FACT.search(lowered[clause[0] : match.start()]):
            continue
        return True
    return False


def _counted(candidate: _Candidate, text: str) -> tuple[str, str, bool] | None:
    """(better side, other, whether they are level) where each of two sides is given a figure of a metric that is no
    size or time, a count or a score, and nothing compares them in words: "Optuna finished all 30 trials, whereas
    Keras Tuner got through 24", "Best val loss: Optuna 0.231, Keras Tuner 0.236". A side's figure is the first
    number after its name, before the other side is named, that ends its phrase or is followed by the metric's unit
    ("30 trials", not "2 hours" or "4 GPUs"; see :func:`first_plain_number`). Sizes and times are read with their
    units, by :mod:`knowledge.reading`. Level figures ("36 and 36") are parity."""
    prop = candidate.prop
    if prop.better is None or dimension_of(prop.unit):
        return None
    named = sorted(candidate.sides, key=lambda at: candidate.mentions[at].start)
    figures: dict[str, float] = {}
    for index, at in enumerate(named):
        side = candidate.sides[at]
        following = (candidate.mentions[n].start for n in named[index + 1 :] if candidate.sides[n] != side)
        value = first_plain_number(
            text, candidate.mentions[at].start, next(following, len(text)), whole=prop.kind == "value", unit=prop.unit
        )
        if value is not None:
            figures.setdefault(side, value)
    if len(figures) != 2:  # "Best validation loss: 0.212 for PyTorch, 0.219 for TensorFlow"
        figures = {}
        for index, at in enumerate(named):
            begin = candidate.mentions[named[index - 1]].start if index else 0
            given = _FIGURE_FOR.search(text, begin, candidate.mentions[at].start)
            if given is not None:
                figures.setdefault(candidate.sides[at], number_value(given["number"]))
    if len(figures) != 2:
        return None
    (first, one), (second, two) = figures.items()
    if one == two:
        return (first, second, True)
    first_better = (one < two) == (prop.better == "lower")
    return (first, second, False) if first_better else (second, first, False)


_FIGURE_FOR = re.compile(rf"(?<![\w.,])(?P<number>{DIGITS})\s+(?:for|on|in|with|by|from)\s+(?:the\s+)?$")
"""A count or score given before the side it belongs to ("0.212 for PyTorch")."""


def _deniable_cues(prop: MeasuredProperty) -> list[str]:
    """The property's and metric's cue words whose denial says a check fails ("not zero-copy"); a failure word is
    not among them ("doesn't copy" works)."""
    return [cue for cue in (*prop.cues, *prop.metric_cues) if cue not in prop.failure_cues]


def _clause_spans(lowered: str) -> list[tuple[int, int]]:
    """Where the sentence's clauses and comma-separated parts begin and end (as :func:`_compared_parts` cuts)."""
    starts = sorted({0, *(m.end() for m in _PART.finditer(lowered)), *(m.end() for m in _LIST_COMMA.finditer(lowered))})
    return list(zip(starts, [*starts[1:], len(lowered)], strict=True))


def _clause_of(position: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    return next((span for span in spans if span[0] <= position < span[1]), spans[-1])


def _each_side_in_its_clause(
    candidate: _Candidate, lowered: str, spans: list[tuple[int, int]], device: str
) -> list[Hypothesis]:
    """A check whose sides sit in clauses of their own, one of which says it fails ("torch.from_numpy is
    zero-copy, while TensorFlow copies on every call"): the failing side fails, and a side whose own clause says
    what it does ("shares the buffer") works. Empty when the sides share a clause or no clause names a failure;
    a side whose clause says nothing of its own ("Like PyTorch, TensorFlow copies") gets no link."""
    prop = candidate.prop
    clauses: dict[str, tuple[int, int]] = {}
    for at, label in candidate.sides.items():
        clauses.setdefault(label, _clause_of(candidate.mentions[at].start, spans))
    if len(clauses) < 2 or len(set(clauses.values())) < len(clauses):
        return []
    negatable = _deniable_cues(prop)
    fails = {
        label: _affirmed_cue(lowered, prop.failure_cues, begin, end) or _negated_cue(lowered[begin:end], negatable)
        for label, (begin, end) in clauses.items()
    }
    if not any(fails.values()) or all(fails.values()):
        return []
    base = Hypothesis(prop.job_id, prop.metric, "", device=device)
    return [
        replace(base, predicts=FAILS if failed else WORKS, side=label)
        for label, failed in fails.items()
        if failed
        or read(lowered[slice(*clauses[label])]).states_capability
        or has_cue(lowered[slice(*clauses[label])], negatable)
    ]


_NEGATOR_BEFORE = re.compile(
    r"(?:\b(?:no(?!\s+(?:doubt|question)\b)|not(?!\s+only\b)|nothing|never|without|zero|nor|cannot|instead of"
    r"|rather than|avoid(?:s|ed|ing)?|unlike|replac(?:es|ed|ing)|old|former|no longer|away from)\b|n't)"
    r"(?:\s+(?!(?:and|but|or|yet)\b)[\w']+){0,3}[\s-]*$"
)
"""A negation in the few words before a failure word, within its clause ("nothing is ever copied", "never
drifted", "zero-copy"); not "not only", "no doubt"."""
_NEGATION_REACH = 40


def _cue_matches(lowered: str, cues: Sequence[str]) -> Iterator[re.Match[str]]:
    """Every occurrence of each cue word in a lower-cased sentence (as :func:`has_cue` finds them)."""
    for cue in cues:
        yield from cue_pattern(cue).finditer(lowered)


def _negated_at(lowered: str, start: int) -> bool:
    return _NEGATOR_BEFORE.search(lowered, max(0, start - _NEGATION_REACH), start) is not None


def _affirmed_cue(lowered: str, cues: Sequence[str], begin: int = 0, end: int | None = None) -> bool:
    """Whether ``lowered[begin:end]`` (the subject's clause) holds one of the cue words without a negation just
    before it: a check's failure word ("copied", "drifted") says it fails, but "nothing is copied", "zero-copy"
    and "outputs never drifted" say it works. (A failure word is not among the cues whose negation says a check
    fails: "doesn't copy" works.)"""
    stop = len(lowered) if end is None else end
    return any(
        begin <= match.start() and match.end() <= stop and not _negated_at(lowered, match.start())
        for match in _cue_matches(lowered, cues)
    )


def _negated_failure(lowered: str, failure_cues: Sequence[str], spans: list[tuple[int, int]]) -> bool:
    """Whether the sentence denies one of the check's failure words ("doesn't copy the array") and no other clause
    says it fails: the denial is then the check working. "ONNX export fails for dynamic shapes, and the models
    that do export show no drift" still fails."""
    denied = {
        _clause_of(match.start(), spans)
        for match in _cue_matches(lowered, failure_cues)
        if _negated_at(lowered, match.start())
    }
    if not denied:
        return False
    others = [span for span in spans if span not in denied]
    return not any(read(lowered[slice(*span)]).fails for span in others)


def _negated_cue(lowered: str, cues: Sequence[str]) -> bool:
    """Whether the sentence denies the property by name ("the TensorFlow route is not zero-copy")."""
    return any(
        re.search(
            rf"\b(?:not|isn't|aren't|wasn't|weren't)\s+(?:(?:a|an|really|fully|truly)\s+)?{re.escape(cue)}(?!\w)",
            lowered,
        )
        for cue in cues
    )


def _compared_with(candidate: _Candidate, reading: Reading) -> list[str] | None:
    """The sides the comparative's explicit object names (empty when it names none of the job's); None when
    the sentence gives its comparative no object."""
    if reading.compared_with is None:
        return None
    begin, end = reading.compared_with
    return [label for at, label in candidate.sides.items() if begin <= candidate.mentions[at].start < end]


_CAUSE_BEFORE = re.compile(
    r"\b(?:due to|because of|thanks to|owing to|as a result of|on account of|caused by|with (?:its|their)"
    r"|(?:because|since|as) (?:it|they)(?: \w+)? (?:uses?|builds?|rel(?:y|ies) on|runs?|compiles?)(?: on| in| into)?)"
    r"(?:\s+(?!(?:the )?(?:lack|absence)\b|without\b|no\b)[\w-]+){0,3}?\s*$"
)
"""What names the reason for a comparison ("more challenging due to its rigid static graphs", "harder to debug
because it uses static graphs", "easier thanks to eager mode"); not a mode's absence ("due to the lack of ...")."""
_SWITCHED_OFF = re.compile(r"\W*(?:\w+\s+){0,2}?(?:being\s+)?(?:off|disabled|turned off|switched off|unavailable)\b")
"""A mode said to be off after it is named ("due to graph mode being off")."""


def _mode_as_cause(candidate: _Candidate, lowered: str, subject: str, prop: MeasuredProperty) -> str | None:
    """The side a bare mode names (no framework, "static graphs") when it is given as the reason for the subject's
    comparison and is a mode of the subject's framework: that mode is the subject. None otherwise."""
    framework = prop.side(subject).framework
    if any(candidate.mentions[at].mode for at, label in candidate.sides.items() if label == subject):
        return None  # "Eager TensorFlow trains slower, due to graph mode being off": the subject names its mode
    for at, label in candidate.sides.items():
        mention = candidate.mentions[at]
        if label == subject or prop.side(label).framework != framework:
            continue  # only a mode of the subject's framework, bare or named ("due to static graphs", "to tf.function")
        words = re.search(r"[\w.-]+", lowered[mention.start :])
        after = words.end() + mention.start if words else mention.start
        if _SWITCHED_OFF.match(lowered, after):
            continue
        window = max(0, mention.start - 80)
        cause = _CAUSE_BEFORE.search(lowered[window : mention.start])
        if cause and not re.search(r"(?:\bnot|n't)\s*$", lowered[: window + cause.start()]):
            return label  # "not because of static graphs but ..." names no reason
    return None


def _default_other(prop: MeasuredProperty, subject: str) -> str | None:
    """The side a one-sided comparison is against: the other framework's default (eager) side."""
    mine = prop.side(subject)
    others = [side for side in prop.sides if side.label != subject]
    if mine.framework != others[0].framework or len({s.framework for s in prop.sides}) == 1:
        different = [side for side in others if side.framework != mine.framework] or others
        preferred = [side for side in different if side.mode in ("", EAGER)] or different
        return preferred[0].label
    return others[0].label


def _is_good(direction: str, prop: MeasuredProperty) -> bool:
    """Whether the comparative credits the side it is said of, for this metric's better direction."""
    if direction in (BETTER, WORSE):
        return direction == BETTER
    if prop.better is None:
        return direction == MORE
    return (direction == LESS) == (prop.better == "lower")


def registry_linker(jobs: Mapping[str, Job], encoder: SentenceEncoder | None = None) -> ClaimLinker:
    """A linker over the declarations of a registry's jobs (jobs without one, such as tests' fakes, link nothing).

    With an encoder it finds properties with the shipped property model (``evaluators/property_model.json``).
    """
    properties = measured_properties([job.declaration for job in jobs.values() if job.declaration])
    return ClaimLinker(properties, encoder, load_model() if encoder is not None else None)


def catalog_linker(encoder: SentenceEncoder | None = None) -> ClaimLinker:
    """A linker over the default catalog (the audit page and docs read links without a service)."""
    from evaluators.catalog import default_registry

    return registry_linker(default_registry(), encoder)

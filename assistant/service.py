"""The answer service: ``Assistant.ask(question) -> Answer``, shared by every surface."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

import numpy as np

from assistant.answer import Answer, Citation
from assistant.compose import abstention, compose, passing_mention
from assistant.decision import CANDIDATES, DUPLICATE_COSINE, Decision, Weighing, compares_third, decide, rerank
from assistant.errors import UserInputError
from assistant.measured import MeasuredPart, weigh
from assistant.passing import UNNAMED_KIND, PassingMention
from assistant.question import MEASURED_QUANTITIES, Intent, Question, QuestionReader, validate
from assistant.question_encoder import QuestionEncoder
from assistant.question_features import ArticleProfile
from assistant.question_model import QuestionModel
from assistant.scope import Lexicon, content_text, judge_scope, judge_silence
from assistant.weighed import (
    Measured,
    caveat_note,
    contradicted_claims,
    contradiction_notes,
    lead_finding,
    measured_opening,
)
from knowledge.claims import TOPICS
from knowledge.documents import BUNDLED_ID
from knowledge.frameworks import RIVALS, display, mask, other
from knowledge.retriever import Hit, Retriever

MAX_K = 20


class EvidenceSource(Protocol):
    """Measured evidence for cited claims and measurable questions (filled in by the evaluators; empty without)."""

    def evidence_for_claims(self, claim_ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def measured_for(self, question: Question) -> MeasuredPart | None: ...

    def measured_by(self, claim_ids: Sequence[str]) -> dict[str, frozenset[tuple[str, str]]]: ...


ROUTED_TOPICS = frozenset(TOPICS) - {"overview", "conclusion"}
"""Article topics whose claims lead the candidates when the search found none on them (``Assistant._with_topic``)."""
NARROWED_TO_LINKED = MEASURED_QUANTITIES | {"numpy-interop"}
"""Properties whose answer is a measured quantity (time, size, memory, whether NumPy data is copied): only claims
linked to the jobs that measure them are cited. A capability (mobile export, debugging) is also what the
article's claims on its topic speak to, linked to a job or not."""


class Assistant:
    def __init__(
        self,
        retriever: Retriever,
        evidence: EvidenceSource | None = None,
        default_k: int = 4,
        max_question_chars: int = 2000,
        reader: QuestionReader | None = None,
        encoder: QuestionEncoder | None = None,
        passing: PassingMention | None = None,
        unnamed_kind: PassingMention | None = None,
    ) -> None:
        """``reader``: the fitted question model; when not given, the one shipped with the package, read
        together with ``encoder`` (``assistant.wiring.question_encoder`` builds the served one; without it the
        linear heads read alone)."""
        self.retriever = retriever
        self.evidence = evidence
        self.reader = reader or QuestionReader(
            QuestionModel.load(),
            ArticleProfile.of(retriever.claims, retriever.index.vectors),
            encoder,
        )
        self.passing = passing or PassingMention.load()
        self.unnamed_kind = unnamed_kind or PassingMention.load(UNNAMED_KIND)
        self.default_k = default_k
        self.max_question_chars = max_question_chars
        self._known: tuple[Retriever, Lexicon] | None = None

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.ask_many([question], k)[0]

    def _lexicon(self) -> Lexicon:
        """The words and names of the current knowledge base's claims, kept until an ingest swaps the retriever."""
        if self._known is None or self._known[0] is not self.retriever:
            self._known = (self.retriever, Lexicon.of(self.retriever.claims))
        return self._known[1]

    def ask_many(self, questions: Sequence[str], k: int | None = None) -> list[Answer]:
        """Answer several questions, embedding them in one batch (what concurrent callers should use)."""
        k = self._check_k(k)
        cleaned = [validate(q, self.max_question_chars) for q in questions]
        # Each question needs its own vector (retrieval and the question model read it) and that of its
        # framework-masked form; most name no framework, so the two texts are the same and are embedded once.
        masked = [mask(q) or q for q in cleaned]
        texts = list(dict.fromkeys(text for pair in zip(cleaned, masked, strict=True) for text in pair))
        row = {text: i for i, text in enumerate(texts)}
        embedded = self.retriever.embed(texts)
        return [
            self._answer(self.reader.read(q, embedded[row[q]], embedded[row[m]]), embedded[[row[q], row[m]]], k)
            for q, m in zip(cleaned, masked, strict=True)
        ]

    def _check_k(self, k: int | None) -> int:
        value = self.default_k if k is None else k
        if not 1 <= value <= MAX_K:
            raise UserInputError(f"k must be between 1 and {MAX_K}, got {value}")
        return value

    def _answer(self, question: Question, vectors: np.ndarray, k: int) -> Answer:
        content = content_text(question)
        candidates = self.retriever.search(question.text, CANDIDATES, vector=vectors[0], lexical_text=content)
        hits = rerank(question, self._with_topic(question, candidates, vectors[0], k))
        scope = judge_scope(question, self.retriever, vectors, hits[:k], content)
        measured = self.evidence.measured_for(question) if self.evidence else None
        lexicon = self._lexicon()
        unnamed_kind = self._unnamed_kind(question, vectors, hits[:k], lexicon)
        silence = judge_silence(question, scope, hits, lexicon, unnamed_kind)
        if silence.silent:
            # The article is silent, but a question about PyTorch or TensorFlow that a job measured is answered.
            if measured is not None and measured.findings and question.frameworks and not silence.refused:
                return self._measured_only(question, measured)
            silent = abstention(self.retriever.claims, silence.unnamed)
            return Answer(question.text, silent, None, scope.confidence, True, [])
        duplicates = self.retriever.index.near_duplicates(DUPLICATE_COSINE)
        pool = [h.claim.id for h in hits[: max(k, 4) * 2]]
        read = self.evidence.evidence_for_claims(pool) if self.evidence else []
        weighing = self._weighing(question, hits, contradicted_claims(read), measured)
        decision = decide(question, hits, self.retriever.claims, duplicates, k, weighing, lexicon)
        citations = [Citation.from_hit(h) for h in decision.support]
        compared = compares_third(question)
        if self._unanswered_in_passing(question, vectors, hits, compared):
            said = [h.claim for h in decision.support if set(question.third) & set(h.claim.frameworks)][:1]
            cited = [c for c in citations if c.claim_id in {s.id for s in said}]
            text = passing_mention(question, said, compared)
            return Answer(question.text, text, None, scope.confidence, True, cited)
        evidence = self._cited_evidence([c.claim_id for c in citations], set(pool), read)
        return self._weighed_answer(question, decision, scope.confidence, citations, evidence, measured)

    def _with_topic(self, question: Question, candidates: list[Hit], vector: np.ndarray, k: int) -> list[Hit]:
        """The candidates, led by the claims on the question's topic where the search found none on it.

        The question model reads the topic ("Can I set a breakpoint inside a TensorFlow model?": debugging) where
        the search may not: none of the article's words is in the question, and the framework's name pulls its
        other claims closer. The ``k`` claims on that topic closest to the question, from the document the search
        landed in, then lead: they enter at the best candidate's score, which the reranking's topic boost puts
        first, so what the document says on what was asked is cited before its claims on anything else. Not for
        a topic about the article itself (an overview, its conclusion), nor a question read as out of scope (its
        abstention is the scope judgement's, on what the search found).
        """
        topic = question.property
        if (
            not candidates
            or not question.in_scope
            or topic not in ROUTED_TOPICS
            or any(hit.claim.topic == topic for hit in candidates)
        ):
            return candidates
        landed = candidates[0].claim.document_id  # another document's claims on the topic answer nothing asked here
        routed = self.retriever.on_topic(topic, vector, k, document_id=landed)
        return [replace(hit, score=candidates[0].score) for hit in routed] + candidates

    def _unnamed_kind(self, question: Question, vectors: np.ndarray, best: list[Hit], lexicon: Lexicon) -> bool:
        """A question about who uses a framework that asks about a kind of organisation the bundled article never
        names ("Which banks run PyTorch?"), as :data:`assistant.passing.UNNAMED_KIND` learned it. Asked only where
        every one of the ``best`` claims is the bundled article's (an ingested document may name banks), and not
        where the question names an organisation the claims name ("Does Meta run PyTorch?")."""
        if question.property != "adoption" or not best or lexicon.names_one(question.text):
            return False
        bundled = all(h.claim.document_id == BUNDLED_ID for h in best)
        return bundled and self.unnamed_kind.unanswered(vectors[1])

    def _unanswered_in_passing(self, question: Question, vectors: np.ndarray, hits: list[Hit], compared: bool) -> bool:
        """A question about a framework the article mentions only in passing that the mention does not answer.

        About the bundled article, as :class:`assistant.passing.PassingMention` learned it ("Should I learn JAX?"
        is not answered, "Is MXNet as widely adopted as TensorFlow?" is); elsewhere, a comparison (``compared``:
        :func:`compares_third`), which an article mentioning a framework in passing does not make."""
        about_third = question.form is Intent.THIRD_FRAMEWORK and bool(question.third)
        if about_third and bool(hits) and hits[0].claim.document_id == BUNDLED_ID:
            return self.passing.unanswered(vectors[1])
        return compared

    def _cited_evidence(self, cited: list[str], pool: set[str], read: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The evidence of the cited claims, in citation order: what was read for the ``pool`` of candidates,
        and the rest."""
        if self.evidence is None:
            return []
        unread = [claim_id for claim_id in cited if claim_id not in pool]
        items = read + (self.evidence.evidence_for_claims(unread) if unread else [])
        return [item for claim_id in cited for item in items if item["claim_id"] == claim_id]

    def _weighing(
        self, question: Question, hits: list[Hit], contradicted: frozenset[str], measured: MeasuredPart | None
    ) -> Weighing:
        """What the evidence says about the candidates: which a measurement contradicts, and, for a question
        about a measured property, which are on it: the only ones cited for a quantity (see
        :data:`NARROWED_TO_LINKED`), the first to pick for a capability."""
        if self.evidence is None:
            return Weighing()
        if measured is None:
            return Weighing(contradicted)
        wanted = {(str(f["job_id"]), str(f["metric"])) for f in measured.findings}
        linked = self.evidence.measured_by([h.claim.id for h in hits])
        on_property = frozenset(
            claim_id
            for claim_id, pairs in linked.items()
            if pairs & wanted or any(job in measured.missing for job, _ in pairs)
        )
        if question.property not in NARROWED_TO_LINKED:
            return Weighing(contradicted, linked=on_property)
        return Weighing(contradicted, on_property)

    def _weighed_answer(
        self,
        question: Question,
        decision: Decision,
        confidence: float,
        citations: list[Citation],
        evidence: list[dict[str, Any]],
        measured: MeasuredPart | None,
    ) -> Answer:
        """The answer text, pick and confidence once the measurements and the claims' verdicts are weighed."""
        tool = measured.tool if measured is not None and question.form is Intent.HOW_TO else None
        if tool is not None and tool[1] in question.named and decision.recommendation in (None, tool[1]):
            # "How do I compile a PyTorch training step?": the job measuring it names the tool, the article or not
            decision = replace(decision, recommendation=tool[1])
        else:
            tool = None
        worse = question.polarity == "worse"
        weighed = weigh(decision.recommendation, confidence, measured, asks_choice=question.choice, asks_weakness=worse)
        found = lead_finding(measured)
        opening = measured_opening(question, found) if found is not None else None
        if tool is not None:
            opening = f"Use {tool[0]} ({display(tool[1])})." + (f" Measured here, {found.text}" if found else "")
        contradicted = contradicted_claims(evidence)
        pick, subject = self._pick(question, decision, weighed.recommendation, found)
        notes = contradiction_notes([hit.claim for hit in decision.support], evidence)
        notes.append(caveat_note(pick or decision.subject, citations, evidence))
        overruled = decision.recommendation is not None and weighed.recommendation != decision.recommendation
        if not worse and (opening is None or overruled):  # "using more" is never a win the measurement points to
            notes.insert(0, weighed.note)
        text = compose(question, decision, opening, contradicted)
        score = weighed.confidence
        if contradicted:  # a cited claim a measurement contradicts never adds to the confidence
            score = min(score, confidence) - CONTRADICTED_PENALTY
        return Answer(
            question=question.text,
            answer=with_measurement(text, "\n".join(n for n in notes if n), measured),
            recommendation=pick,
            confidence=round(max(score, 0.0), 4),
            abstained=False,
            citations=citations,
            evidence=evidence,
            measured=measured.to_dict() if measured else None,
            subject=subject,
        )

    @staticmethod
    def _pick(
        question: Question, decision: Decision, weighed: str | None, found: Measured | None
    ) -> tuple[str | None, str | None]:
        """The recommendation and the framework the answer is about.

        Drawbacks and who-made-it answers recommend nothing. A question about a measured property recommends
        the side the measurement finds better, whichever way it is asked: "which uses more memory" is about
        the heavier side (its subject) and recommends the lighter one, never the side that uses more. Any other
        question asking for the worse side ("which would you not pick for ...") is about the side the article
        faults and recommends the other.
        """
        on_measured = question.form not in NO_PICK and question.measured_property is not None
        if on_measured and found is not None and found.better is not None:
            return found.better, other(found.better) if question.polarity == "worse" else None
        if question.form in NO_PICK:
            return None, decision.subject or decision.recommendation
        if decision.rating_comparison and decision.verdict is not None and decision.faulted is None:
            # a yes/no about the ratings: the higher-rated where it asks which ranks above, however asked
            return decision.recommendation, None
        if decision.faulted in RIVALS:
            # "Which would you not pick for ...?", "Which is rated lower?": the answer names the side asked for,
            # and recommends the other one, as a measured "which uses more" does.
            return other(decision.faulted), decision.faulted
        if question.polarity == "worse":
            return None, decision.subject or decision.recommendation
        return weighed, None

    def _measured_only(self, question: Question, measured: MeasuredPart) -> Answer:
        """The article is silent but this machine measured it: answer from the measurement, and say so."""
        found = lead_finding(measured)
        worse = question.polarity == "worse"
        weighed = weigh(None, MEASURED_ONLY_CONFIDENCE, measured, asks_choice=True, asks_weakness=worse)
        opening = "It was measured here."
        if found is not None:
            opening = measured_opening(question, found) or f"Measured here, {found.text}"
        pick, subject = self._pick(question, Decision(None, []), weighed.recommendation, found)
        asked_choice = question.choice or question.comparative or question.form is Intent.MEASURABLE
        return Answer(
            question=question.text,
            answer=with_measurement(f"{opening}\nThe article does not cover this.", "", measured),
            recommendation=pick if asked_choice or question.measured_property is not None else None,
            confidence=round(weighed.confidence, 4),
            abstained=False,
            citations=[],
            measured=measured.to_dict(),
            subject=subject,
        )


NO_PICK = frozenset({Intent.DRAWBACKS, Intent.WHO})
"""Forms whose answer recommends no framework: it lists one's drawbacks or names who made or uses it."""
CONTRADICTED_PENALTY = 0.1
"""Taken from the confidence of an answer that cites a claim a measurement here contradicts."""
MEASURED_ONLY_CONFIDENCE = 0.6
"""Confidence of an answer that rests on a local measurement alone (one machine, one workload)."""


def with_measurement(text: str, note: str, measured: MeasuredPart | None) -> str:
    """An answer's text followed by how the measurement bears on it and the 'Measured here' lines."""
    if note:
        text = f"{text}\n{note}"
    if measured is None:
        return text
    lines = measured.lines()
    return f"{text}\n\nMeasured here:\n" + "\n".join(f"- {line}" for line in lines) if lines else text

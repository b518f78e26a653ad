"""The one place where Weigh-in's collaborators are built and handed to each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.service import Assistant, EvidenceSource
from assistant.settings import Settings
from knowledge.base import DocumentLibrary, KnowledgeBase, Progress
from knowledge.embedder import create_embedder
from knowledge.retriever import Retriever

if TYPE_CHECKING:
    from evaluators.service import EvaluationService


def open_knowledge_base(settings: Settings) -> KnowledgeBase:
    ks = settings.knowledge
    return KnowledgeBase(
        library=DocumentLibrary(ks.documents_dir),
        index_dir=ks.index_dir,
        embedder_factory=lambda: create_embedder(ks.embedder, threads=ks.torch_threads),
        backend=ks.index_backend,
    )


def build_assistant(
    settings: Settings, progress: Progress | None = None, evidence: EvidenceSource | None = None
) -> Assistant:
    """Load (or build) the index and the model once; the Assistant reuses them for every question."""
    knowledge = open_knowledge_base(settings)
    index = knowledge.load_index(progress) if progress else knowledge.load_index()
    return Assistant(
        Retriever(knowledge.embedder, index),
        evidence=evidence if evidence is not None else build_answer_evidence(settings, knowledge),
        default_k=settings.default_k,
        max_question_chars=settings.max_question_chars,
    )


def build_evaluation_service(settings: Settings, knowledge: KnowledgeBase | None = None) -> EvaluationService:
    """The evaluators' service over the knowledge base's claims (jobs run in subprocesses, never here)."""
    from evaluators.service import build_evaluation_service as build

    es = settings.evaluation
    claims = (knowledge or open_knowledge_base(settings)).claims()
    return build(
        es.database_url, claims, timeout_s=es.job_timeout_s, threads=es.job_threads, memory_mb=es.job_memory_mb
    )


def build_answer_evidence(settings: Settings, knowledge: KnowledgeBase, live: bool = False) -> EvidenceSource:
    from assistant.evidence import AnswerEvidence

    return AnswerEvidence(build_evaluation_service(settings, knowledge), live=live)

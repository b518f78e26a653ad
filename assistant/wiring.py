"""The one place where Weigh-in's collaborators are built and handed to each other."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigurationError
from assistant.service import Assistant, EvidenceSource
from assistant.settings import KnowledgeSettings, Settings
from knowledge.base import DocumentLibrary, KnowledgeBase, Progress
from knowledge.embedder import create_embedder
from knowledge.retriever import Retriever

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from assistant.answer_log import AnswerLog
    from assistant.audit import AuditService
    from assistant.conversations import ConversationService
    from assistant.desk import AnswerDesk
    from assistant.index_refresh import IndexWatcher
    from assistant.question_encoder import QuestionEncoder
    from evaluators.evaluation_queue import EvaluationQueue
    from evaluators.service import EvaluationService
    from knowledge.base import IngestResult

log = logging.getLogger("weighin.index")


def open_knowledge_base(settings: Settings) -> KnowledgeBase:
    return knowledge_base_from(settings.knowledge)


def knowledge_base_from(ks: KnowledgeSettings) -> KnowledgeBase:
    from assistant.decision import DUPLICATE_COSINE

    return KnowledgeBase(
        library=DocumentLibrary(ks.documents_dir),
        index_dir=ks.index_dir,
        embedder_factory=lambda: create_embedder(
            ks.embedder, threads=ks.embed_threads, cache_dir=ks.data_dir / "models", precision=ks.embed_precision
        ),
        backend=ks.index_backend,
        model=ks.model,
        max_claims_per_document=ks.max_document_claims,
        duplicate_thresholds=(DUPLICATE_COSINE,),  # the answers' threshold: built with the index, stored with it
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
        encoder=question_encoder(settings.knowledge),
    )


def question_encoder(ks: KnowledgeSettings) -> QuestionEncoder:
    """The shipped question encoder on the retrieval embedder's threads, its graph cached beside the MiniLM one
    (built once per adapter file)."""
    from assistant.question_encoder import QuestionEncoder

    return QuestionEncoder.load(threads=ks.embed_threads, cache_dir=ks.data_dir / "models")


def open_database(settings: Settings) -> Engine:
    """The project's database with its schema current: SQLite is upgraded in place, a server database must be.

    Raises :class:`migrations.SchemaBehindError` (naming ``weighin db upgrade``) for a PostgreSQL schema older
    than this release: an operator upgrades a shared database, not whichever process starts first.
    """
    from evaluators.store import open_engine
    from migrations import ensure_schema

    engine = open_engine(settings.evaluation.database_url)
    try:
        ensure_schema(engine, auto_upgrade=engine.dialect.name == "sqlite")
    except BaseException:
        engine.dispose()
        raise
    return engine


def build_evaluation_service(
    settings: Settings, knowledge: KnowledgeBase | None = None, node: str | None = None
) -> EvaluationService:
    """The evaluators' service over the knowledge base's claims (jobs run in subprocesses or on Ray, never here).

    ``node`` pins every job to one node of the Ray cluster.
    """
    return _evaluations_on(open_database(settings), settings, knowledge or open_knowledge_base(settings), node)


def _evaluations_on(
    engine: Engine, settings: Settings, knowledge: KnowledgeBase, node: str | None = None
) -> EvaluationService:
    from evaluators.linking import LazyEncoder
    from evaluators.service import build_evaluation_service as build

    es = settings.evaluation
    service = build(
        engine,
        knowledge.claims(),
        timeout_s=es.job_timeout_s,
        threads=es.job_threads,
        memory_mb=es.job_memory_mb,
        encoder=LazyEncoder(lambda: knowledge.embedder),  # the claim linker reads meaning with the same MiniLM
        reviewed_links_dir=settings.knowledge.data_dir / "reviewed-links",
    )
    return use_configured_executor(service, settings, node)


def use_configured_executor(
    service: EvaluationService, settings: Settings, node: str | None = None
) -> EvaluationService:
    """Hand the service the Ray executor when ``WEIGHIN_EXECUTOR=ray``; ``node`` needs it."""
    from evaluators.runner import create_executor

    es = settings.evaluation
    if es.ray is None:
        if node is not None:
            raise ConfigurationError("--node needs the Ray executor: set WEIGHIN_EXECUTOR=ray and WEIGHIN_RAY_ADDRESS")
        return service
    service.executor = create_executor(
        "ray",
        address=es.ray.address,
        python=es.ray.python,
        pending_deadline_s=es.ray.pending_deadline_s,
        auth_token=es.ray.auth_token,
        node=node,
        timeout_s=es.job_timeout_s,
        threads=es.job_threads,
        memory_mb=es.job_memory_mb,
    )
    return service


def ingest_document(
    settings: Settings, path: Path, progress: Progress | None = None, knowledge: KnowledgeBase | None = None
) -> tuple[IngestResult, int]:
    """Ingest a document (one command) and judge its new claim links on the stored observations at once.

    ``knowledge`` lets a command that ingests several files open the knowledge base once. Returns the ingest
    result and how many judgement entries were appended to the evidence log.
    """
    knowledge = knowledge or open_knowledge_base(settings)
    result = knowledge.ingest(path, progress) if progress is not None else knowledge.ingest(path)
    engine = open_database(settings)
    try:
        evaluations = _evaluations_on(engine, settings, knowledge)
        judged = evaluations.judge_from_stored([c for c in knowledge.claims() if c.document_id == result.document.id])
    finally:
        engine.dispose()
    return result, len(judged)


def build_audit(settings: Settings) -> AuditService:
    """The audit service for one-off commands: reads and writes the database, starts no worker thread."""
    from assistant.answer_log import AnswerLog
    from assistant.audit import AuditService
    from assistant.evidence import evidence_item
    from evaluators.evaluation_queue import EvaluationQueue

    engine = open_database(settings)
    evaluations = build_evaluation_service(settings)
    queue = EvaluationQueue(evaluations, engine, evidence_item, start=False)
    return AuditService(evaluations, queue, AnswerLog(engine, background=False), engine)


def build_answer_evidence(settings: Settings, knowledge: KnowledgeBase) -> EvidenceSource:
    from assistant.evidence import AnswerEvidence

    return AnswerEvidence(build_evaluation_service(settings, knowledge))


@contextmanager
def open_desk(settings: Settings, progress: Progress | None = None, *, live: bool = False) -> Iterator[AnswerDesk]:
    """The answer desk for a one-process command (the CLI): each answer event is written before the answer is
    returned; conversations are stored. With ``live``, an evaluation queue runs missing jobs in this process."""
    from assistant.answer_log import AnswerLog
    from assistant.conversations import ConversationService, ConversationStore
    from assistant.desk import AnswerDesk
    from assistant.evidence import AnswerEvidence, evidence_item
    from evaluators.evaluation_queue import EvaluationQueue

    knowledge = open_knowledge_base(settings)
    engine = open_database(settings)
    evaluations = _evaluations_on(engine, settings, knowledge)
    assistant = build_assistant(settings, progress, evidence=AnswerEvidence(evaluations))
    queue = EvaluationQueue(evaluations, engine, evidence_item) if live else None
    answers = AnswerLog(engine, background=False)
    conversations = ConversationService(ConversationStore(engine))
    try:
        yield AnswerDesk(
            assistant, answers, queue, max_question_chars=settings.max_question_chars, conversations=conversations
        )
    finally:
        if queue is not None:
            queue.close()
        answers.close()
        engine.dispose()


@dataclass
class Runtime:
    """Everything a long-running server needs, built once at start-up and shared by every request."""

    settings: Settings
    knowledge: KnowledgeBase
    assistant: Assistant
    evaluations: EvaluationService
    queue: EvaluationQueue
    conversations: ConversationService
    answers: AnswerLog
    desk: AnswerDesk
    audit: AuditService
    engine: Engine
    index_watcher: IndexWatcher | None = None
    _ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    _swap_lock: threading.Lock = field(default_factory=threading.Lock)

    def ingest(self, path: Path) -> IngestResult:
        """Store a document, rebuild the index in a child process, and swap the new index in; answers go on
        meanwhile from the old one. Raises the knowledge package's errors (bad document, too many claims,
        a failed build: the document then stays stored and the next rebuild picks it up)."""
        from assistant.index_refresh import ChildIndexBuilder

        ks = self.settings.knowledge
        with self._ingest_lock:
            result = self.knowledge.add_document(path, max_claims=ks.max_document_claims)
            ChildIndexBuilder(ks.to_json(), timeout_s=ks.index_build_timeout_s).build()
            self.refresh_index()
            # Verdicts at once: the new links are judged on the observations already stored; nothing re-runs.
            self.evaluations.judge_from_stored(
                [c for c in self.evaluations.claims if c.document_id == result.document.id]
            )
        return result

    def refresh_index(self) -> bool:
        """Load the stored index if it is not the one answering, prepare it, swap it in; True if swapped."""
        from assistant.decision import DUPLICATE_COSINE
        from assistant.index_refresh import manifest_identity, stored_identity
        from knowledge.index import HybridIndex

        with self._swap_lock:
            current = manifest_identity(self.assistant.retriever.index.manifest)
            if stored_identity(self.knowledge.index_dir) in (None, current):
                return False
            index = HybridIndex.load(self.knowledge.index_dir)
            index.near_duplicates(DUPLICATE_COSINE)  # computed here, before any answer can wait for it
            self.assistant.retriever = Retriever(self.knowledge.embedder, index)
            self.evaluations.set_claims(index.claims)
            log.info("index generation %d is live (%d claims)", index.manifest.generation, len(index.claims))
            return True

    def close(self) -> None:
        if self.index_watcher is not None:
            self.index_watcher.close()
        self.queue.close()
        self.answers.close()
        self.engine.dispose()


def build_runtime(
    settings: Settings,
    *,
    knowledge: KnowledgeBase | None = None,
    evaluations: EvaluationService | None = None,
    start_queue: bool = True,
) -> Runtime:
    """Load the model and index, open the database, start the evaluation queue (tests pass their own parts)."""
    from assistant.answer_log import AnswerLog
    from assistant.audit import AuditService
    from assistant.conversations import ConversationService, ConversationStore
    from assistant.decision import DUPLICATE_COSINE
    from assistant.desk import AnswerDesk
    from assistant.evidence import AnswerEvidence, evidence_item
    from assistant.index_refresh import IndexWatcher
    from evaluators.evaluation_queue import EvaluationQueue

    knowledge = knowledge or open_knowledge_base(settings)
    index = knowledge.load_index()
    index.near_duplicates(DUPLICATE_COSINE)  # before the first answer, not during it
    engine = open_database(settings)
    if evaluations is None:
        evaluations = _evaluations_on(engine, settings, knowledge)
    assistant = Assistant(
        Retriever(knowledge.embedder, index),
        evidence=AnswerEvidence(evaluations),
        default_k=settings.default_k,
        max_question_chars=settings.max_question_chars,
        encoder=question_encoder(settings.knowledge),
    )
    queue = EvaluationQueue(
        evaluations,
        engine,
        evidence_item,
        start=start_queue,
        max_queued_per_submitter=settings.evaluation.max_queued_runs,
    )
    answers = AnswerLog(engine)
    conversations = ConversationService(ConversationStore(engine))
    desk = AnswerDesk(
        assistant, answers, queue, max_question_chars=settings.max_question_chars, conversations=conversations
    )
    runtime = Runtime(
        settings=settings,
        knowledge=knowledge,
        assistant=assistant,
        evaluations=evaluations,
        queue=queue,
        conversations=conversations,
        answers=answers,
        desk=desk,
        audit=AuditService(evaluations, queue, answers, engine),
        engine=engine,
    )
    if settings.knowledge.index_watch_s > 0:
        runtime.index_watcher = IndexWatcher(
            knowledge.index_dir, runtime.refresh_index, settings.knowledge.index_watch_s
        )
        runtime.index_watcher.start()
    return runtime

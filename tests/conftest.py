"""Shared fixtures: the real bundled model and article, built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import BACKENDS, postgres_schema, postgres_unavailable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parent.parent
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "questions-dev.jsonl"
PARAPHRASE_QUESTIONS = REPO / "tests" / "data" / "questions-paraphrase.jsonl"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on SQLite and on the local PostgreSQL (a schema of its own, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("weighin-data")


@pytest.fixture(scope="session")
def settings(session_data_dir: Path):
    from assistant.settings import Settings

    return Settings.from_env({"WEIGHIN_DATA_DIR": str(session_data_dir)})


@pytest.fixture(scope="session")
def embedder():
    from knowledge.embedder import MiniLMEmbedder

    return MiniLMEmbedder(threads=1)


@pytest.fixture(scope="session")
def assistant(settings, embedder):
    """The answer service over the bundled article, with the real MiniLM model."""
    from assistant.service import Assistant
    from assistant.wiring import question_encoder
    from knowledge.retriever import Retriever

    knowledge = knowledge_base_for(settings, embedder)
    return Assistant(Retriever(embedder, knowledge.load_index()), encoder=question_encoder(settings.knowledge))


def knowledge_base_for(settings, embedder):
    """A knowledge base in ``settings``' data dir that shares the session's model."""
    from knowledge.base import DocumentLibrary, KnowledgeBase

    ks = settings.knowledge
    return KnowledgeBase(
        DocumentLibrary(ks.documents_dir), ks.index_dir, lambda: embedder, ks.index_backend, model=embedder.name
    )


@pytest.fixture(scope="session")
def bundled_claims():
    from knowledge.documents import bundled_document
    from knowledge.extraction import extract_claims

    return extract_claims(bundled_document())

"""Migrations: a database written by release 0.1.0 upgrades without losing a record, and its chain verifies.

``tests/data/release-0.1.0.sql`` is a SQLite dump of a database the 0.1.0 release (commit f36c450) wrote
through its own CLI and runtime: three evidence records from real jobs, answer events, a conversation, an
evaluation run, a dispute and a Slack event. On PostgreSQL the same rows are loaded into the 0.1.0 schema
(the baseline revision is exactly that schema) and upgraded the same way.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from evaluators.evaluation_queue import EvaluationRun, EvaluationRunRow
from evaluators.store import EvidenceStore, open_engine, resolve_database_url
from migrations import SchemaBehindError, current_revision, ensure_schema, head_revision, upgrade

REPO = Path(__file__).resolve().parents[2]
RELEASE_DUMP = REPO / "tests" / "data" / "release-0.1.0.sql"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
TABLES = (
    "evidence_record",
    "evidence_claim",
    "evidence_chain_head",
    "answer_event",
    "conversation",
    "conversation_message",
    "evaluation_run",
    "answer_feedback",
    "claim_dispute",
    "slack_event",
)


def release_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "release.db"
    connection = sqlite3.connect(path)
    connection.executescript(RELEASE_DUMP.read_text())
    connection.close()
    return path


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() for table in TABLES}


def postgres_reason() -> str | None:
    try:
        import psycopg2

        psycopg2.connect(POSTGRES_URL, connect_timeout=2).close()
    except Exception as exc:  # no driver or no server: skip with the reason
        return f"PostgreSQL at {POSTGRES_URL} is not usable: {str(exc).strip()[:120]}"
    return None


@pytest.fixture(params=["sqlite", "postgres"])
def release_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database holding release 0.1.0's data, never migrated (no alembic_version)."""
    source = open_engine(f"sqlite:///{release_sqlite(tmp_path)}")
    if request.param == "sqlite":
        yield source
        source.dispose()
        return
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    schema = f"weighin_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    target = open_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(target, "0001_baseline")  # exactly 0.1.0's tables, then drop the version mark like 0.1.0 had
        with target.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
            connection.execute(text("DELETE FROM evidence_chain_head"))
        copy_rows(source, target)
        yield target
    finally:
        target.dispose()
        source.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def copy_rows(source: Engine, target: Engine) -> None:
    metadata = MetaData()
    metadata.reflect(source)
    with source.connect() as read, target.begin() as write:
        for table in metadata.sorted_tables:
            rows = [dict(row._mapping) for row in read.execute(table.select())]
            if rows:
                write.execute(table.insert(), rows)
        if target.dialect.name == "postgresql":
            for table in ("evidence_record", "evidence_claim", "answer_event", "conversation_message"):
                write.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'seq'), (SELECT MAX(seq) FROM {table}))")
                )


def test_release_database_upgrades_without_loss_and_its_chain_verifies(release_database: Engine) -> None:
    before = row_counts(release_database)
    assert before["evidence_record"] == 3 and before["answer_event"] >= 2 and before["claim_dispute"] == 1
    assert current_revision(release_database) is None
    ensure_schema(release_database, auto_upgrade=True)
    assert current_revision(release_database) == head_revision()
    assert row_counts(release_database) == before
    store = EvidenceStore(release_database)
    report = store.verify()
    assert report.ok and report.records == 3, report.problems
    old = store.records()
    assert all(record.schema_version == 1 and record.links == () for record in old)
    with Session(release_database) as session:  # 0.1.0's runs read back, none of them pinned to a node
        runs = [EvaluationRun.from_row(row) for row in session.exec(select(EvaluationRunRow))]
    assert runs and all(run.node is None for run in runs)
    upgrade(release_database)  # idempotent at head
    assert row_counts(release_database) == before


def test_new_records_extend_the_old_chain(release_database: Engine) -> None:
    from tests.evaluators.test_store import a_job, make_record

    ensure_schema(release_database, auto_upgrade=True)
    store = EvidenceStore(release_database)
    appended = store.append(make_record(a_job(), claims=("c-85edfda56b54",)))
    assert appended.schema_version == 2 and appended.links
    assert store.verify().ok and store.verify().records == 4


def test_a_server_database_behind_the_schema_refuses_to_start(release_database: Engine) -> None:
    with pytest.raises(SchemaBehindError, match="weighin db upgrade"):
        ensure_schema(release_database, auto_upgrade=False)
    assert row_counts(release_database)["evidence_record"] == 3  # refusing changed nothing


def test_cli_upgrade_and_current(tmp_path: Path) -> None:
    database = release_sqlite(tmp_path)
    env = {"WEIGHIN_DATABASE_URL": f"sqlite:///{database}", "WEIGHIN_DATA_DIR": str(tmp_path / "data")}

    def weighin(*args: str) -> subprocess.CompletedProcess[str]:
        code = "from cli.main import main; main()"
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env={**env, "PATH": "/usr/bin:/bin"}
        )

    behind = weighin("db", "current")
    assert behind.returncode == 1 and "unversioned" in behind.stdout
    done = weighin("db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"-> {head_revision()}" in done.stdout
    assert weighin("db", "current").returncode == 0
    verified = weighin("audit", "verify")
    assert verified.returncode == 0 and "3 records" in verified.stdout


def test_an_empty_server_database_is_created_rather_than_refused(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    ensure_schema(engine, auto_upgrade=False)  # nothing to lose: a new deployment starts at once
    assert current_revision(engine) == head_revision()
    assert EvidenceStore(engine).verify().ok
    engine.dispose()

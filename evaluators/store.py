"""Append-only evidence log on any SQLAlchemy database (SQLite with WAL by default).

There is deliberately no update or delete API: evidence is history. A job whose code changed makes
its old records *stale* (compared by code hash, like asv), and current verdicts come from the latest
non-stale record per job, environment and device: CPU and GPU evidence from one machine coexist.

The schema is owned by the migrations (``weighin db upgrade``; :mod:`migrations`); ``create_all`` here
only makes a fresh database usable in tests and matches the newest migration.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Text, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from evaluators.chain import ChainReport, check_chain
from evaluators.records import JUDGES, EvidenceRecord, canonical_json, is_judgement
from evaluators.registry import Job


class EvidenceRow(SQLModel, table=True):
    """Storage shape of :class:`EvidenceRecord`; JSON fields are stored as canonical text."""

    __tablename__ = "evidence_record"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, index=True)
    schema_version: int
    job_id: str = Field(index=True)
    job_version: int
    code_hash: str
    claim_ids_json: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    metrics_json: str = Field(sa_column=Column(Text, nullable=False))
    key_figure: str = Field(sa_column=Column(Text, nullable=False))
    device: str
    started_at: str
    duration_s: float
    environment_json: str = Field(sa_column=Column(Text, nullable=False))
    fingerprint_hash: str = Field(index=True)
    prev_hash: str | None = None
    content_hash: str = Field(unique=True)
    links_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    findings_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))

    @classmethod
    def from_record(cls, record: EvidenceRecord) -> EvidenceRow:
        return cls(
            id=record.id,
            schema_version=record.schema_version,
            job_id=record.job_id,
            job_version=record.job_version,
            code_hash=record.code_hash,
            claim_ids_json=canonical_json(list(record.claim_ids)),
            verdict=record.verdict,
            rationale=record.rationale,
            metrics_json=canonical_json(record.metrics),
            key_figure=record.key_figure,
            device=record.device,
            started_at=record.started_at,
            duration_s=record.duration_s,
            environment_json=canonical_json(record.environment),
            fingerprint_hash=record.fingerprint_hash,
            prev_hash=record.prev_hash,
            content_hash=record.content_hash,
            links_json=canonical_json(list(record.links)),
            findings_json=canonical_json(list(record.findings)),
        )

    def to_record(self) -> EvidenceRecord:
        return EvidenceRecord(
            id=self.id,
            schema_version=self.schema_version,
            job_id=self.job_id,
            job_version=self.job_version,
            code_hash=self.code_hash,
            claim_ids=tuple(json.loads(self.claim_ids_json)),
            verdict=self.verdict,
            rationale=self.rationale,
            metrics=json.loads(self.metrics_json),
            key_figure=self.key_figure,
            device=self.device,
            started_at=self.started_at,
            duration_s=self.duration_s,
            environment=json.loads(self.environment_json),
            fingerprint_hash=self.fingerprint_hash,
            prev_hash=self.prev_hash,
            content_hash=self.content_hash,
            links=tuple(json.loads(self.links_json or "[]")),
            findings=tuple(json.loads(self.findings_json or "[]")),
        )


class EvidenceClaimRow(SQLModel, table=True):
    """Which claims a record speaks to, so per-claim lookups use an index instead of scanning JSON."""

    __tablename__ = "evidence_claim"

    seq: int | None = Field(default=None, primary_key=True)
    record_seq: int = Field(foreign_key="evidence_record.seq", index=True)
    claim_id: str = Field(index=True)


class ChainHeadRow(SQLModel, table=True):
    """The chain's length and last hash, updated in the same transaction as each append.

    The hash chain alone cannot tell that the newest records were deleted; this anchor can, unless it is
    rewritten too. Copy ``head_hash`` somewhere else (``weighin audit verify`` prints it) to catch even that.
    """

    __tablename__ = "evidence_chain_head"

    id: int = Field(default=1, primary_key=True)
    records: int
    head_hash: str | None = None


READ_ONLY = "weighin_read_only"
"""Execution option of an engine that only reads: on SQLite its transactions take no write lock."""


def reader(engine: Engine) -> Engine:
    """The same engine (same pool) for transactions that only read."""
    return engine.execution_options(**{READ_ONLY: True})


def configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, and BEGIN IMMEDIATE so two appenders cannot fork the hash chain."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL's recommended level: a commit no longer waits for fsync (one per answer event was ~10% of the
        # server's busy time); a crashed process loses nothing, a power cut at worst the last commits, and the
        # database is never corrupted (the chain anchor is written in the same transaction as its record).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Readers (``read_only`` engines) need no lock: WAL lets them read beside a writer.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def resolve_database_url(database_url: str) -> URL:
    """Pick an installed PostgreSQL driver for a bare ``postgresql://`` URL.

    SQLAlchemy 2.1 maps the bare scheme to psycopg 3; the project ships psycopg2, so use it when
    psycopg 3 is absent.
    """
    url = make_url(database_url)
    bare_postgres = url.drivername == "postgresql"
    if bare_postgres and importlib.util.find_spec("psycopg") is None and importlib.util.find_spec("psycopg2"):
        return url.set(drivername="postgresql+psycopg2")
    return url


def open_engine(database_url: str, connect_args: Mapping[str, Any] | None = None) -> Engine:
    """An engine for any store of ours: SQLite gets its folder, WAL and immediate transactions; a server's
    pooled connections are checked before use, so one a database restart ended is replaced instead of failing
    the next request as "cannot be reached"."""
    url = resolve_database_url(database_url)
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite and url.database not in (None, "", ":memory:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args=dict(connect_args or {}), pool_pre_ping=not is_sqlite)
    if is_sqlite:
        configure_sqlite(engine)
    return engine


def current_key(record: EvidenceRecord) -> tuple[str, str, str]:
    """What a newer record replaces: the same job, environment and device."""
    return (record.job_id, record.fingerprint_hash, record.device)


class EvidenceStore:
    """Append-only log of evidence records (on its own engine, or one shared with other stores)."""

    def __init__(self, database: str | Engine, connect_args: Mapping[str, Any] | None = None) -> None:
        self._engine = database if isinstance(database, Engine) else open_engine(database, connect_args)
        self._reader = reader(self._engine)
        self._dialect = self._engine.dialect.name
        anchored = inspect(self._engine).has_table(ChainHeadRow.__tablename__)
        SQLModel.metadata.create_all(
            self._engine,
            tables=[EvidenceRow.__table__, EvidenceClaimRow.__table__, ChainHeadRow.__table__],  # type: ignore[attr-defined]
        )
        if not anchored:
            self._anchor_log()

    def close(self) -> None:
        self._engine.dispose()

    def append(self, record: EvidenceRecord) -> EvidenceRecord:
        """Link the record to the chain head, store it, and return the stored (sealed) copy."""
        with Session(self._engine) as session:
            if self._dialect == "postgresql":
                session.exec(text("LOCK TABLE evidence_record IN SHARE ROW EXCLUSIVE MODE"))  # type: ignore[call-overload]
            head = session.exec(select(EvidenceRow.content_hash).order_by(col(EvidenceRow.seq).desc()).limit(1)).first()
            sealed = record.sealed(prev_hash=head)
            row = EvidenceRow.from_record(sealed)
            session.add(row)
            session.flush()
            assert row.seq is not None
            session.add_all(EvidenceClaimRow(record_seq=row.seq, claim_id=claim) for claim in sealed.claim_ids)
            anchor = session.get(ChainHeadRow, 1) or ChainHeadRow(id=1, records=0)
            anchor.records, anchor.head_hash = anchor.records + 1, sealed.content_hash
            session.add(anchor)
            session.commit()
        return sealed

    def records(self, claim_id: str | None = None) -> list[EvidenceRecord]:
        """All records, oldest first, optionally only those about one claim."""
        query = select(EvidenceRow).order_by(col(EvidenceRow.seq))
        if claim_id is not None:
            linked = select(EvidenceClaimRow.record_seq).where(EvidenceClaimRow.claim_id == claim_id)
            query = query.where(col(EvidenceRow.seq).in_(linked))
        with Session(self._reader) as session:
            return [row.to_record() for row in session.exec(query)]

    def history_for_claim(self, claim_id: str) -> list[EvidenceRecord]:
        """Every record about a claim, stale ones included, oldest first."""
        return self.records(claim_id)

    def head(self) -> tuple[int, str | None] | None:
        """The anchor's (record count, last hash): changes with every append; None if the anchor is gone."""
        # Asked before every answer: a pooled driver connection and one statement, without the SQLAlchemy
        # transaction round trip (SQLite connections here are in autocommit mode; the pool ends any other's).
        connection = self._reader.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT records, head_hash FROM evidence_chain_head WHERE id = 1")
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()
        return None if row is None else (int(row[0]), row[1])

    def latest_for_claim(self, claim_id: str, registry: Mapping[str, Job] | None = None) -> list[EvidenceRecord]:
        """Latest record per (job, environment) for a claim; with a registry, stale records are skipped."""
        return self.latest_for_claims([claim_id], registry)[claim_id]

    def histories_for_claims(self, claim_ids: Sequence[str]) -> dict[str, list[EvidenceRecord]]:
        """:meth:`history_for_claim` for several claims in one query (an answer cites several, an audit all).

        A record about several claims is read once and shared between their lists.
        """
        query = (
            select(EvidenceClaimRow.claim_id, EvidenceRow)
            .join(EvidenceRow, col(EvidenceRow.seq) == col(EvidenceClaimRow.record_seq))
            .where(col(EvidenceClaimRow.claim_id).in_(list(claim_ids)))
            .order_by(col(EvidenceRow.seq))
        )
        histories: dict[str, list[EvidenceRecord]] = {claim_id: [] for claim_id in claim_ids}
        read: dict[int, EvidenceRecord] = {}
        with Session(self._reader) as session:
            rows = session.exec(query).all()
        for claim_id, row in rows:
            assert row.seq is not None
            if row.seq not in read:
                read[row.seq] = row.to_record()
            histories[claim_id].append(read[row.seq])
        return histories

    def latest_for_jobs(
        self, job_ids: Sequence[str], registry: Mapping[str, Job] | None = None
    ) -> list[EvidenceRecord]:
        """Current observation records of some jobs, whatever claims they speak to (findings, judging new links).

        Judgement entries are left out: they measured nothing, and their observations are their record's.
        """
        query = select(EvidenceRow).where(col(EvidenceRow.job_id).in_(list(job_ids))).order_by(col(EvidenceRow.seq))
        with Session(self._reader) as session:
            history = [record for row in session.exec(query) if not is_judgement(record := row.to_record())]
        return self.latest_of(history, registry)

    def latest_for_claims(
        self, claim_ids: Sequence[str], registry: Mapping[str, Job] | None = None
    ) -> dict[str, list[EvidenceRecord]]:
        """:meth:`latest_for_claim` for several claims in one query."""
        return {
            claim_id: self.latest_of(history, registry)
            for claim_id, history in self.histories_for_claims(claim_ids).items()
        }

    @classmethod
    def latest_of(cls, history: Sequence[EvidenceRecord], registry: Mapping[str, Job] | None) -> list[EvidenceRecord]:
        """The last record per (job, environment, device) of a history in log order; stale ones skipped.

        Judgement entries (links judged on a stored observation record) stay current beside the record they
        judged, for as long as it is the current one of their key (or is not in this history: a claim's own
        history holds the judgement, not the observation); a newer run of the job replaces them.
        """
        latest: dict[tuple[str, str, str], EvidenceRecord] = {}
        judgements: list[EvidenceRecord] = []
        for record in history:
            if registry is not None and cls.is_stale(record, registry):
                continue
            if is_judgement(record):
                judgements.append(record)
            else:
                latest[current_key(record)] = record
        kept = [
            record
            for record in judgements
            if current_key(record) not in latest or latest[current_key(record)].id == record.metrics[JUDGES]
        ]
        return list(latest.values()) + list({record.id: record for record in kept}.values())

    @staticmethod
    def is_stale(record: EvidenceRecord, registry: Mapping[str, Job]) -> bool:
        """True when the job is gone, has a new version, or its code no longer hashes the same."""
        job = registry.get(record.job_id)
        return job is None or job.version != record.job_version or job.code_hash != record.code_hash

    def _anchor_log(self) -> None:
        """Anchor the log once, when the anchor table is created: empty, or a log written before anchors existed.

        Never again afterwards: a missing anchor row is then reported by :meth:`verify`, not silently
        recreated over a log that may have lost its newest records.
        """
        with Session(self._engine) as session:
            rows = session.exec(select(EvidenceRow.content_hash).order_by(col(EvidenceRow.seq))).all()
            session.add(ChainHeadRow(id=1, records=len(rows), head_hash=rows[-1] if rows else None))
            try:
                session.commit()
            except IntegrityError:  # another process opening the same new database anchored it first
                session.rollback()

    def verify_chain(self) -> list[str]:
        """Ids of records whose content hash or link to the previous record does not check out."""
        return [p.record_id for p in self.verify().problems if p.record_id is not None]

    def verify(self) -> ChainReport:
        """Recompute every record's hash, link and claim index in log order and compare the end with the anchor."""
        with Session(self._reader) as session:
            rows = list(session.exec(select(EvidenceRow).order_by(col(EvidenceRow.seq))))
            links: dict[int, list[str]] = {}
            for link in session.exec(select(EvidenceClaimRow)):
                links.setdefault(link.record_seq, []).append(link.claim_id)
            anchor = session.get(ChainHeadRow, 1)
        return check_chain(rows, links, None if anchor is None else (anchor.records, anchor.head_hash))

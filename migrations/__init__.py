"""Schema migrations for every table Weigh-in owns, one Alembic history for SQLite and PostgreSQL.

The embedded SQLite database is upgraded when the runtime opens it; a server database (PostgreSQL) is
upgraded by an operator with ``weighin db upgrade``, and a runtime that finds it behind refuses to start
with a :class:`SchemaBehindError` naming that command. A database written before migrations existed
(release 0.1.0: tables made by ``create_all``, no ``alembic_version``) is adopted by the baseline revision,
which creates only what is missing, so no record is touched and the evidence chain stays valid.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


class SchemaBehindError(RuntimeError):
    """The database's schema is older than this release and may not be upgraded automatically."""

    def __init__(self, current: str | None, head: str) -> None:
        super().__init__(
            f"the database schema is at revision {current or 'none (release 0.1.0 or empty)'}, this release needs "
            f"{head}: run `weighin db upgrade` (with the same WEIGHIN_DATABASE_URL) and start again"
        )
        self.current, self.head = current, head


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(HERE)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision``; returns the revision it was at before."""
    before = current_revision(engine)
    command.upgrade(_config(engine), revision)
    return before


OWNED_TABLES = ("evidence_record", "answer_event", "conversation", "evaluation_run")
"""Tables whose presence means a database already holds Weigh-in data (so an upgrade is an operator's call)."""


def is_empty(engine: Engine) -> bool:
    """True when the database holds none of Weigh-in's tables: creating the schema there risks nothing."""
    return not set(OWNED_TABLES) & set(inspect(engine).get_table_names())


def ensure_schema(engine: Engine, *, auto_upgrade: bool) -> None:
    """Create or upgrade the schema where that is safe, else refuse to run on a schema older than this release.

    An embedded database is upgraded in place, and an empty database (a new PostgreSQL) is created; a server
    database that already holds data at an older revision is left to ``weighin db upgrade``.
    """
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if not auto_upgrade and not (current is None and is_empty(engine)):
        raise SchemaBehindError(current, head)
    upgrade(engine)

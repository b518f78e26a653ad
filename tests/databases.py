"""The two databases every store test runs on: SQLite in a temporary folder and the local PostgreSQL.

PostgreSQL tests run in a throw-away schema of their own (named ``weighin_test_<hex>``, dropped afterwards)
selected through the URL's ``options``, so parallel sessions and other branches never see each other's
tables. They skip, saying why, only when the server does not answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


def postgres_unavailable() -> str | None:
    """None when the test PostgreSQL answers, else why not."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed"
    try:
        psycopg2.connect(POSTGRES_URL, connect_timeout=2).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL at {POSTGRES_URL} does not answer: {str(exc).strip()[:120]}"
    return None


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A database URL whose connections use a new, empty schema; the schema is dropped on exit."""
    from sqlalchemy import create_engine, text

    from evaluators.store import resolve_database_url

    schema = f"weighin_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

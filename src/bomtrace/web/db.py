"""Connecting to the database and bringing its schema up to date.

I/O. ``connect`` makes an engine for SQLite (WAL journal, a busy timeout and
transactions that take the write lock when they begin, so the web process and the
worker processes take turns instead of failing) or PostgreSQL (``postgresql://``
URLs use psycopg 3); ``migrate`` runs the Alembic migrations shipped in the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` -> the psycopg 3 driver SQLAlchemy needs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def connect(url: str) -> Engine:
    """An engine for the database at ``url`` (SQLite file or PostgreSQL server)."""
    url = engine_url(url)
    if url.startswith("sqlite"):
        path = url.partition(":///")[2]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    # The driver's own BEGIN is turned off so that _begin_immediate can emit its own.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """The Alembic configuration of the shipped migrations, bound to ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Creates or upgrades the schema to the newest migration."""
    command.upgrade(alembic_config(engine), "head")


def _begin_immediate(connection: Any) -> None:
    """Starts every SQLite transaction holding the write lock.

    SQLite lets one process write at a time. A transaction that reads first and writes
    later fails at once ("database is locked", not retried) when another process wrote
    in between; taking the lock at BEGIN makes it wait for its turn instead (busy
    timeout). Readers outside transactions are not blocked (WAL journal).
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


# The PostgreSQL advisory lock that guards the upload store (any constant 64-bit number).
BLOB_STORE_LOCK = 0x626F6D7472616365


def lock_blob_store(session: Session, *, exclusive: bool) -> None:
    """Holds the upload store until the session's transaction ends.

    Uploads are shared by hash between runs, so deleting a run's upload must not race an
    upload or re-run that starts using the same file. Storing and re-running take the
    lock shared, deleting takes it exclusive. On SQLite every transaction already holds
    the database's write lock from its first statement, which orders them just the same.
    """
    if session.get_bind().dialect.name == "postgresql":
        function = (
            "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        )
        session.execute(text(f"SELECT {function}(:key)"), {"key": BLOB_STORE_LOCK})
    else:
        session.execute(text("SELECT 1"))


class Database:
    """An engine and the session factory the app and the workers share."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = connect(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

"""Connecting to the database and bringing its schema up to date.

I/O. ``connect`` makes an engine for SQLite (WAL journal, a busy timeout) or PostgreSQL
(``postgresql://`` URLs use psycopg 3); ``migrate`` runs the Alembic migrations shipped
in the package.

SQLite lets one connection write at a time. Sessions that write (``Database.session``)
take the write lock when their transaction begins, so they queue for it instead of
failing half-way; sessions that only read (``Database.reading``) take no lock at all
(WAL readers never wait for the writer). Nothing slow may happen inside a writing
transaction: uploads are read and checked before it begins, and workers store a run's
rows in chunks. ``Database.write`` retries a writing transaction that still met a busy
database (or, on PostgreSQL, a serialization failure or a dropped connection).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
T = TypeVar("T")
# How long one SQLite statement waits for the write lock before it gives up (seconds).
BUSY_TIMEOUT = 30.0
# PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, lock not available.
_RETRY_SQLSTATES = frozenset(("40001", "40P01", "55P03"))
_READ_ONLY = "bomtrace_read_only"
# The largest id a row can have: ids are INTEGER columns, 32 bits on PostgreSQL (SQLite
# would hold 64, but never counts that far). A larger id names no row, and the drivers
# refuse to send it (SQLite's over 2^63, PostgreSQL's over 2^31 for an INTEGER).
MAX_ID = 2**31 - 1
M = TypeVar("M")


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` -> the psycopg 3 driver SQLAlchemy needs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def connect(url: str, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """An engine for the database at ``url`` (SQLite file or PostgreSQL server)."""
    url = engine_url(url)
    if url.startswith("sqlite"):
        path = url.partition(":///")[2]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout})

        def pragmas(connection: Any, _record: object) -> None:
            # The driver's own BEGIN is turned off so that _begin can emit its own.
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        event.listen(engine, "connect", pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(engine: Engine) -> Config:
    """The Alembic configuration of the shipped migrations, bound to ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Creates or upgrades the schema to the newest migration."""
    command.upgrade(alembic_config(engine), "head")


def _begin(connection: Any) -> None:
    """Starts a SQLite transaction: holding the write lock, unless it only reads.

    A transaction that reads first and writes later fails at once ("database is
    locked", not retried) when another connection wrote in between; taking the lock at
    BEGIN makes it wait for its turn instead (busy timeout). A reading transaction
    takes a snapshot and no lock (WAL journal), so it never waits and never blocks.
    """
    read_only = connection.get_execution_options().get(_READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def is_transient(exc: BaseException) -> bool:
    """True for a database error that a later attempt of the same transaction may not meet:
    SQLite's busy or locked database, PostgreSQL's serialization failures, deadlocks and
    dropped connections."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


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


def get_by_id(session: Session, model: type[M], row_id: int) -> M | None:
    """The row of ``model`` with this id, or None (also for ids out of range)."""
    return session.get(model, row_id) if 0 < row_id <= MAX_ID else None


class Database:
    """An engine and the session factories the app and the workers share.

    ``sessions`` make writing sessions; ``readers`` make sessions that only read (on
    SQLite they take no lock; a write in one may fail when another connection wrote
    since it began).
    """

    def __init__(self, url: str, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.url = url
        self.engine = connect(url, busy_timeout)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.readers = sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A writing session committed on success and rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: one snapshot, no lock."""
        with self.readers() as session, session.begin():
            yield session

    def write(self, work: Callable[[Session], T], *, patience: float = 300.0) -> T:
        """Runs ``work`` in a writing transaction, again (with growing pauses) while the
        database is busy, for up to ``patience`` seconds; then the error is raised."""
        deadline = time.monotonic() + patience
        pause = 0.05
        while True:
            try:
                with self.session() as session:
                    return work(session)
            except DBAPIError as exc:
                if not is_transient(exc) or time.monotonic() + pause > deadline:
                    raise
                log.warning(
                    "database busy (%s); trying again in %.2f s", exc.orig, pause
                )
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def dispose(self) -> None:
        self.engine.dispose()

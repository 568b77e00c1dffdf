"""The web app's tables: people, sessions, API tokens, uploads, runs, row results,
decisions, the audit log.

Declarations only (SQLAlchemy 2 typed mappings); the schema itself is created and changed
by the Alembic migrations in ``bomtrace/web/migrations``, and a test checks that the two
agree. Column types are the portable subset that SQLite and PostgreSQL share.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


class RunStatus(StrEnum):
    """Where a run stands: a draft waits for its owner, then it is queued, traced, done
    or failed. Stored by value in ``runs.status``."""

    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Base(DeclarativeBase):
    """The declarative base of every table."""


class User(Base):
    """A person who can sign in, with one role: admin, researcher or reader."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class LoginSession(Base):
    """A signed-in browser: the SHA-256 of its cookie token and its CSRF token."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Base):
    """A token a script sends as ``Authorization: Bearer ...``; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class Run(Base):
    """One trace of uploaded files: its options, status, progress, counts and results."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    columns: Mapped[str] = mapped_column(Text, default="")
    recovered: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    read: Mapped[int] = mapped_column(Integer, default=0)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    ambiguous: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    catalogs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    outputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    decisions_applied: Mapped[int] = mapped_column(Integer, default=0)
    tool_version: Mapped[str] = mapped_column(String(32), default="")
    rerun_of: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL")
    )
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The worker tracing the run, and until when (seconds since the epoch) it holds it.
    lease_owner: Mapped[str] = mapped_column(String(100), default="")
    lease_expires: Mapped[float] = mapped_column(Float, default=0.0)

    inputs: Mapped[list[RunInput]] = relationship(
        order_by="RunInput.position", cascade="all, delete-orphan", lazy="selectin"
    )
    creator: Mapped[User | None] = relationship(lazy="joined")


class RunInput(Base):
    """An uploaded file of a run: its name as uploaded, its SHA-256, what it is
    (``teardown`` sheet, ``trade`` records or ``sanctions`` list) and what was found."""

    __tablename__ = "run_inputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), default="")
    stored_as: Mapped[str] = mapped_column(String(80), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    sheets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    role: Mapped[str] = mapped_column(String(16), default="teardown")


class RowResult(Base):
    """One output row of a run, in the row contract, with the candidates behind it."""

    __tablename__ = "row_results"
    __table_args__ = (
        UniqueConstraint("run_id", "position"),
        Index("ix_row_results_review", "run_id", "status", "confidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float | None] = mapped_column(Float)
    marking: Mapped[str] = mapped_column(Text, default="")
    manufacturer_given: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class DecisionRow(Base):
    """A reviewer's decision (the decisions file's columns), who made it, and its undoing."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    marking: Mapped[str] = mapped_column(Text)
    manufacturer_given: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(16))
    mpn: Mapped[str] = mapped_column(Text, default="")
    manufacturer: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str] = mapped_column(String(64), default="")


class LoginFailures(Base):
    """Recent failed sign-ins for one account name or one client address.

    ``key`` is the SHA-256 of ``name:<name>`` or ``address:<address>``, so the table
    keeps no typed names (people sometimes type a password into the name field).
    Times are seconds since the epoch, the unit of the throttle's clock.
    """

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[float] = mapped_column(Float, default=0.0)
    blocked_until: Mapped[float] = mapped_column(Float, default=0.0)


class AuditEntry(Base):
    """One thing someone did: who, how they signed in, from which address, when, what.

    Append-only: the app never changes or deletes a row, and the database refuses to
    (triggers made by the migration). ``actor_id`` is no foreign key, so an entry
    outlives any change to the people table.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    actor: Mapped[str] = mapped_column(String(64), default="")
    actor_id: Mapped[int | None] = mapped_column(Integer)
    via: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

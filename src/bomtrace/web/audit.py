"""The audit log: who uploaded, confirmed, re-ran, deleted, decided, imported, made or
revoked tokens, signed in and changed accounts; when, how and from where.

I/O (database). ``record`` adds one entry in the caller's transaction, so an action and
its entry are committed together or not at all. The table is append-only: nothing here
changes or deletes an entry, and the database's triggers refuse to. ``search`` reads
entries with the filters the admin page offers; ``csv_bytes`` is the export, every cell
neutralised as in the run outputs (a name or file name cannot run as a formula).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from bomtrace.export.cells import neutralise
from bomtrace.web.auth import Principal
from bomtrace.web.db import MAX_ID
from bomtrace.web.models import AuditEntry

# What each action records; the page offers them as a filter.
ACTIONS = {
    "run.upload": "uploaded files for a run",
    "run.confirm": "confirmed a run's columns and started it",
    "run.rerun": "re-ran a run",
    "run.delete": "deleted a run",
    "decision.record": "recorded a decision",
    "decision.undo": "undid a decision",
    "decision.import": "imported a decisions file",
    "token.create": "created an API token",
    "token.revoke": "revoked an API token",
    "user.add": "added a person",
    "user.change": "changed a person's role, password or access",
    "sign-in": "signed in",
}
COLUMNS = ("id", "at", "actor", "via", "address", "action", "target", "detail")
PAGE = 100
COMMAND_LINE = "command line"


class AuditFilterError(ValueError):
    """A filter of the audit log cannot be understood (the message says which)."""


def record(
    session: Session,
    request: Request | None,
    actor: Principal | None,
    action: str,
    target: str = "",
    detail: str = "",
) -> AuditEntry:
    """Adds an entry for ``action`` by ``actor`` (None: the command line, as the
    operating-system user running it) from the request's client address."""
    assert action in ACTIONS, action
    address = request.client.host if request is not None and request.client else ""
    entry = AuditEntry(
        actor=(actor.name if actor else _os_user())[:64],
        actor_id=actor.user_id if actor else None,
        via=actor.via if actor else COMMAND_LINE,
        address=address[:64],
        action=action,
        target=target[:200],
        detail=detail,
    )
    session.add(entry)
    return entry


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a container)
        return ""


def files_detail(files: Sequence[Any]) -> str:
    """``name (role, sha256 abc…)`` for each file of an upload, ``; ``-separated."""
    return "; ".join(
        f"{f.name} ({f.role}, {'error: ' + f.error if f.error else 'sha256 ' + f.sha256})"
        for f in files
    )


@dataclass(frozen=True, slots=True)
class Filters:
    """What the admin asked to see: entries by one actor, of one action, whose target or
    detail holds some text, between two dates (inclusive), older than an entry id."""

    actor: str = ""
    action: str = ""
    text: str = ""
    since: str = ""
    until: str = ""
    before: int = 0

    def query(self) -> Select[Any]:
        query = select(AuditEntry)
        if self.actor:
            query = query.where(AuditEntry.actor == self.actor)
        if self.action:
            if self.action not in ACTIONS:
                raise AuditFilterError(
                    f"action '{self.action[:40]}' is not one of: {', '.join(ACTIONS)}"
                )
            query = query.where(AuditEntry.action == self.action)
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"  # fmt: skip
            query = query.where(
                or_(
                    AuditEntry.target.like(pattern, escape="\\"),
                    AuditEntry.detail.like(pattern, escape="\\"),
                )
            )
        if self.since:
            query = query.where(AuditEntry.at >= _day(self.since, "since"))
        if self.until:
            end = _day(self.until, "until") + dt.timedelta(days=1)
            query = query.where(AuditEntry.at < end)
        if 0 < self.before <= MAX_ID:
            query = query.where(AuditEntry.id < self.before)
        return query.order_by(AuditEntry.id.desc())

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (for links to the next page and the export)."""
        named = {
            "actor": self.actor, "action": self.action, "text": self.text,
            "since": self.since, "until": self.until,
        }  # fmt: skip
        return {k: v for k, v in named.items() if v}


def _day(value: str, name: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise AuditFilterError(
            f"{name}: '{value[:40]}' is not a date: write it as YYYY-MM-DD"
        ) from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def search(
    session: Session, filters: Filters, limit: int | None = PAGE
) -> list[AuditEntry]:
    """Entries matching ``filters``, newest first (``limit`` of them; None: all)."""
    query = filters.query()
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def as_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": _iso(entry.at),
        "actor": entry.actor,
        "via": entry.via,
        "address": entry.address,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
    }


def _iso(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def csv_bytes(entries: Sequence[AuditEntry]) -> bytes:
    """The entries as CSV (UTF-8 with a byte-order mark, for Excel), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in entries:
        row = as_json(entry)
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")

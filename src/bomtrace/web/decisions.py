"""Reviewers' decisions in the database, as the matcher's ``Decision`` records and as the
CLI's decisions file.

I/O (database and files). A decision is stored with who made it and when; undoing it
marks it revoked (kept for the record) so it no longer applies. The active decisions, in
the order they were made, are exactly what ``bomtrace trace --decisions FILE`` would
read from the exported file: export writes them with ``save_decisions`` and import reads
a file with ``load_decisions``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.decisions_file import (
    DecisionsFileError,
    load_decisions,
    save_decisions,
)
from bomtrace.match.decisions import Action, Decision, DecisionBook
from bomtrace.model import CatalogRef
from bomtrace.web.models import DecisionRow, utcnow
from bomtrace.web.uploads import display_name, download_name

# Decisions cite themselves in a row's evidence as "(decisions:<id>)".
CITED_AS = "decisions"


class DecisionInputError(ValueError):
    """A decision cannot be recorded as given (the message says why)."""


def active(session: Session) -> list[DecisionRow]:
    """The decisions in force, oldest first (later ones win, as in the file)."""
    return list(
        session.scalars(
            select(DecisionRow)
            .where(DecisionRow.revoked_at.is_(None))
            .order_by(DecisionRow.id)
        )
    )


def to_decision(row: DecisionRow) -> Decision:
    return Decision(
        marking=row.marking,
        action=Action(row.action),
        manufacturer_given=row.manufacturer_given,
        mpn=row.mpn,
        maker=row.manufacturer,
        reviewer=row.reviewer,
        decided_at=row.decided_at,
        note=row.note,
        ref=CatalogRef(file=CITED_AS, line=row.id),
    )


def decision_book(session: Session) -> DecisionBook:
    """The active decisions as the book ``trace`` applies before matching."""
    return DecisionBook.of(to_decision(r) for r in active(session))


def as_json(row: DecisionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "marking": row.marking,
        "manufacturer_given": row.manufacturer_given,
        "decision": row.action,
        "mpn": row.mpn,
        "manufacturer": row.manufacturer,
        "reviewer": row.reviewer,
        "decided_at": row.decided_at,
        "note": row.note,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        "revoked_by": row.revoked_by,
    }


def record(
    session: Session,
    *,
    marking: str,
    decision: str,
    reviewer: str,
    user_id: int | None,
    manufacturer_given: str = "",
    mpn: str = "",
    manufacturer: str = "",
    note: str = "",
    decided_at: str = "",
) -> DecisionRow:
    """Stores one decision after the checks the decisions file applies to its rows."""
    text = _checked(marking, decision, mpn, manufacturer)
    row = DecisionRow(
        marking=text,
        manufacturer_given=manufacturer_given.strip(),
        action=decision.strip().lower(),
        mpn=mpn.strip(),
        manufacturer=manufacturer.strip(),
        reviewer=reviewer,
        decided_at=decided_at or dt.date.today().isoformat(),
        note=note.strip(),
        user_id=user_id,
    )
    session.add(row)
    session.flush()
    return row


def _checked(marking: str, decision: str, mpn: str, manufacturer: str) -> str:
    try:
        action = Action(decision.strip().lower())
    except ValueError:
        raise DecisionInputError(
            f"decision '{decision}' is not accept, reject or not_a_part"
        ) from None
    if not marking.strip():
        raise DecisionInputError("the decision names no marking")
    if action is Action.ACCEPT and not manufacturer.strip():
        raise DecisionInputError(
            "an accept decision needs a manufacturer (and ideally an mpn)"
        )
    if action is Action.REJECT and not (manufacturer.strip() or mpn.strip()):
        raise DecisionInputError(
            "a reject decision names the manufacturer or mpn ruled out"
        )
    return marking.strip()


def revoke(session: Session, decision_id: int, by: str) -> DecisionRow | None:
    """Undoes a decision (it stays recorded as revoked); None when there is none in force."""
    row = session.get(DecisionRow, decision_id)
    if row is None or row.revoked_at is not None:
        return None
    row.revoked_at, row.revoked_by = utcnow(), by
    return row


def export_file(session: Session, target: Path) -> Path:
    """Writes the active decisions as a decisions file."""
    return save_decisions((to_decision(r) for r in active(session)), target)


MAX_FILE_BYTES = 5 * 1024 * 1024


class DecisionsFileTooLarge(DecisionsFileError):
    """A decisions file over ``MAX_FILE_BYTES``."""


def read_upload(stream: BinaryIO, filename: str) -> bytes:
    """An uploaded decisions file's bytes; one over 5 MB is refused, never cut short."""
    content = stream.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise DecisionsFileTooLarge(f"{filename}: a decisions file is at most 5 MB")
    return content


def import_file(
    session: Session, content: bytes, filename: str, user_id: int | None, importer: str
) -> list[DecisionRow]:
    """Records every decision of a decisions file; raises ``DecisionsFileError`` if unreadable."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / download_name(Path(display_name(filename)).stem, "csv")
        path.write_bytes(content)
        book = load_decisions(path)
    return [
        record(
            session,
            marking=d.marking,
            decision=d.action.value,
            reviewer=d.reviewer or importer,
            user_id=user_id,
            manufacturer_given=d.manufacturer_given,
            mpn=d.mpn,
            manufacturer=d.maker,
            note=d.note,
            decided_at=d.decided_at,
        )
        for d in _in_file_order(book.all())
    ]


def _in_file_order(decisions: Iterable[Decision]) -> list[Decision]:
    return sorted(decisions, key=lambda d: d.ref.line if d.ref else 0)


__all__ = [
    "DecisionInputError",
    "DecisionsFileError",
    "DecisionsFileTooLarge",
    "active",
    "decision_book",
    "read_upload",
]

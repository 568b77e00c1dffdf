"""Reviewers' decisions in the database, as the matcher's ``Decision`` records and as the
CLI's decisions file.

I/O (database and files). A decision is stored with who made it and when; undoing it
marks it revoked (kept for the record) so it no longer applies. The active decisions, in
the order they were made, are exactly what ``bomtrace trace --decisions FILE`` would
read from the exported file: export writes them with ``save_decisions`` (formula cells
neutralised) and import reads a file with ``load_decisions``.

An imported decision is filed like one made on the review page: under the name of the
person importing it, dated the day of the import. The reviewer and date the file gives
are kept in its note ("imported from d.csv line 2, which gives reviewer ana on
2024-05-01"), so nobody can file decisions in another's name or backdate them, and the
audit log records the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.decisions_file import (
    DecisionsFileError,
    load_decisions,
    save_decisions,
)
from bomtrace.match.decision_book import Action, Decision, DecisionBook
from bomtrace.model import CatalogRef
from bomtrace.web import audit
from bomtrace.web.auth import Principal
from bomtrace.web.db import get_by_id
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
    _all_text(
        marking=marking, decision=decision, manufacturer_given=manufacturer_given,
        mpn=mpn, manufacturer=manufacturer, note=note,
    )  # fmt: skip
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


def _all_text(**fields: str) -> None:
    """Refuses a field holding a lone UTF-16 surrogate (``"\\ud800"`` in JSON): it is
    no text any file or database can store."""
    for name, value in fields.items():
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise DecisionInputError(
                f"{name}: holds a lone UTF-16 surrogate (an escape such as \\ud800"
                " without its pair), which is not text: send the character itself"
            )


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
    row = get_by_id(session, DecisionRow, decision_id)
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
        raise DecisionsFileTooLarge(
            f"{display_name(filename)}: a decisions file is at most 5 MB"
        )
    return content


def read_file(content: bytes, filename: str) -> tuple[str, DecisionBook]:
    """Reads an uploaded decisions file; returns the name it goes by and its decisions.

    Raises ``DecisionsFileError`` naming the file as uploaded (never a server path).
    """
    shown = download_name(Path(display_name(filename)).stem, "csv")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / shown
        path.write_bytes(content)
        try:
            return shown, load_decisions(path)
        except DecisionsFileError as exc:
            message = str(exc).replace(str(path), shown).replace(folder, "")
            raise DecisionsFileError(message) from None


def import_file(
    session: Session, content: bytes, filename: str, user_id: int | None, importer: str
) -> list[DecisionRow]:
    """Records every decision of a decisions file under ``importer``'s name, today; the
    file's own reviewer and date go into the note. Raises ``DecisionsFileError`` if the
    file cannot be read (before anything is recorded)."""
    shown, book = read_file(content, filename)
    return [
        record(
            session,
            marking=d.marking,
            decision=d.action.value,
            reviewer=importer,
            user_id=user_id,
            manufacturer_given=d.manufacturer_given,
            mpn=d.mpn,
            manufacturer=d.maker,
            note=_imported_note(shown, d),
        )
        for d in _in_file_order(book.all())
    ]


def _imported_note(shown: str, decision: Decision) -> str:
    line = decision.ref.line if decision.ref else 0
    claims = [f"reviewer {decision.reviewer}"] if decision.reviewer else []
    claims += [f"on {decision.decided_at}"] if decision.decided_at else []
    said = f", which gives {' '.join(claims)}" if claims else ""
    origin = f"imported from {shown} line {line}{said}"
    return f"{decision.note} ({origin})" if decision.note else origin


def record_by(
    session: Session, request: Request, principal: Principal, **fields: str
) -> DecisionRow:
    """Records a decision by ``principal`` (as reviewer, today), with its audit entry."""
    row = record(session, reviewer=principal.name, user_id=principal.user_id, **fields)
    audit.record(
        session, request, principal, "decision.record", f"decision {row.id}",
        describe(row),
    )  # fmt: skip
    return row


def import_by(
    session: Session,
    request: Request,
    principal: Principal,
    content: bytes,
    filename: str,
) -> list[DecisionRow]:
    """Imports a decisions file for ``principal``, with its audit entry."""
    rows = import_file(session, content, filename, principal.user_id, principal.name)
    ids = f"decisions {rows[0].id}-{rows[-1].id}" if rows else "no decision"
    audit.record(
        session, request, principal, "decision.import", ids,
        f"{display_name(filename)} (sha256 {hashlib.sha256(content).hexdigest()}):"
        f" {len(rows)} decision(s)",
    )  # fmt: skip
    return rows


def revoke_by(
    session: Session, request: Request, principal: Principal, decision_id: int
) -> DecisionRow | None:
    """Undoes a decision for ``principal``, with its audit entry; None as ``revoke``."""
    row = revoke(session, decision_id, principal.name)
    if row is not None:
        audit.record(
            session, request, principal, "decision.undo", f"decision {row.id}",
            describe(row),
        )  # fmt: skip
    return row


def describe(row: DecisionRow) -> str:
    """A decision in one line: ``accept 'LM358DR' -> Texas Instruments LM358DR``."""
    given = (
        f" (maker given: {row.manufacturer_given})" if row.manufacturer_given else ""
    )
    part = (
        f" -> {row.manufacturer} {row.mpn}".rstrip()
        if row.action != "not_a_part"
        else ""
    )
    return f"{row.action} '{row.marking}'{given}{part}"


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

"""Reading and writing the decisions file (``--decisions decisions.csv``).

I/O. One CSV row per decision, in the columns of ``DECISION_COLUMNS``; later rows win over
earlier ones about the same marking and candidate, so a file can be appended to. The
same file is what the web app imports and exports.

    marking,manufacturer_given,decision,mpn,manufacturer,reviewer,decided_at,note
    ADXRS 620,,accept,ADXRS620BBGZ,Analog Devices,ana,2024-05-01,logo seen on photo
    LM317T,,reject,,Texas Instruments,ana,2024-05-01,ST logo on the tab
    TEST POINT 3,,not_a_part,,,ana,2024-05-01,

A cell a spreadsheet program would run as a formula (starting with ``=``, ``+``, ``-``,
``@``) is written with a leading ``'``, as in the run outputs, and read back without it,
so a file written here and opened in Excel runs nothing and still reads the same.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from bomtrace.errors import BomtraceError
from bomtrace.export.cells import FORMULA_TRIGGERS, neutralise
from bomtrace.files import atomic_write
from bomtrace.match.decision_book import Action, Decision, DecisionBook
from bomtrace.model import CatalogRef
from bomtrace.remedies import Phrase, Setting

DECISION_COLUMNS = (
    "marking",
    "manufacturer_given",
    "decision",
    "mpn",
    "manufacturer",
    "reviewer",
    "decided_at",
    "note",
)


class DecisionsFileError(BomtraceError):
    """The decisions file cannot be read."""


def load_decisions(path: str | Path) -> DecisionBook:
    """Reads a decisions file; a row that cannot be understood is an error naming its line."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [
                c for c in ("marking", "decision") if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise DecisionsFileError(
                    f"decisions file {path.name} lacks the column(s) {', '.join(missing)}",
                    remedy=f"Its header must be: {','.join(DECISION_COLUMNS)}",
                )
            decisions = [_decision(path.name, reader.line_num, row) for row in reader]
    except FileNotFoundError:
        raise DecisionsFileError(
            f"decisions file {path} not found",
            remedy=Phrase("Check the {setting} path", Setting.DECISIONS),
        ) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DecisionsFileError(
            f"decisions file {path} cannot be read ({exc})"
        ) from exc
    return DecisionBook.of(d for d in decisions if d is not None)


def _decision(name: str, line: int, row: dict[str, str]) -> Decision | None:
    values = {k: _unquoted((v or "").strip()) for k, v in row.items() if k}
    if not any(values.values()):
        return None
    try:
        action = Action(values.get("decision", "").lower())
    except ValueError:
        raise DecisionsFileError(
            f"{name}:{line}: decision '{values.get('decision', '')}' is not accept, reject or not_a_part",
        ) from None
    if not values.get("marking"):
        raise DecisionsFileError(f"{name}:{line}: the decision names no marking")
    if action is Action.ACCEPT and not values.get("manufacturer"):
        raise DecisionsFileError(
            f"{name}:{line}: an accept decision needs a manufacturer (and ideally an mpn)"
        )
    if action is Action.REJECT and not (
        values.get("manufacturer") or values.get("mpn")
    ):
        raise DecisionsFileError(
            f"{name}:{line}: a reject decision names the manufacturer or mpn ruled out"
        )
    return Decision(
        marking=values["marking"],
        action=action,
        manufacturer_given=values.get("manufacturer_given", ""),
        mpn=values.get("mpn", ""),
        maker=values.get("manufacturer", ""),
        reviewer=values.get("reviewer", ""),
        decided_at=values.get("decided_at", ""),
        note=values.get("note", ""),
        ref=CatalogRef(file=name, line=line),
    )


def _unquoted(value: str) -> str:
    """A cell as written before ``save_decisions`` neutralised it (``'=X`` -> ``=X``)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def save_decisions(decisions: Iterable[Decision], path: str | Path) -> Path:
    """Writes decisions as a decisions file (the format ``load_decisions`` reads), with
    formula cells neutralised."""
    target = Path(path)
    with atomic_write(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DECISION_COLUMNS)
        for d in decisions:
            cells = (
                d.marking, d.manufacturer_given, d.action.value, d.mpn, d.maker,
                d.reviewer, d.decided_at, d.note,
            )  # fmt: skip
            writer.writerow([neutralise(c) for c in cells])
    return target

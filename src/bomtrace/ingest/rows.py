"""Classifying the rows of a sheet: parts, and the rows that are not parts, with reasons.

Pure. Every row of a sheet from the first to the last that holds anything is classified:
titles above the header, the header itself, blank rows, section headings ("Power
section"), total rows and repeated headers are ``skipped`` with a reason that names what
was seen; everything else is a part row. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from bomtrace.column_roles import FREE_TEXT_ROLES, ColumnRole
from bomtrace.ingest.headers import ColumnMap, column_letter, normalise_header
from bomtrace.ingest.synonyms import SECTION_WORDS, TOTAL_WORDS
from bomtrace.model import InputRow, RowKind, SourceRef

_TOTAL = re.compile(
    r"^(" + "|".join(re.escape(w) for w in TOTAL_WORDS) + r")\b", re.IGNORECASE
)
_SECTION = re.compile(
    r"^(" + "|".join(re.escape(w) for w in SECTION_WORDS) + r")\b", re.IGNORECASE
)
_DESIGNATOR = re.compile(
    r"^[A-Z]{1,3}\d{1,4}([,\s-]+[A-Z]{1,3}\d{1,4})*$", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
# A running row number ("7", "7.", "12)") in a column with no role: numbered sheets put
# one on heading rows too, so it does not make a heading a part.
_RUNNING_NUMBER = re.compile(r"^\d{1,5}[.)]?$")
# Words written only in Cyrillic letters: a heading ("ЖИВЛЕННЯ"), never a chip marking
# (Soviet-style markings such as "КР142ЕН5А" carry digits).
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff\-]+$")
_SHOWN = 60


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def classify_rows(
    file: str,
    sheet: str,
    rows: Iterable[tuple[int, Sequence[str]]],
    columns: ColumnMap,
) -> Iterator[InputRow]:
    """Classifies each row of a sheet and maps its cells to roles."""
    header_norm = [normalise_header(c) for c in columns.headers]
    used = set(columns.roles.values())
    part_columns = set(columns.part_columns)
    # Free text ("Total weight 40 g" in a note) is never read as a total marker.
    free = {columns.roles[r] for r in FREE_TEXT_ROLES if r in columns.roles}
    for number, cells in rows:
        ref = SourceRef(file=file, sheet=sheet, row=number)
        filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
        if number < columns.header_row:
            yield InputRow(ref=ref, kind=RowKind.TITLE if filled else RowKind.BLANK,
                           reason=(f"above the header row: '{_shown(' '.join(c for _, c in filled))}'"
                                   if filled else "blank row"))  # fmt: skip
            continue
        if number == columns.header_row:
            yield InputRow(ref=ref, kind=RowKind.HEADER, reason="header row")
            continue
        if not filled:
            yield InputRow(ref=ref, kind=RowKind.BLANK, reason="blank row")
            continue
        values = {
            role: cells[col].strip() if col < len(cells) else ""
            for role, col in columns.roles.items()
        }
        extra = "; ".join(
            f"{columns.headers[i] if i < len(columns.headers) and columns.headers[i] else column_letter(i)}: {c.strip()}"
            for i, c in filled
            if i not in used
        )
        if extra:
            values["extra"] = extra
        kind, reason = _kind_of(filled, columns, header_norm, used, part_columns, free)
        yield InputRow(ref=ref, kind=kind, reason=reason, values=values)


def _kind_of(
    filled: list[tuple[int, str]],
    columns: ColumnMap,
    header_norm: list[str],
    used: set[int],
    part_columns: set[int],
    free: set[int],
) -> tuple[RowKind, str]:
    """The kind of a row; ``part_columns`` and ``free`` (free-text columns) are the
    sheet's, worked out once."""
    if (
        header_norm
        and len(filled) >= 2
        and all(
            i < len(header_norm) and normalise_header(c) == header_norm[i]
            for i, c in filled
        )
    ):
        return RowKind.HEADER, "repeated header row"
    for index, cell in filled:
        if (index not in free or index in part_columns) and _TOTAL.match(cell.strip()):
            return RowKind.TOTAL, f"total row: '{_shown(cell)}'"
    telling = [
        (i, c) for i, c in filled if i in used or not _RUNNING_NUMBER.match(c.strip())
    ]
    telling = telling or filled  # a row holding only its number is a note row
    if len(telling) == 1:
        index, cell = telling[0]
        text = cell.strip()
        if index not in part_columns:
            if _DESIGNATOR.match(text) and index == columns.roles.get(
                ColumnRole.DESIGNATOR
            ):
                return RowKind.PART, ""
            return RowKind.SECTION, f"heading or note row: '{_shown(text)}'"
        if _looks_like_heading(text):
            return RowKind.SECTION, f"heading row: '{_shown(text)}'"
    return RowKind.PART, ""


def _looks_like_heading(text: str) -> bool:
    """A lone cell in the marking column that reads as a heading rather than a part number."""
    if text.endswith(":"):
        return True
    if _SECTION.match(text) and (" " in text or not _DIGIT.search(text)):
        return True
    if _CYRILLIC_WORD.match(text):
        return True
    # Several words and no digit at all: "Power supply", "Камера та підвіс".
    return len(text.split()) >= 2 and not _DIGIT.search(text)

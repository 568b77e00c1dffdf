"""Finding the header row of a sheet and mapping its columns to roles.

Pure: functions take rows of cell strings and return a ``ColumnMap``. Teardown sheets put
titles, dates and notes above the header, so every one of the first rows is scored by how
many roles its cells name; the best row that names a part-number or marking column wins.
The user can override the result (``columns="marking=B,manufacturer=C"``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from bomtrace.column_roles import (
    NAME_ROLES,
    PART_ROLES,
    ROLES,
    SYNONYMS,
    WHOLE_HEADER_ONLY,
    ColumnRole,
)
from bomtrace.errors import ColumnSpecError
from bomtrace.remedies import Phrase, Setting

HEADER_SEARCH_ROWS = 30
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")
# A token of letters and digits of five characters or more: a part number, not a header.
_PART_NUMBER = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[^\W\d_])[^\s]{5,}")
SynonymTable = Sequence[tuple[str, str]]


def synonym_table(synonyms: Mapping[str, Sequence[str]]) -> SynonymTable:
    """(normalised synonym, role) pairs, longest first so "part number" wins over "part"."""
    return sorted(
        ((syn, role) for role, words in synonyms.items() for syn in words),
        key=lambda item: -len(item[0]),
    )


_SYNONYM_TABLE = synonym_table(SYNONYMS)


def normalise_header(text: str) -> str:
    """Lower-cases a header, drops punctuation and squeezes spaces ('P/N:' -> 'p n')."""
    if text.isalnum():
        # No punctuation or spaces to drop (a running number, a one-word cell).
        return text.casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()


def role_of(
    header: str,
    table: SynonymTable = _SYNONYM_TABLE,
    exact_only: Collection[str] = WHOLE_HEADER_ONLY,
) -> str:
    """Names the role a header cell announces ("" when it announces none).

    ``table`` and ``exact_only``: another layout's header words (trade records).
    """
    norm = normalise_header(header)
    if not norm:
        return ""
    for synonym, role in table:
        if norm == synonym:
            return role
    padded = f" {norm} "
    for synonym, role in table:
        if synonym in exact_only or len(synonym) < 3:
            continue
        if padded.startswith(f" {synonym} ") or f" {synonym} " in padded:
            return role
    return ""


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column (0-based) plays which role, and which row (1-based) is the header."""

    header_row: int
    roles: Mapping[str, int]
    headers: tuple[str, ...] = ()
    overridden: tuple[str, ...] = field(default=())

    @property
    def part_columns(self) -> tuple[int, ...]:
        """The columns parts are identified from: marking and part number, else the name."""
        found = tuple(self.roles[r] for r in PART_ROLES if r in self.roles)
        return found or tuple(self.roles[r] for r in NAME_ROLES if r in self.roles)

    def describe(self) -> str:
        """Says which column is which, in spreadsheet letters."""
        parts = [
            f"{role}={column_letter(col)}"
            for role, col in sorted(self.roles.items(), key=lambda i: i[1])
        ]
        return f"header row {self.header_row}: " + ", ".join(parts)


def score_header_row(
    cells: Sequence[str],
    table: SynonymTable = _SYNONYM_TABLE,
    exact_only: Collection[str] = WHOLE_HEADER_ONLY,
) -> dict[str, int]:
    """Maps each role named in a candidate header row to its column (first wins).

    A cell holding a part number ("Микросхема STM32F405RGT6") is a data cell, not a
    header, even when it contains a header word.
    """
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header_like = cell and len(cell) <= 80 and not _PART_NUMBER.search(cell)
        role = role_of(cell, table, exact_only) if header_like else ""
        if role and role not in roles:
            roles[role] = index
    return roles


def find_header(
    rows: Sequence[tuple[int, Sequence[str]]], *, free_text: bool = True
) -> ColumnMap | None:
    """Finds the header among the first rows: the row naming most roles, marking included.

    With ``free_text``, a sheet whose header names no marking or part-number column but
    a name or description column (an element list's "Наименование") is read from that.
    """
    best: tuple[int, int, dict[str, int], Sequence[str]] | None = None
    fallback: tuple[int, int, dict[str, int], Sequence[str]] | None = None
    for row_number, cells in rows[:HEADER_SEARCH_ROWS]:
        roles = score_header_row(cells)
        if not any(r in roles for r in PART_ROLES):
            if (
                free_text
                and any(r in roles for r in NAME_ROLES)
                and (fallback is None or len(roles) > fallback[1])
            ):
                fallback = (row_number, len(roles), roles, cells)
            continue
        if best is None or len(roles) > best[1]:
            best = (row_number, len(roles), roles, cells)
    best = best or fallback
    if best is None:
        return None
    row_number, _, roles, cells = best
    return ColumnMap(
        header_row=row_number, roles=_marking_first(roles), headers=tuple(cells)
    )


def _marking_first(roles: dict[str, int]) -> dict[str, int]:
    """A sheet with one part column calls it ``marking``: that is what the researcher read."""
    if ColumnRole.MARKING not in roles and ColumnRole.PART_NUMBER in roles:
        roles = dict(roles)
        roles[ColumnRole.MARKING] = roles.pop(ColumnRole.PART_NUMBER)
    return roles


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(ref: str, headers: Sequence[str] = ()) -> int:
    """Reads a column reference: a letter ('B'), a 1-based number ('2') or a header text."""
    ref = ref.strip()
    if ref.isdigit() and int(ref) >= 1:
        return int(ref) - 1
    if _LETTERS.match(ref):
        index = 0
        for ch in ref.upper():
            index = index * 26 + (ord(ch) - 64)
        return index - 1
    wanted = normalise_header(ref)
    for i, header in enumerate(headers):
        if normalise_header(header) == wanted:
            return i
    raise ColumnSpecError(
        f"column '{ref}' is not a letter, a number or a header of this sheet",
        remedy="Use a spreadsheet letter (marking=B), a 1-based number (marking=2) or the header text",
    )


def parse_column_spec(
    spec: str, roles: Sequence[str] = ROLES, setting: Setting = Setting.COLUMNS
) -> dict[str, str]:
    """Parses ``marking=B,manufacturer=C`` (or one ``role=column`` per line) into a dict.

    ``header=N`` names the header row (1-based) when detection picks the wrong one.
    ``roles``: the roles of the layout (teardown sheets by default); ``setting``: the
    setting the spec was given as, named by the remedy of an error.
    """
    mapping: dict[str, str] = {}
    for item in re.split(r"[,\n]", spec):
        item = item.strip()
        if not item or item.startswith("#"):
            continue
        if "=" not in item:
            raise ColumnSpecError(
                f"'{item}' in the column mapping has no '='",
                remedy=Phrase(
                    "Write role=column, for example {setting}",
                    setting,
                    "marking=B,manufacturer=C",
                ),
            )
        role, _, column = (s.strip() for s in item.partition("="))
        role = role.lower().replace(" ", "_").replace("-", "_")
        if role not in (*roles, "header"):
            raise ColumnSpecError(
                f"'{role}' is not a column role",
                remedy=f"Use one of: {', '.join((*roles, 'header'))}",
            )
        if role == "header" and not (column.isdigit() and int(column) >= 1):
            raise ColumnSpecError(
                f"header={column} is not a row number",
                remedy="Write header=3 for row 3",
            )
        mapping[role] = column
    return mapping


def apply_overrides(
    detected: ColumnMap | None,
    overrides: Mapping[str, str],
    rows: Sequence[tuple[int, Sequence[str]]],
) -> ColumnMap | None:
    """Combines the detected mapping with the user's (the user's wins, role by role)."""
    if not overrides:
        return detected
    header_row = (
        int(overrides["header"])
        if "header" in overrides
        else (detected.header_row if detected else 0)
    )
    headers: Sequence[str] = ()
    for number, cells in rows:
        if number == header_row:
            headers = cells
    if detected and detected.header_row == header_row:
        roles = dict(detected.roles)
    else:
        roles = score_header_row(headers)
    given = {
        role: column_index(col, headers)
        for role, col in overrides.items()
        if role != "header"
    }
    # A column the user assigned cannot keep another role it was detected for.
    roles = {r: c for r, c in roles.items() if c not in given.values()}
    roles.update(given)
    if not any(r in roles for r in (*PART_ROLES, *NAME_ROLES)):
        return None
    return ColumnMap(
        header_row=header_row,
        roles=_marking_first(roles),
        headers=tuple(headers),
        overridden=tuple(given),
    )


def empty_overrides(
    columns: ColumnMap, rows: Sequence[tuple[int, Sequence[str]]]
) -> list[tuple[str, int]]:
    """The (role, column) pairs the user gave that hold nothing below the header in ``rows``.

    A mistyped ``--columns marking=Z`` would otherwise leave every marking blank, quietly.
    """
    below = [cells for number, cells in rows if number > columns.header_row]
    if not below:
        return []
    return [
        (role, col)
        for role, col in columns.roles.items()
        if role in columns.overridden
        and not any(col < len(cells) and cells[col].strip() for cells in below)
    ]

"""Ingest stage: a file on disk -> classified input rows, sheet by sheet, with problems.

I/O at the edge. ``ingest_file`` checks what the file really is, reads every sheet, finds
each sheet's header and columns (or applies the user's mapping) and classifies every row.
A file that cannot be read at all raises an ``InputError``; a sheet that cannot be used
becomes a ``Problem`` and its rows are still reported as skipped, so no row is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.column_roles import PART_ROLES
from bomtrace.errors import (
    EmptyInput,
    EncryptedWorkbook,
    InputNotFound,
    UnreadableFile,
    UnsupportedFormat,
)
from bomtrace.files import sha256_of
from bomtrace.ingest.delimited import read_delimited
from bomtrace.ingest.headers import (
    HEADER_SEARCH_ROWS,
    ColumnMap,
    apply_overrides,
    column_letter,
    empty_overrides,
    find_header,
)
from bomtrace.ingest.limits import DEFAULT_LIMITS, Limits
from bomtrace.ingest.rows import classify_rows
from bomtrace.ingest.sheets import RawSheet
from bomtrace.ingest.sniff import FileKind, describe, sniff
from bomtrace.ingest.workbook import read_workbook
from bomtrace.model import InputRow, Problem, RowKind, Severity, SourceRef
from bomtrace.remedies import Phrase, Setting

__all__ = [
    "DEFAULT_LIMITS",
    "NAME_THE_MARKING_COLUMN",
    "IngestedFile",
    "IngestedSheet",
    "Limits",
    "ingest_file",
]

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
_RESAVE = "Open it in Excel or LibreOffice and save it as .xlsx (or CSV UTF-8)"
_EXPORT = "Export the sheet from your spreadsheet program as .xlsx or CSV"
NAME_THE_MARKING_COLUMN = Phrase(
    "Name it with {setting}", Setting.COLUMNS, "marking=<letter>"
)
"""The remedy when no column of a sheet was recognised as the marking or part number."""


@dataclass(slots=True)
class IngestedSheet:
    """One sheet's column mapping and classified rows."""

    file: str
    name: str
    columns: ColumnMap | None
    rows: list[InputRow]
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestedFile:
    """One input file: identity (name, SHA-256), its sheets and its problems."""

    path: Path
    name: str
    sha256: str
    size: int
    kind: str
    sheets: list[IngestedSheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_sheets(
    path: Path, name: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, Iterable[RawSheet]]:
    """Opens a file after checking what its content really is; its sheets stream.

    Read each sheet's rows before taking the next sheet.
    """
    if not path.exists():
        raise InputNotFound(
            "file not found", file=name, remedy="Check the path and the file name"
        )
    if path.is_dir():
        raise InputNotFound(
            "is a folder, not a file",
            file=name,
            remedy="Name the spreadsheet files inside it",
        )
    suffix = path.suffix.lower()
    if suffix == ".ods":
        raise UnsupportedFormat(
            "OpenDocument spreadsheets are not read", file=name, remedy=_RESAVE
        )
    kind = sniff(path)
    if kind is FileKind.EMPTY:
        raise EmptyInput(
            "the file is empty",
            file=name,
            remedy="Check that the right file was exported",
        )
    if kind is FileKind.ENCRYPTED:
        raise EncryptedWorkbook(
            "the workbook is password-protected",
            file=name,
            remedy="Open it in Excel, remove the password (File > Info > Protect Workbook) and save a copy",
        )
    if kind is FileKind.LEGACY_XLS:
        raise UnsupportedFormat(
            "old Excel 97-2003 (.xls) workbooks are not read", file=name, remedy=_RESAVE
        )
    if kind is FileKind.WORKBOOK:
        sheets = read_workbook(path, name, limits)
        if suffix not in WORKBOOK_SUFFIXES:
            return "xlsx", _noted_first(
                sheets,
                f"file named {suffix or 'without a suffix'} is an .xlsx workbook",
            )
        return suffix.lstrip("."), sheets
    what = describe(path) if kind in (FileKind.TEXT, FileKind.BINARY) else ""
    if what:
        raise UnsupportedFormat(
            f"the file is {what}"
            + (", which bomtrace does not read" if "spreadsheet" in what else "")
            + (f" (though named {suffix})" if suffix else "")
            + ("" if "spreadsheet" in what else ", not a spreadsheet"),
            file=name,
            remedy=_RESAVE if "HTML" in what or "XML" in what else _EXPORT,
        )
    if kind is FileKind.TEXT:
        if suffix in WORKBOOK_SUFFIXES or suffix == ".xls":
            raise UnreadableFile(
                f"the file is named {suffix} but holds plain text, not a workbook",
                file=name,
                remedy="Rename it to .csv and run again",
            )
        return "csv" if suffix != ".tsv" else "tsv", [
            read_delimited(path, name, limits)
        ]
    raise UnreadableFile(
        "the file is neither a spreadsheet nor text", file=name, remedy=_EXPORT
    )


def _noted_first(sheets: Iterable[RawSheet], note: str) -> Iterable[RawSheet]:
    for index, sheet in enumerate(sheets):
        if index == 0:
            sheet.notes.append(note)
        yield sheet


def ingest_file(
    path: str | Path,
    *,
    overrides: Mapping[str, str] | None = None,
    display_name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestedFile:
    """Reads one input file into classified rows; raises ``InputError`` if it is unusable."""
    path = Path(path)
    name = display_name or path.name
    kind, raw_sheets = read_sheets(path, name, limits)
    result = IngestedFile(
        path=path,
        name=name,
        sha256=sha256_of(path),
        size=path.stat().st_size,
        kind=kind,
    )
    for raw in raw_sheets:
        result.sheets.append(_ingest_sheet(name, raw, overrides or {}, result.problems))
        result.problems.extend(raw.problems)
    has_parts = any(
        row.kind is RowKind.PART for sheet in result.sheets for row in sheet.rows
    )
    for sheet in result.sheets:
        if not sheet.rows:
            severity = Severity.NOTE if has_parts else Severity.ERROR
            result.problems.append(
                Problem(
                    file=name,
                    sheet=sheet.name,
                    message="the sheet is empty",
                    remedy=""
                    if has_parts
                    else "Check that the parts list was saved in this file",
                    severity=severity,
                )
            )
    return result


def _ingest_sheet(
    file: str, raw: RawSheet, overrides: Mapping[str, str], problems: list[Problem]
) -> IngestedSheet:
    if raw.hidden:
        problems.append(
            Problem(
                file=file,
                sheet=raw.name,
                message="the sheet is hidden; its rows were read",
                severity=Severity.NOTE,
            )
        )
    head = raw.rows.head(HEADER_SEARCH_ROWS)
    if not head:
        return IngestedSheet(
            file=file, name=raw.name, columns=None, rows=[], notes=raw.notes
        )
    header_row = overrides.get("header", "")
    columns = apply_overrides(
        find_header(head),
        overrides,
        raw.rows.head(int(header_row)) if header_row.isdigit() else head,
    )
    if columns is None:
        seen = [c for _, cells in head[:10] for c in cells if c][:6]
        problems.append(
            Problem(
                file=file,
                sheet=raw.name,
                message="no part-number or marking column found"
                + (
                    f" (first cells: {', '.join(repr(c[:20]) for c in seen)})"
                    if seen
                    else ""
                ),
                remedy=NAME_THE_MARKING_COLUMN,
            )
        )
        rows = [
            InputRow(
                ref=SourceRef(file=file, sheet=raw.name, row=number),
                kind=RowKind.NO_PART_COLUMN if any(cells) else RowKind.BLANK,
                reason="sheet has no recognisable part-number column"
                if any(cells)
                else "blank row",
            )
            for number, cells in raw.rows
        ]
        return IngestedSheet(
            file=file, name=raw.name, columns=None, rows=rows, notes=raw.notes
        )
    for role, col in empty_overrides(columns, head):
        part = role in PART_ROLES
        problems.append(
            Problem(
                file=file,
                sheet=raw.name,
                message=Phrase(
                    f"column {column_letter(col)}, given as {role} with {{setting}},"
                    f" is empty below the header (first {len(head)} rows checked)"
                    + ("; no row has a part number to identify" if part else ""),
                    Setting.COLUMNS,
                ),
                remedy=f"Check the letter; the columns used were {columns.describe()}",
                severity=Severity.ERROR if part else Severity.NOTE,
            )
        )
    rows = list(classify_rows(file, raw.name, raw.rows, columns))
    return IngestedSheet(
        file=file, name=raw.name, columns=columns, rows=rows, notes=raw.notes
    )

"""Workbooks: every sheet, headers in three languages, displayed values, problems per sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from bomtrace.errors import (
    EmptyInput,
    EncryptedWorkbook,
    InputNotFound,
    UnreadableFile,
    UnsupportedFormat,
)
from bomtrace.ingest import ingest_file
from bomtrace.ingest.workbook import display_value
from bomtrace.model import RowKind, Severity
from bomtrace.remedies import Setting

SHEETS = Path(__file__).parent.parent / "data" / "sheets"
BAD = Path(__file__).parent.parent / "data" / "bad"


@pytest.mark.parametrize(
    ("name", "header_row", "first_part"),
    [
        ("en_title_rows.xlsx", 4, ("STM32F405RGT6", "ST", "1", "2215", "autopilot")),
        ("uk_headers.xlsx", 3, ("STM32F405RGT6", "ST", "1", "2215", "автопілот")),
        ("ru_headers.xlsx", 3, ("L7805CV", "", "1", "1812", "")),
    ],
)
def test_headers_found_below_title_rows(
    name: str, header_row: int, first_part: tuple[str, ...]
) -> None:
    """English, Ukrainian and Russian sheets with title rows map their columns."""
    (sheet,) = ingest_file(SHEETS / name).sheets
    assert sheet.columns is not None
    assert sheet.columns.header_row == header_row
    part = next(r for r in sheet.rows if r.kind is RowKind.PART)
    assert part.ref.row == header_row + 1
    got = tuple(
        part.get(k)
        for k in ("marking", "manufacturer", "quantity", "date_code", "designator")
    )
    assert got == first_part
    kinds = [r.kind for r in sheet.rows[: header_row - 1]]
    assert all(k in (RowKind.TITLE, RowKind.BLANK) for k in kinds)


def test_every_sheet_is_read_and_hidden_sheets_are_reported() -> None:
    """All sheets are read; an empty sheet and a hidden sheet are notes, not failures."""
    result = ingest_file(SHEETS / "multi_sheet.xlsx")
    assert [s.name for s in result.sheets] == ["Board A", "Board B", "Empty", "Spare"]
    markings = [
        r.get("marking")
        for s in result.sheets
        for r in s.rows
        if r.kind is RowKind.PART
    ]
    assert markings == ["STM32F405RGT6", "NEO-M8N", "CC1101RGPR", "AO3401A"]
    problems = {(p.sheet, p.message, p.severity) for p in result.problems}
    assert ("Empty", "the sheet is empty", Severity.NOTE) in problems
    assert (
        "Spare",
        "the sheet is hidden; its rows were read",
        Severity.NOTE,
    ) in problems


def test_formulas_read_as_cached_values_and_line_breaks_kept() -> None:
    """Formula cells give Excel's cached value; a zero-padded date code keeps its zero."""
    (sheet,) = ingest_file(SHEETS / "formulas.xlsx").sheets
    first = sheet.rows[1]
    assert first.get("marking") == "ADXRS620\nBBGZ"
    assert first.get("date_code") == "0815"
    assert "Qty x2: 6" in first.get("extra")


def test_junk_rows_are_skipped_with_reasons() -> None:
    """Section, blank, repeated-header and total rows are classified, never treated as parts."""
    (sheet,) = ingest_file(SHEETS / "junk_rows.xlsx").sheets
    got = [(r.ref.row, r.kind, r.reason) for r in sheet.rows]
    assert got == [
        (1, RowKind.HEADER, "header row"),
        (2, RowKind.SECTION, "heading row: 'Power section'"),
        (3, RowKind.PART, ""),
        (4, RowKind.BLANK, "blank row"),
        (5, RowKind.BLANK, "blank row"),
        (6, RowKind.HEADER, "repeated header row"),
        (7, RowKind.SECTION, "heading row: 'Radio:'"),
        (8, RowKind.PART, ""),
        (9, RowKind.TOTAL, "total row: 'Total'"),
    ]


def test_sheet_without_part_column_keeps_its_rows_as_skipped() -> None:
    """A sheet with no part column is an error, and its rows still appear as skipped."""
    result = ingest_file(SHEETS / "no_part_column.xlsx")
    (problem,) = result.problems
    assert problem.severity is Severity.ERROR
    assert str(problem).endswith("Name it with columns=marking=<letter>")
    assert problem.setting is Setting.COLUMNS
    assert [r.kind for r in result.sheets[0].rows] == [RowKind.NO_PART_COLUMN] * 3


def test_empty_workbook_is_an_error() -> None:
    """A workbook whose only sheet is empty is an error (nothing to trace)."""
    (problem,) = ingest_file(SHEETS / "empty_sheet.xlsx").problems
    assert (problem.sheet, problem.message, problem.severity) == (
        "Sheet",
        "the sheet is empty",
        Severity.ERROR,
    )


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("password.xlsx", EncryptedWorkbook, "the workbook is password-protected"),
        (
            "legacy.xls",
            UnsupportedFormat,
            "old Excel 97-2003 (.xls) workbooks are not read",
        ),
        ("empty.csv", EmptyInput, "the file is empty"),
        (
            "text_named.xlsx",
            UnreadableFile,
            "the file is named .xlsx but holds plain text, not a workbook",
        ),
        ("binary.csv", UnreadableFile, "the file is neither a spreadsheet nor text"),
        (
            "truncated.xlsx",
            UnreadableFile,
            "the workbook cannot be opened (BadZipFile: File is not a zip file)",
        ),
        ("missing.xlsx", InputNotFound, "file not found"),
    ],
)
def test_unusable_files_raise_with_file_and_remedy(
    name: str, error: type[Exception], message: str
) -> None:
    """Each unusable file raises its own error naming the file, the problem and a remedy."""
    with pytest.raises(error) as caught:
        ingest_file(BAD / name)
    assert caught.value.message == message  # type: ignore[attr-defined]
    assert caught.value.file == name  # type: ignore[attr-defined]
    assert caught.value.remedy  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (None, "General", ""),
        (2.0, "General", "2"),
        (1.5, "General", "1.5"),
        (815, "0000", "0815"),
        (3, "0.00", "3.00"),
        (True, "General", "TRUE"),
        (dt.datetime(2022, 5, 1), "yyyy-mm-dd", "2022-05-01"),
        ("  NEO-M8N ", "General", "NEO-M8N"),
    ],
)
def test_display_value(value: object, number_format: str, shown: str) -> None:
    """Cells read as a spreadsheet program displays them."""
    assert display_value(value, number_format) == shown


def test_formulas_without_saved_values_are_reported() -> None:
    """Formula cells saved with no calculated value read as blank, and a note says how many."""
    result = ingest_file(
        Path(__file__).parent.parent / "data" / "bad" / "formulas_without_cache.xlsx"
    )
    for sheet in result.sheets:
        list(sheet.rows)
    notes = [p for p in result.problems if "formula cell(s)" in p.message]
    assert [(p.message, p.severity) for p in notes] == [
        (
            "2 formula cell(s) were saved without their values and read as blank",
            Severity.NOTE,
        )
    ]


def test_formulas_with_saved_values_give_no_note() -> None:
    """A workbook whose formulas carry cached values raises no such note."""
    result = ingest_file(SHEETS / "formulas.xlsx")
    for sheet in result.sheets:
        list(sheet.rows)
    assert not [p for p in result.problems if "formula cell(s)" in p.message]


def test_short_utf8_sheet_with_a_pasted_escape_is_text(tmp_path: Path) -> None:
    """One terminal escape pasted into a short UTF-8 sheet does not make it 'binary'."""
    path = tmp_path / "short.csv"
    path.write_text(
        "Marking\tManufacturer\tQty\nLF00AZQ2\tST\t\x1b[31mred\n", encoding="utf-8"
    )
    result = ingest_file(path)
    rows = [r for sheet in result.sheets for r in sheet.rows]
    assert [r.get("marking") for r in rows[1:]] == ["LF00AZQ2"]
    assert not result.problems


def test_a_cell_merged_down_rows_applies_to_each_row(tmp_path: Path) -> None:
    """A manufacturer merged over three rows is that of each; a merged title stays put."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Autopilot board"])
    ws.merge_cells("A1:C1")
    ws.append(["Marking", "Manufacturer", "Qty"])
    ws.append(["LM1117-3.3", "TI", 1])
    ws.append(["LM1117-5.0", None, 1])
    ws.append(["TPS5430DDAR", None, 1])
    ws.append(["NEO-M8N", "u-blox", 1])
    ws.merge_cells("B3:B5")
    path = tmp_path / "merged.xlsx"
    book.save(path)

    (sheet,) = ingest_file(path).sheets
    rows = {r.ref.row: r for r in sheet.rows}
    assert [rows[n].get("manufacturer") for n in (3, 4, 5, 6)] == [
        "TI", "TI", "TI", "u-blox",
    ]  # fmt: skip
    assert rows[1].kind is RowKind.TITLE
    assert any("merged cell(s) span rows" in note for note in sheet.notes)

"""Exports: the row contract in CSV, XLSX and JSON, with formula cells neutralised."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from bomtrace import CONTRACT_COLUMNS, trace, write_outputs
from bomtrace.column_roles import ROLE_TABLE, ROLES
from bomtrace.export.cells import neutralise
from bomtrace.export.table import COLUMNS, parse_quantity


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(
        'Marking,Manufacturer,Qty\n"=HYPERLINK(""http://x.example"",""click"")",@SUM(1+1),1\n-TR,+cmd,2\n'
        "STM32F405RGT6,ST,1\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write_outputs(trace([sheet], run_at="2024-01-01T00:00:00Z"), out)
    return out


def test_contract_columns_come_first_and_in_order() -> None:
    """The nineteen contract columns lead every output, in the order issue #2 fixed."""
    assert COLUMNS[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert CONTRACT_COLUMNS[:3] == ("source_file", "source_sheet", "source_row")
    assert len(set(COLUMNS)) == len(COLUMNS)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-TR", "'-TR"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("NEO", "NEO"),
        (3, 3),
    ],
)
def test_neutralise(value: object, shown: object) -> None:
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers do not."""
    assert neutralise(value) == shown


def test_csv_cells_cannot_run_as_formulas(hostile_run: Path) -> None:
    """No CSV cell starts with a formula trigger."""
    with (hostile_run / "hostile.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[2][3] == '\'=HYPERLINK("http://x.example","click")'


def test_xlsx_has_frozen_header_filter_widths_and_no_formulas(
    hostile_run: Path,
) -> None:
    """The XLSX reopens with a frozen header, an autofilter, set widths and text-only cells."""
    book = openpyxl.load_workbook(hostile_run / "hostile.xlsx")
    ws = book["bomtrace"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(COLUMNS))}5"
    # Stored widths include Excel's cell padding: 24 characters are stored as 24.71.
    assert ws.column_dimensions["D"].width == pytest.approx(24, abs=1)
    assert tuple(c.value for c in ws[1]) == COLUMNS
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert ws["D3"].value == '\'=HYPERLINK("http://x.example","click")'
    status = COLUMNS.index("status") + 1
    fills = {
        row[status - 1].value: row[status - 1].fill.fgColor.rgb
        for row in ws.iter_rows(min_row=2)
    }
    assert fills["matched"].endswith("E2F0D9")
    assert fills["unmatched"].endswith("F8CBAD")
    numbers = [
        c.value
        for c in ws[
            f"{openpyxl.utils.get_column_letter(COLUMNS.index('source_row') + 1)}"
        ]
    ]
    assert all(isinstance(v, int) for v in numbers[1:])  # numbers stay numbers
    facts = {r[0].value: r[1].value for r in book["run"].iter_rows()}
    assert facts, "the run sheet records the run"


def test_json_has_rows_and_run_metadata(hostile_run: Path) -> None:
    """The JSON holds every row in contract order plus inputs with SHA-256 and catalog versions."""
    document = json.loads((hostile_run / "hostile.json").read_text(encoding="utf-8"))
    assert document["format"] == "bomtrace-run"
    assert list(document["rows"][0]) == list(COLUMNS)
    assert document["rows"][1]["marking"].startswith(
        "=HYPERLINK"
    )  # JSON keeps the raw text
    (source,) = document["run"]["inputs"]
    assert len(source["sha256"]) == 64
    assert {f["name"] for f in document["run"]["catalogs"]["files"]} >= {
        "makers.csv",
        "parts.csv",
    }
    assert document["run"]["tool_version"]
    assert document["run"]["run_at"] == "2024-01-01T00:00:00Z"
    assert document["counts"] == {
        "read": 4,
        "matched": 1,
        "ambiguous": 0,
        "unmatched": 2,
        "skipped": 1,
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2), ("2.0", 2), ("3 pcs", 3), ("4 шт", 4), ("a few", None), ("", None)],
)
def test_parse_quantity(text: str, value: int | None) -> None:
    """Quantities read as whole numbers when they are."""
    assert parse_quantity(text) == value


def test_streamed_json_is_the_same_document(tmp_path: Path) -> None:
    """Rows streamed into the JSON, one per line, give the same document as one dump."""
    from bomtrace.export.run_document import write_json

    result = trace(
        [Path(__file__).parent.parent.parent / "examples" / "orlan10_teardown.xlsx"],
        run_at="2024-01-01T00:00:00Z",
    )
    whole = write_json(result.document(), tmp_path / "whole.json")
    streamed = write_json(
        result.document(rows=False),
        tmp_path / "streamed.json",
        rows=result.iter_records(),
    )
    assert json.loads(streamed.read_text(encoding="utf-8")) == json.loads(
        whole.read_text(encoding="utf-8")
    )
    lines = streamed.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if line.startswith('  {"source_file": ')) == len(
        result.outcomes
    )


def test_outputs_get_ordinary_file_permissions(
    tmp_path: Path, hostile_run: Path
) -> None:
    """Outputs are readable like any file the user writes (not owner-only temp files)."""
    import os

    umask = os.umask(0)
    os.umask(umask)
    for path in hostile_run.iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name


# Cell values a teardown sheet could hold, by role; a role added later gets a plain one.
ROLE_VALUES = {
    "marking": "LM358DR", "part_number": "LM358DR-TR", "manufacturer": "TI",
    "quantity": "2", "date_code": "2215", "lot_code": "A7K9", "designator": "U4",
    "description": "Op amp", "notes": "checked twice",
}  # fmt: skip


def test_every_role_is_written_to_its_column(tmp_path: Path) -> None:
    """A sheet with a column for every role of the role table: CSV, XLSX and JSON each
    hold every role's cell, as read, in that role's output column; the XLSX column has
    the role's width."""
    values = {role: ROLE_VALUES.get(role, f"{role} as read") for role in ROLES}
    sheet = tmp_path / "every_role.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([ROLE_TABLE[role].english[0] for role in ROLES])
        writer.writerow([values[role] for role in ROLES])
    out = tmp_path / "out"
    write_outputs(trace([sheet], run_at="2024-01-01T00:00:00Z"), out)
    # Output row 1 is the sheet's header row (skipped), row 2 its part row.
    with (out / "every_role.csv").open(encoding="utf-8", newline="") as handle:
        csv_row = list(csv.DictReader(handle))[1]
    document = json.loads((out / "every_role.json").read_text(encoding="utf-8"))
    json_row = document["rows"][1]
    ws = openpyxl.load_workbook(out / "every_role.xlsx")["bomtrace"]
    xlsx_row = dict(zip(COLUMNS, (c.value for c in ws[3]), strict=True))
    assert csv_row["source_row"] == "2" and csv_row["status"] != "skipped"
    # Neighbouring columns of one width are stored as one range (min..max).
    widths = {
        index: dim.width
        for dim in ws.column_dimensions.values()
        for index in range(dim.min, dim.max + 1)
    }
    for role in ROLES:
        column = ROLE_TABLE[role].column
        assert csv_row[column] == values[role], role
        assert str(json_row[column]) == values[role], role
        assert str(xlsx_row[column]) == values[role], role
        assert widths[COLUMNS.index(column) + 1] == pytest.approx(
            ROLE_TABLE[role].width, abs=1
        )
    assert csv_row["extra"] == ""  # no cell of the sheet was left without a role

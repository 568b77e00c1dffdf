"""The fast reader (calamine, whole sheets) reads every cell as the streaming one does.

Workbooks are written by openpyxl (shared strings) and by XlsxWriter (inline strings,
formulas with cached values), with numbers, long integers, dates, times, booleans,
error values and text in many number formats, at any offset, with merged cells. Each
is read twice, fast and streamed (``max_sheet_in_memory_mb=0``), and the rows, notes
and problems must be equal. Then the cases the fast reader must leave alone: a sheet
naming a far cell, a string repeated past the budget, damage, a workbook calamine
would have to parse with entities.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from bomtrace.ingest import Limits, ingest_file
from bomtrace.ingest.workbook import read_workbook, unescape_excel

BAD = Path(__file__).parent.parent / "data" / "bad"
SHEETS = Path(__file__).parent.parent / "data" / "sheets"
STREAMED = Limits(max_sheet_in_memory_mb=0)

FORMATS = [
    "General", "0", "0000", "0.00", "#,##0", "0%", "0.00E+00", "@", '0 "pcs"',
    "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "dd/mm/yy", "hh:mm:ss", "[h]:mm", "mmm yy",
]  # fmt: skip
TEXT = st.lists(
    st.sampled_from([*"AZaz09 -_/#.,\nЖжі部", "_x000D_", "_x005F_"]), max_size=12
).map("".join)
VALUES = st.one_of(
    TEXT,
    st.integers(-(10**6), 10**6),
    st.integers(2**53, 10**19),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(
        min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2099, 12, 31)
    ),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)),
    st.times(),
    st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!"]),
)
CELLS = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 4), VALUES, st.sampled_from(FORMATS)),
    min_size=1,
    max_size=24,
)


def _openpyxl_book(
    cells: list[tuple[int, int, Any, str]], top: int, left: int, merge: bool = True
) -> bytes:
    book = Workbook()
    ws = book.active
    for row, col, value, fmt in cells:
        cell = ws.cell(row=top + row + 1, column=left + col + 1)
        cell.value = value
        cell.number_format = fmt
    if merge:  # the first column's top three cells, as a board or maker is merged
        first = top + 1
        ws.merge_cells(
            start_row=first,
            start_column=left + 1,
            end_row=first + 2,
            end_column=left + 1,
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsxwriter_book(
    cells: list[tuple[int, int, Any, str]], top: int, left: int
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    ws = book.add_worksheet("Parts")
    formats = {f: book.add_format({"num_format": f}) for f in FORMATS}
    placed: dict[tuple[int, int], tuple[Any, str]] = {}
    for row, col, value, fmt in cells:
        placed[(top + row, left + col)] = (value, fmt)
    for (row, col), (value, fmt) in sorted(placed.items()):
        style = formats[fmt]
        if isinstance(value, dt.datetime | dt.date | dt.time):
            ws.write_datetime(row, col, value, style)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, style)
        elif isinstance(value, int | float) and abs(value) < 1e15:
            # A formula with its cached value, as Excel saves it.
            ws.write_formula(row, col, f"={value!r}", style, value)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, style)
        elif value.startswith("#"):
            ws.write_formula(row, col, "=NA()", style, value)
        else:
            ws.write_string(row, col, value, style)
    book.close()
    return buffer.getvalue()


def _read(path: Path, limits: Limits | None = None) -> list[tuple[Any, ...]]:
    """Each sheet: name, rows, notes, problems and the reader used (rows read in turn)."""
    read = []
    for sheet in read_workbook(path, path.name, limits or Limits()):
        rows = [(number, list(cells)) for number, cells in sheet.rows]
        problems = [str(p) for p in sheet.problems]
        read.append((sheet.name, rows, sheet.notes, problems, sheet.reader))
    return read


def _same_both_ways(path: Path) -> list[tuple[Any, ...]]:
    fast, slow = _read(path), _read(path, STREAMED)
    assert [s[:4] for s in fast] == [s[:4] for s in slow]
    assert {s[4] for s in slow} == {"streamed"}
    return fast


@settings(
    max_examples=int(os.environ.get("WHOLE_SHEET_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cells=CELLS,
    top=st.integers(0, 3),
    left=st.integers(0, 3),
    writer=st.sampled_from(["openpyxl", "xlsxwriter"]),
)
def test_fast_and_streamed_readers_read_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    cells: list[tuple[int, int, Any, str]],
    top: int,
    left: int,
    writer: str,
) -> None:
    """Any mix of values, formats and offsets reads the same fast and streamed, and the
    fast reader is the one used (a number too large for calamine's dates may stream)."""
    data = (
        _openpyxl_book(cells, top, left)
        if writer == "openpyxl"
        else _xlsxwriter_book(cells, top, left)
    )
    path = tmp_path_factory.mktemp("whole") / "sheet.xlsx"
    path.write_bytes(data)
    fast = _same_both_ways(path)
    huge = any(
        isinstance(v, int | float) and not isinstance(v, bool) and abs(v) >= 1e10
        for _, _, v, _ in cells
    )
    assert {s[4] for s in fast} == {"whole"} or huge


def _raw_book(path: Path, cells: str, strings: tuple[str, ...] = ()) -> Path:
    """A workbook written by hand: one sheet holding ``cells`` (``<c>`` elements of row 2
    below a header in A1), styles 1-4 formatted ``0000``, ``0.00``, ``yyyy-mm-dd`` and
    ``yyyy-mm-dd hh:mm``, and ``strings`` after the header in the shared strings."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    formats = ["0000", "0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"]
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Parts" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><numFmts count="{len(formats)}">'
            + "".join(
                f'<numFmt numFmtId="{164 + i}" formatCode="{f}"/>'
                for i, f in enumerate(formats)
            )
            + '</numFmts><cellXfs count="5"><xf numFmtId="0"/>'
            + "".join(f'<xf numFmtId="{164 + i}"/>' for i in range(len(formats)))
            + "</cellXfs></styleSheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}"><si><t>Marking</t></si>'
            + "".join(f"<si><t>{s}</t></si>" for s in strings)
            + "</sst>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>'
            f'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2">{cells}</row>'
            "</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return path


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('<c r="A2" s="1"><v>815</v></c>', "0815"),
        ('<c r="A2" s="2"><v>3</v></c>', "3.00"),
        ('<c r="A2" s="3"><v>44682.5729166667</v></c>', "2022-05-01"),
        ('<c r="A2" s="4"><v>44682.5729166667</v></c>', "2022-05-01 13:45"),
        ('<c r="A2" s="3" t="d"><v>2022-05-01T13:45:00</v></c>', "2022-05-01"),
        ('<c r="A2"><v>12345678901234567890</v></c>', "12345678901234567890"),
        ('<c r="A2" t="e"><f>NA()</f><v>#N/A</v></c>', "#N/A"),
        ('<c r="A2" t="s"><v>1</v></c>', "line\r\nbreak"),
        ('<c r="A2" t="s"><v>2</v></c>', "kept_x000D_"),
        (
            '<c r="A2" t="str"><f>A1</f><v>ADXRS620_x000D_&#10;BBGZ</v></c>',
            "ADXRS620\r\nBBGZ",
        ),
        ('<c r="A2" t="inlineStr"><is><t>LM358_x000D_</t></is></c>', "LM358"),
        ('<c r="A2" s="3"><v>-1e300</v></c>', "#VALUE!"),
    ],
)
def test_cells_read_as_displayed_by_both_readers(
    tmp_path: Path, cell: str, shown: str
) -> None:
    """Formats that change how a number looks, ISO dates, long integers, errors, Excel's
    escapes in shared, formula and inline text, and a date far out of range."""
    path = _raw_book(
        tmp_path / "cells.xlsx", cell, ("line_x000D_\nbreak", "kept_x005F_x000D_")
    )
    fast = _same_both_ways(path)
    assert fast[0][1] == [(1, ["Marking"]), (2, [shown])]
    # The date far out of range is left to the streaming reader (calamine would panic).
    assert fast[0][4] == ("streamed" if "e300" in cell else "whole")


def test_excel_escapes_decode_as_calamine_decodes_them() -> None:
    """``_x00HH_`` is one character; ``_x005F_`` an underscore, so an escaped escape stays."""
    assert unescape_excel("a_x000D_b_x0009_c") == "a\rb\tc"
    assert unescape_excel("_x005F_x000D_") == "_x000D_"
    assert unescape_excel("no escapes") == "no escapes"


@pytest.mark.parametrize(
    "name", ["formulas.xlsx", "multi_sheet.xlsx", "junk_rows.xlsx", "uk_headers.xlsx"]
)
def test_bundled_sheets_read_the_same_fast(name: str) -> None:
    """The test sheets read the same by both readers, the fast one taking every sheet."""
    fast = _same_both_ways(SHEETS / name)
    assert {s[4] for s in fast} == {"whole"}


def test_a_far_cell_is_not_loaded_whole(tmp_path: Path) -> None:
    """A lone cell at XFD1048576 would make a grid of 17 billion cells: the sheet streams,
    and its rows are the same."""
    book = Workbook()
    ws = book.active
    for row in (["Marking", "Qty"], ["STM32F405RGT6", 1], ["LM358DR", 2]):
        ws.append(row)
    ws.cell(row=1_048_576, column=16_384).value = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    fast = _same_both_ways(path)
    assert fast[0][4] == "streamed"
    assert fast[0][1][:3] == [
        (1, ["Marking", "Qty"]),
        (2, ["STM32F405RGT6", "1"]),
        (3, ["LM358DR", "2"]),
    ]


def test_a_long_string_repeated_past_the_budget_streams(tmp_path: Path) -> None:
    """calamine copies a shared string into every cell using it: 3,000 cells of one
    30,000-character string would take 90 MB, so with a 64 MiB budget the sheet streams."""
    path = tmp_path / "repeated.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Parts")
    ws.write_row(0, 0, ["Marking", "Notes"])
    note = "".join(chr(0x410 + (i * 7919) % 64) for i in range(30_000))
    for number in range(1, 3_001):
        ws.write_row(number, 0, [f"PART{number}", note])
    book.close()
    (sheet,) = _read(path, Limits(max_sheet_in_memory_mb=64))
    assert sheet[4] == "streamed"
    assert len(sheet[1]) == 3_001
    (small,) = _read(path, Limits(max_sheet_in_memory_mb=1024))
    assert small[4] == "whole"
    assert small[1] == sheet[1]


def test_a_damaged_sheet_streams_and_keeps_its_rows_before_the_damage() -> None:
    """calamine refuses a sheet cut short; the streaming reader keeps the rows before the
    damage and names it, as it always has."""
    result = ingest_file(BAD / "sheet_cut_short.xlsx")
    (problem,) = result.problems
    assert problem.message.startswith("the sheet is damaged (ParseError")
    assert problem.message.endswith("the rows up to 4 were read")


def test_calamine_expands_no_entities() -> None:
    """The second layer behind the container check: given a billion-laughs workbook
    directly (bomtrace never does this), calamine refuses the entity instead of expanding it."""
    with pytest.raises(Exception, match="unrecognized entity"):
        CalamineWorkbook.from_path(str(BAD / "billion_laughs.xlsx"))


def test_hostile_workbooks_never_reach_calamine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every workbook the container check refuses is refused before calamine opens it."""
    opened: list[str] = []
    real = CalamineWorkbook.from_path

    def spy(path: str, *args: Any, **kwargs: Any) -> Any:
        opened.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(CalamineWorkbook, "from_path", spy)
    refused = [
        "billion_laughs.xlsx", "xxe_local_file.xlsx", "xxe_workbook_part.xlsx",
        "dtd_utf16.xlsx", "dtd_after_padding.xlsx", "zip_bomb_ratio.xlsx",
        "zip_bomb_size.xlsx", "zip_size_lie.xlsx", "zip_many_parts.xlsx",
    ]  # fmt: skip
    for name in refused:
        with pytest.raises(Exception):  # noqa: B017 - each raises its own InputError
            ingest_file(BAD / name)
    assert opened == []
    ingest_file(SHEETS / "en_title_rows.xlsx")
    assert opened == ["en_title_rows.xlsx"]


def test_a_utf16_sheet_streams(tmp_path: Path) -> None:
    """calamine reads UTF-8 XML only: a workbook with a UTF-16 part streams."""
    source = SHEETS / "en_title_rows.xlsx"
    path = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").replace(
                    'encoding="UTF-8"', 'encoding="UTF-16"'
                )
                data = text.encode("utf-16")
            new.writestr(item, data)
    (sheet,) = _read(path)
    assert sheet[4] == "streamed"
    assert sheet[1] == _read(source)[0][1]


@pytest.mark.parametrize(
    "cells",
    [
        '<c t="s"><v>1</v></c><c r="B2"><v>3</v></c>',
        '<c r="A2" t="s"><v>1</v></c></row><row><c r="A3"><v>7</v></c>',
    ],
)
def test_cells_or_rows_without_a_reference_stream(tmp_path: Path, cells: str) -> None:
    """A sheet whose cells or rows carry no ``r`` (valid, but not what spreadsheet
    programs write) is left to the streaming reader, which places them itself."""
    path = _raw_book(tmp_path / "unnamed.xlsx", cells, ("LM358DR",))
    (sheet,) = _read(path)
    assert sheet[4] == "streamed"
    assert sheet[1][1][1][0] == "LM358DR"

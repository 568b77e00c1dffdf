"""CSV/TSV: the same rows whatever the encoding and delimiter."""

from __future__ import annotations

from pathlib import Path

import pytest

from bomtrace.ingest import ingest_file
from bomtrace.ingest.delimited import detect_delimiter, detect_encoding
from bomtrace.model import RowKind

DELIMITED = Path(__file__).parent.parent / "data" / "delimited"
EXPECTED_PARTS = [
    ("STM32F405RGT6", "STMicroelectronics", "1", "2215"),
    ("АD8221ARZ", "Аналог Девайсез", "2", "1652"),
    ("LM358DR", "", "3", ""),
    ("NEO-M8N", "u-blox", "1", "1816"),
]


@pytest.mark.parametrize("name", sorted(p.name for p in DELIMITED.iterdir()))
def test_same_rows_in_every_encoding(name: str) -> None:
    """UTF-8 with and without BOM, UTF-16, cp1251, ';' and tab files give identical rows."""
    result = ingest_file(DELIMITED / name)
    (sheet,) = result.sheets
    assert sheet.columns is not None
    assert sheet.columns.header_row == 2
    parts = [
        (r.get("marking"), r.get("manufacturer"), r.get("quantity"), r.get("date_code"))
        for r in sheet.rows
        if r.kind is RowKind.PART
    ]
    assert parts == EXPECTED_PARTS
    assert [r.ref.row for r in sheet.rows] == [1, 2, 3, 4, 5, 6, 7]
    assert sheet.rows[-1].kind is RowKind.TOTAL


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Маркування".encode("utf-8-sig"), "utf-8-sig"),
        ("Маркування".encode("utf-16"), "utf-16"),
        ("Маркировка;Производитель;Кол-во\n".encode("cp1251"), "cp1251"),
        (b"Marking,Qty\n", "utf-8"),
    ],
)
def test_detect_encoding(data: bytes, encoding: str) -> None:
    """Encodings are told from the BOM, strict UTF-8, or the Cyrillic code page."""
    assert detect_encoding(data) == encoding


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a;b;c\n1;2;3\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\tc\n1\t2\t3\n", "\t")],
)
def test_detect_delimiter(text: str, delimiter: str) -> None:
    """The delimiter is sniffed among comma, semicolon and tab."""
    assert detect_delimiter(text, ".csv") == delimiter


def test_quoted_line_breaks_keep_record_numbers(tmp_path: Path) -> None:
    """A marking split over lines inside quotes is one cell and one row number."""
    path = tmp_path / "lines.csv"
    path.write_text('Marking,Qty\n"ADXRS620\nBBGZ",1\nNEO-M8N,2\n', encoding="utf-8")
    (sheet,) = ingest_file(path).sheets
    assert [(r.ref.row, r.get("marking")) for r in sheet.rows[1:]] == [
        (2, "ADXRS620\nBBGZ"),
        (3, "NEO-M8N"),
    ]

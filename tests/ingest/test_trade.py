"""Reading trade-records files: the documented columns, periods as dates, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from bomtrace.errors import ReferenceFileError
from bomtrace.ingest.trade import TRADE_COLUMNS, parse_period, read_trade_file

HEADER = ",".join(TRADE_COLUMNS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-15", (dt.date(2022, 6, 15), dt.date(2022, 6, 15))),
        ("15.06.2022", (dt.date(2022, 6, 15), dt.date(2022, 6, 15))),
        ("2022-06", (dt.date(2022, 6, 1), dt.date(2022, 6, 30))),
        ("2022", (dt.date(2022, 1, 1), dt.date(2022, 12, 31))),
        ("2022-06/2022-08", (dt.date(2022, 6, 1), dt.date(2022, 8, 31))),
        ("2022-06-15 00:00:00", (dt.date(2022, 6, 15), dt.date(2022, 6, 15))),
        ("2022-08/2022-06", None),
        ("June 2022", None),
        ("2022-13", None),
    ],
)
def test_parse_period(text: str, expected: tuple[dt.date, dt.date] | None) -> None:
    """Days, months, years and from/to periods become first and last days; others None."""
    assert parse_period(text) == expected


def test_reads_csv_with_any_column_order(tmp_path: Path) -> None:
    """Columns are found by name in any order and case; every record cites its row."""
    path = tmp_path / "trade.csv"
    path.write_text(
        "Source;MPN;Date;Sender;Receiver;HS_Code\n"
        "customs extract (fictional);STM32F405RGT6;2022-07-01;Fictional Sender Ltd;Fictional Receiver OOO;8542.31.0000\n",
        encoding="utf-8",
    )
    result = read_trade_file(path)
    (record,) = result.records
    assert (record.mpn, record.hs_code, record.sender) == (
        "STM32F405RGT6",
        "8542.31.0000",
        "Fictional Sender Ltd",
    )
    assert record.date_from == dt.date(2022, 7, 1)
    assert (record.ref.file, record.ref.row) == ("trade.csv", 2)
    assert result.notes == []


def test_reads_xlsx(tmp_path: Path) -> None:
    """An XLSX trade file is read from its first sheet; undated records are counted in a note."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(TRADE_COLUMNS))
    sheet.append(
        [
            "",
            "A Ltd",
            "HK",
            "B OOO",
            "RU",
            "modules",
            "851762",
            "",
            "",
            "5",
            "",
            "",
            "fictional",
        ]
    )
    path = tmp_path / "trade.xlsx"
    book.save(path)
    result = read_trade_file(path)
    assert result.records[0].hs_code == "851762"
    assert result.undated == 1
    assert "without a readable date" in result.notes[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "date,sender,receiver,source\n2022,A,B,x\n",
            'no sheet has the columns of trade records (sheet "t": no header row names',
        ),
        (
            "date,hs_code,quantity\n2022,8542,5\n",
            'no sheet has the columns of trade records (sheet "t": the header (row 1) '
            "names no sender/exporter or receiver/importer column)",
        ),
        ("", "the file is empty"),
    ],
)
def test_bad_trade_files(tmp_path: Path, content: str, message: str) -> None:
    """A trade file without the needed columns raises an error that says which and what to do."""
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as caught:
        read_trade_file(path)
    assert caught.value.message.startswith(message)
    assert caught.value.remedy


def test_source_and_receiver_are_optional(tmp_path: Path) -> None:
    """A record without a source cites its file and row; a sender alone is enough."""
    path = tmp_path / "t.csv"
    path.write_text("date,sender,hs_code\n2022,A,8542\n", encoding="utf-8")
    result = read_trade_file(path)
    (record,) = result.records
    assert record.source == "t.csv, row 2 (no source column)"
    assert result.notes == ["1 record(s) without a source: each cites its file and row"]

"""Reading trade-records files (``--trade FILE``): shipments shaped like customs declarations.

I/O at the edge. A CSV (any of the encodings and delimiters teardown CSVs come in) or
XLSX file whose first row names the columns below, in any order and case; the rest may
be blank. CSV files are streamed, so a million records stay within memory:

    date, sender, sender_country, receiver, receiver_country, goods_description,
    hs_code, manufacturer, mpn, quantity, value, currency, source

``date`` may be a day (``2022-06-15``, ``15.06.2022``), a month (``2022-06``), a year, or
a period (``2022-06/2022-08``) when a source gives only that. Every record needs a
``source``: a shipment cited in a report must say where it comes from.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.errors import InputError, ReferenceFileError
from bomtrace.ingest.delimited import detect_delimiter, detect_encoding
from bomtrace.ingest.sniff import FileKind, sniff
from bomtrace.ingest.workbook import read_workbook
from bomtrace.model import SourceRef, TradeRecord

TRADE_COLUMNS = (
    "date", "sender", "sender_country", "receiver", "receiver_country",
    "goods_description", "hs_code", "manufacturer", "mpn", "quantity", "value",
    "currency", "source",
)  # fmt: skip
REQUIRED = ("date", "sender", "receiver", "source")
# Columns whose values repeat a lot: one string object per distinct value saves memory.
_SHARED = frozenset(
    ("sender", "sender_country", "receiver", "receiver_country", "hs_code",
     "manufacturer", "currency", "source", "goods_description", "date")
)  # fmt: skip

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_EU = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(slots=True)
class TradeFile:
    """The records of one trade file, and what could not be read in it."""

    name: str
    records: list[TradeRecord] = field(default_factory=list)
    undated: int = 0
    notes: list[str] = field(default_factory=list)


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """Reads a date, month, year or 'from/to' period as its first and last day."""
    text = text.strip()
    if "/" in text and not _DAY_EU.match(text):
        head, _, tail = text.partition("/")
        start, end = parse_period(head), parse_period(tail)
        if start is None or end is None or end[1] < start[0]:
            return None
        return start[0], end[1]
    try:
        if day := _DAY.match(text):
            first = dt.date(int(day[1]), int(day[2]), int(day[3]))
            return first, first
        if day_eu := _DAY_EU.match(text):
            first = dt.date(int(day_eu[3]), int(day_eu[2]), int(day_eu[1]))
            return first, first
        if month_found := _MONTH.match(text):
            year, month = int(month_found[1]), int(month_found[2])
            days = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, days)
        if year_found := _YEAR.match(text):
            year = int(year_found[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
    return None


def _header_map(cells: Sequence[str], name: str) -> dict[str, int]:
    columns = {}
    for index, cell in enumerate(cells):
        key = re.sub(r"[\s\-]+", "_", cell.strip().lower().lstrip("\ufeff"))
        if key in TRADE_COLUMNS and key not in columns:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ReferenceFileError(
            f"trade records lack the column(s) {', '.join(missing)}",
            file=name,
            remedy=f"Name the first row's columns {', '.join(TRADE_COLUMNS)} (README: Trade records)",
        )
    if not {"hs_code", "mpn", "manufacturer"} & columns.keys():
        raise ReferenceFileError(
            "trade records have no hs_code, mpn or manufacturer column, so no shipment can be linked to a part",
            file=name,
            remedy="Add at least an hs_code or an mpn column",
        )
    return columns


def _rows_of_text(path: Path, name: str) -> Iterator[tuple[int, Sequence[str]]]:
    with path.open("rb") as raw:
        head = raw.read(65536)
    encoding = detect_encoding(head)
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        with path.open(encoding=encoding, newline="", errors="strict") as handle:
            sample = handle.read(65536)
            delimiter = detect_delimiter(sample, path.suffix.lower())
            handle.seek(0)
            yield from enumerate(csv.reader(handle, delimiter=delimiter), 1)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ReferenceFileError(
            f"the trade records cannot be read as {encoding} text ({exc})",
            file=name,
            remedy="Save the file again as CSV UTF-8",
        ) from exc


def _rows_of_workbook(path: Path, name: str) -> Iterator[tuple[int, Sequence[str]]]:
    try:
        sheets = read_workbook(path, name)
    except InputError as exc:
        raise ReferenceFileError(exc.message, file=name, remedy=exc.remedy) from exc
    first = next(iter(sheets), None)
    if first is None:
        return
    yield from first.rows


def read_trade_file(path: str | Path) -> TradeFile:
    """Reads a trade-records file (CSV or XLSX) into shipments, each citing its row."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ReferenceFileError(
            "trade-records file not found", file=name, remedy="Check the --trade path"
        )
    kind = sniff(path)
    if kind in (FileKind.EMPTY,):
        raise ReferenceFileError(
            "the trade-records file is empty", file=name, remedy="Check the export"
        )
    if kind not in (FileKind.WORKBOOK, FileKind.TEXT):
        raise ReferenceFileError(
            "the trade-records file is neither CSV nor XLSX",
            file=name,
            remedy="Save it as CSV UTF-8 or .xlsx",
        )
    rows = (
        _rows_of_workbook(path, name)
        if kind is FileKind.WORKBOOK
        else _rows_of_text(path, name)
    )
    result = TradeFile(name=name)
    columns: dict[str, int] | None = None
    shared: dict[str, str] = {}
    periods: dict[str, tuple[dt.date, dt.date] | None] = {}
    sheet = path.stem
    unsourced = 0
    for number, cells in rows:
        if columns is None:
            if any(c.strip() for c in cells):
                columns = _header_map(cells, name)
                wanted = tuple((c, i, c in _SHARED) for c, i in columns.items())
            continue
        if not any(cells):
            continue
        values: dict[str, str] = {}
        width = len(cells)
        for column, index, repeats in wanted:
            value = cells[index].strip() if index < width else ""
            values[column] = shared.setdefault(value, value) if repeats else value
        date = values.get("date", "")
        if date not in periods:
            periods[date] = parse_period(date)
        period = periods[date]
        if period is None:
            result.undated += 1
        if not values.get("source"):
            unsourced += 1
        result.records.append(
            TradeRecord(
                ref=SourceRef(file=name, sheet=sheet, row=number),
                date_from=period[0] if period else None,
                date_to=period[1] if period else None,
                **values,
            )
        )
    if columns is None:
        raise ReferenceFileError(
            "the trade-records file has no header row",
            file=name,
            remedy=f"Name the columns {', '.join(TRADE_COLUMNS)} in the first row",
        )
    if result.undated:
        result.notes.append(
            f"{result.undated} record(s) without a readable date: they are linked only "
            "when no production window and no recovery date bound the search"
        )
    if unsourced:
        result.notes.append(
            f"{unsourced} record(s) without a source: cite where each shipment comes from"
        )
    return result

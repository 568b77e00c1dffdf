"""Reading trade records (``--trade FILE``): customs declarations as investigators get them.

I/O at the edge. A file is read by the machinery that reads teardown sheets: its kind
told from its content, CSV in any encoding and delimiter, every sheet of a workbook,
a Parquet file (its column names as the header), the header row found below title rows from header words in English, Russian and
Ukrainian (``trade_columns``: a Russian declaration export, a Ukrainian one, a data
vendor's English export, or bomtrace's own ``date, sender, ... source`` names). A
mapping (``columns={"goods_description": "F"}``, ``--trade-columns``) names the
columns of layouts it cannot guess. Each row is read into a ``TradeRecord``: dates,
goods codes, countries, quantities and tax numbers normalised, and the part numbers
read out of the goods description with the free-text extractor that reads teardown
name cells; what the declaration wrote is kept beside the reading.

``TradeReader`` streams: it yields records as rows are read and parses each distinct
description once, so an importer of a ten-million-row export (the store of the Scale
issue) reads the file once through the same code. ``read_trade_file`` collects them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.errors import InputError, ReferenceFileError
from bomtrace.ingest import read_sheets
from bomtrace.ingest.headers import HEADER_SEARCH_ROWS, ColumnMap, column_index
from bomtrace.ingest.limits import DEFAULT_LIMITS, Limits
from bomtrace.ingest.parquet_sheet import is_parquet, read_parquet_sheet
from bomtrace.ingest.sheets import RawSheet
from bomtrace.ingest.trade_columns import (
    LINK_ROLES,
    PARTY_ROLES,
    find_trade_header,
    score_trade_header,
)
from bomtrace.model import PartyId, SourceRef, TradeRecord
from bomtrace.normalise.countries import country_code
from bomtrace.normalise.declarations import (
    DateReading,
    DeclaredGoods,
    parse_period,
    read_date,
    read_goods,
    read_quantity,
)
from bomtrace.normalise.party_ids import read_ids
from bomtrace.remedies import LIBRARY_WORDS, Phrase, Setting

__all__ = [
    "TRADE_COLUMNS",
    "TradeFile",
    "TradeReader",
    "parse_period",
    "read_trade_file",
]

# bomtrace's own column names, still read as they are.
TRADE_COLUMNS = (
    "date", "sender", "sender_country", "receiver", "receiver_country",
    "goods_description", "hs_code", "manufacturer", "mpn", "quantity", "value",
    "currency", "source",
)  # fmt: skip
# Columns whose values repeat a lot: one string object per distinct value saves memory.
_SHARED = frozenset(
    ("sender", "sender_country", "receiver", "receiver_country", "hs_code",
     "manufacturer", "currency", "goods_description", "date", "brand", "unit",
     "origin_country", "sender_address", "receiver_address")
)  # fmt: skip
_COUNTRIES = ("sender_country", "receiver_country", "origin_country")
_CURRENCY_IN_HEADER = re.compile(r"\b(usd|eur|rub|cny|hkd|uah|руб|долл)\b")
_CURRENCY_NAMES = {"руб": "RUB", "долл": "USD"}
# Distinct descriptions parsed and kept for reuse; past this, the oldest are dropped.
_DESCRIPTION_CACHE = 200_000
# Names no command-line option: the CLI and the web app say how to give the mapping.
_REMEDY = (
    "Name the columns with a trade column mapping, e.g. "
    "header=1,date=A,sender=B,receiver=D,goods_description=F,hs_code=G"
)


@dataclass(slots=True)
class TradeFile:
    """The records of one trade file, and what could not be read in it."""

    name: str
    records: list[TradeRecord] = field(default_factory=list)
    undated: int = 0
    notes: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)


class TradeReader:
    """Streams the records of one trade-records file (iterate once); notes fill in as it goes.

    Args:
        path: a CSV/TSV or XLSX file.
        columns: role -> column overrides (``{"goods_description": "F", "header": "3"}``).
        logos: maker names and logos, upper-cased -> maker (the catalog index's), so
            descriptions' maker names are set aside from part numbers and kept.
        limits: the ingest limits (rows, cells, unpacked size).
        display_name: the file's name in citations (default: its file name).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        columns: Mapping[str, str] | None = None,
        logos: Mapping[str, str] | None = None,
        limits: Limits = DEFAULT_LIMITS,
        display_name: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.name = display_name or self.path.name
        self.overrides = dict(columns or {})
        self.logos = logos or {}
        self.limits = limits
        self.count = 0
        self.undated = 0
        self.notes: list[str] = []
        self.layouts: list[str] = []
        self._unsourced = 0
        self._spans = 0
        self._skipped = 0
        self._shared: dict[str, str] = {}
        self._goods: dict[str, DeclaredGoods] = {}
        self._ids: dict[tuple[str, str, str], tuple[PartyId, ...]] = {}
        self._countries: dict[str, str] = {}
        self._dates: dict[str, DateReading | None] = {}

    def __iter__(self) -> Iterator[TradeRecord]:
        if not self.path.is_file():
            raise ReferenceFileError(
                "trade-records file not found",
                file=self.name,
                remedy=Phrase("Check the {setting} path", Setting.TRADE),
            )
        try:
            sheets: Iterable[RawSheet]
            if is_parquet(self.path):
                sheets = [read_parquet_sheet(self.path, self.name, self.limits)]
            else:
                _, sheets = read_sheets(self.path, self.name, self.limits)
            rejected: list[str] = []
            for sheet in sheets:
                head = sheet.rows.head(HEADER_SEARCH_ROWS)
                columns = self._columns(head)
                problem = _unusable(columns, head)
                if problem:
                    rejected.append(f'sheet "{sheet.name}": {problem}')
                    continue
                assert columns is not None
                self.layouts.append(f'sheet "{sheet.name}": {columns.describe()}')
                yield from self._records(sheet.name, sheet.rows, columns)
                for found in sheet.problems:
                    self.notes.append(
                        f'sheet "{found.sheet}": {LIBRARY_WORDS(found.message)}'
                    )
        except ReferenceFileError:
            raise
        except InputError as exc:
            raise ReferenceFileError(
                exc.message, file=self.name, remedy=exc.remedy
            ) from exc
        if not self.layouts:
            raise ReferenceFileError(
                "no sheet has the columns of trade records ("
                + "; ".join(rejected or ["the file holds no rows"])
                + ")",
                file=self.name,
                remedy=_REMEDY,
            )
        self.notes.extend(f"{r}; the sheet was not read" for r in rejected)
        self._summarise()

    def _columns(self, head: Sequence[tuple[int, Sequence[str]]]) -> ColumnMap | None:
        """The detected columns, with the user's mapping applied role by role."""
        detected = find_trade_header(head)
        if not self.overrides:
            return detected
        given_row = self.overrides.get("header", "")
        header_row = (
            int(given_row) if given_row else (detected.header_row if detected else 0)
        )
        headers = next((cells for n, cells in head if n == header_row), ())
        roles = (
            dict(detected.roles)
            if detected and detected.header_row == header_row
            else score_trade_header(headers)
        )
        given = {
            role: column_index(col, headers)
            for role, col in self.overrides.items()
            if role != "header"
        }
        roles = {r: c for r, c in roles.items() if c not in given.values()}
        roles.update(given)
        return ColumnMap(
            header_row=header_row,
            roles=roles,
            headers=tuple(headers),
            overridden=tuple(given),
        )

    def _records(
        self, sheet: str, rows: Iterable[tuple[int, Sequence[str]]], columns: ColumnMap
    ) -> Iterator[TradeRecord]:
        wanted = tuple(
            (role, index, role in _SHARED) for role, index in columns.roles.items()
        )
        headers = columns.headers
        header_cells = [c.strip().casefold() for c in headers]
        currency = _currency_of(headers, columns)
        for number, cells in rows:
            if number <= columns.header_row or not any(c.strip() for c in cells):
                continue
            if (
                header_cells
                and cells[0].strip().casefold() == header_cells[0]
                and [c.strip().casefold() for c in cells[: len(header_cells)]]
                == header_cells
            ):
                self._skipped += 1  # a header repeated on a later page
                continue
            values: dict[str, str] = {}
            width = len(cells)
            for role, index, repeats in wanted:
                value = cells[index].strip() if index < width else ""
                values[role] = self._share(value) if repeats else value
            if not any(values.values()):
                self._skipped += 1
                continue
            self.count += 1
            yield self._record(
                SourceRef(file=self.name, sheet=sheet, row=number),
                values,
                headers,
                columns,
                currency,
            )

    def _record(
        self,
        ref: SourceRef,
        values: dict[str, str],
        headers: Sequence[str],
        columns: ColumnMap,
        currency: str,
    ) -> TradeRecord:
        given: list[tuple[str, str]] = []
        date = values.get("date", "")
        if date not in self._dates:
            if len(self._dates) >= _DESCRIPTION_CACHE:
                self._dates.clear()
            self._dates[date] = read_date(date)
        reading = self._dates[date]
        if reading is None:
            self.undated += 1
        elif reading.note:
            self._spans += 1
        for role in _COUNTRIES:
            written = values.get(role, "")
            if written:
                code = self._country(written)
                if code and code != written:
                    given.append((role, written))
                    values[role] = code
        goods = self._read_goods(values.get("goods_description", ""))
        numbers = [n for n in re.split(r"[;,\n]", values.get("mpn", "")) if n.strip()]
        numbers += [n for n in goods.numbers if n not in numbers]
        quantity, unit = read_quantity(
            values.get("quantity", ""), values.get("unit", "")
        )
        source = values.get("source", "")
        if not source:
            self._unsourced += 1
            where = f', sheet "{ref.sheet}"' if ref.sheet != self.path.stem else ""
            source = f"{ref.file}{where}, row {ref.row} (no source column)"
        brand = values.get("brand", "")
        described = ""
        if not values.get("manufacturer"):
            described = self.logos.get(brand.upper(), "") if brand else ""
            described = described or goods.maker
        return TradeRecord(
            ref=ref,
            date=date,
            date_from=reading.first if reading else None,
            date_to=reading.last if reading else None,
            sender=values.get("sender", ""),
            sender_country=values.get("sender_country", ""),
            receiver=values.get("receiver", ""),
            receiver_country=values.get("receiver_country", ""),
            goods_description=values.get("goods_description", ""),
            hs_code=values.get("hs_code", ""),
            manufacturer=values.get("manufacturer", ""),
            mpn=values.get("mpn", ""),
            quantity=values.get("quantity", ""),
            value=values.get("value", ""),
            currency=values.get("currency", "")
            or (currency if values.get("value") else ""),
            source=source,
            numbers=tuple(n.strip() for n in numbers),
            described_maker=described,
            brand=brand,
            origin_country=values.get("origin_country", ""),
            sender_ids=self._party_ids(values, "sender", headers, columns),
            receiver_ids=self._party_ids(values, "receiver", headers, columns),
            quantity_value=quantity,
            unit=unit,
            net_weight=values.get("net_weight", ""),
            statistical_value=values.get("statistical_value", ""),
            declaration=values.get("declaration", ""),
            given=tuple(given),
        )

    def _share(self, value: str) -> str:
        """One string object per distinct value, in a bounded table (a ten-million-row
        export streams in bounded memory)."""
        found = self._shared.get(value)
        if found is None:
            if len(self._shared) >= _DESCRIPTION_CACHE:
                self._shared.clear()
            found = self._shared[value] = value
        return found

    def _country(self, written: str) -> str:
        if written not in self._countries:
            self._countries[written] = country_code(written)
        return self._countries[written]

    def _read_goods(self, text: str) -> DeclaredGoods:
        found = self._goods.get(text)
        if found is None:
            if len(self._goods) >= _DESCRIPTION_CACHE:
                self._goods.pop(next(iter(self._goods)))
            found = self._goods[text] = read_goods(text, self.logos)
        return found

    def _party_ids(
        self,
        values: Mapping[str, str],
        party: str,
        headers: Sequence[str],
        columns: ColumnMap,
    ) -> tuple[PartyId, ...]:
        found: list[PartyId] = []
        country = values.get(f"{party}_country", "")
        country = country if len(country) == 2 else ""
        for role in (f"{party}_id", f"{party}_registration"):
            cell = values.get(role, "")
            if not cell:
                continue
            index = columns.roles[role]
            label = headers[index] if index < len(headers) else role
            key = (cell, label, country)
            if key not in self._ids:
                if len(self._ids) >= _DESCRIPTION_CACHE:
                    self._ids.clear()
                self._ids[key] = read_ids(cell, label or role, country)
            found.extend(self._ids[key])
        return tuple(dict.fromkeys(found))

    def _summarise(self) -> None:
        if self.undated:
            self.notes.append(
                f"{self.undated} record(s) without a readable date: they are linked only "
                "when no production window and no recovery date bound the search"
            )
        if self._spans:
            self.notes.append(
                f"{self._spans} record(s) dated like 03/04/2022, which may be day/month or "
                "month/day: each is read as the span of both readings"
            )
        if self._unsourced:
            self.notes.append(
                f"{self._unsourced} record(s) without a source: each cites its file and row"
            )
        if self._skipped:
            self.notes.append(
                f"{self._skipped} row(s) skipped: repeated headers or nothing in the columns read"
            )


def _unusable(
    columns: ColumnMap | None, head: Sequence[tuple[int, Sequence[str]]]
) -> str:
    """Why a sheet cannot be read as trade records ('' when it can)."""
    if columns is None:
        seen = [c for _, cells in head[:10] for c in cells if c][:6]
        return "no header row names the columns of trade records" + (
            f" (first cells: {', '.join(repr(c[:20]) for c in seen)})" if seen else ""
        )
    if not any(r in columns.roles for r in PARTY_ROLES):
        return (
            f"the header (row {columns.header_row}) names no sender/exporter or "
            "receiver/importer column"
        )
    if not any(r in columns.roles for r in LINK_ROLES):
        return (
            f"the header (row {columns.header_row}) names no goods description, HS code, "
            "part number or manufacturer column, so no shipment can be linked to a part"
        )
    return ""


def _currency_of(headers: Sequence[str], columns: ColumnMap) -> str:
    """The currency a value header names ('TOTAL VALUE (USD)') when no column gives it."""
    if "currency" in columns.roles or "value" not in columns.roles:
        return ""
    index = columns.roles["value"]
    header = headers[index].casefold() if index < len(headers) else ""
    found = _CURRENCY_IN_HEADER.search(header)
    if not found:
        return ""
    return _CURRENCY_NAMES.get(found[1], found[1].upper())


def read_trade_file(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    logos: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> TradeFile:
    """Reads a trade-records file (CSV or XLSX, any layout above) into shipments."""
    reader = TradeReader(path, columns=columns, logos=logos, limits=limits)
    records = list(reader)
    return TradeFile(
        name=reader.name,
        records=records,
        undated=reader.undated,
        notes=reader.notes,
        layouts=reader.layouts,
    )

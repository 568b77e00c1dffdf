"""Reading a maker's lot ledger (``--lots FILE``): lot or date code -> the first buyer.

I/O. A maker that wants to know where its diverted parts left its hands supplies its own
ledger, CSV or XLSX, read with the same sheet reader as teardown sheets (any header row
position, encoding or delimiter). It needs a lot-code or date-code column and a buyer
column; part number, date sold, quantity, source and note columns are used when present.

    lot_code,date_code,mpn,buyer,sold_at,quantity,source
    Q2215A,2215,ADXL345BCCZ,Example Distributor Ltd,2022-06-01,500,ERP export 2024-03
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bomtrace.errors import InputError, ReportInputError
from bomtrace.files import sha256_of
from bomtrace.ingest import read_sheets
from bomtrace.ingest.headers import normalise_header

# Header words (after normalise_header) for each ledger column.
LEDGER_HEADERS: dict[str, tuple[str, ...]] = {
    "lot_code": ("lot code", "lot", "lot number", "lot no", "lot id", "batch", "batch code"),
    "date_code": ("date code", "datecode", "dc", "d c"),
    "buyer": ("buyer", "first buyer", "sold to", "customer", "consignee", "bill to", "ship to"),
    "sold_at": ("sold at", "sold on", "date sold", "ship date", "shipped", "invoice date", "date"),
    "mpn": ("mpn", "part number", "part", "pn", "p n", "product"),
    "quantity": ("quantity", "qty"),
    "source": ("source",),
    "note": ("note", "notes", "comment"),
}  # fmt: skip
_HEADER_SEARCH = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class LotEntry:
    """One ledger line: which lot (or date code) went to which first buyer."""

    line: int
    lot_code: str = ""
    date_code: str = ""
    buyer: str
    sold_at: str = ""
    mpn: str = ""
    quantity: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LotLedger:
    """A maker's lot ledger as read: file name, SHA-256, entries."""

    file: str
    sha256: str
    entries: tuple[LotEntry, ...]


def _roles(cells: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header = normalise_header(cell)
        for role, words in LEDGER_HEADERS.items():
            if header in words and role not in found:
                found[role] = index
                break
    return found


def read_lot_ledger(path: str | Path) -> LotLedger:
    """Reads a lot ledger; a ledger without a code or a buyer column is an error."""
    path = Path(path)
    try:
        _, sheets = read_sheets(path, path.name)
    except InputError as exc:
        raise ReportInputError(exc.told_as("lot ledger"), remedy=exc.remedy) from None
    entries: list[LotEntry] = []
    for sheet in sheets:
        header = next(
            (
                (number, _roles(cells))
                for number, cells in sheet.rows.head(_HEADER_SEARCH)
                if {"buyer"} <= set(_roles(cells))
                and {"lot_code", "date_code"} & set(_roles(cells))
            ),
            None,
        )
        if header is None:
            continue
        header_row, roles = header
        for number, cells in sheet.rows:
            if number <= header_row:
                continue
            value = {
                role: cells[i].strip() if i < len(cells) else ""
                for role, i in roles.items()
            }
            if not value.get("buyer") or not (
                value.get("lot_code") or value.get("date_code")
            ):
                continue
            entries.append(LotEntry(line=number, **value))
    if not entries:
        raise ReportInputError(
            f"lot ledger {path.name}: no row with a lot or date code and a buyer",
            remedy="Its header needs a 'lot_code' or 'date_code' column and a 'buyer' column",
        )
    return LotLedger(
        file=path.name,
        sha256=sha256_of(path),
        entries=tuple(entries),
    )

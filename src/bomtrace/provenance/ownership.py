"""Who made a part when it was made: product lines that changed hands, and acquisitions.

Pure. A part's maker is who made it then; today's owner is a second fact. An
AT45DB161D dated 2011 was made by Atmel: the DataFlash line went to Adesto in 2012,
then to Dialog (2020) and Renesas (2021) (``catalogs/lines.csv``). A MAX232 dated 2015
was made by Maxim Integrated, then independent; Analog Devices bought Maxim in 2021
(``makers.csv``'s parent and acquisition year). ``maker_at_production`` reads the
production window from the date code against those years and says who made the part
and why; when the window straddles a transfer, both makers are named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from bomtrace.catalog.records import Catalog, LineTransfer
from bomtrace.model import ProductionWindow
from bomtrace.normalise import compact


@dataclass(frozen=True, slots=True)
class MakerThen:
    """The maker at production time and the basis of that reading ("" when unknown)."""

    maker: str = ""
    basis: str = ""


class LineBook:
    """The catalog's product-line transfers, by part-number prefix."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_prefix: dict[str, list[LineTransfer]] = defaultdict(list)
        for transfer in catalog.lines:
            for prefix in transfer.prefixes:
                self.by_prefix[compact(prefix)].append(transfer)
        self._histories: dict[str, list[LineTransfer]] = {}

    def history(self, number: str) -> list[LineTransfer]:
        """The transfers of the line a number belongs to (longest prefix), oldest first
        (once per number: rows repeat parts; the list is shared, read it only)."""
        found = self._histories.get(number)
        if found is None:
            found = self._histories[number] = self._history(number)
        return found

    def _history(self, number: str) -> list[LineTransfer]:
        key = compact(number)
        for length in range(min(len(key), 12), 1, -1):
            found = self.by_prefix.get(key[:length])
            if found:
                return sorted(found, key=lambda t: t.year)
        return []

    def maker_at_production(
        self, maker: str, number: str, window: ProductionWindow | None
    ) -> MakerThen:
        """Who made a part identified as ``maker`` with ``number``, in its production window."""
        if not maker:
            return MakerThen()
        if window is None or not window.decoded:
            return MakerThen(
                basis="no decoded date code: the maker at production is not known"
            )
        assert window.start is not None and window.end is not None
        history = self.history(number)
        if history and _involves(history, maker):
            return _line_owner(history, window.start, window.end)
        return self._company_then(maker, window.start, window.end)

    def _company_then(self, maker: str, start: dt.date, end: dt.date) -> MakerThen:
        record = self.catalog.makers.get(maker)
        made = _span(start, end)
        if record is None or not record.parent or not record.acquired_year.isdigit():
            return MakerThen(maker=maker, basis=f"made {made} by {maker}")
        year = int(record.acquired_year)
        if end < dt.date(year, 1, 1):
            basis = (
                f"made {made}, before {record.parent} acquired {maker} ({year},"
                f" {record.ref})"
            )
        elif start >= dt.date(year + 1, 1, 1):
            basis = f"made {made}, when {maker} belonged to {record.parent} (since {year}, {record.ref})"
        else:
            basis = (
                f"made {made}; {record.parent} acquired {maker} in {year} ({record.ref}):"
                " the date code does not say whether before or after"
            )
        return MakerThen(maker=maker, basis=basis)


def _involves(history: list[LineTransfer], maker: str) -> bool:
    return any(maker in (t.from_maker, t.to_maker) for t in history)


def _line_owner(history: list[LineTransfer], start: dt.date, end: dt.date) -> MakerThen:
    """The owner of a product line over a production window, from its transfers."""
    owner = history[0].from_maker
    made = _span(start, end)
    for transfer in history:
        moved = dt.date(transfer.year, 1, 1)
        if end < moved:
            return MakerThen(
                maker=owner,
                basis=f"made {made}, before the {transfer.line} line went from"
                f" {transfer.from_maker} to {transfer.to_maker} in {transfer.year}"
                f" ({transfer.ref}; {transfer.source})",
            )
        if start < dt.date(transfer.year + 1, 1, 1):
            return MakerThen(
                maker=f"{transfer.from_maker} or {transfer.to_maker}",
                basis=f"made {made}; the {transfer.line} line went from"
                f" {transfer.from_maker} to {transfer.to_maker} in {transfer.year}"
                f" ({transfer.ref}): the date code does not say whether before or after",
            )
        owner = transfer.to_maker
    last = history[-1]
    return MakerThen(
        maker=owner,
        basis=f"made {made}, after the {last.line} line went to {last.to_maker} in"
        f" {last.year} ({last.ref}; {last.source})",
    )


def _span(start: dt.date, end: dt.date) -> str:
    return (
        f"in {start.year}"
        if start.year == end.year
        else f"between {start.isoformat()} and {end.isoformat()}"
    )

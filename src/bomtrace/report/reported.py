"""Reported before: the ``reported_in`` cells of a run read back for the reports.

Pure. Each row's ``reported_in`` (JSON) lists the published records of the same part:
the record the row is a copy of (``this record``), then the same part in other weapons.
The reports show where else a part was reported, and the source's maker and country
beside bomtrace's own identification, flagged where they differ; the source's claims are
always labelled as the source's. Runs written before the column existed have no
``reported_in`` key, and the figures built on it are "not available".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bomtrace.catalog.attribution import names_a_maker
from bomtrace.report.links import http_url

REPORTED_IN = "reported_in"
THIS_RECORD = "this record"
SAME_PART = "same part number"
# How many weapons the parts table names in a row's cell before "+N more", and how
# many rows a line of the links table names.
CELL_WEAPONS = 3
WHERE_SHOWN = 6

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One published record of a row's part, as the ``reported_in`` cell holds it."""

    weapon: str
    source: str
    url: str
    basis: str
    part: str = ""
    listed_as: str = ""
    attributed_maker: str = ""
    attributed_country: str = ""
    maker_agrees: str = "unknown"
    country_agrees: str = "unknown"
    record: str = ""
    component_id: str = ""

    @property
    def link(self) -> str:
        """The record's page when it is an http(s) URL, else ""."""
        return http_url(self.url)

    @property
    def publisher(self) -> str:
        """The source's short name: 'GUR' of 'GUR (Defence Intelligence of Ukraine), ...'."""
        return self.source.split(" (")[0].split(",")[0].strip() or self.source

    @property
    def differs(self) -> bool:
        return "no" in (self.maker_agrees, self.country_agrees)

    @property
    def attribution(self) -> str:
        """'Texas Instruments (US)': the source's claim as it states it."""
        country = self.attributed_country
        shown = f" ({country})" if country and country != "UNK" else ""
        return f"{self.attributed_maker or 'no maker named'}{shown}"


_FIELDS = frozenset(Entry.__dataclass_fields__)


def entries(row: Row) -> list[Entry]:
    """The row's ``reported_in`` entries ([] when the cell is missing, empty or damaged)."""
    cell = row.get(REPORTED_IN)
    if isinstance(cell, str):
        return list(_parse(cell))
    return list(_read(cell)) if isinstance(cell, list) else []


@functools.lru_cache(maxsize=65536)
def _parse(cell: str) -> tuple[Entry, ...]:
    """A cell's entries; many rows of a large run share a cell, so each is read once."""
    if not cell or cell == "[]":
        return ()
    try:
        items = json.loads(cell)
    except ValueError:
        return ()
    return _read(items) if isinstance(items, list) else ()


def _read(items: list[Any]) -> tuple[Entry, ...]:
    return tuple(
        Entry(**{k: str(v) for k, v in item.items() if k in _FIELDS})
        for item in items
        if isinstance(item, dict) and {"weapon", "source", "url", "basis"} <= set(item)
    )


def own_records(row: Row) -> list[Entry]:
    """The published records this row is a copy of (it cites their page)."""
    return [e for e in entries(row) if e.basis == THIS_RECORD]


def elsewhere(row: Row) -> list[Entry]:
    """Records of the same part in other weapons than the row's own record's."""
    found = entries(row)
    own = {e.weapon for e in found if e.basis == THIS_RECORD}
    return [e for e in found if e.basis != THIS_RECORD and e.weapon not in own]


def compared(row: Row) -> list[Entry]:
    """The attributions a row's identification is held against: its own record's, else
    those of records with the same part number."""
    found = entries(row)
    own = [e for e in found if e.basis == THIS_RECORD]
    return own or [e for e in found if e.basis == SAME_PART]


def names_maker(entry: Entry) -> bool:
    """Does the source's attribution name a maker ("Not identified" does not)?"""
    return names_a_maker(entry.attributed_maker)


def is_published(row: Row) -> bool:
    return bool(own_records(row))


def has_column(columns: Iterable[str]) -> bool:
    return REPORTED_IN in columns


@dataclass(slots=True, kw_only=True)
class LinkLine:
    """A record of another weapon and every row of the run linked to it the same way."""

    row: Row
    entry: Entry
    where: list[str]

    @property
    def rows_shown(self) -> str:
        shown = ", ".join(self.where[:WHERE_SHOWN])
        more = len(self.where) - WHERE_SHOWN
        return f"{shown} and {more} more" if more > 0 else shown


def link_lines(rows: Iterable[Row]) -> list[LinkLine]:
    """The run's links to records of other weapons, one line per part, record and weapon
    (a large run repeats parts: its rows are listed on the line, not a line each)."""
    lines: dict[tuple[str, ...], LinkLine] = {}
    for row in rows:
        for entry in elsewhere(row):
            key = (
                str(row.get("status")),
                str(
                    row.get("mpn")
                    or row.get("marking_normalised")
                    or row.get("marking")
                ),
                str(row.get("manufacturer") or ""),
                entry.record,
                entry.weapon,
            )
            line = lines.setdefault(key, LinkLine(row=row, entry=entry, where=[]))
            line.where.append(f"{row.get('source_sheet')} / {row.get('source_row')}")
    return list(lines.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedPart:
    """A part of the run and the other weapons it was reported in."""

    part: str
    maker: str
    rows: tuple[int, ...]
    weapons: tuple[Entry, ...]


def reported_parts(rows: Sequence[Row]) -> list[ReportedPart]:
    """Identified parts reported in other weapons, most weapons first; one entry per weapon."""
    by_part: dict[tuple[str, str], tuple[list[int], dict[str, Entry]]] = {}
    for row in rows:
        if row.get("status") != "matched":
            continue
        found = elsewhere(row)
        if not found:
            continue
        key = (
            str(row.get("mpn") or row.get("marking_normalised") or ""),
            str(row.get("manufacturer") or ""),
        )
        numbers, weapons = by_part.setdefault(key, ([], {}))
        numbers.append(int(row.get("source_row") or 0))
        for entry in found:
            weapons.setdefault(entry.weapon, entry)
    parts = [
        ReportedPart(
            part=part, maker=maker, rows=tuple(numbers), weapons=tuple(weapons.values())
        )
        for (part, maker), (numbers, weapons) in by_part.items()
    ]
    return sorted(parts, key=lambda p: (-len(p.weapons), p.part))


def cell_markup(row: Row) -> str:
    """The parts table's "Reported before" cell, escaped: the row's own record (linked)
    with the source's attribution, then how many other weapons, the first three named."""
    out = []
    for entry in own_records(row):
        out.append(
            f"<div>{_link(entry, 'this record')}: {escape(entry.publisher)} says "
            f"{escape(entry.attribution)}{_flag(entry)}</div>"
        )
    weapons: dict[str, Entry] = {}
    for entry in elsewhere(row):
        weapons.setdefault(entry.weapon, entry)
    if weapons:
        # The weapons by name; their pages are linked once, in the "Reported before" table.
        names = ", ".join(escape(w) for w in list(weapons)[:CELL_WEAPONS])
        more = len(weapons) - CELL_WEAPONS
        flags = "".join(dict.fromkeys(_flag(e) for e in weapons.values()))
        out.append(
            f'<div><a href="#reported">{len(weapons)} other weapon{"s" if len(weapons) > 1 else ""}</a>: '
            f"{names}{f' +{more}' if more > 0 else ''}{flags}</div>"
        )
    return "".join(out)


def _link(entry: Entry, text: str) -> str:
    url = entry.link
    shown = escape(text)
    return f'<a href="{escape(url, quote=True)}">{shown}</a>' if url else shown


def _flag(entry: Entry) -> str:
    what = [
        label
        for label, answer in (
            ("maker", entry.maker_agrees),
            ("country", entry.country_agrees),
        )
        if answer == "no"
    ]
    return (
        f' <span class="flag">{" and ".join(what)} differ{"s" if len(what) == 1 else ""} from ours</span>'
        if what
        else ""
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Disagreement:
    """A row whose identification differs from a source's attribution of the same part."""

    row: Row
    entry: Entry
    label: str = ""

    @property
    def ours(self) -> str:
        maker = str(self.row.get("manufacturer") or "")
        country = str(self.row.get("manufacturer_country") or "")
        return f"{maker} ({country})" if country else maker


def disagreements(rows: Iterable[Row], label: str = "") -> list[Disagreement]:
    """Rows whose maker or country differs from the attribution they are compared with."""
    found = []
    for row in rows:
        if row.get("status") != "matched":
            continue
        seen: set[str] = set()
        for entry in compared(row):
            if entry.differs and entry.record not in seen:
                seen.add(entry.record)
                found.append(Disagreement(row=row, entry=entry, label=label))
    return found

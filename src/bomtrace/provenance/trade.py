"""Linking identified parts to shipments in trade records, strongest evidence first.

Pure. ``TradeIndex`` blocks the records once (by normalised part number, by maker and HS
code, by HS code alone), so each part looks up only the shipments that can concern it:
a million records and a thousand parts never meet in a cross join. Within a block the
records are sorted by date, so the date window is two binary searches.

A shipment is linked to a part when it carries the part's number (normalised the same
way as markings), or names the part's maker with a compatible HS code, or, weakest,
gives only a compatible HS code (no maker, no part number). It must be dated no earlier
than the part's production window starts and no later than the recovery date. A record
that names another maker or another part number is never linked by HS code.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bomtrace.model import LinkStrength, TradeLink, TradeRecord
from bomtrace.normalise.rules import compact
from bomtrace.normalise.suffixes import strip_packaging_suffix
from bomtrace.provenance.control import hs6

SHOWN_LINKS = 20


def part_number_key(text: str) -> str:
    """The lookup key of a part number: packaging suffix stripped, then compacted."""
    return compact(strip_packaging_suffix(text.strip().upper())[0])


@dataclass(slots=True)
class _Block:
    """Record numbers sorted by first date, with their last dates, plus undated ones."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)
    longest: int = 0

    def sort(self, records: Sequence[TradeRecord]) -> None:
        order = sorted(
            range(len(self.rows)), key=lambda i: (self.starts[i], self.rows[i])
        )
        self.rows = [self.rows[i] for i in order]
        self.starts = [self.starts[i] for i in order]
        self.ends = [self.ends[i] for i in order]
        self.longest = max(
            (e - s for s, e in zip(self.starts, self.ends, strict=True)), default=0
        )

    def within(
        self, earliest: int | None, latest: int | None, limit: int
    ) -> tuple[int, list[int]]:
        """How many records overlap [earliest, latest], and the first ``limit`` of them."""
        if earliest is None and latest is None:
            rows = self.rows + self.undated
            return len(rows), rows[:limit]
        hi = (
            len(self.starts)
            if latest is None
            else bisect.bisect_right(self.starts, latest)
        )
        if earliest is None:
            return hi, self.rows[:limit]
        exact = bisect.bisect_left(self.starts, earliest, 0, hi)
        fuzzy = bisect.bisect_left(self.starts, earliest - self.longest, 0, exact)
        early = [i for i in range(fuzzy, exact) if self.ends[i] >= earliest]
        count = len(early) + (hi - exact)
        chosen = early[:limit] + list(range(exact, min(hi, exact + limit)))
        return count, [self.rows[i] for i in chosen[:limit]]


@dataclass(frozen=True, slots=True)
class PartQuery:
    """What is known about a part when looking for its shipments."""

    number: str = ""
    number_basis: str = "identified part number"
    maker: str = ""
    hs_code: str = ""
    earliest: dt.date | None = None
    latest: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The strongest links of a part and how many shipments were linked in all."""

    links: tuple[TradeLink, ...]
    total: int


class TradeIndex:
    """Trade records blocked by part number, by maker and HS code, and by HS code alone."""

    def __init__(
        self,
        records: Sequence[TradeRecord],
        resolve_maker: Callable[[str], str],
    ) -> None:
        self.records = records
        self.by_number: dict[str, _Block] = defaultdict(_Block)
        self.by_maker_hs: dict[tuple[str, str], _Block] = defaultdict(_Block)
        self.by_hs: dict[str, _Block] = defaultdict(_Block)
        self.makers: dict[int, str] = {}
        resolved: dict[str, str] = {}
        keys: dict[str, str] = {}
        codes: dict[str, str] = {}
        for number, record in enumerate(records):
            maker = ""
            if record.manufacturer:
                if record.manufacturer not in resolved:
                    resolved[record.manufacturer] = resolve_maker(record.manufacturer)
                maker = resolved[record.manufacturer]
                self.makers[number] = maker
            key = ""
            if record.mpn:
                if record.mpn not in keys:
                    keys[record.mpn] = part_number_key(record.mpn)
                key = keys[record.mpn]
                _add(self.by_number[key], number, record)
            if record.hs_code not in codes:
                codes[record.hs_code] = _hs_key(record.hs_code)
            code = codes[record.hs_code]
            if code and maker and not key:
                _add(self.by_maker_hs[(maker, code)], number, record)
            elif code and not record.manufacturer and not key:
                _add(self.by_hs[code], number, record)
        for table in (self.by_number, self.by_maker_hs, self.by_hs):
            for block in table.values():
                block.sort(records)

    def link(self, query: PartQuery, limit: int = SHOWN_LINKS) -> LinkResult:
        """Finds the shipments that may have carried a part, strongest evidence first."""
        earliest = query.earliest.toordinal() if query.earliest else None
        latest = query.latest.toordinal() if query.latest else None
        found: list[TradeLink] = []
        total = 0
        for strength, blocks in self._blocks(query):
            for block, why in blocks:
                count, rows = block.within(earliest, latest, limit)
                total += count
                room = limit - len(found)
                for number in rows[: max(room, 0)]:
                    record = self.records[number]
                    found.append(
                        TradeLink(
                            record=record,
                            strength=strength,
                            evidence=self._evidence(record, strength, why, query),
                        )
                    )
        return LinkResult(links=tuple(found), total=total)

    def _blocks(
        self, query: PartQuery
    ) -> Iterable[tuple[LinkStrength, list[tuple[_Block, str]]]]:
        if query.number:
            key = part_number_key(query.number)
            block = self.by_number.get(key)
            if block is not None:
                yield LinkStrength.MPN, [(block, f"part number key '{key}'")]
        code = hs6(query.hs_code)
        if len(code) != 6:
            return
        if query.maker:
            yield (
                LinkStrength.MAKER_HS,
                [
                    (block, why)
                    for hs, why in _compatible(code)
                    if (block := self.by_maker_hs.get((query.maker, hs))) is not None
                ],
            )
        yield (
            LinkStrength.HS_ONLY,
            [
                (block, why)
                for hs, why in _compatible(code)
                if (block := self.by_hs.get(hs)) is not None
            ],
        )

    def _evidence(
        self, record: TradeRecord, strength: LinkStrength, why: str, query: PartQuery
    ) -> str:
        where = f"{record.ref.file} row {record.ref.row}"
        if strength is LinkStrength.MPN:
            text = f"shipment part number '{record.mpn}' matches the {query.number_basis} '{query.number}' ({why})"
        elif strength is LinkStrength.MAKER_HS:
            text = f"shipment names the maker '{record.manufacturer}' ({query.maker}) and HS {record.hs_code}: {why}"
        else:
            text = f"shipment gives HS {record.hs_code} only (no maker, no part number): {why}; the weakest link"
        dated = (
            f"dated {record.date}"
            if record.date
            else "undated (not checked against the dates)"
        )
        bounds = []
        if query.earliest:
            bounds.append(f"not before production from {query.earliest.isoformat()}")
        if query.latest:
            bounds.append(f"not after recovery on {query.latest.isoformat()}")
        if bounds and record.date:
            dated += ", " + " and ".join(bounds)
        return f"{text}; {dated}; {where}"


def _hs_key(code: str) -> str:
    """Six digits when the record gives them, else a four-digit heading, else ''."""
    digits = hs6(code)
    return digits if len(digits) in (4, 6) else ""


def _compatible(code: str) -> list[tuple[str, str]]:
    return [
        (code, f"same HS subheading {code[:4]}.{code[4:]}"),
        (code[:4], f"record gives only the heading {code[:4]}, which holds {code}"),
    ]


def _add(block: _Block, number: int, record: TradeRecord) -> None:
    if record.date_from is None:
        block.undated.append(number)
        return
    block.rows.append(number)
    block.starts.append(record.date_from.toordinal())
    block.ends.append((record.date_to or record.date_from).toordinal())

"""Linking identified parts to shipments in trade records, strongest evidence first.

Pure. ``TradeIndex`` blocks the records once (by every part number they carry, by the
catalog part those numbers are read as, by maker and HS code, by HS code alone), so
each part looks up only the shipments that can concern it: a million records and a
thousand parts never meet in a cross join. Within a block the records are sorted by
date, so the date window is two binary searches.

A part carries several numbers: the full orderable number printed on it
(``NEO-M8N-0-10``), the catalog's base part (``NEO-M8N``) and its distributors' order
codes. A shipment is linked, strongest first, when it declares the exact orderable
number printed on the part; the catalog part number (packaging suffix aside); one of
the part's distributor order codes; another orderable number of the same base part;
the part's maker with a compatible HS code; or, weakest, only a compatible HS code
(no maker, no part number). It must be dated no earlier than the part's production
window starts and no later than the recovery date. A record that names another maker
or another part number is never linked by HS code, so ``STM32F103C8T6`` never links as
``STM32F405RGT6``.
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
    """What is known about a part when looking for its shipments.

    ``printed``: the full numbers printed on the part where they are longer than
    ``number`` (``NEO-M8N-0-10`` for the catalog's ``NEO-M8N``); ``distributor_codes``:
    order codes of its catalog row.
    """

    number: str = ""
    number_basis: str = "identified part number"
    printed: tuple[str, ...] = ()
    distributor_codes: tuple[str, ...] = ()
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
    """Trade records blocked by part number, by maker and HS code, and by HS code alone.

    Args:
        records: the shipments.
        resolve_maker: a maker's name as written -> the canonical maker ('' if unknown).
        identify_number: a declared part number -> the catalog part number it is read
            as ('' when none); without it, every declared number counts as naming a
            part, and base-part links are not made.
    """

    def __init__(
        self,
        records: Sequence[TradeRecord],
        resolve_maker: Callable[[str], str],
        identify_number: Callable[[str], str] | None = None,
    ) -> None:
        self.records = records
        self.by_number: dict[str, _Block] = defaultdict(_Block)
        self.by_base: dict[str, _Block] = defaultdict(_Block)
        self.by_part: dict[str, _Block] = defaultdict(_Block)
        self.by_maker_hs: dict[tuple[str, str], _Block] = defaultdict(_Block)
        self.by_hs: dict[str, _Block] = defaultdict(_Block)
        self.makers: dict[int, str] = {}
        resolved: dict[str, str] = {}
        keys: dict[str, tuple[str, str, str]] = {}
        codes: dict[str, str] = {}
        for number, record in enumerate(records):
            maker = ""
            written = record.manufacturer or record.described_maker
            if written:
                if written not in resolved:
                    resolved[written] = resolve_maker(written)
                maker = resolved[written]
                self.makers[number] = maker
            names_part = False
            for declared in record.numbers or ((record.mpn,) if record.mpn else ()):
                if declared not in keys:
                    part = identify_number(declared) if identify_number else ""
                    keys[declared] = (
                        compact(declared),
                        part_number_key(declared),
                        compact(part),
                    )
                full, base, part_key = keys[declared]
                if not full:
                    continue
                _add_once(self.by_number[full], number, record)
                if base != full:
                    _add_once(self.by_base[base], number, record)
                if part_key:
                    _add_once(self.by_part[part_key], number, record)
                # A number nothing reads as a part (a contract or certificate number in
                # the description) does not stop the maker + HS link.
                names_part = names_part or bool(
                    part_key or identify_number is None or declared == record.mpn
                )
            if record.hs_code not in codes:
                codes[record.hs_code] = _hs_key(record.hs_code)
            code = codes[record.hs_code]
            if code and maker and not names_part:
                _add(self.by_maker_hs[(maker, code)], number, record)
            elif code and not written and not names_part:
                _add(self.by_hs[code], number, record)
        for table in (
            self.by_number, self.by_base, self.by_part, self.by_maker_hs, self.by_hs
        ):  # fmt: skip
            for block in table.values():
                block.sort(records)

    def link(self, query: PartQuery, limit: int = SHOWN_LINKS) -> LinkResult:
        """Finds the shipments that may have carried a part, strongest evidence first."""
        earliest = query.earliest.toordinal() if query.earliest else None
        latest = query.latest.toordinal() if query.latest else None
        found: list[TradeLink] = []
        total = 0
        seen: set[int] = set()
        for strength, blocks in self._number_blocks(query):
            for block, why in blocks:
                _, rows = block.within(earliest, latest, len(self.records))
                for number in rows:
                    if number in seen:
                        continue
                    seen.add(number)
                    total += 1
                    if len(found) < limit:
                        found.append(self._link(number, strength, why, query))
        for strength, blocks in self._hs_blocks(query):
            for block, why in blocks:
                count, rows = block.within(earliest, latest, limit)
                total += count
                room = limit - len(found)
                for number in rows[: max(room, 0)]:
                    if number not in seen:
                        found.append(self._link(number, strength, why, query))
        return LinkResult(links=tuple(found), total=total)

    def _link(
        self, number: int, strength: LinkStrength, why: str, query: PartQuery
    ) -> TradeLink:
        record = self.records[number]
        return TradeLink(
            record=record,
            strength=strength,
            evidence=self._evidence(record, strength, why, query),
        )

    def _number_blocks(
        self, query: PartQuery
    ) -> Iterable[tuple[LinkStrength, list[tuple[_Block, str]]]]:
        key = part_number_key(query.number) if query.number else ""
        printed = [(p, k) for p in query.printed if (k := compact(p)) and k != key]
        yield (
            LinkStrength.ORDERABLE,
            [
                (block, f"the full number printed on the part, '{p}'")
                for p, k in printed
                if (block := self.by_number.get(k)) is not None
            ],
        )
        if key:
            yield (
                LinkStrength.MPN,
                [
                    (block, f"part number key '{key}'")
                    for block in (self.by_number.get(key), self.by_base.get(key))
                    if block is not None
                ],
            )
        yield (
            LinkStrength.DISTRIBUTOR,
            [
                (block, f"distributor order code '{code}' of the part's catalog row")
                for code in query.distributor_codes
                if (block := self.by_number.get(compact(code))) is not None
            ],
        )
        bases = [(key, query.number)] if key else []
        bases += [(part_number_key(p), p) for p, _ in printed]
        yield (
            LinkStrength.BASE_PART,
            [
                (block, f"another orderable number of the base part '{shown}'")
                for base, shown in dict.fromkeys(bases)
                for block in (self.by_part.get(base), self.by_base.get(base))
                if block is not None
            ],
        )

    def _hs_blocks(
        self, query: PartQuery
    ) -> Iterable[tuple[LinkStrength, list[tuple[_Block, str]]]]:
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
        declared = _declared(record)
        if strength is LinkStrength.ORDERABLE:
            text = f"shipment declares {declared}, the exact orderable number: {why}"
        elif strength is LinkStrength.MPN:
            text = f"shipment declares {declared}, the {query.number_basis} '{query.number}' ({why})"
        elif strength is LinkStrength.DISTRIBUTOR:
            text = f"shipment declares {declared}: {why}"
        elif strength is LinkStrength.BASE_PART:
            text = (
                f"shipment declares {declared}: {why} ('{query.number}'); the base part "
                "agrees, the full number does not"
            )
        elif strength is LinkStrength.MAKER_HS:
            maker = (
                record.manufacturer
                or f"{record.described_maker} (named in the description)"
            )
            text = f"shipment names the maker '{maker}' ({query.maker}) and HS {record.hs_code}: {why}"
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


def _declared(record: TradeRecord) -> str:
    """'SIM800L' (read out of the description '...'), or the part-number column's value."""
    numbers = record.numbers or ((record.mpn,) if record.mpn else ())
    shown = ", ".join(f"'{n}'" for n in numbers[:4]) or "no number"
    if record.mpn and all(n in record.mpn for n in numbers):
        return shown
    return f"{shown} (read out of the description '{record.goods_description[:120]}')"


def _hs_key(code: str) -> str:
    """Six digits when the record gives them, else a four-digit heading, else ''."""
    digits = hs6(code)
    return digits if len(digits) in (4, 6) else ""


def _compatible(code: str) -> list[tuple[str, str]]:
    return [
        (code, f"same HS subheading {code[:4]}.{code[4:]}"),
        (code[:4], f"record gives only the heading {code[:4]}, which holds {code}"),
    ]


def _add_once(block: _Block, number: int, record: TradeRecord) -> None:
    """Adds a record to a block unless its last record is this one (two equal numbers)."""
    if number in (block.rows[-1:] + block.undated[-1:]):
        return
    _add(block, number, record)


def _add(block: _Block, number: int, record: TradeRecord) -> None:
    if record.date_from is None:
        block.undated.append(number)
        return
    block.rows.append(number)
    block.starts.append(record.date_from.toordinal())
    block.ends.append((record.date_to or record.date_from).toordinal())

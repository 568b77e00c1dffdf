"""Linking identified parts to shipments in trade records, strongest evidence first.

Pure: what a part is looked up by, what a shipment is found by, and the evidence of a
link. The lookup itself is SQL (``bomtrace.trade``), run by DuckDB on one machine or by
Spark on a cluster, over the same keys defined here, so both engines and every caller
agree on what links.

A part carries several numbers: the full orderable number printed on it
(``NEO-M8N-0-10``), the catalog's base part (``NEO-M8N``) and its distributors' order
codes. A shipment is linked, strongest first, when it declares the exact orderable
number printed on the part; the catalog part number (packaging suffix aside); one of
the part's distributor order codes; another orderable number of the same base part;
the part's maker with a compatible HS code; or, weakest, only a compatible HS code
(no maker, no part number). It must be dated no earlier than the part's production
window starts and no later than the recovery date. A record that names another maker
or another part number is never linked by HS code, so ``STM32F103C8T6`` never links as
``STM32F405RGT6``. Within one kind of evidence, shipments come in date order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bomtrace.model import LinkStrength, TradeLink, TradeRecord
from bomtrace.normalise.rules import compact
from bomtrace.normalise.suffixes import strip_packaging_suffix
from bomtrace.provenance.control import hs6

SHOWN_LINKS = 20
# The order links are ranked in (the SQL sorts on the position in this tuple).
STRENGTHS: tuple[LinkStrength, ...] = (
    LinkStrength.ORDERABLE, LinkStrength.MPN, LinkStrength.DISTRIBUTOR,
    LinkStrength.BASE_PART, LinkStrength.MAKER_HS, LinkStrength.HS_ONLY,
)  # fmt: skip


def part_number_key(text: str) -> str:
    """The lookup key of a part number: packaging suffix stripped, then compacted."""
    return compact(strip_packaging_suffix(text.strip().upper())[0])


def declared_numbers(record: TradeRecord) -> tuple[str, ...]:
    """Every number a shipment declares: its numbers, else its part-number cell."""
    return record.numbers or ((record.mpn,) if record.mpn else ())


def number_keys(declared: str) -> tuple[str, str]:
    """A declared number's keys: as written (compacted), and without packaging suffix."""
    return compact(declared), part_number_key(declared)


def hs_key(code: str) -> str:
    """Six digits when the record gives them, else a four-digit heading, else ''."""
    digits = hs6(code)
    return digits if len(digits) in (4, 6) else ""


def days(day: dt.date | None) -> int | None:
    """A date as days since 1970-01-01, the form the linking SQL compares."""
    return None if day is None else day.toordinal() - _EPOCH


_EPOCH = dt.date(1970, 1, 1).toordinal()


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


@dataclass(frozen=True, slots=True)
class NumberBlock:
    """Shipments a part looks up by one of its numbers.

    ``column``: which key of a declared number must equal ``key``: ``full`` (the
    number as written), ``base`` (packaging suffix stripped, when that differs) or
    ``part`` (the catalog part the number is read as).
    """

    strength: LinkStrength
    order: int
    column: str
    key: str
    why: str


@dataclass(frozen=True, slots=True)
class HsBlock:
    """Shipments a part looks up by its HS code: with its maker, or with no maker."""

    strength: LinkStrength
    order: int
    maker: str
    hs: str
    why: str


def number_blocks(query: PartQuery) -> list[NumberBlock]:
    """The number lookups of a part, strongest first, each with the words of its evidence."""
    key = part_number_key(query.number) if query.number else ""
    printed = [(p, k) for p in query.printed if (k := compact(p)) and k != key]
    blocks = [
        NumberBlock(
            LinkStrength.ORDERABLE, i, "full", k,
            f"the full number printed on the part, '{p}'",
        )
        for i, (p, k) in enumerate(printed)
    ]  # fmt: skip
    if key:
        blocks += [
            NumberBlock(LinkStrength.MPN, i, column, key, f"part number key '{key}'")
            for i, column in enumerate(("full", "base"))
        ]
    blocks += [
        NumberBlock(
            LinkStrength.DISTRIBUTOR, i, "full", k,
            f"distributor order code '{code}' of the part's catalog row",
        )
        for i, code in enumerate(query.distributor_codes)
        if (k := compact(code))
    ]  # fmt: skip
    bases = [(key, query.number)] if key else []
    bases += [(part_number_key(p), p) for p, _ in printed]
    for i, (base, shown) in enumerate(dict.fromkeys(bases)):
        why = f"another orderable number of the base part '{shown}'"
        if base:
            blocks.append(NumberBlock(LinkStrength.BASE_PART, 2 * i, "part", base, why))
            blocks.append(NumberBlock(LinkStrength.BASE_PART, 2 * i + 1, "base", base, why))  # fmt: skip
    return blocks


def hs_blocks(query: PartQuery) -> list[HsBlock]:
    """The HS lookups of a part: its maker with the subheading, then the heading; then
    the same with no maker."""
    code = hs6(query.hs_code)
    if len(code) != 6:
        return []
    compatible = [
        (code, f"same HS subheading {code[:4]}.{code[4:]}"),
        (code[:4], f"record gives only the heading {code[:4]}, which holds {code}"),
    ]
    found = []
    if query.maker:
        found += [
            HsBlock(LinkStrength.MAKER_HS, i, query.maker, hs, why)
            for i, (hs, why) in enumerate(compatible)
        ]
    found += [
        HsBlock(LinkStrength.HS_ONLY, i, "", hs, why)
        for i, (hs, why) in enumerate(compatible)
    ]
    return found


def link_evidence(
    record: TradeRecord, strength: LinkStrength, why: str, query: PartQuery
) -> str:
    """What a shipment declares, why that links it to the part, its date and its row."""
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
    numbers = declared_numbers(record)
    shown = ", ".join(f"'{n}'" for n in numbers[:4]) or "no number"
    if record.mpn and all(n in record.mpn for n in numbers):
        return shown
    return f"{shown} (read out of the description '{record.goods_description[:120]}')"

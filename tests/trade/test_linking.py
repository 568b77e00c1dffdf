"""Linking parts to shipments: exact MPN > maker + HS > HS only, inside the date window.

The links come from the linking SQL run by DuckDB (the default engine); the same cases
run on Spark in ``test_spark.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bomtrace.model import LinkStrength, SourceRef, TradeRecord
from bomtrace.provenance.trade import LinkResult, PartQuery, part_number_key
from bomtrace.trade.linking import Catalogs, TradeSource, link_parts


class Index:
    """Shipments in memory, linked through the engine one part at a time."""

    def __init__(
        self,
        records: Sequence[TradeRecord],
        resolve_maker: Callable[[str], str],
        identify_number: Callable[[str], str] | None = None,
    ) -> None:
        self.source = TradeSource()
        self.source.add_records(records)
        self.catalogs = Catalogs(resolve_maker, identify_number)

    def link(self, query: PartQuery, limit: int = 20) -> LinkResult:
        return link_parts([query], self.source, self.catalogs, limit=limit)[query]


MAKERS = {
    "ST": "STMicroelectronics",
    "STMicroelectronics": "STMicroelectronics",
    "TI": "Texas Instruments",
}


def record(row: int, date: str, **values: str) -> TradeRecord:
    day = dt.date.fromisoformat(date) if date else None
    return TradeRecord(
        ref=SourceRef(file="trade.csv", sheet="trade", row=row),
        date=date, date_from=day, date_to=day, sender=f"Sender {row}", receiver=f"Receiver {row}",
        source="fictional test record", **values,
    )  # fmt: skip


RECORDS = [
    record(2, "2022-07-01", mpn="STM32F405RGT6TR", hs_code="8542.31"),
    record(3, "2022-07-02", manufacturer="ST", hs_code="854231"),
    record(4, "2022-07-03", hs_code="85423100"),
    record(5, "2021-01-01", mpn="STM32F405RGT6"),
    record(6, "2024-01-01", mpn="STM32F405RGT6"),
    record(7, "2022-07-04", manufacturer="TI", hs_code="854231"),
    record(8, "2022-07-05", manufacturer="Unknown Maker Co", hs_code="854231"),
    record(9, "2022-07-06", hs_code="8542"),
    record(10, "", mpn="STM32F405RGT6"),
]
INDEX = Index(RECORDS, lambda name: MAKERS.get(name, ""))
QUERY = PartQuery(
    number="STM32F405RGT6", maker="STMicroelectronics", hs_code="854231",
    earliest=dt.date(2022, 4, 3), latest=dt.date(2023, 5, 1),
)  # fmt: skip


def test_links_ranked_by_strength_within_dates() -> None:
    """MPN links come first, then maker + HS, then HS only; out-of-window records are left out."""
    result = INDEX.link(QUERY)
    assert [(link.record.ref.row, link.strength) for link in result.links] == [
        (2, LinkStrength.MPN),
        (3, LinkStrength.MAKER_HS),
        (4, LinkStrength.HS_ONLY),
        (9, LinkStrength.HS_ONLY),
    ]
    assert result.total == 4


def test_other_makers_and_unknown_makers_are_not_hs_linked() -> None:
    """A record naming another maker, or a maker bomtrace cannot resolve, is never an HS link."""
    rows = {link.record.ref.row for link in INDEX.link(QUERY).links}
    assert not rows & {7, 8}


def test_evidence_names_the_rule_dates_and_row() -> None:
    """Each link's evidence says what matched, the date bounds and the file row."""
    first = INDEX.link(QUERY).links[0]
    assert "part number key 'STM32F405RGT6'" in first.evidence
    assert "not before production from 2022-04-03" in first.evidence
    assert "trade.csv row 2" in first.evidence
    heading = INDEX.link(QUERY).links[-1]
    assert "only the heading 8542" in heading.evidence


def test_without_dates_every_record_of_the_block_counts() -> None:
    """With no production window and no recovery date, undated and all dated records link."""
    result = INDEX.link(PartQuery(number="STM32F405RGT6"))
    assert sorted(link.record.ref.row for link in result.links) == [2, 5, 6, 10]


def test_limit_keeps_the_total() -> None:
    """Only the strongest links are kept, but the total says how many were found."""
    result = INDEX.link(QUERY, limit=2)
    assert len(result.links) == 2 and result.total == 4


def test_periods_overlapping_the_window_link() -> None:
    """A shipment period that ends after production starts is linked."""
    period = TradeRecord(
        ref=SourceRef(file="t.csv", sheet="t", row=2), date="2022-03/2022-05",
        date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 5, 31), hs_code="851762", source="x",
    )  # fmt: skip
    index = Index([period], lambda name: "")
    query = PartQuery(
        hs_code="851762", earliest=dt.date(2022, 4, 10), latest=dt.date(2023, 5, 1)
    )
    assert index.link(query).total == 1
    later = PartQuery(hs_code="851762", earliest=dt.date(2022, 6, 1))
    assert index.link(later).total == 0


def test_part_number_key_strips_packaging() -> None:
    """Part numbers are normalised like markings: packaging suffix off, punctuation out."""
    assert part_number_key("stm32f405rgt6-TR") == "STM32F405RGT6"
    assert part_number_key("LTC1877EMS8#PBF") == "LTC1877EMS8"


def _declared(row: int, *numbers: str, **values: str) -> TradeRecord:
    return record(row, "2022-07-01", numbers=numbers, **values)


DECLARED = [
    _declared(2, "NEO-M8N-0-10", goods_description="GNSS NEO-M8N-0-10"),
    _declared(3, "NEO-M8N"),
    _declared(4, "NEO-M8N-0-01"),
    _declared(5, "672-NEO-M8N-0-10"),
    _declared(6, "STM32F103C8T6"),
    _declared(7, "INV-2022-701", manufacturer="u-blox", hs_code="852691"),
]
CATALOG_NUMBERS = {
    "NEO-M8N-0-10": "NEO-M8N",
    "NEO-M8N": "NEO-M8N",
    "NEO-M8N-0-01": "NEO-M8N",
}
DECLARED_INDEX = Index(
    DECLARED,
    lambda name: "u-blox" if name == "u-blox" else "",
    lambda number: CATALOG_NUMBERS.get(number, ""),
)


def test_every_number_a_part_carries_links_strongest_first() -> None:
    """Full orderable number > catalog number > distributor code > another orderable number
    of the base part > maker + HS; a different part's number never links."""
    result = DECLARED_INDEX.link(
        PartQuery(
            number="NEO-M8N", printed=("NEO-M8N-0-10",),
            distributor_codes=("672-NEO-M8N-0-10",), maker="u-blox", hs_code="852691",
        )
    )  # fmt: skip
    assert [(link.record.ref.row, link.strength) for link in result.links] == [
        (2, LinkStrength.ORDERABLE),
        (3, LinkStrength.MPN),
        (5, LinkStrength.DISTRIBUTOR),
        (4, LinkStrength.BASE_PART),
        (7, LinkStrength.MAKER_HS),
    ]
    assert result.total == 5
    assert (
        "the full number printed on the part, 'NEO-M8N-0-10'"
        in result.links[0].evidence
    )
    assert "the base part agrees, the full number does not" in result.links[3].evidence


def test_a_number_nothing_reads_as_a_part_does_not_block_the_maker_link() -> None:
    """An invoice number read out of a description leaves the maker + HS link standing."""
    result = DECLARED_INDEX.link(PartQuery(maker="u-blox", hs_code="852691"))
    assert [(link.record.ref.row, link.strength) for link in result.links] == [
        (7, LinkStrength.MAKER_HS)
    ]

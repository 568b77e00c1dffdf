"""Reported before: rows linked to GUR's published records of the same part (real rows)."""

from __future__ import annotations

import pytest

from bomtrace.api import Origins, identify_row, reported_catalog
from bomtrace.catalog import Catalog, CatalogIndex
from bomtrace.match import Matcher
from bomtrace.model import (
    Answer,
    InputRow,
    ReportedBasis,
    RowKind,
    RowOutcome,
    SourceRef,
    Status,
)
from bomtrace.provenance.origin import origin_of
from bomtrace.provenance.reported import (
    ReportedIndex,
    RunEntries,
    cited_urls,
    marking_key,
    same_base,
)

PAGE = "https://war-sanctions.gur.gov.ua/en/components/{}"


@pytest.fixture(scope="module")
def reported(catalog: Catalog, matcher: Matcher) -> ReportedIndex:
    found = reported_catalog(catalog, matcher)
    assert found is not None
    return found


def outcome(
    catalog: Catalog, matcher: Matcher, marking: str, **values: str
) -> RowOutcome:
    row = InputRow(
        ref=SourceRef(file="t.xlsx", sheet="Sheet1", row=2),
        kind=RowKind.PART,
        values={"marking": marking, **values},
    )
    return identify_row(row, matcher, Origins(catalog))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("STM32F405RGT6", "STM32F405RGT7", True),  # temperature grade
        ("LM358DR", "LM358N", True),  # package and reel
        ("MAX3232CPE", "MAX3232", True),  # the base number itself
        ("ADXL345BCCZ", "ADXL345", True),
        ("TPS54331DR", "TPS54332DR", False),  # another number of the family
        ("ATMEGA8A", "ATMEGA88", False),
        ("74HC74", "74HC04", False),
        ("STM32F405RGT6", "STM32F405RGT6", False),  # the same number, not a base
        ("LM35", "LM35DZ", False),  # too short a start to be sure
        ("NEOM8N", "NEOM8Q", True),
    ],
)
def test_same_base_part(a: str, b: str, same: bool) -> None:
    """Two numbers share a base part when they part at a letter, or after one, within a suffix's reach."""
    assert same_base(a, b) is same
    assert same_base(b, a) is same


def test_marking_keys_need_a_letter_and_a_digit() -> None:
    """'(unspecified)', date codes and two-letter codes are no link between records."""
    assert marking_key("UNSPECIFIED") == ""
    assert marking_key("2112") == ""
    assert marking_key("F9P") == ""
    assert marking_key("rf 3194") == "RF3194"


def test_every_shipped_record_is_identified_once(
    reported: ReportedIndex, catalog: Catalog
) -> None:
    """All 4,722 records of reported_gur.csv are read, each from its own text."""
    assert len(reported.read) == len(catalog.reported) == 4722
    unspecified = [r for r in reported.read if r.record.text == "(unspecified)"]
    assert len(unspecified) == 3071
    assert all(
        r.identification.reason.startswith("no marking given") for r in unspecified
    )


def test_same_part_number_in_three_weapons(
    catalog: Catalog, matcher: Matcher, reported: ReportedIndex
) -> None:
    """STM32F405RGT6 was published in two Geran-2 listings and a Kh-59MK2 missile, with pages."""
    entries = reported.entries(outcome(catalog, matcher, "STM32F405RGT6 GH26F 93"))
    same = [e for e in entries if e.basis is ReportedBasis.PART_NUMBER]
    assert {e.weapon: e.url for e in same} == {
        "uav-geran-2-shahed-136-391": PAGE.format(4882),
        "uav-geran-2-shahed-136-1276": PAGE.format(4779),
        "missile-kh-59mk-2-4262652337019": PAGE.format(4085),
    }
    assert {e.attributed_maker for e in same} == {"STMicroelectronics"}
    assert {e.maker_agrees for e in same} == {Answer.YES}
    assert all(e.publisher.startswith("GUR") for e in same)


def test_another_suffix_is_the_same_base_part(
    catalog: Catalog, matcher: Matcher, reported: ReportedIndex
) -> None:
    """STM32F405RGT7 is linked to the published RGT6 records as the same base part."""
    entries = reported.entries(outcome(catalog, matcher, "STM32F405RGT7"))
    assert {e.weapon for e in entries if e.basis is ReportedBasis.BASE_PART} >= {
        "uav-geran-2-shahed-136-391",
        "missile-kh-59mk-2-4262652337019",
    }
    assert not any(e.basis is ReportedBasis.PART_NUMBER for e in entries)


def test_an_unidentified_marking_is_looked_up_too(
    catalog: Catalog, matcher: Matcher, reported: ReportedIndex
) -> None:
    """RF3194 is identified by nobody, yet GUR published it in two Orlan-10s: same marking."""
    row = outcome(catalog, matcher, "RF3194")
    assert row.identification is not None and row.status.value == "unmatched"
    entries = reported.entries(row)
    assert {(e.weapon, e.basis) for e in entries} == {
        ("orlan-10-uav-no-14662", ReportedBasis.MARKING),
        ("uav-orlan-10-july-2022", ReportedBasis.MARKING),
    }
    assert {e.attributed_maker for e in entries} == {"Qorvo"}
    # Nothing of ours to compare GUR's maker with.
    assert {e.maker_agrees for e in entries} == {Answer.UNKNOWN}


def test_a_row_citing_a_page_is_that_record_and_disagreements_are_flagged(
    catalog: Catalog, matcher: Matcher, reported: ReportedIndex
) -> None:
    """gur-125: GUR credits ADM709 TARZ to AMD; bomtrace reads Analog Devices, and says so."""
    row = outcome(
        catalog,
        matcher,
        "Microcircuit ADM709 TARZ",
        extra=f"Portal page: {PAGE.format(125)}",
    )
    row = RowOutcome(
        row=row.row,
        status=row.status,
        identification=row.identification,
        origin=origin_of(catalog, "Analog Devices"),
    )
    entries = reported.entries(row)
    own = [e for e in entries if e.basis is ReportedBasis.THIS_RECORD]
    assert [(e.component_id, e.attributed_maker, e.maker_agrees) for e in own] == [
        ("gur-125", "AMD", Answer.NO)
    ]
    # The same marking elsewhere, credited to Analog Devices, agrees.
    other = [e for e in entries if e.component_id == "gur-785"]
    assert [(e.basis, e.maker_agrees) for e in other] == [
        (ReportedBasis.MARKING, Answer.YES)
    ]


def test_skipped_rows_are_linked_to_nothing(
    reported: ReportedIndex,
) -> None:
    """A heading row names no part, whatever it says."""
    row = RowOutcome(
        row=InputRow(
            ref=SourceRef(file="t.xlsx", sheet="S", row=1),
            kind=RowKind.SECTION,
            values={"marking": "STM32F405RGT6"},
        ),
        status=Status.SKIPPED,
    )
    assert reported.entries(row) == ()


def test_pages_are_read_out_of_any_cell() -> None:
    """URLs in a row's cells are the pages it cites (case and a final full stop ignored)."""
    assert cited_urls(
        {"extra": "№: 3; Portal page: HTTPS://war-sanctions.gur.gov.ua/en/components/7.",
         "notes": "see https://example.org/x; and more"}
    ) == {"https://war-sanctions.gur.gov.ua/en/components/7", "https://example.org/x"}  # fmt: skip


def test_reported_records_never_change_identification(
    catalog: Catalog, index: CatalogIndex
) -> None:
    """The matcher knows nothing of GUR's labels: a catalog without them identifies alike."""
    from dataclasses import replace

    bare = Matcher(CatalogIndex(replace(catalog, reported=())))
    full = Matcher(index)
    for text in ("Microcircuit ADM709 TARZ", "Power connector JST J110", "RF3194"):
        assert bare.identify(text) == full.identify(text)


def test_a_run_shares_the_entries_of_repeated_parts(
    catalog: Catalog, matcher: Matcher, reported: ReportedIndex
) -> None:
    """Rows with the same identification, origin and cited pages share one tuple of
    entries, equal to the index's own; a cited page makes a row's entries its own."""
    run = RunEntries(reported)
    origins = Origins(catalog)  # shared by a run's rows

    def row(number: int, **values: str) -> RowOutcome:
        ref = SourceRef(file="t.xlsx", sheet="Sheet1", row=number)
        values = {"marking": "STM32F405RGT6", **values}
        return identify_row(
            InputRow(ref=ref, kind=RowKind.PART, values=values),
            matcher,
            origins,
        )

    first, again, page = row(2), row(3), row(4, notes=PAGE.format(1))
    assert first.identification is again.identification  # the matcher's memo
    assert first.origin is again.origin
    assert run.entries(first) == reported.entries(first) != ()
    assert run.entries(again) is run.entries(first)
    assert run.entries(page) == reported.entries(page)
    assert run.entries(page) is not run.entries(first)

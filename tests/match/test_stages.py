"""Match stages on the shipped catalogs: what each stage proposes and how it explains it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bomtrace.catalog import Catalog, CatalogIndex
from bomtrace.catalog.records import PartRecord
from bomtrace.match import Matcher
from bomtrace.match.hints import family_prefix, fuzzy_part
from bomtrace.match.stages import (
    base_part,
    confusable_base_part,
    confusable_part,
    variant_of,
)
from bomtrace.model import CatalogRef, Marking, MatchMethod, Status
from bomtrace.normalise import compact, read_marking


def reading(text: str) -> Marking:
    return Marking(raw=text, text=text.upper(), key=compact(text))


def test_variant_of_fills_the_pattern() -> None:
    """A pattern's wildcards are filled from the marking, its punctuation from the catalog."""
    part = PartRecord(
        mpn="LTC6905xS5-80",
        maker="Analog Devices",
        pattern="LTC6905?S5-80",
        ref=CatalogRef(file="parts.csv", line=2),
    )
    assert variant_of(part, "LTC6905CS580") == "LTC6905CS5-80"


@pytest.mark.parametrize(
    ("marking", "mpn", "rule"),
    [
        ("STM3ZF405RGT6", "STM32F405RGT6", "normalised catalog row"),
        ("5TM32F4O5RGT7", "STM32F405RGT7", "fits pattern 'STM32F405RGT?'"),
    ],
)
def test_look_alike_characters(
    index: CatalogIndex, marking: str, mpn: str, rule: str
) -> None:
    """Letters read for digits (and back) find the catalogued number, with the catalog's letters."""
    found = confusable_part(reading(marking), index)
    assert found
    assert found[0].method is MatchMethod.CONFUSABLE
    assert found[0].mpn == mpn
    assert rule in found[0].evidence
    assert "look-alike characters" in found[0].evidence


def test_look_alike_base_part(index: CatalogIndex) -> None:
    """A look-alike slip and an orderable suffix together still find the base part."""
    found = confusable_base_part(reading("ADXL34SBCCZ-RL7"), index)
    assert found
    assert found[0].maker == "Analog Devices"
    assert "ADXL345" in found[0].evidence


def test_base_part_reads_the_makers_grammar(index: CatalogIndex) -> None:
    """Letters after a catalogued base that parse as the maker's ordering code are explained."""
    found = base_part(reading("MCP3208-I/SL"), index)
    assert found
    assert found[0].mpn == "MCP3208"
    assert (
        "Microchip temperature/package code: industrial -40..+85 C, SOIC 14-lead"
        in (found[0].evidence)
    )


@pytest.mark.parametrize(
    ("marking", "maker", "note"),
    [
        ("TPS7A4700RGWR", "Texas Instruments", "shaped like its catalogued"),
        ("MAX-M9Q", "u-blox", "shaped like its catalogued MAX-8C, MAX-8Q, MAX-M8C"),
        ("MAX 9Q", "Maxim Integrated", "but not shaped like its catalogued"),
        ("5TM32F999", "STMicroelectronics", "read '5TM32' as 'STM32'"),
    ],
)
def test_family_prefix_weighs_the_shape(
    index: CatalogIndex, marking: str, maker: str, note: str
) -> None:
    """A maker's prefix is weighed by whether what follows looks like the maker's numbers."""
    found = {c.maker: c for c in family_prefix(reading(marking), index)}
    assert maker in found
    assert note in found[maker].evidence


def test_shape_decides_between_makers_sharing_a_prefix(index: CatalogIndex) -> None:
    """TI's TPS is followed by digits, AVX's TPS tantalum series by a letter."""
    found = {c.maker: c.score for c in family_prefix(reading("TPS7A4700"), index)}
    assert found["Texas Instruments"] > found["Kyocera AVX"]


def test_fuzzy_names_the_maker_not_the_part(index: CatalogIndex) -> None:
    """A near miss names the maker; the close catalogued number is only cited."""
    found = fuzzy_part(reading("TBX0102DCU"), index)
    assert [c.maker for c in found] == ["Texas Instruments"]
    assert "TXB0102DCU" in found[0].evidence


@pytest.mark.parametrize(
    ("marking", "given", "status", "maker", "mpn", "method"),
    [
        # A near miss is a hint, not a claim: on real records it is as often another
        # maker's number as a slip of the pen.
        ("TBX0102DCU", "", Status.UNMATCHED, "", "", MatchMethod.NONE),
        # A 78xx regulator is made by many makers: the catalog row does not decide.
        (
            "LM7809",
            "",
            Status.AMBIGUOUS,
            "",
            "LM7809",
            MatchMethod.NORMALISED,
        ),
        (
            "MCP2515-I/SO",
            "",
            Status.MATCHED,
            "Microchip Technology",
            "MCP2515-I/SO",
            MatchMethod.PATTERN,
        ),
        # Mouser's 595- code is read off; 74LS174 is a 7400-series number of many makers.
        (
            "595-74LS174",
            "",
            Status.AMBIGUOUS,
            "",
            "74LS174",
            MatchMethod.NORMALISED,
        ),
        (
            "LM358",
            "Texas Instrumnts",
            Status.MATCHED,
            "Texas Instruments",
            "LM358",
            MatchMethod.EXACT,
        ),
        ("QXR4471BT", "", Status.UNMATCHED, "", "", MatchMethod.NONE),
    ],
)
def test_identify_messy_markings(
    matcher: Matcher,
    marking: str,
    given: str,
    status: Status,
    maker: str,
    mpn: str,
    method: MatchMethod,
) -> None:
    """Typos, package-suffix names, ordering codes, Mouser codes and misspelt makers."""
    got = matcher.identify(marking, "", given)
    assert (got.status, got.maker, got.mpn, got.method) == (status, maker, mpn, method)


def test_misspelt_maker_is_said_in_the_evidence(matcher: Matcher) -> None:
    """A maker resolved from a near spelling says so."""
    got = matcher.identify("LM358", "", "Texas Instrumnts")
    assert (
        "manufacturer given as 'Texas Instrumnts' (read as Texas Instruments) agrees"
        in got.evidence
    )


def test_uncatalogued_maker_sharing_a_prefix_is_not_matched(catalog: Catalog) -> None:
    """Without u-blox in the catalogs, its MAX-M9Q is not taken for a Maxim MAX part."""
    without = replace(
        catalog,
        makers={k: v for k, v in catalog.makers.items() if k != "u-blox"},
        parts=tuple(p for p in catalog.parts if p.maker != "u-blox"),
    )
    got = Matcher(CatalogIndex(without)).identify("MAX-M9Q")
    assert got.status is Status.UNMATCHED
    assert "weak hint only" in got.reason
    assert "Maxim Integrated" in got.reason
    assert "but not shaped like its catalogued" in got.reason


def test_matched_means_more_likely_right_than_wrong(matcher: Matcher) -> None:
    """No matched row has a confidence below one half."""
    for marking in ("TPS7A4700RGWR", "IRM-99-12", "GALI-4X", "STM3ZF405", "AD8221ARZ"):
        got = matcher.identify(marking)
        assert got.status is not Status.MATCHED or got.confidence >= 0.5


def test_readings_that_drop_text_lose_ties(index: CatalogIndex) -> None:
    """A reading that explains every character beats the first line alone."""
    readings = read_marking("LM4950 TAG")
    assert any("first line" in s.rule for r in readings for s in r.steps)
    got = Matcher(index).identify("LM4950 TAG")
    assert got.status is Status.MATCHED
    assert got.mpn == "LM4950TA"

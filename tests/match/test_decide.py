"""Identification against the shipped catalogs: a case table of what researchers type."""

from __future__ import annotations

import pytest

from bomtrace.match import Matcher
from bomtrace.model import MatchMethod, Status


@pytest.mark.parametrize(
    ("marking", "maker_given", "status", "maker", "mpn", "method"),
    [
        (
            "STM32F405RGT6",
            "",
            Status.MATCHED,
            "STMicroelectronics",
            "STM32F405RGT6",
            MatchMethod.EXACT,
        ),
        (
            "stm32f405 rgt6",
            "",
            Status.MATCHED,
            "STMicroelectronics",
            "STM32F405RGT6",
            MatchMethod.NORMALISED,
        ),
        (
            "STM32F405RGT7",
            "",
            Status.MATCHED,
            "STMicroelectronics",
            "STM32F405RGT7",
            MatchMethod.PATTERN,
        ),
        (
            "ADI\nADXL345\nBCCZ",
            "",
            Status.MATCHED,
            "Analog Devices",
            "ADXL345BCCZ",
            MatchMethod.NORMALISED,
        ),
        (
            "MS5611-01BA03",
            "",
            Status.MATCHED,
            "TE Connectivity",
            "MS5611-01BA",
            MatchMethod.BASE_PART,
        ),
        (
            "STM32F4O5RGT6",
            "",
            Status.MATCHED,
            "STMicroelectronics",
            "STM32F405RGT6",
            MatchMethod.CONFUSABLE,
        ),
        (
            "296-1395-5-ND",
            "",
            Status.MATCHED,
            "Texas Instruments",
            "LM358P",
            MatchMethod.DISTRIBUTOR_PN,
        ),
        (
            "ADXRS620BBGZ",
            "",
            Status.MATCHED,
            "Analog Devices",
            "",
            MatchMethod.FAMILY_PREFIX,
        ),
        ("LM317T", "", Status.AMBIGUOUS, "", "LM317T", MatchMethod.EXACT),
        (
            "LM317T",
            "ST",
            Status.MATCHED,
            "STMicroelectronics",
            "LM317T",
            MatchMethod.EXACT,
        ),
        (
            "LM317LZ",
            "ST",
            Status.MATCHED,
            "STMicroelectronics",
            "LM317LZ",
            MatchMethod.SECOND_SOURCE,
        ),
        (
            "L7805CV",
            "",
            Status.MATCHED,
            "STMicroelectronics",
            "L7805CV",
            MatchMethod.EXACT,
        ),
        ("BSS138", "", Status.AMBIGUOUS, "", "BSS138", MatchMethod.EXACT),
        ("XQZ4415RT", "", Status.UNMATCHED, "", "", MatchMethod.NONE),
        ("illegible", "", Status.UNMATCHED, "", "", MatchMethod.MAKER_GIVEN),
        (
            "",
            "Texas Instruments",
            Status.MATCHED,
            "Texas Instruments",
            "",
            MatchMethod.MAKER_GIVEN,
        ),
        ("QQQ123", "", Status.UNMATCHED, "", "", MatchMethod.NONE),
    ],
)
def test_identify(
    matcher: Matcher,
    marking: str,
    maker_given: str,
    status: Status,
    maker: str,
    mpn: str,
    method: MatchMethod,
) -> None:
    """Each marking gets the status, maker, part number and method an expert would give."""
    got = matcher.identify(marking, "", maker_given)
    assert (got.status, got.maker, got.mpn) == (status, maker, mpn)
    if status is not Status.UNMATCHED:
        assert got.method is method
        assert got.evidence
    assert 0.0 <= got.confidence <= 1.0


def test_second_source_lists_every_maker(matcher: Matcher) -> None:
    """An LM317 with no maker names all its makers and picks none."""
    got = matcher.identify("LM317T")
    assert got.status is Status.AMBIGUOUS
    assert {c.maker for c in got.candidates} >= {
        "Texas Instruments",
        "STMicroelectronics",
        "ON Semiconductor",
    }
    assert "several makers" in got.reason


def test_explanation_names_the_rule_and_catalog_row(matcher: Matcher) -> None:
    """The evidence says what was compared with what and which catalog row was used."""
    got = matcher.identify("LM358DR/NOPB", "", "TI")
    assert got.evidence.startswith(
        "marking 'LM358DR/NOPB' -> packaging suffix lead-free (/NOPB) 'LM358DR'"
    )
    assert "catalog row parts.csv:" in got.evidence
    assert "manufacturer given as 'TI' (Texas Instruments) agrees" in got.evidence


def test_maker_given_through_alias_confirms(matcher: Matcher) -> None:
    """A maker written as an alias or in Cyrillic resolves and confirms the catalog's maker."""
    got = matcher.identify("MAX3232CPE+", "", "Максим")
    assert (got.status, got.maker) == (Status.MATCHED, "Maxim Integrated")
    assert got.confidence > matcher.identify("MAX3232CPE+").confidence - 1e-9


def test_conflicting_maker_is_ambiguous_not_silent(matcher: Matcher) -> None:
    """When the sheet's maker contradicts the catalog, both are shown; none is picked."""
    got = matcher.identify("STM32F405RGT6", "", "Texas Instruments")
    assert got.status is Status.AMBIGUOUS
    assert (
        got.reason
        == "manufacturer given as 'Texas Instruments' but the catalog names STMicroelectronics"
    )

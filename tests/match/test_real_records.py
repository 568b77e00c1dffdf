"""Identification of records as GUR's portal and researchers write them (issue #12).

The cells below are real rows of ``bench/data/realworld/gur_components_dev.csv`` (GUR's
"War & Sanctions" portal, via the CC BY 4.0 "Awesome Drone Warfare OSINT" dataset), and
numbers from the peer library's tests; each test states the rule it checks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bomtrace.catalog import Catalog
from bomtrace.catalog.index import CatalogIndex
from bomtrace.match import Matcher
from bomtrace.match.decide import MIN_CONFIDENCE
from bomtrace.model import MatchMethod, ProductionWindow, Status
from bomtrace.provenance.ownership import LineBook


@pytest.mark.parametrize(
    ("cell", "maker"),
    [
        ("Microcontroller STM32F405RGT6", "STMicroelectronics"),
        ("Single-channel RS-232 receiver (MAX3221E)", ""),  # Maxim's, TI makes it too
        ("GPS module NEO-M8Q-0-10", "u-blox"),
        ("Microcontroller (MSP430F5659)", "Texas Instruments"),
        ("Flash memory S29AL008J70TFI010", "Spansion"),
    ],
)
def test_portal_cells_are_read_for_their_part_number(
    matcher: Matcher, cell: str, maker: str
) -> None:
    """GUR prints a description and the marking in one cell; the marking is read out."""
    got = matcher.identify(cell)
    if maker:
        assert (got.status, got.maker) == (Status.MATCHED, maker), got.reason
        assert "part number read out of the text" in got.evidence
    else:
        assert got.status is Status.AMBIGUOUS
        assert {"Maxim Integrated", "Texas Instruments"} <= {
            c.maker for c in got.candidates
        }


def test_a_later_number_in_the_text_when_the_first_identifies_nothing(
    matcher: Matcher,
) -> None:
    """ "PWM controller 12095 PAOC NCP1230D100R2": the first run of codes (a lot code
    read with look-alikes) identifies nothing; the maker's number after it does."""
    got = matcher.identify("PWM controller 12095  PAOC NCP1230D100R2")
    assert (got.status, got.maker) == (Status.MATCHED, "ON Semiconductor"), got.reason
    assert "the text's first number '12095 PAOC NCP1230D100R2' identifies no part" in (
        got.evidence
    )
    # The first number still wins when it identifies a part.
    first = matcher.identify("Microcontroller STM32F405RGT6 NCP1234AD65R2G")
    assert first.maker == "STMicroelectronics"


def test_a_prefix_put_back_from_a_logo_is_not_shown_as_the_number(
    matcher: Matcher,
) -> None:
    """ "Chip 10M02SCM153I7G - Intel MAX": the logo names Intel; which Intel prefix the
    chip top left off is a guess, so the number stays as printed and says so."""
    got = matcher.identify("Chip 10M02SCM153I7G - Intel® МAX®")
    assert (got.status, got.maker) == (Status.MATCHED, "Intel"), got.reason
    assert got.marking_normalised == "10M02SCM153I7G"
    assert "the part number is not known: the prefix" in got.evidence


@pytest.mark.parametrize(
    ("cell", "maker", "why"),
    [
        # The start "TMS320" is catalogued (TMS320LF2406) but names no maker surely;
        # TI's prefix on the whole number, split over two lines, does.
        (
            "DSP TMS320 F28069PZT G4A-1AC2XRW G4",
            "Texas Instruments",
            "the catalogued start 'TMS320' alone names no maker surely",
        ),
        # A number split after its letters, its tail read like a value (357 bytes).
        (
            "Low noise 3-axis MEMS accelerometer ADXL 355B #2210 661234",
            "Analog Devices",
            "",
        ),
    ],
)
def test_split_numbers_in_free_text(
    matcher: Matcher, cell: str, maker: str, why: str
) -> None:
    got = matcher.identify(cell)
    assert (got.status, got.maker) == (Status.MATCHED, maker), got.reason
    assert why in got.evidence
    assert got.marking_normalised.startswith(("TMS320F", "ADXL355B")), got.evidence


@pytest.mark.parametrize(
    ("cell", "maker"),
    [
        # "DC/DC converter" names the module or the chip inside one (Linear's LT8331).
        ("DC/DC converter LT8610", "Analog Devices"),
        ("DC/DC controller (LT8331)", "Linear Technology"),
        # ПЛИС/PLIS (FPGA) with a footnote asterisk, as GUR's translations print it.
        ("PLIS* XILINX XC9536XL", "Xilinx"),
        ("ПЛИС* XILINX XC95144XL", "Xilinx"),
    ],
)
def test_kind_words_as_element_lists_write_them(
    matcher: Matcher, cell: str, maker: str
) -> None:
    got = matcher.identify(cell)
    assert (got.status, got.maker) == (Status.MATCHED, maker), got.reason
    assert "part number read out of the text" in got.evidence


def test_component_words_never_make_a_prefix(matcher: Matcher) -> None:
    """ "Microcontroller ..." was once read as a Microchip prefix at confidence 1.00."""
    for cell in ("Microcontroller", "Microcircuit КФ118ХК1", "Memory chip"):
        got = matcher.identify(cell)
        assert got.maker != "Microchip Technology", got.evidence


def test_a_maker_named_in_the_text_is_evidence(matcher: Matcher) -> None:
    """ "Memory chip ATMEL AT45D8321D": the logo in the text names the maker, and says so."""
    got = matcher.identify("Memory chip ATMEL AT45D8321D")
    assert got.status is Status.MATCHED and got.maker == "Atmel"
    assert "maker named in the text ('ATMEL' -> Atmel)" in got.evidence


@pytest.mark.parametrize(
    "number",
    ["2N5551", "BC327", "1N5400", "4N26", "6N138", "74LS00", "LM7905", "MB2S"],
)
def test_generic_numbers_are_ambiguous(matcher: Matcher, number: str) -> None:
    """Registered and industry numbers are many makers': no single maker is claimed."""
    got = matcher.identify("", number)
    assert got.status is not Status.MATCHED, got.evidence


def test_the_letters_of_a_maker_decide_a_generic_number(matcher: Matcher) -> None:
    """SN74 is Texas Instruments' own spelling of a 7400-series number."""
    got = matcher.identify("", "SN74LS00N")
    assert (got.status, got.maker) == (Status.MATCHED, "Texas Instruments")


@pytest.mark.parametrize(
    ("number", "not_maker"),
    [
        ("XC6119N22AMR", "Xilinx"),  # Torex
        ("MC7805", "Sierra Wireless"),  # a 78xx regulator
        ("SY6280", "Micrel"),  # Silergy
        ("MBI5024", "Fujitsu"),  # Macroblock
        ("CDC2G2NP-100MC", "Comchip Technology"),  # Sumida
        ("TP7150", "Texas Instruments"),  # 3PEAK
    ],
)
def test_shared_short_prefixes_do_not_make_confident_claims(
    matcher: Matcher, number: str, not_maker: str
) -> None:
    """The peer's errors: a prefix several makers use is decided by grammar, or left open."""
    got = matcher.identify("", number)
    assert not (got.status is Status.MATCHED and got.maker == not_maker), got.evidence


def test_a_two_letter_prefix_alone_is_a_hint(matcher: Matcher) -> None:
    """Two letters never name a maker on their own; the hint stays in the reason."""
    got = matcher.identify("", "XC2500P-20S")
    assert got.status is not Status.MATCHED
    assert "hint only" in (got.reason + got.evidence)


def test_a_probable_maker_stays_a_hint(matcher: Matcher) -> None:
    """Mornsun's URB prefix, with no URB number catalogued, is probable, not certain."""
    got = matcher.identify("Voltage converter URB2405YMD-15WR3")
    assert got.status is Status.UNMATCHED
    assert (
        "probable maker only (prefix 'URB' is a part-number prefix of Mornsun"
        in got.reason
    )


def test_matched_rows_are_confident(matcher: Matcher) -> None:
    """Nothing is matched below the confidence that real records justify."""
    for cell in (
        "Brushless resolver TS2605N191E64",
        "Plug connector MS27508E18B35P",
        "DC-DC converter TSM0505S",
        "Power amplifier for the radio transmission path RF3194",
    ):
        got = matcher.identify(cell)
        assert got.status is not Status.MATCHED or got.confidence >= MIN_CONFIDENCE


def test_a_dropped_family_prefix_is_restored(matcher: Matcher) -> None:
    """Chip tops print PIC12F683 as 12F683 and W25Q64JVSIQ as 25Q64JVSIQ."""
    pic = matcher.identify("12F683 I/SN")
    restored = [c for c in pic.candidates if c.method is MatchMethod.RESTORED_PREFIX]
    assert restored and restored[0].maker == "Microchip Technology"
    assert "family prefix 'PIC' restored" in pic.evidence
    winbond = matcher.identify("Flash memory 25Q64JVSIQ")
    assert winbond.maker == "Winbond Electronics" or "W25Q" in winbond.reason
    logic = matcher.identify("Microcircuit ACT244")
    assert logic.status is Status.AMBIGUOUS and "7400" in logic.reason


def test_a_logo_restores_its_makers_prefix(matcher: Matcher) -> None:
    """ "MAXIM 2769E": the logo's own prefix MAX is put back; ADI's (its owner's) are not."""
    got = matcher.identify("Universal GPS receiver MAXIM  2769E  TIT13    +NS8L")
    assert (got.status, got.maker) == (Status.MATCHED, "Maxim Integrated")
    assert "MAX2769E" in got.evidence


def test_a_former_line_owner_agrees_with_the_catalog(matcher: Matcher) -> None:
    """AT45DB161D given as Atmel agrees with the catalog's Adesto: the line moved in 2012."""
    got = matcher.identify("AT45DB161D-SU", "", "Atmel")
    assert got.status is Status.MATCHED
    assert got.maker in {"Adesto Technologies", "Atmel"}


def test_the_maker_at_production_follows_the_line(catalog: Catalog) -> None:
    """An AT45DB161D made in 2011 was Atmel's; one made in 2015 Adesto's."""
    book = LineBook(catalog)
    made_2011 = ProductionWindow(
        code="1124", start=dt.date(2011, 6, 5), end=dt.date(2011, 6, 19)
    )
    then = book.maker_at_production("Adesto Technologies", "AT45DB161D", made_2011)
    assert then.maker == "Atmel"
    assert (
        "before the Atmel DataFlash and serial flash line went from Atmel" in then.basis
    )
    made_2015 = ProductionWindow(
        code="1515", start=dt.date(2015, 4, 5), end=dt.date(2015, 4, 12)
    )
    assert (
        book.maker_at_production("Adesto Technologies", "AT45DB161D", made_2015).maker
        == "Adesto Technologies"
    )


def test_the_maker_at_production_of_an_acquired_brand(catalog: Catalog) -> None:
    """A Maxim part made in 2015 was made by Maxim, before Analog Devices bought it."""
    book = LineBook(catalog)
    window = ProductionWindow(
        code="1515", start=dt.date(2015, 4, 5), end=dt.date(2015, 4, 12)
    )
    then = book.maker_at_production("Maxim Integrated", "MAX232", window)
    assert then.maker == "Maxim Integrated"
    assert "before Analog Devices acquired Maxim Integrated (2021" in then.basis
    assert book.maker_at_production("Maxim Integrated", "MAX232", None).maker == ""


def test_a_family_gives_its_category(index: CatalogIndex) -> None:
    """SIMCom's SIM800 line is all cellular modules: a part known by its family gets the HS."""
    family = index.product_family("SIMCom", "SIM800L")
    assert family is not None and family.category == "cellular module"
    got = Matcher(index).identify("МОДУЛЬ GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ")
    assert got.maker == "SIMCom" and got.category == "cellular module"

"""Normalisation rules: each rule named, each case a row of the table."""

from __future__ import annotations

import pytest

from bomtrace.normalise import compact, read_marking
from bomtrace.normalise.confusables import fold_homoglyphs, ocr_skeleton
from bomtrace.normalise.rules import illegible_reason
from bomtrace.normalise.skus import read_distributor_sku
from bomtrace.normalise.suffixes import strip_packaging_suffix

LOGOS = {"TI": "Texas Instruments", "ADI": "Analog Devices", "ST": "STMicroelectronics"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("adxrs 620-bbgz", "ADXRS620BBGZ"),
        ("LTC1877EMS8#PBF", "LTC1877EMS8PBF"),
        ("АD8221", "AD8221"),  # Cyrillic А
        ("КР1533ЛА3", "KP1533ЛA3"),  # Russian part numbers keep their own letters
    ],
)
def test_compact(text: str, key: str) -> None:
    """The lookup key: upper case, look-alikes folded, punctuation gone."""
    assert compact(text) == key


@pytest.mark.parametrize(
    ("text", "stripped", "rule"),
    [
        ("LM358DR/NOPB", "LM358DR", "lead-free (/NOPB)"),
        ("LTC1877EMS8#PBF", "LTC1877EMS8", "lead-free (#PBF)"),
        ("LTC1877EMS8#TRPBF", "LTC1877EMS8", "lead-free and reel (#TRPBF)"),
        ("BSS138,215", "BSS138", "packing code (,115)"),
        ("ADXL345BCCZ-RL7", "ADXL345BCCZ", "tape and reel (-REEL7)"),
        ("ADXL345BCCZ-REEL7", "ADXL345BCCZ", "tape and reel (-REEL7)"),
        ("MAX3232CPE+T", "MAX3232CPE", "lead-free and reel (+T)"),
        ("SI2302CDS-T1-GE3", "SI2302CDS", "lead finish (-GE3)"),
        ("STM32F405RGT6TR", "STM32F405RGT6", "tape and reel (-TR)"),
        ("LM317", "LM317", ""),
        ("TR", "TR", ""),
    ],
)
def test_strip_packaging_suffix(text: str, stripped: str, rule: str) -> None:
    """Tape-and-reel and lead-finish suffixes are stripped and named."""
    assert strip_packaging_suffix(text) == (stripped, rule)


@pytest.mark.parametrize(
    ("text", "distributor", "mpn"),
    [
        ("296-1395-5-ND", "Digi-Key", ""),
        ("STM32F405RGT6-ND", "Digi-Key", "STM32F405RGT6"),
        ("497-11767-1-ND", "Digi-Key", ""),
        ("595-SN74HC595N", "Mouser", "SN74HC595N"),
        ("C8734", "LCSC", ""),
    ],
)
def test_distributor_skus(text: str, distributor: str, mpn: str) -> None:
    """Distributor order codes are recognised; a maker part inside is recovered."""
    found = read_distributor_sku(text)
    assert found is not None
    assert (found.distributor, found.mpn) == (distributor, mpn)


def test_plain_part_is_no_sku() -> None:
    """An ordinary part number is not mistaken for an order code."""
    assert read_distributor_sku("STM32F405RGT6") is None


def test_homoglyphs_and_ocr_skeleton() -> None:
    """Cyrillic look-alikes fold to Latin; OCR slips share a skeleton with the true number."""
    assert fold_homoglyphs("ТРS54331") == "TPS54331"
    assert ocr_skeleton("STM32F4O5") == ocr_skeleton("STM32F405")
    assert ocr_skeleton("ADXL345") != ocr_skeleton("ADXL346")


def test_chip_top_reading() -> None:
    """Logo, date code and country of assembly are read off a chip-top marking."""
    readings = read_marking("ADI\nADXRS620 BBGZ\n1515 PHL", {"ADI": "Analog Devices"})
    keys = [r.key for r in readings]
    assert keys[0] == "ADIADXRS620BBGZ1515PHL"
    cleaned = readings[1]
    assert cleaned.key == "ADXRS620BBGZ"
    assert cleaned.maker_hint == "Analog Devices"
    assert cleaned.date_code_hint == "1515"
    assert [s.rule for s in cleaned.steps] == [
        "whitespace and line breaks",
        "maker logo or name (ADI)",
        "date, lot and country codes",
    ]
    assert "ADXRS620" in keys


def test_readings_include_suffix_and_sku_variants() -> None:
    """Readings cover the stripped packaging suffix and the part inside an order code."""
    assert "LM358DR" in [r.key for r in read_marking("LM358DR/NOPB")]
    assert "SN74HC595N" in [r.key for r in read_marking("595-SN74HC595N")]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "no marking or part number given"),
        ("???", "marking recorded as illegible ('???')"),
        ("нечитаемо", "marking recorded as illegible ('нечитаемо')"),
        (
            "двигатель",
            "the marking reads as a description, not a part number ('двигатель')",
        ),
        ("STM32F405", ""),
        ("ADXRS", ""),
    ],
)
def test_illegible_reason(raw: str, reason: str) -> None:
    """Cells that hold no part number say why."""
    assert illegible_reason(raw) == reason


@pytest.mark.parametrize(
    "raw", ["STM32F405RGT6", "adi adxl345 bccz 1931", "LM358DR/NOPB", "АD8221"]
)
def test_normalisation_is_idempotent(raw: str) -> None:
    """Reading an already-normalised key gives the same key back."""
    for reading in read_marking(raw, LOGOS):
        assert compact(reading.key) == reading.key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("LM 2902\n2218 T6M3WGJ", "LM2902"),  # 2902 is the number, 2218 the date
        ("BGA 2801 1713A", "BGA2801"),
        ("ADXRS620 BBGZ 1515 PHL", "ADXRS620BBGZ"),
    ],
)
def test_date_code_follows_a_complete_number(raw: str, key: str) -> None:
    """Four digits after a bare letter group belong to the number; the date comes after it."""
    readings = read_marking(raw)
    cleaned = [r for r in readings if r.date_code_hint]
    assert cleaned
    assert cleaned[0].key == key


@pytest.mark.parametrize(
    ("text", "mpn"),
    [("595-74LS174", "74LS174"), ("511-STM32F405RGT6", "STM32F405RGT6")],
)
def test_mouser_code_before_a_digit_led_number(text: str, mpn: str) -> None:
    """Mouser's maker code is recognised before numbers that start with a digit too."""
    found = read_distributor_sku(text)
    assert found is not None
    assert (found.distributor, found.mpn) == ("Mouser", mpn)


def test_all_digit_code_is_not_a_mouser_code() -> None:
    """A maker number made of digits and hyphens is not read as a Mouser code."""
    assert read_distributor_sku("500-0659-01") is None


@pytest.mark.parametrize(
    ("raw", "rule", "key"),
    [
        ("ADXRS620\nBBGZ", "whitespace and line breaks", "ADXRS620BBGZ"),
        ("АD8221", "Cyrillic/Greek look-alike letters", "AD8221"),
        ("adxl345bccz", "case", "ADXL345BCCZ"),
        ("LM358DR MADE IN CHINA", "country of assembly", "LM358DR"),
        ("ADI ADXL345BCCZ", "maker logo or name (ADI)", "ADXL345BCCZ"),
        ("LM358DR 2215 A3B7K PHL", "date, lot and country codes", "LM358DR"),
        ("ADXRS620 BBGZ XR7Q", "first two lines of the marking", "ADXRS620BBGZ"),
        ("ADXRS620 XR7Q", "first line of the marking", "ADXRS620"),
        (
            "STM32F405RGT6-ND",
            "Digi-Key order code (-ND) around the maker part",
            "STM32F405RGT6",
        ),
        ("595-SN74HC595N", "Mouser order code prefix (595-)", "SN74HC595N"),
        ("LM358DR/NOPB", "packaging suffix lead-free (/NOPB)", "LM358DR"),
        ("LTC1877EMS8#PBF", "packaging suffix lead-free (#PBF)", "LTC1877EMS8"),
        ("BSS138,215", "packaging suffix packing code (,115)", "BSS138"),
        ("ADXL345BCCZ-RL7", "packaging suffix tape and reel (-REEL7)", "ADXL345BCCZ"),
        ("MAX3232CPE+T", "packaging suffix lead-free and reel (+T)", "MAX3232CPE"),
        ("SI2302CDS-T1-GE3", "packaging suffix lead finish (-GE3)", "SI2302CDS"),
        ("LIS3DHTR", "packaging suffix tape and reel (-TR)", "LIS3DH"),
    ],
)
def test_every_rule_is_named_in_the_readings(raw: str, rule: str, key: str) -> None:
    """Each normalisation rule fires on its case and is named in the reading's steps."""
    readings = read_marking(raw, LOGOS)
    fired = {r.key for r in readings if any(step.rule == rule for step in r.steps)}
    assert key in fired

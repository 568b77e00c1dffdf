"""The catalog's lookup tables: part-number views, shapes, aliases and maker prefixes."""

from __future__ import annotations

import pytest

from bomtrace.catalog import CatalogIndex
from bomtrace.catalog.companies import AliasTable, normalise_company
from bomtrace.catalog.partindex import PartIndex, digit_block
from bomtrace.catalog.records import MakerRecord, PartRecord
from bomtrace.catalog.shapes import digits_repaired, heads_agree, shape, shape_head
from bomtrace.model import CatalogRef
from bomtrace.normalise import compact

REF = CatalogRef(file="parts_test.csv", line=2)


def part(mpn: str, maker: str = "Acme", pattern: str = "") -> PartRecord:
    return PartRecord(mpn=mpn, maker=maker, pattern=pattern, ref=REF)


def test_pattern_lookup_fills_wildcards() -> None:
    """A key fits a KiCad pattern whatever stands at its wildcard positions."""
    parts = PartIndex([part("STM32F405RGTx", pattern="STM32F405RGT?")])
    assert [p.mpn for p in parts.pattern("STM32F405RGT6")] == ["STM32F405RGTx"]
    assert parts.pattern("STM32F405RGT") == []
    assert parts.pattern("STM32F415RGT6") == []


def test_package_suffix_name_is_found_by_its_base_number() -> None:
    """A KiCad name with a package suffix (LM7809_TO220) is found under LM7809."""
    parts = PartIndex([part("LM7809_TO220", pattern="LM7809")])
    assert [p.mpn for p in parts.exact("LM7809")] == ["LM7809_TO220"]


def test_starting_with_and_longest_prefix() -> None:
    """Truncated markings find their completions; longer markings find their base, longest first."""
    parts = PartIndex([part("ADXL345"), part("ADXL345BCCZ"), part("ADXL346")])
    assert {p.mpn for p in parts.starting_with("ADXL34")} == {
        "ADXL345",
        "ADXL345BCCZ",
        "ADXL346",
    }
    assert [h for h, _ in parts.longest_prefix("ADXL345BCCZRL7")] == [
        "ADXL345BCCZ",
        "ADXL345",
    ]


def test_fuzzy_blocks_share_a_start_or_a_digit_run() -> None:
    """A slip in the first letters is still compared: keys sharing a run of digits meet."""
    parts = PartIndex([part("TXB0102DCU"), part("LM358")])
    assert digit_block("TBX0102DCU") == "#0102"
    assert "TXB0102DCU" in parts.near_keys("TBX0102DCU")
    assert "LM358" not in parts.near_keys("TBX0102DCU")


def test_look_alike_view_shares_keys(index: CatalogIndex) -> None:
    """In the look-alike view STM3ZF4O5RGT6 and STM32F405RGT6 have one key."""
    assert {p.mpn for p in index.ocr_variants(compact("STM3ZF4O5RGT6"))} >= {
        "STM32F405RGT6"
    }


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("-3638T", (("-", 1), ("D", 4), ("L", 1))),
        ("3232CPE+", (("D", 4), ("L", 3), ("-", 1))),
        ("", ()),
    ],
)
def test_shape(text: str, runs: tuple[tuple[str, int], ...]) -> None:
    """A number's shape is its runs of digits, letters and separators."""
    assert shape(text) == runs


def test_heads_agree_within_one_digit() -> None:
    """Digit runs one apart agree (MAX232 and MAX3232); other kinds of run do not."""
    assert heads_agree(shape_head("3232CPE"), shape_head("232CPE"))
    assert not heads_agree(shape_head("-M8Q"), shape_head("3232CPE"))
    assert not heads_agree(shape_head("-05-12"), shape_head("-3638T"))


def test_digits_repaired_inside_digit_runs_only() -> None:
    """Look-alike letters between digits are read as digits; letters elsewhere stay."""
    assert digits_repaired("7I3I5PDBV") == "71315PDBV"
    assert digits_repaired("Z56GN") == "256GN"
    assert digits_repaired("8Q") == "8Q"


def test_prefix_fit(index: CatalogIndex) -> None:
    """What follows a prefix is compared with the maker's catalogued numbers."""
    assert index.prefix_fit("MAX", "Maxim Integrated", "3232CPE")[0] is True
    assert index.prefix_fit("MAX", "Maxim Integrated", "-M8Q")[0] is False
    fit, support = index.prefix_fit("IRM", "Everlight Electronics", "-05-12")
    assert (fit, support) == (None, 0)


def test_look_alike_prefix(index: CatalogIndex) -> None:
    """5TM32 is read as ST's STM32 prefix."""
    assert index.makers_by_look_alike_prefix("5TM32F405") == [
        ("STM32", "STMicroelectronics")
    ]
    assert {m for _, m in index.makers_by_look_alike_prefix("T0P257MN")} >= {
        "Power Integrations"
    }


MAKERS = [
    MakerRecord(
        name="Texas Instruments", aliases=("TI", "Тексас Инструментс"), ref=REF
    ),
    MakerRecord(name="Analog Devices", aliases=("ADI", "AD"), ref=REF),
    MakerRecord(name="Analogix", ref=REF),
]


@pytest.mark.parametrize(
    ("written", "maker", "misspelt"),
    [
        ("Texas Instruments Incorporated", "Texas Instruments", False),
        ("texas instruments, inc.", "Texas Instruments", False),
        ("ТI", "Texas Instruments", False),  # Cyrillic Т
        ("тексас инструментс", "Texas Instruments", False),
        ("Texas Instrumnts", "Texas Instruments", True),
        ("Analog Device", "Analog Devices", True),
        ("Analogic", "", False),  # close to two makers: not guessed
        ("TX", "", False),  # too short to be a spelling slip
        ("", "", False),
    ],
)
def test_alias_resolution(written: str, maker: str, misspelt: bool) -> None:
    """Aliases, Cyrillic spellings and one-letter slips resolve; other names do not."""
    assert AliasTable(MAKERS).resolve(written) == (maker, misspelt)


def test_normalise_company() -> None:
    """Legal forms, punctuation and case are dropped before names are compared."""
    assert normalise_company("STMicroelectronics N.V.") == "stmicroelectronics"
    assert normalise_company("Würth Elektronik GmbH & Co. KG") == "wurth elektronik"
    assert normalise_company("ООО Миландр") == "миландр"

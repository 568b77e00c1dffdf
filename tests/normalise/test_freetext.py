"""Reading part numbers out of free-text name cells (element lists, GUR's portal, declarations)."""

from __future__ import annotations

import pytest

from bomtrace.catalog.index import CatalogIndex
from bomtrace.normalise.freetext import read_free_text


@pytest.mark.parametrize(
    ("text", "first", "maker"),
    [
        # As GUR's portal prints them.
        ("Microcontroller STM32F405RGT6", "STM32F405RGT6", ""),
        ("Memory chip ATMEL AT45D8321D", "AT45D8321D", "Atmel"),
        ("RS-232 receiver (MAX3221E)", "MAX3221E", ""),
        (
            "Line transceiver RS-232 MAXIM MAX3221 EAE 2102",
            "MAX3221 EAE 2102",
            "Maxim Integrated",
        ),
        ("Electrolytic capacitor 220µF 50V", None, ""),
        ("GPS module NEO-M8Q-0-10", "NEO-M8Q-0-10", ""),
        ("RAM memory chip CY62157EV30L – 45ZSXI 1813", "CY62157EV30L-45ZSXI 1813", ""),
        # Russian and Ukrainian element lists ("Наименование").
        ("Микросхема STM32F103C8T6", "STM32F103C8T6", ""),
        ("Мікросхема К561ЛА7", "К561ЛА7", ""),
        ("Резистор С2-33Н-0,125-10 кОм±5%", "С2-33Н-0,125-10", ""),
        # A customs declaration's goods description, in capitals.
        ("МОДУЛЬ GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ", "SIM800L", ""),
        # Units, ranges and packages are set aside.
        (
            "Video Decoder IC Analog 10 Bit 57.27 MSPS 6 Channel 1.71V to 1.89V LFCSP-40 ADV7180 BCPZ",
            "ADV7180 BCPZ",
            "",
        ),
    ],
)
def test_the_part_number_is_read_out_of_the_text(
    index: CatalogIndex, text: str, first: str | None, maker: str
) -> None:
    """The first candidate is the run of part-like tokens, description words set aside."""
    found = read_free_text(text, index.logos)
    assert found.described
    if first is None:
        assert found.candidates == ()
    else:
        assert found.candidates[0].text == first
    assert found.maker == maker


def test_words_set_aside_are_named_with_the_reason(index: CatalogIndex) -> None:
    """The evidence says which words were set aside and why."""
    found = read_free_text("Memory chip ATMEL AT45D8321D 3.3V SOIC-8", index.logos)
    assert found.explain() == (
        "description word: 'Memory', 'chip'; maker name: 'ATMEL';"
        " value or unit: '3.3V'; package: 'SOIC-8'"
    )
    assert found.categories == ("memory", "other ic")


def test_a_capitalised_first_word_is_not_a_maker(index: CatalogIndex) -> None:
    """ "Pulse transformer", "Integral gyroscope": any word opens a sentence capitalised."""
    assert read_free_text("Pulse Transformer S558-5999-U7-F", index.logos).makers == ()
    assert read_free_text("Integral gyroscope ADIS16265", index.logos).makers == ()
    inside = read_free_text("Converter Integral IN74HC00", index.logos)
    assert inside.makers == (("Integral", "Integral"),)


def test_component_words_are_never_part_numbers_or_prefixes(
    index: CatalogIndex,
) -> None:
    """ "Microcontroller" and "Microcircuit" once read as a Microchip prefix at 1.00."""
    for text in ("Microcontroller", "Microcircuit", "MICROCONTROLLER", "Мікросхема"):
        found = read_free_text(f"{text} 1234", index.logos)
        assert all(text.upper() not in c.text.upper() for c in found.candidates)


def test_a_chip_top_marking_is_not_free_text(index: CatalogIndex) -> None:
    """A marking as printed (logo, number, codes) holds no description: matched as before."""
    for marking in (
        "ADI ADXRS620 BBGZ 1515 PHL",
        "MAX3232CPE+",
        "max 17572+t",
        "IR 2213",
    ):
        assert not read_free_text(marking, index.logos).described


def test_part_numbers_that_look_like_packages_are_kept(index: CatalogIndex) -> None:
    """Vishay's TSOP38238 starts like a package name but is a part number."""
    found = read_free_text("IR receiver TSOP38238", index.logos)
    assert found.candidates[0].text == "TSOP38238"


def test_a_makers_name_run_into_the_number_is_split_off(index: CatalogIndex) -> None:
    """ "SipexSPX3940AI": the maker's name is evidence, the rest the number."""
    found = read_free_text("Microcircuit SipexSPX3940AI", index.logos)
    assert [c.text for c in found.candidates] == ["SPX3940AI"]
    assert found.maker == "Sipex"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        # "В" (in) and "ОТ" (from) are Russian words, not Latin codes typed in Cyrillic.
        ("МОДЕЛИ MP2307DN-LF-Z В КОЛИЧЕСТВЕ 5000ШТ", ["MP2307DN-LF-Z"]),
        ("ТРАНЗИСТОР BSS138 ПО КОНТРАКТУ ОТ 12.03.2022", ["BSS138"]),
        # Labels and quantities around the number in vendor English.
        ("MICROCONTROLLER P/N ATmega328P-AU QTY 500 PCS", ["ATmega328P-AU"]),
        # A slash standing alone separates list items; a quantity ends a number.
        ("IC SIM800C / NEO-M8N-0-10", ["SIM800C", "NEO-M8N-0-10"]),
        (
            "STM32F405RGT6 - 1000 ШТ., STM32F103C8T6 - 500 ШТ.",
            ["STM32F405RGT6", "STM32F103C8T6"],
        ),
        # A certificate number mixing Latin with Cyrillic letters no keyboard slip explains.
        ("ДАТЧИК MS5611-01BA03, СЕРТИФИКАТ RU Д-CN.РА01.В.12345/22", ["MS5611-01BA03"]),
        # A year with the Russian "г." is a value.
        ("МИКРОСХЕМА AD8221ARZ, 2022Г.", ["AD8221ARZ"]),
    ],
)
def test_declaration_words_around_numbers(
    index: CatalogIndex, text: str, runs: list[str]
) -> None:
    """Customs descriptions' small words, labels, lists and document numbers (#18)."""
    found = read_free_text(text, index.logos)
    assert [c.text for c in found.candidates if not c.tail] == runs

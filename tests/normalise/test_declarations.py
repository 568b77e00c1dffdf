"""What declarations write: dates, goods codes, quantities, countries, numbers in descriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from bomtrace.normalise.countries import country_code
from bomtrace.normalise.declarations import (
    read_date,
    read_goods,
    read_goods_code,
    read_quantity,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "first", "last", "noted"),
    [
        ("14.07.2022", D(2022, 7, 14), D(2022, 7, 14), False),
        ("14.07.22", D(2022, 7, 14), D(2022, 7, 14), False),
        ("14.07.2022 00:00:00", D(2022, 7, 14), D(2022, 7, 14), False),
        ("2022-07-14", D(2022, 7, 14), D(2022, 7, 14), False),
        ("07/14/2022", D(2022, 7, 14), D(2022, 7, 14), False),
        ("14/07/2022", D(2022, 7, 14), D(2022, 7, 14), False),
        ("03/04/2022", D(2022, 3, 4), D(2022, 4, 3), True),
        ("14-JUL-22", D(2022, 7, 14), D(2022, 7, 14), False),
        ("Jul 14, 2022", D(2022, 7, 14), D(2022, 7, 14), False),
        ("44756", D(2022, 7, 14), D(2022, 7, 14), True),
        ("07.2022", D(2022, 7, 1), D(2022, 7, 31), False),
        ("2022-06/2022-08", D(2022, 6, 1), D(2022, 8, 31), False),
        ("01.06.2022 - 31.08.2022", D(2022, 6, 1), D(2022, 8, 31), False),
    ],
)
def test_read_date(text: str, first: dt.date, last: dt.date, noted: bool) -> None:
    """Day-first dots, month-first slashes, spans for ambiguous slashes, Excel day numbers."""
    found = read_date(text)
    assert found is not None
    assert (found.first, found.last, bool(found.note)) == (first, last, noted)


@pytest.mark.parametrize(
    "text", ["", "   ", "31.02.2022", "12345", "Q3", "2022-08/2022-06"]
)
def test_unreadable_dates(text: str) -> None:
    """Blank, impossible and unknown dates read as None (the record is undated)."""
    assert read_date(text) is None


@pytest.mark.parametrize(
    ("text", "full", "hs6"),
    [
        ("8517620009", "8517620009", "851762"),
        ("8542.31.0000", "8542310000", "854231"),
        ("8542 32 900 0", "8542329000", "854232"),
        ("85423190", "85423190", "854231"),
        ("8542", "8542", "8542"),
        ("8542310000; 8542399000", "8542310000", "854231"),
        ("n/a", "", ""),
    ],
)
def test_read_goods_code(text: str, full: str, hs6: str) -> None:
    """ТН ВЭД, CN and HS codes with dots and spaces keep every digit and give HS6."""
    code = read_goods_code(text)
    assert (code.full, code.hs6) == (full, hs6)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1 000", "ШТ", (1000.0, "pcs")),
        ("500 ШТ", "", (500.0, "pcs")),
        ("1000,00", "796", (1000.0, "pcs")),
        ("2.5 КГ", "", (2.5, "kg")),
        ("3", "тыс. шт", (3.0, "1000 pcs")),
        ("", "PCS", (None, "pcs")),
        ("many", "", (None, "")),
    ],
)
def test_read_quantity(
    text: str, unit: str, expected: tuple[float | None, str]
) -> None:
    """Quantities with thousands spaces and decimal commas; units in words or ОКЕИ codes."""
    assert read_quantity(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ГОНКОНГ", "HK"), ("ОАЭ", "AE"), ("ТАЙВАНЬ (КИТАЙ)", "TW"), ("КИТАЙ", "CN"),
        ("КОРЕЯ, РЕСПУБЛИКА", "KR"), ("СОЕДИНЕННЫЕ ШТАТЫ", "US"), ("Об’єднані Арабські Емірати", "AE"),
        ("Гонконг", "HK"), ("香港", "HK"), ("中国", "CN"), ("HONG KONG", "HK"), ("Türkiye", "TR"),
        ("HK", "HK"), ("HKG", "HK"), ("344", "HK"), ("ЕВРОСОЮЗ", "EU"), ("Неизвестно", ""),
    ],
)  # fmt: skip
def test_country_code(text: str, code: str) -> None:
    """Russian, Ukrainian, Chinese and English country names and codes give ISO codes."""
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("МОДУЛЬ GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ", ("SIM800L",)),
        (
            "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ: МИКРОКОНТРОЛЛЕР STM32F405RGT6 - 1000 ШТ., "
            "STM32F103C8T6 - 500 ШТ.",
            ("STM32F405RGT6", "STM32F103C8T6"),
        ),
        ("МИКРОСХЕМА ПАМЯТИ W25Q 128JVSIQ", ("W25Q 128JVSIQ",)),
        ("ДАТЧИК УГЛОВОЙ СКОРОСТИ (ГИРОСКОП) АDХRS620ВВGZ", ("АDХRS620ВВGZ",)),
        ("MICROCONTROLLER P/N STM32F405RGT6 QTY 500 PCS", ("STM32F405RGT6",)),
        (
            "IC SIM800C / NEO-M8N-0-10 / ADXL345BCCZ ASSORTED",
            ("SIM800C", "NEO-M8N-0-10", "ADXL345BCCZ"),
        ),
        ("МОДУЛЬ МАРКИ SIMCOM МОДЕЛИ SIM800L В КОЛИЧЕСТВЕ 800ШТ", ("SIM800L",)),
        (
            "ТОВАР: ДАТЧИК; АРТИКУЛ: MS5611-01BA03; ДЕКЛАРАЦИЯ О СООТВЕТСТВИИ ЕАЭС N RU "
            "Д-CN.РА01.В.12345/22 ОТ 12.03.2022",
            ("MS5611-01BA03",),
        ),
        ("МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ ПРОЧИЕ, НЕ ВОЕННОГО НАЗНАЧЕНИЯ", ()),
    ],
)
def test_read_goods_keeps_every_number(text: str, numbers: tuple[str, ...]) -> None:
    """Every part number a description carries, as written; quantities, dates, certificate
    numbers and the small Russian words typed in look-alike letters are not numbers."""
    assert read_goods(text).numbers == numbers

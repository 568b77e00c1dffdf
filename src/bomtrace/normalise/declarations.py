"""What customs declarations write -> what bomtrace compares: dates, codes, quantities,
and the part numbers inside goods descriptions.

Pure. Declarations and the exports data vendors sell write dates as ``dd.mm.yyyy``,
``07/14/2022``, ``14-JUL-22`` or Excel day numbers; goods codes as 10-digit ТН ВЭД/
УКТ ЗЕД or 8-digit CN codes, with dots and spaces (``8542 31 000 0``), whose first six
digits are the HS subheading; quantities with their units ("1 000 ШТ", unit code 796);
and no part-number column at all: the number sits in the goods description ("МОДУЛЬ
GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ"). Descriptions are read by the one free-text
extractor that reads teardown name cells (``freetext.read_free_text``); every number a
description carries is kept, in the order written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bomtrace.normalise.freetext import FreeText, read_free_text
from bomtrace.normalise.rules import compact

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}.*)?$")
_DAY_SLASH = re.compile(
    r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}.*)?$"
)
_DAY_NAMED = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]{3,9})\.?[\s\-,]+(\d{2}|\d{4})$")
_NAMED_DAY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_EU = re.compile(r"^(\d{1,2})[./](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_abbr[number].lower(),
        calendar.month_name[number].lower(),
    )
}
# Excel's day numbers count from 1899-12-30 (its 1900 leap-year slip included); the
# range admits 1954..2119, which no declaration number of 5 digits falls outside.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20000, 80000)


@dataclass(frozen=True, slots=True)
class DateReading:
    """A declaration's date as its first and last possible day, and why it is a span."""

    first: dt.date
    last: dt.date
    note: str = ""


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _day(year: int, month: int, day: int) -> DateReading:
    date = dt.date(year, month, day)
    return DateReading(date, date)


def read_date(text: str) -> DateReading | None:
    """Reads a declaration date, month, year or from/to period; None when unreadable.

    ``14.07.2022`` is day first; ``07/14/2022`` month first because 14 is no month;
    ``03/04/2022`` could be either, so it reads as the span from 3 March to 4 April
    (with a note) rather than as a guess. Excel day numbers (``44756``) are dates.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return _read_date(text)
    except ValueError:
        return None


def _read_date(text: str) -> DateReading | None:
    if found := _DAY.match(text):
        return _day(int(found[1]), int(found[2]), int(found[3]))
    if found := _DAY_DOTS.match(text):
        return _day(_year(found[3]), int(found[2]), int(found[1]))
    if found := _DAY_SLASH.match(text):
        a, b, year = int(found[1]), int(found[2]), _year(found[3])
        if a > 12 or a == b:
            return _day(year, b, a)
        if b > 12:
            return _day(year, a, b)
        one, other = dt.date(year, b, a), dt.date(year, a, b)
        return DateReading(
            min(one, other),
            max(one, other),
            f"'{text}' may be day/month or month/day: read as the span of both",
        )
    if found := _DAY_NAMED.match(text):
        month = _MONTHS.get(found[2].lower())
        return _day(_year(found[3]), month, int(found[1])) if month else None
    if found := _NAMED_DAY.match(text):
        month = _MONTHS.get(found[1].lower())
        return _day(int(found[3]), month, int(found[2])) if month else None
    if found := _SERIAL.match(text):
        serial = int(found[1])
        if _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
            date = _EXCEL_EPOCH + dt.timedelta(days=serial)
            return DateReading(date, date, f"Excel day number {serial} read as {date}")
        return None
    if found := _MONTH.match(text) or _MONTH_EU.match(text):
        year, month = (
            (int(found[1]), int(found[2]))
            if len(found[1]) == 4
            else (int(found[2]), int(found[1]))
        )
        days = calendar.monthrange(year, month)[1]
        return DateReading(dt.date(year, month, 1), dt.date(year, month, days))
    if found := _YEAR.match(text):
        year = int(found[1])
        return DateReading(dt.date(year, 1, 1), dt.date(year, 12, 31))
    for separator in ("/", " - ", " to ", " по ", "..."):
        if separator in text:
            head, _, tail = text.partition(separator)
            start, end = read_date(head), read_date(tail)
            if start is None or end is None or end.last < start.first:
                return None
            return DateReading(start.first, end.last)
    return None


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """Reads a date, month, year or 'from/to' period as its first and last day."""
    found = read_date(text)
    return (found.first, found.last) if found else None


@dataclass(frozen=True, slots=True)
class GoodsCode:
    """A goods code as declared (all its digits) and its HS subheading (six digits)."""

    full: str
    hs6: str


def read_goods_code(text: str) -> GoodsCode:
    """Reads an HS, CN (8 digits) or ТН ВЭД/УКТ ЗЕД (10 digits) code written any way.

    '8542.31.0000', '8542 31 000 0' and '8542310000' all give HS 854231. A cell with
    several codes gives the first; fewer than four digits give nothing.
    """
    first = re.split(r"[;,/\n]|\s{2,}", text.strip())[0] if text.strip() else ""
    digits = re.sub(r"\D", "", first)
    if len(digits) < 4:
        return GoodsCode("", "")
    return GoodsCode(digits, digits[:6] if len(digits) >= 6 else digits)


# Units of quantity as declarations write them, and the codes of the Russian/EAEU
# classifier of units (ОКЕИ) that declarations give instead: 796 piece, 798 thousand
# pieces, 166 kilogram, 163 gram, 006 metre, 715 pair, 839 set.
_UNITS = {
    "pcs": ("шт", "штук", "штука", "штуки", "pcs", "pc", "pce", "piece", "pieces", "ea",
            "each", "units", "unit", "nos", "no", "u", "796", "h87", "nar", "c62"),
    "1000 pcs": ("тыс шт", "тысяч штук", "1000 шт", "1000 pcs", "kpcs", "798", "mil"),
    "kg": ("кг", "kg", "kgs", "кгм", "166", "kgm"),
    "g": ("г", "гр", "g", "gr", "163", "grm"),
    "m": ("м", "m", "mtr", "006"),
    "pairs": ("пар", "пара", "pairs", "pair", "715", "pr"),
    "sets": ("компл", "комплект", "set", "sets", "839", "набор", "sets"),
}  # fmt: skip
_UNIT_OF = {word: unit for unit, words in _UNITS.items() for word in words}
_QUANTITY = re.compile(
    r"^\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?\s*(.*?)\s*\.?$"
)


def unit_of(text: str) -> str:
    """A unit as declared ('ШТ', 'PCS', '796') -> 'pcs', 'kg' ...; else as written."""
    key = re.sub(r"[.\s]+", " ", text.strip().casefold()).strip()
    return _UNIT_OF.get(key, text.strip())


def read_quantity(text: str, unit: str = "") -> tuple[float | None, str]:
    """Reads '1 000', '500 ШТ', '1000,00' or '2.5 КГ' into a number and a unit.

    ``unit``: the unit column, when the declaration has one. A cell that is not a
    number gives (None, the unit).
    """
    found = _QUANTITY.match(text or "")
    if not found:
        return None, unit_of(unit) if unit else ""
    whole = re.sub(r"\D", "", found[1])
    value = float(f"{whole}.{found[2]}" if found[2] else whole)
    written = found[3] or unit
    return value, unit_of(written) if written else ""


@dataclass(frozen=True, slots=True)
class DeclaredGoods:
    """The part numbers a goods description carries, and the maker it names."""

    numbers: tuple[str, ...]
    maker: str
    read: FreeText


def read_goods(text: str, logos: Mapping[str, str] | None = None) -> DeclaredGoods:
    """Reads every part number out of a goods description, in the order written.

    The extractor proposes, for each run of part-like words, the run and its tails
    ("STM32 F405 RGT6", "F405 RGT6", "RGT6"); a declaration lists numbers, so each run
    counts once, as written whole (numbers split by spaces stay one number). A run
    after a letter-only code ("ART STM32F405RGT6") is given with and without it.
    """
    free = read_free_text(text, logos)
    numbers = tuple(
        dict.fromkeys(c.text for c in free.candidates if not c.tail and compact(c.text))
    )
    return DeclaredGoods(numbers=numbers, maker=free.maker, read=free)

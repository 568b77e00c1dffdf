"""Country names as declarations write them -> ISO 3166-1 alpha-2 codes.

Pure. Russian declarations name countries in capitals by the short names of the
Russian classifier of countries (ОКСМ, OK 025-2001: "ГОНКОНГ", "ТАЙВАНЬ (КИТАЙ)",
"КОРЕЯ, РЕСПУБЛИКА"), often abbreviated ("ОАЭ", "США"); Ukrainian ones in Ukrainian;
Chinese exports in Chinese; vendors in English, sometimes as codes. The names come from
the ISO 3166 data and its Russian, Ukrainian and Chinese translations that pycountry
ships (Debian's iso-codes), plus the customs spellings below. A name not recognised is
kept as written.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

import pycountry

# Spellings the ISO names and their translations lack: customs short names (ОКСМ) and
# the abbreviations declarations and vendors use. "EU" is ISO's exceptionally reserved
# code, which ТН ВЭД declarations give as the origin of goods made in the Union.
_ALIASES: dict[str, tuple[str, ...]] = {
    "HK": ("гонконг", "сар гонконг", "сянган", "гонконг китай", "hong kong sar",
           "hong kong china", "hongkong", "中国香港", "香港特别行政区"),
    "TW": ("тайвань", "тайвань китай", "тайвань провинция китая", "taiwan",
           "taiwan province of china", "chinese taipei", "台湾", "中华民国"),
    "CN": ("кнр", "китайская народная республика", "китай кнр", "prc",
           "peoples republic of china", "p r china", "中华人民共和国"),
    "AE": ("оаэ", "оае", "uae", "u a e", "emirates"),
    "US": ("сша", "соединенные штаты", "соединенные штаты америки", "usa", "u s a",
           "united states of america", "америка"),
    "KR": ("корея республика", "республика корея", "южная корея", "корея",
           "південна корея", "south korea", "korea", "korea republic of", "韩国"),
    "GB": ("великобритания", "соединенное королевство", "англия", "велика британія", "великобританія",
           "uk", "great britain", "england"),
    "RU": ("россия", "рф", "российская федерация", "росія", "russia"),
    "TR": ("турция", "туреччина", "turkey", "turkiye", "türkiye"),
    "VN": ("вьетнам", "в єтнам", "vietnam", "viet nam"),
    "IR": ("иран", "іран", "iran"),
    "CZ": ("чехия", "чехія", "czech republic", "czechia"),
    "NL": ("нидерланды", "голландия", "нідерланди", "netherlands", "holland"),
    "KG": ("киргизия", "кыргызстан", "киргизстан", "kyrgyzstan"),
    "KZ": ("казахстан", "kazakhstan"),
    "BY": ("беларусь", "белоруссия", "білорусь", "belarus"),
    "MD": ("молдова", "молдавия", "moldova"),
    "MY": ("малайзия", "малайзія", "malaysia"),
    "TH": ("таиланд", "тайланд", "таїланд", "thailand"),
    "DE": ("германия", "фрг", "німеччина", "germany"),
    "JP": ("япония", "японія", "japan"),
    "SG": ("сингапур", "сінгапур", "singapore"),
    "IN": ("индия", "індія", "india"),
    "EU": ("евросоюз", "европейский союз", "ес", "єс", "євросоюз", "european union", "eu"),
}  # fmt: skip
_LANGUAGES = ("ru", "uk", "zh_CN")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def country_key(text: str) -> str:
    """A country name as a lookup key: case, ё, apostrophes and punctuation dropped."""
    text = text.casefold().replace("ё", "е").replace("’", "").replace("'", "")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    translations = []
    for language in _LANGUAGES:
        try:
            translations.append(
                gettext.translation(
                    "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
                )
            )
        except OSError:  # a pycountry build without that translation
            continue
    for country in pycountry.countries:
        code = country.alpha_2
        names = [
            getattr(country, attr, "")
            for attr in ("name", "official_name", "common_name")
        ]
        for name in [n for n in names if n]:
            table.setdefault(country_key(name), code)
            for translation in translations:
                table.setdefault(country_key(translation.gettext(name)), code)
        table.setdefault(country_key(country.alpha_3), code)
    for code, aliases in _ALIASES.items():
        for alias in aliases:
            table[country_key(alias)] = code
    return table


def country_code(text: str) -> str:
    """The ISO alpha-2 code of a country as written ('ГОНКОНГ' -> 'HK'), else ''.

    Codes are read too: 'HK', 'HKG' and the numeric '344' (ОКСМ codes are ISO's).
    """
    written = text.strip()
    if not written:
        return ""
    if len(written) == 2 and written.isalpha() and written.isascii():
        upper = written.upper()
        return upper if pycountry.countries.get(alpha_2=upper) or upper == "EU" else ""
    if written.isdigit() and len(written) <= 3:
        found = pycountry.countries.get(numeric=written.zfill(3))
        return found.alpha_2 if found else ""
    return _names().get(country_key(written), "")

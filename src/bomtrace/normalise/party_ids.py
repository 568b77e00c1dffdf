"""Reading parties' tax and registry numbers, each with its scheme.

Pure. Declarations carry the importer's tax number (ИНН) and often its registry number
(ОГРН); exporters' Hong Kong company numbers, Chinese unified social credit codes and
Turkish tax numbers turn up in vendor exports. Sanctions lists carry the same numbers:
OFAC writes them in the remarks ("Tax ID No. 7700000000 (Russia); Registration Number
1000000000000 (Russia)"), the Consolidated Screening List in its ``ids`` column,
OpenSanctions in ``identifiers`` and FollowTheMoney in ``innCode``, ``ogrnCode``,
``taxNumber``, ``registrationNumber`` ... The readers of declarations and lists
(``ingest``) read them here; screening by them is ``provenance.identifiers``.

Check digits are verified with python-stdnum (ИНН, ОГРН, USCC, VKN); a number whose
check digit fails is not read as that scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum.cn import uscc
from stdnum.ru import inn, ogrn
from stdnum.tr import vkn

from bomtrace.model import PartyId

INN, OGRN, USCC, VKN, HK_CR, HK_BR = "ИНН", "ОГРН", "USCC", "VKN", "HK CR", "HK BR"
# A number a list or a declaration labels as a tax or registry number whose scheme
# could not be told: it matches only the same value.
OTHER = "ID"

_VALID: dict[str, Callable[[str], bool]] = {
    INN: inn.is_valid,
    OGRN: ogrn.is_valid,
    USCC: uscc.is_valid,
    VKN: vkn.is_valid,
    HK_CR: lambda v: v.isdigit() and 6 <= len(v) <= 8,
    HK_BR: lambda v: v.isdigit() and len(v) == 8,
}
_COUNTRY = {INN: "RU", OGRN: "RU", USCC: "CN", VKN: "TR", HK_CR: "HK", HK_BR: "HK"}

# Words that name a scheme, in declarations' headers and cells and in the lists'
# labels (OFAC's ID types as the SDN remarks print them; FtM property names).
_LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), scheme)
    for pattern, scheme in (
        (r"\bинн\b|\binn\b|inncode|ідентифікаційний номер платника", INN),
        (r"\bогрн(?:ип)?\b|\bogrn(?:ip)?\b|ogrncode|state registration number", OGRN),
        (r"\buscc\b|unified social credit|统一社会信用代码|信用代码", USCC),
        (r"\bvkn\b|vergi kimlik|vergi no", VKN),
        (r"business registration|\bbr no\b|\bbrn\b|商業登記", HK_BR),
        (
            r"\bc\.?r\.? no\b|\bcr no\b|company number|certificate of incorporation"
            r"|公司註冊|companies registry",
            HK_CR,
        ),
    )
)
# Labels that say "a tax or registry number" without the scheme; the country decides.
_GENERIC_TAX = re.compile(
    r"tax id|tax number|taxnumber|\btin\b|налог|податк", re.IGNORECASE
)
_GENERIC_REGISTRY = re.compile(
    r"registration (?:id|number|no)|registrationnumber|registry|реестр|регистрац",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{6,21}(?![0-9A-Z])")
_KPP = re.compile(r"(?:КПП|KPP)\W{0,3}\d{9}\b|(?<=\d{10})\s*/\s*\d{9}\b")
_GROUPED = re.compile(r"(?<=\d)[\s.\-](?=\d)")
_COUNTRY_WORDS = {
    "RU": ("russia", "россия", "росія", "ru"),
    "CN": ("china", "китай", "cn"),
    "HK": ("hong kong", "гонконг", "hk"),
    "TR": ("turkey", "türkiye", "turkiye", "турция", "tr"),
}


def is_valid(scheme: str, value: str) -> bool:
    """Whether a number is well formed for its scheme (check digit included)."""
    check = _VALID.get(scheme)
    return bool(check and check(value))


def scheme_named(label: str) -> str:
    """The scheme a label names ('ИНН получателя' -> ИНН; 'Tax ID No.' -> '')."""
    for pattern, scheme in _LABELS:
        if pattern.search(label):
            return scheme
    return ""


def country_named(text: str) -> str:
    """The country a list's identifier note names ('(Russia)' -> RU), else ''."""
    lowered = text.lower()
    for code, words in _COUNTRY_WORDS.items():
        if any(
            re.search(rf"(?<![a-zа-я]){re.escape(w)}(?![a-zа-я])", lowered)
            for w in words
        ):
            return code
    return ""


def _schemes_for(value: str, label: str, country: str) -> list[str]:
    """The schemes a number can be under, most likely first (checked by check digit)."""
    named = scheme_named(label)
    # An ИНН column holding a 13-digit ОГРН is read by what the number is.
    if named and is_valid(named, value):
        return [named]
    tax = bool(_GENERIC_TAX.search(label))
    registry = bool(_GENERIC_REGISTRY.search(label))
    found = []
    for scheme in (INN, OGRN, USCC, VKN):
        if country and _COUNTRY[scheme] != country:
            continue
        if scheme in (INN, VKN) and registry and not tax:
            continue
        if scheme == OGRN and tax and not registry:
            continue
        if is_valid(scheme, value):
            found.append(scheme)
    if not found and country == "HK" and (registry or named == HK_CR):
        found = [HK_CR] if is_valid(HK_CR, value) else []
    if not found and (named or tax or registry) and len(value) >= 6:
        found = [OTHER]
    return found


def read_ids(text: str, label: str = "", country: str = "") -> tuple[PartyId, ...]:
    """The tax and registry numbers in a cell or a list's note, each with its scheme.

    ``label``: the words naming the numbers (a column header "ИНН получателя", a list's
    "Tax ID No."); ``country``: ISO code that decides between schemes of the same shape.
    A bare number is read only when its check digit fits a scheme (ИНН, ОГРН, USCC,
    VKN); an ИНН/КПП pair ("7700000000/770001001") gives the ИНН.
    """
    found: dict[tuple[str, str], PartyId] = {}
    for chunk in re.split(r"[;\n|]", text):
        where = f"{label} {chunk}".strip()
        chunk_country = country or country_named(chunk)
        joined = _GROUPED.sub("", chunk.upper())  # "7700 000 000" -> "7700000000"
        joined = _KPP.sub(" ", joined)  # a КПП names a tax office, not the company
        read: list[PartyId] = []
        for token in _TOKEN.findall(joined):
            if not any(ch.isdigit() for ch in token) or not token.strip("0"):
                continue
            token = re.sub(r"^[A-Z]+(?=\d{10,})", "", token)  # "INN7700000000"
            for scheme in _schemes_for(token, where, chunk_country):
                read.append(
                    PartyId(
                        scheme=scheme,
                        value=token,
                        country=_COUNTRY.get(scheme, chunk_country),
                        label=label or chunk.strip()[:60],
                    )
                )
        if any(i.scheme != OTHER for i in read):
            read = [i for i in read if i.scheme != OTHER]
        for one in read:
            found.setdefault((one.scheme, one.value), one)
    return tuple(found.values())


_OFAC_ID = re.compile(
    r"(Tax ID No\.|Registration Number|Registration ID|Company Number|"
    r"Business Registration Number|C\.R\. No\.|Unified Social Credit Code \(USCC\)|"
    r"United Social Credit Code Certificate \(USCCC\)|Government Gazette Number|"
    r"Certificate of Incorporation Number|Commercial Registry Number|"
    r"Legal Entity Number|Istanbul Chamber of Comm\. No\.)\s+([0-9A-Z][0-9A-Z\- ]{4,24}?)"
    r"\s*(?:\(([^)]{2,40})\))?(?=;|$|\s*\.)",
)


def read_ofac_remarks(remarks: str) -> tuple[PartyId, ...]:
    """The identifiers OFAC's SDN remarks carry ('Tax ID No. 7700000000 (Russia)')."""
    found: list[PartyId] = []
    for label, number, where in _OFAC_ID.findall(remarks):
        country = country_named(where) if where else ""
        if label == "Business Registration Number" and country == "HK":
            label = "Business Registration (Hong Kong)"
        elif label in ("Company Number", "Registration Number", "C.R. No.") and (
            country == "HK"
        ):
            label = "C.R. No."
        for found_id in read_ids(number, label, country):
            found.append(found_id)
    return tuple(dict.fromkeys(found))

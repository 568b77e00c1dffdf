"""The ordered normalisation rules: a marking as typed -> the readings worth looking up.

Pure. A chip top reads like ``ADI / ADXRS620 / BBGZ 1515 / PHL``: a logo, the part number
(sometimes split over two lines), a date code, a lot code and a country of assembly. An
expert reads the part number out of that; this module writes down the same moves, each as
a named rule, and returns every reading worth trying, most literal first. The matcher
tries them all and keeps the best-supported identification, so a rule that over-reaches
(dropping a token that was really part of the number) costs nothing when a more literal
reading matches better.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from bomtrace.model import Marking, NormalisationStep
from bomtrace.normalise.confusables import fold_homoglyphs, has_homoglyphs
from bomtrace.normalise.skus import read_distributor_sku
from bomtrace.normalise.suffixes import strip_packaging_suffix

# Letters, digits and the pattern wildcard survive; Cyrillic letters that have no Latin
# look-alike stay too (Russian part numbers such as КР1533ЛА3 use them).
_NON_KEY = re.compile(r"[^0-9A-Z?ЁА-ЯІЇЄҐ]")
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"^[^\W\d_]+( [^\W\d_]+)*$")
_SPACES = re.compile(r"\s+")
# A date code on its own token: YYWW (2215), YYWW plus a letter (2215A), or written
# with a DC / D/C label.
_DATE_TOKEN = re.compile(r"^(?:(?:DC|D/C|DATE)[:.]?)?(?P<code>\d{4}[A-Z]?)$")
_DATE_LABEL = re.compile(r"^(DC|D/C|DATE|LOT)[:.]?$")
# Countries of assembly as printed on packages (ISO alpha-3 and the common words).
_COUNTRY_TOKENS = frozenset(
    [
        "CHN",
        "CHINA",
        "MYS",
        "MALAYSIA",
        "PHL",
        "PHILIPPINES",
        "TWN",
        "TAIWAN",
        "KOR",
        "KOREA",
        "THA",
        "THAILAND",
        "USA",
        "JPN",
        "JAPAN",
        "MEX",
        "MEXICO",
        "VNM",
        "VIETNAM",
        "IDN",
        "INDONESIA",
        "SGP",
        "SINGAPORE",
        "CRI",
        "DEU",
        "GERMANY",
        "MLT",
        "MALTA",
        "MAR",
        "MOROCCO",
        "FRA",
        "FRANCE",
        "IND",
        "INDIA",
        "ITA",
        "ITALY",
        "GBR",
        "IRL",
        "HKG",
        "PRC",
    ]
)
_MADE_IN = re.compile(r"\bMADE\s+IN\s+\w+$")
# Rules whose reading drops part of the marking rather than explaining it.
FIRST_LINE = "first line of the marking"
FIRST_TWO_LINES = "first two lines of the marking"
DROPPING_RULES = frozenset({FIRST_LINE, FIRST_TWO_LINES})
PREFIX_APART = "maker's prefix written apart from the number"
# Marks that carry no part information: lead-free e-marks, trademark signs.
_NOISE_TOKENS = frozenset({"E1", "E2", "E3", "E4", "®", "™", "(R)", "(TM)"})
# What researchers write when a chip top cannot be read.
_ILLEGIBLE = re.compile(
    r"^(\?+|-+|—|n/?a|illegible|unreadable|not readable|no marking|unmarked|"
    r"нечитаемо|не читается|нечитабельно|без маркировки|не читається|нечитабельно|"
    r"без маркування|немає маркування|нет маркировки)$",
    re.IGNORECASE,
)
# A cell that says no marking was recorded (GUR's portal prints "(unspecified)").
_NOT_GIVEN = re.compile(
    r"^\(?(unspecified|not specified|not identified|не вказано|не указано)\)?$",
    re.IGNORECASE,
)


def compact(text: str) -> str:
    """Upper-cases a part number and drops everything but letters and digits.

    The key every lookup uses: ``adxrs 620-bbgz`` and ``ADXRS620BBGZ`` share it.
    Cyrillic and Greek look-alikes are folded to Latin first.
    """
    return _NON_KEY.sub("", fold_homoglyphs(text).upper())


def illegible_reason(raw: str) -> str:
    """Says why a marking cell holds no part number ("" when it may hold one)."""
    text = raw.strip()
    if not text:
        return "no marking or part number given"
    if _ILLEGIBLE.match(text):
        return f"marking recorded as illegible ('{text}')"
    if _NOT_GIVEN.match(text):
        return f"no marking given ('{text}')"
    if not compact(text):
        return f"marking has no letters or digits ('{text}')"
    if _WORDS.match(text) and not _DIGIT.search(text) and text != text.upper():
        return f"the marking reads as a description, not a part number ('{text}')"
    return ""


def read_marking(
    raw: str,
    logos: Mapping[str, str] | None = None,
    *,
    origin: NormalisationStep | None = None,
    position: int = 0,
    maker: str = "",
    described_as: tuple[str, ...] = (),
) -> tuple[Marking, ...]:
    """Turns a marking as typed into the readings worth looking up, most literal first.

    Args:
        raw: the cell as read, line breaks included.
        logos: maker names and logo abbreviations as they appear on chip tops
            (upper-cased, e.g. ``"TI"``, ``"ANALOG DEVICES"``) -> canonical maker name.
        origin: when ``raw`` was read out of a longer free text, the step that did it
            (its ``before`` is the cell as written); it opens every reading's steps.
        position: the candidate's rank among those read out of the same text.
        maker: a maker the surrounding text names, when the marking shows no logo.
        described_as: the part categories the surrounding text names.
    """
    logos = logos or {}
    steps: list[NormalisationStep] = [origin] if origin else []
    cell = origin.before if origin else raw
    text = raw
    for name, clean in CLEANUP_RULES:
        after = clean(text)
        if after != text:
            steps.append(NormalisationStep(rule=name, before=text, after=after))
        text = after
    if not text:
        return ()
    readings: list[Marking] = []
    seen: set[str] = set()

    def add(reading_text: str, extra: list[NormalisationStep], date: str = "") -> None:
        key = compact(reading_text)
        if len(key) < 2 or key in seen:
            return
        seen.add(key)
        readings.append(
            Marking(
                raw=cell,
                text=reading_text,
                key=key,
                steps=(*steps, *extra),
                maker_hint=logo_maker or maker,
                date_code_hint=date,
                position=position,
                described_as=described_as,
            )
        )

    logo_maker = ""
    add(text, [])
    tokens, logo_maker, date, cleanup = _strip_chip_top_noise(text, logos)
    for variant, extra in _variants(text, tokens, logo_maker, cleanup, logos):
        add(variant, extra, date)
        for read_off in VARIANT_RULES:
            found = read_off(variant)
            if found is not None:
                reading, rule = found
                add(reading, [*extra, _step(rule, variant, reading)], date)
    return tuple(readings)


def _variants(
    text: str,
    tokens: list[str],
    logo_maker: str,
    cleanup: list[NormalisationStep],
    logos: Mapping[str, str],
) -> list[tuple[str, list[NormalisationStep]]]:
    """The number as the chip top shows it, without its noise, and the shorter readings
    worth trying: the maker's prefix rejoined, the first two lines, the first line."""
    cleaned = " ".join(tokens)
    variants = [(cleaned, cleanup)]
    logo = _logo_head(text, tokens, logos) if logo_maker else ""
    if logo and tokens:
        # "IR 2213", "MAX 17572": the maker's own prefix written apart from its number.
        joined = f"{logo}{tokens[0]}"
        variants.append((joined, [*cleanup, _step(PREFIX_APART, cleaned, joined)]))
    if len(tokens) > 1:
        first_two = " ".join(tokens[:2])
        variants.append(
            (first_two, [*cleanup, _step(FIRST_TWO_LINES, cleaned, first_two)])
        )
        variants.append((tokens[0], [*cleanup, _step(FIRST_LINE, cleaned, tokens[0])]))
    return variants


def _distributor_code(variant: str) -> tuple[str, str] | None:
    """A distributor order code around the maker part (Digi-Key -ND, Mouser 595-)."""
    sku = read_distributor_sku(variant.replace(" ", ""))
    return (sku.mpn, sku.rule) if sku and sku.mpn else None


def _packaging(variant: str) -> tuple[str, str] | None:
    """A tape-and-reel or lead-finish suffix (-TR, /NOPB, #PBF, ,115)."""
    stripped, suffix = strip_packaging_suffix(variant)
    return (stripped, f"packaging suffix {suffix}") if suffix else None


def _fold_look_alikes(text: str) -> str:
    return fold_homoglyphs(text) if has_homoglyphs(text) else text


# The rules, in order, as tables: each names the step it records in the evidence.
# Cleanup: applied to the whole cell before anything is read off it.
CLEANUP_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    (
        "whitespace and line breaks",
        lambda text: _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip(),
    ),
    ("Cyrillic/Greek look-alike letters", _fold_look_alikes),
    ("case", str.upper),
)
# Readings: each variant of the number is also tried with these read off it.
VARIANT_RULES: tuple[Callable[[str], tuple[str, str] | None], ...] = (
    _distributor_code,
    _packaging,
)


def _logo_head(text: str, tokens: list[str], logos: Mapping[str, str]) -> str:
    """The logo a marking opened with, when it was a single word of letters ("IR", "MAX")."""
    head = text.split(" ", 1)[0]
    if head in logos and head.isalpha() and len(head) <= 4 and tokens[:1] != [head]:
        return head
    return ""


def distributor_code_reason(raw: str) -> str:
    """Says when a marking is a distributor's own order code with no maker part in it."""
    sku = read_distributor_sku(compact_spaces(raw))
    if sku and not sku.mpn:
        return f"{sku.rule}: look it up at {sku.distributor} and enter the maker part number"
    return ""


def compact_spaces(text: str) -> str:
    return _SPACES.sub("", fold_homoglyphs(text).upper())


def _step(rule: str, before: str, after: str) -> NormalisationStep:
    return NormalisationStep(rule=rule, before=before, after=after)


def _looks_complete(tokens: list[str]) -> bool:
    """Tells whether the tokens kept so far could be a whole part number."""
    joined = compact("".join(tokens))
    return len(joined) >= 4 and bool(_DIGIT.search(joined))


def _strip_chip_top_noise(
    text: str, logos: Mapping[str, str]
) -> tuple[list[str], str, str, list[NormalisationStep]]:
    """Drops logo, date code, lot code and country tokens around the part number."""
    steps: list[NormalisationStep] = []
    text_before = text
    text = _MADE_IN.sub("", text).strip()
    if text != text_before:
        steps.append(_step("country of assembly", text_before, text))
    tokens = [t for t in text.split(" ") if t not in _NOISE_TOKENS]
    maker = ""
    # Leading maker logo or name: longest first, so "ANALOG DEVICES" beats "AD".
    for width in (3, 2, 1):
        if len(tokens) > width:
            head = " ".join(tokens[:width])
            if head in logos:
                maker = logos[head]
                rest = tokens[width:]
                steps.append(
                    _step(
                        f"maker logo or name ({head})", " ".join(tokens), " ".join(rest)
                    )
                )
                tokens = rest
                break
    date = ""
    kept: list[str] = []
    for index, token in enumerate(tokens):
        if index == 0:
            kept.append(token)
            continue
        if token in _COUNTRY_TOKENS or _DATE_LABEL.match(token):
            continue
        found = _DATE_TOKEN.match(token)
        # Four digits after a bare letter group ("LM 2902", "BGA 2801") are the rest of
        # the part number, not a date code: a date follows a complete number.
        if found and not date and _looks_complete(kept):
            date = found["code"]
            # Everything after the date code is lot and trace codes.
            break
        kept.append(token)
    if kept != tokens:
        removed = " ".join(tokens)
        steps.append(_step("date, lot and country codes", removed, " ".join(kept)))
    return kept, maker, date, steps

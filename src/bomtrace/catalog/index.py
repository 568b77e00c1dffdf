"""Lookup structures over a loaded catalog, built once per run.

Pure. Every lookup is a dictionary probe or a short scan of a small bucket, so matching
cost grows with the number of rows, not rows x catalog size:

- ``by_key``: compact part number -> parts (exact and normalised matches);
- ``sorted_keys``: for "which catalogued numbers start with this marking" (bisect);
- ``patterns``: KiCad-style numbers with one-character wildcards, bucketed by length and
  first three characters;
- ``skeletons``: OCR skeleton -> parts (markings with 0/O, 1/I, 5/S slips);
- ``blocks``: first two characters -> keys, the only entries the fuzzy stage compares;
- maker prefixes, second-source families, logos and aliases.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from bomtrace.catalog.records import (
    Catalog,
    MakerRecord,
    PartRecord,
    SecondSourceFamily,
)
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import fold_homoglyphs, ocr_skeleton

# Legal forms dropped before comparing company names (Latin and Cyrillic).
_LEGAL_FORMS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "nv",
        "bv",
        "sa",
        "sas",
        "srl",
        "spa",
        "kk",
        "oy",
        "ab",
        "asa",
        "se",
        "pte",
        "pty",
        "lp",
        "llp",
        "group",
        "holdings",
        "holding",
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао",
        "тов",
        "пат",
        "прат",
    ]
)
_NAME_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_company(name: str) -> str:
    """Reduces a company name for comparison: case, accents, punctuation and legal forms."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [w for w in _NAME_PUNCT.sub(" ", text).split() if w not in _LEGAL_FORMS]
    return " ".join(words)


class CatalogIndex:
    """The catalog's lookup tables (see the module docstring)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_key: dict[str, list[PartRecord]] = defaultdict(list)
        self.skeletons: dict[str, list[PartRecord]] = defaultdict(list)
        self.by_distributor_pn: dict[str, list[PartRecord]] = defaultdict(list)
        self.patterns: dict[tuple[int, str], list[tuple[str, PartRecord]]] = (
            defaultdict(list)
        )
        self.blocks: dict[str, list[str]] = defaultdict(list)
        for part in catalog.parts:
            key = compact(part.mpn)
            if key:
                self.by_key[key].append(part)
                self.skeletons[ocr_skeleton(key)].append(part)
            for pn in part.distributor_pns:
                self.by_distributor_pn[compact(pn.split(":", 1)[-1])].append(part)
            pattern = compact(part.pattern) if part.pattern else ""
            if "?" in pattern:
                self.patterns[(len(pattern), pattern[:3])].append((pattern, part))
        self.sorted_keys = sorted(self.by_key)
        for key in self.sorted_keys:
            self.blocks[key[:2]].append(key)
        self.makers = catalog.makers
        self.groups = _corporate_groups(catalog.makers)
        self.aliases = _aliases(catalog.makers)
        self.logos = _logos(catalog.makers)
        self.maker_prefixes = _maker_prefixes(catalog.makers)
        self.families = sorted(
            ((compact(f.prefix), f) for f in catalog.second_sources),
            key=lambda item: -len(item[0]),
        )

    # -- parts ---------------------------------------------------------------------------

    def exact(self, key: str) -> list[PartRecord]:
        """Parts whose compact number equals the key."""
        return self.by_key.get(key, [])

    def pattern(self, key: str) -> list[PartRecord]:
        """Parts whose wildcard pattern matches the whole key."""
        return [
            part
            for pattern, part in self.patterns.get((len(key), key[:3]), ())
            if _fits(pattern, key)
        ]

    def starting_with(self, key: str, limit: int = 50) -> list[PartRecord]:
        """Parts whose compact number starts with the key (a truncated marking)."""
        found: list[PartRecord] = []
        start = bisect.bisect_left(self.sorted_keys, key)
        for candidate in self.sorted_keys[start:]:
            if not candidate.startswith(key) or len(found) >= limit:
                break
            found.extend(self.by_key[candidate])
        return found

    def longest_prefix(
        self, key: str, min_length: int = 4
    ) -> Iterator[tuple[str, list[PartRecord]]]:
        """Catalogued numbers (and patterns) that the key starts with, longest first."""
        for length in range(len(key) - 1, min_length - 1, -1):
            head = key[:length]
            parts = [*self.exact(head), *self.pattern(head)]
            if parts:
                yield head, parts

    def ocr_variants(self, key: str) -> list[PartRecord]:
        """Parts whose number differs from the key only by OCR look-alikes (0/O, 1/I, 5/S ...)."""
        return self.skeletons.get(ocr_skeleton(key), [])

    def distributor_pn(self, key: str) -> list[PartRecord]:
        """Parts a distributor lists under this order code."""
        return self.by_distributor_pn.get(key, [])

    # -- makers --------------------------------------------------------------------------

    def resolve_maker(self, name: str) -> str:
        """Resolves a maker as written (alias, abbreviation, Cyrillic) to its canonical name."""
        if not name.strip():
            return ""
        for variant in (name, fold_homoglyphs(name)):
            found = self.aliases.get(normalise_company(variant))
            if found:
                return found
        return ""

    def same_group(self, a: str, b: str) -> bool:
        """Tells whether two makers belong to one corporate group today (Linear and ADI)."""
        return bool(a and b) and (
            a == b or self.groups.get(a, a) == self.groups.get(b, b)
        )

    def makers_by_prefix(self, text: str) -> tuple[str, list[str]]:
        """The longest maker part-number prefix the text starts with, and whose it is."""
        for length in range(min(len(text), 12), 1, -1):
            makers = self.maker_prefixes.get(text[:length])
            if makers:
                return text[:length], makers
        return "", []

    def family_of(self, key: str) -> tuple[SecondSourceFamily | None, int]:
        """The second-source family a number belongs to (LM317, 74HC, 1N4148 ...), if any.

        Returns the family and how many letters stand before its number: digit-led
        families are sold behind a maker's letters (L7805, MC7805, SN74HC595), and those
        letters may name the maker.
        """
        for prefix, family in self.families:
            if key.startswith(prefix):
                return family, 0
            if prefix[:1].isdigit():
                for skip in (1, 2):
                    if key[:skip].isalpha() and key[skip:].startswith(prefix):
                        return family, skip
        return None, 0

    def maker(self, name: str) -> MakerRecord | None:
        return self.makers.get(name)


def _fits(pattern: str, key: str) -> bool:
    return all(p in ("?", k) for p, k in zip(pattern, key, strict=True))


def _corporate_groups(makers: dict[str, MakerRecord]) -> dict[str, str]:
    """Maps each maker to the top of its ownership chain (Spansion -> Infineon)."""
    top: dict[str, str] = {}
    for name in makers:
        seen = {name}
        current = name
        while (
            (record := makers.get(current))
            and record.parent
            and record.parent not in seen
        ):
            seen.add(record.parent)
            current = record.parent
        top[name] = current
    return top


def _aliases(makers: dict[str, MakerRecord]) -> dict[str, str]:
    table: dict[str, str] = {}
    for maker in makers.values():
        for alias in (maker.name, *maker.aliases):
            key = normalise_company(alias)
            if key:
                table.setdefault(key, maker.name)
    # Canonical names win over another maker's alias.
    for maker in makers.values():
        table[normalise_company(maker.name)] = maker.name
    return table


def _logos(makers: dict[str, MakerRecord]) -> dict[str, str]:
    """Maker names and abbreviations as printed on chip tops, upper-cased."""
    table: dict[str, str] = {}
    for maker in makers.values():
        for alias in (maker.name, *maker.aliases):
            text = fold_homoglyphs(alias).upper().strip()
            words = text.split()
            if (
                1 <= len(words) <= 3
                and all(w.isalpha() for w in words)
                and len(text) >= 2
            ):
                table.setdefault(text, maker.name)
    return table


def _maker_prefixes(makers: dict[str, MakerRecord]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for maker in makers.values():
        for prefix in maker.mpn_prefixes:
            text = fold_homoglyphs(prefix).upper().replace(" ", "")
            if len(text) >= 2 and maker.name not in table[text]:
                table[text].append(maker.name)
    return dict(table)

"""What the development-set generator knows about the catalogs: keys, prefixes, groups.

Used by ``devset.py`` to label rows (is a number ambiguous? is a look-alike near a
catalogued number?) from the catalog data itself, independently of the matcher.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import defaultdict

from evaluation import corporate_top

from bomtrace.catalog import Catalog
from bomtrace.catalog.records import PartRecord
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import ocr_skeleton

_WORD = re.compile(r"^[A-Za-z][A-Za-z ]{1,30}$")


class Reference:
    """What the generator knows about the catalogs: keys, prefixes, groups."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_key: dict[str, list[PartRecord]] = defaultdict(list)
        self.patterns: list[tuple[str, PartRecord]] = []
        # Patterns by their first three characters (those with a wildcard there: "")
        self.pattern_lead: dict[str, list[tuple[str, PartRecord]]] = defaultdict(list)
        for part in catalog.parts:
            self.by_key[compact(part.mpn)].append(part)
            printed = printed_form(part)
            if "?" in printed:
                pattern = compact(printed)
                self.patterns.append((pattern, part))
                lead = pattern[:3] if "?" not in pattern[:3] else ""
                self.pattern_lead[lead].append((pattern, part))
            elif compact(printed) != compact(part.mpn):
                self.by_key[compact(printed)].append(part)
        self.sorted_keys = sorted(self.by_key)
        self.prefixes: dict[str, set[str]] = defaultdict(set)
        self.prefix_skeletons: set[str] = set()
        for maker in catalog.makers.values():
            for prefix in maker.mpn_prefixes:
                self.prefixes[compact(prefix)].add(self.group(maker.name))
                self.prefix_skeletons.add(ocr_skeleton(compact(prefix)))
        # Only families that several corporate groups publish make a number ambiguous.
        self.families = [
            compact(f.prefix)
            for f in catalog.second_sources
            if len({self.group(m) for m in f.makers}) > 1
        ]
        # Industry numbering systems (JEDEC, Pro Electron, 7400 ...): registered numbers
        # that any maker may make, and the groups that catalogue numbers of each.
        self.systems = [(re.compile(n.pattern), n.system) for n in catalog.numbering]
        self.system_groups: dict[str, set[str]] = defaultdict(set)
        for part in catalog.parts:
            system = self.system(compact(part.mpn))
            if system:
                self.system_groups[system].add(self.group(part.maker))
        self.logos: dict[str, list[str]] = {}
        for maker in catalog.makers.values():
            names = [maker.name, *maker.aliases]
            self.logos[maker.name] = sorted(
                {n.upper() for n in names if _WORD.match(n) and len(n) <= 20}
            )

    def system(self, key: str) -> str:
        """The numbering system a number is registered in ("" if none)."""
        for pattern, name in self.systems:
            if pattern.match(key):
                return name
        return ""

    def generic(self, key: str) -> bool:
        """A registered number that the letters before it do not tie to one maker."""
        system = self.system(key)
        if not system:
            return False
        prefix, groups = self.prefix_groups(key)
        return not (
            len(prefix) >= 2
            and len(groups) == 1
            and groups <= self.system_groups[system]
        )

    def group(self, maker: str) -> str:
        return corporate_top(self.catalog, maker)

    def patterns_near(self, key: str) -> list[tuple[str, PartRecord]]:
        """Patterns that could fit a key starting like this one."""
        return [*self.pattern_lead.get(key[:3], []), *self.pattern_lead.get("", [])]

    def groups_of_key(self, key: str) -> set[str]:
        found = {self.group(p.maker) for p in self.by_key.get(key, [])}
        found |= {
            self.group(p.maker)
            for pattern, p in self.patterns_near(key)
            if fits(pattern, key)
        }
        return found

    def groups_starting(self, key: str) -> set[str]:
        """Groups of catalogued numbers that start with ``key``."""
        found: set[str] = set()
        start = bisect.bisect_left(self.sorted_keys, key)
        for other in self.sorted_keys[start : start + 200]:
            if not other.startswith(key):
                break
            found |= {self.group(p.maker) for p in self.by_key[other]}
        return found

    def prefix_groups(self, key: str) -> tuple[str, set[str]]:
        """The longest registered maker prefix that ``key`` starts with, and its groups."""
        for length in range(min(len(key), 12), 1, -1):
            if key[:length] in self.prefixes:
                return key[:length], self.prefixes[key[:length]]
        return "", set()

    def family(self, key: str) -> str:
        """The second-source family ``key`` belongs to, as a bare number ("" if none)."""
        for prefix in self.families:
            if key.startswith(prefix):
                return prefix
        return ""

    def family_behind_letters(self, key: str) -> str:
        for prefix in self.families:
            if prefix[:1].isdigit():
                for skip in (1, 2):
                    if key[:skip].isalpha() and key[skip:].startswith(prefix):
                        return prefix
        return ""


def fits(pattern: str, key: str) -> bool:
    return len(pattern) == len(key) and all(
        p in ("?", k) for p, k in zip(pattern, key, strict=True)
    )


def printed_form(part: PartRecord) -> str:
    """The number as printed: the KiCad pattern without its package suffix, else the mpn."""
    return part.pattern or part.mpn


def fill_pattern(printed: str, rng: random.Random) -> str:
    return "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") if c == "?" else c
                   for c in printed)  # fmt: skip

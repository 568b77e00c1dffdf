"""Lookup structures over the catalogued part numbers, under one way of writing them.

Pure. A ``PartIndex`` is built with a *keyer*, the function that turns a part number into
its lookup key: ``compact`` for the literal index, ``compact`` then ``ocr_skeleton`` for
the look-alike view (where STM3ZF405 and STM32F405 share a key). Every lookup is a
dictionary probe, a bisect, or a scan of one small bucket, so matching cost grows with
the number of rows, not rows x catalog size:

- ``by_key``: key -> parts (a KiCad name's base number without its package suffix too);
- ``sorted_keys``: bisect for "which catalogued numbers start with this marking";
- ``patterns``: KiCad-style numbers with one-character wildcards (``?``), bucketed by
  length and first three characters;
- ``blocks``: the only keys the fuzzy stage compares a marking with: those sharing its
  first two characters or its first run of three or more digits.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from bomtrace.catalog.records import PartRecord
from bomtrace.normalise import compact

Keyer = Callable[[str], str]
_DIGIT_RUN = re.compile(r"\d{3,}")


def digit_block(key: str) -> str:
    """The fuzzy block of a key by its first run of three or more digits ("" if none)."""
    found = _DIGIT_RUN.search(key)
    return "#" + found.group() if found else ""


class PartLookup(Protocol):
    """The queries of a ``PartIndex`` (``catalog.layered`` answers them from a store too)."""

    keyer: Keyer

    def exact(self, key: str) -> list[PartRecord]: ...
    def pattern(self, key: str) -> list[PartRecord]: ...
    def starting_with(self, key: str, limit: int = 50) -> list[PartRecord]: ...
    def longest_prefix(
        self, key: str, min_length: int = 4
    ) -> Iterator[tuple[str, list[PartRecord]]]: ...
    def near_keys(self, key: str) -> list[str]: ...
    def near_parts(self, key: str) -> list[PartRecord]: ...


class PartIndex:
    """The catalogued part numbers under one keyer (see the module docstring)."""

    def __init__(self, parts: Iterable[PartRecord], keyer: Keyer = compact) -> None:
        self.keyer = keyer
        self.by_key: dict[str, list[PartRecord]] = defaultdict(list)
        # length -> wildcard positions -> fixed characters -> parts
        self.wild: dict[int, dict[tuple[int, ...], dict[str, list[PartRecord]]]] = (
            defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        )
        # (length, first three characters) of the patterns: most keys have no pattern
        # to try, and this says so with one set probe.
        self.wild_starts: set[tuple[int, str]] = set()
        self.open_lengths: set[int] = set()
        self.fuzzy_keys: dict[str, list[PartRecord]] = defaultdict(list)
        for part in parts:
            key = keyer(part.mpn)
            if key:
                self.by_key[key].append(part)
                self.fuzzy_keys[key].append(part)
            pattern = keyer(part.pattern) if part.pattern else ""
            if "?" in pattern:
                holes = tuple(i for i, ch in enumerate(pattern) if ch == "?")
                self.wild_starts.add((len(pattern), pattern[:3]))
                if holes[0] < 3:
                    self.open_lengths.add(len(pattern))
                self.wild[len(pattern)][holes][_without(pattern, holes)].append(part)
                self.fuzzy_keys[pattern.replace("?", "")].append(part)
            elif pattern and pattern != key:
                # A KiCad name with a package suffix (LM7809_TO220): its base number.
                self.by_key[pattern].append(part)
                self.fuzzy_keys[pattern].append(part)
        self.sorted_keys = sorted(self.by_key)
        self.blocks: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self.fuzzy_keys):
            for block in (key[:2], digit_block(key)):
                if block:
                    self.blocks[block].append(key)

    def exact(self, key: str) -> list[PartRecord]:
        """Parts whose key equals this one."""
        return self.by_key.get(key, [])

    def pattern(self, key: str) -> list[PartRecord]:
        """Parts whose wildcard pattern matches the whole key."""
        found: list[PartRecord] = []
        if (len(key), key[:3]) not in self.wild_starts and (
            len(key) not in self.open_lengths
        ):
            return found
        for holes, fixed in self.wild.get(len(key), {}).items():
            found.extend(fixed.get(_without(key, holes), ()))
        return found

    def starting_with(self, key: str, limit: int = 50) -> list[PartRecord]:
        """Parts whose key starts with this one (a truncated marking)."""
        found: list[PartRecord] = []
        keys = self.sorted_keys
        position = bisect.bisect_left(keys, key)
        while position < len(keys) and len(found) < limit:
            candidate = keys[position]
            if not candidate.startswith(key):
                break
            found.extend(self.by_key[candidate])
            position += 1
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

    def near_keys(self, key: str) -> list[str]:
        """The keys a fuzzy comparison looks at: same first two characters or digit run."""
        first = self.blocks.get(key[:2], [])
        digits = self.blocks.get(digit_block(key), []) if digit_block(key) else []
        return list(dict.fromkeys([*first, *digits]))

    def near_parts(self, key: str) -> list[PartRecord]:
        """The parts behind a fuzzy key."""
        return self.fuzzy_keys.get(key, [])


def _without(text: str, holes: tuple[int, ...]) -> str:
    """The text with the characters at the wildcard positions taken out."""
    if len(holes) == 1:
        return text[: holes[0]] + text[holes[0] + 1 :]
    return "".join(ch for i, ch in enumerate(text) if i not in holes)

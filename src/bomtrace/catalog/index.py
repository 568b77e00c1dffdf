"""Lookup structures over a loaded catalog, built once per run.

Pure. Two views of the part numbers (``partindex.PartIndex``): the literal one and the
look-alike one, where letters that OCR and tired eyes confuse with digits (O/0, I/1, S/5,
B/8, Z/2) share a key. Beside them, the maker tables: aliases and logos, part-number
prefixes with the shapes of the numbers that follow them, corporate groups and
second-source families. Every lookup is a dictionary probe or a short scan of a small
bucket, so matching cost grows with the number of rows, not rows x catalog size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from bomtrace.catalog.companies import AliasTable, normalise_company
from bomtrace.catalog.layered import LayeredPartIndex
from bomtrace.catalog.partindex import PartIndex, PartLookup
from bomtrace.catalog.partstore import LITERAL, LOOK_ALIKE, split_parts
from bomtrace.catalog.records import (
    Catalog,
    LineTransfer,
    MakerRecord,
    NumberingSystem,
    PartRecord,
    ProductFamily,
    SecondSourceFamily,
    TopMark,
)
from bomtrace.catalog.shapes import digits_repaired, heads_agree, shape_head
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import fold_homoglyphs, ocr_skeleton
from bomtrace.normalise.vocabulary import KINDS_OF_PART

__all__ = ["CatalogIndex", "normalise_company"]

Head = tuple[tuple[str, int], ...]
# How many characters after a maker's prefix index a catalogued number for restoring a
# prefix a chip top left out.
RESTORED_HEAD = 4


def skeleton_key(text: str) -> str:
    """The look-alike key: compact, then OCR look-alikes mapped onto digits."""
    return ocr_skeleton(compact(text))


class CatalogIndex:
    """The catalog's lookup tables (see the module docstring)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        # A large user catalog lives in a store on disk (catalog.partstore): the lookups
        # below ask it after the parts held in memory, and the tables built here by
        # scanning the parts are completed by the store's, made when it was built.
        memory, self.store = split_parts(catalog.parts)
        self.parts: PartLookup
        self.look_alike: PartLookup
        if self.store is None:
            self.parts = self.memory_parts = PartIndex(memory, compact)
            self.look_alike = PartIndex(memory, skeleton_key)
        else:
            layered = LayeredPartIndex(memory, compact, self.store.view(LITERAL))
            self.parts, self.memory_parts = layered, layered.memory
            self.look_alike = LayeredPartIndex(
                memory, skeleton_key, self.store.view(LOOK_ALIKE)
            )
        self.by_distributor_pn: dict[str, list[PartRecord]] = defaultdict(list)
        for part in memory:
            for code in distributor_codes(part):
                self.by_distributor_pn[code].append(part)
        self.makers = catalog.makers
        self.groups = _corporate_groups(catalog.makers)
        self.aliases = AliasTable(catalog.makers.values())
        self.logos = _logos(catalog.makers)
        self.maker_prefixes = _maker_prefixes(catalog.makers)
        # The groups of makers that registered a prefix (only their parts restore one).
        self._prefix_groups = {
            self.groups.get(m, m)
            for owners in self.maker_prefixes.values()
            for m in owners
        }
        self.prefix_heads, self.prefix_parts = _prefix_heads(self, memory)
        self.skeleton_prefixes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for prefix, makers in self.maker_prefixes.items():
            for maker in makers:
                self.skeleton_prefixes[skeleton_key(prefix)].append((prefix, maker))
        self.families = {compact(f.prefix): f for f in catalog.second_sources}
        self.family_lengths = sorted({len(p) for p in self.families}, reverse=True)
        self.numbering = [
            (re.compile(system.pattern), system) for system in catalog.numbering
        ]
        self._system_makers: dict[str, tuple[str, ...]] = {}
        self._letter_prefixes: dict[str, list[str]] = {}
        # Coarse kinds of part each maker's catalogued parts and product lines are.
        self.maker_kinds: dict[str, set[str]] = defaultdict(set)
        for maker, category in (
            *((p.maker, p.category) for p in memory),
            *((f.maker, f.category) for f in catalog.families),
        ):
            if entry := self.kind_entry(maker, category):
                self.maker_kinds[entry[0]].add(entry[1])
        self.makers_with_parts = {p.maker for p in memory}
        if self.store is not None:
            for group, kind in self.store.maker_kinds():
                self.maker_kinds[group].add(kind)
            self.makers_with_parts |= self.store.makers()
        # Catalogued numbers by the first letters after their maker's own letter prefix:
        # chip tops print SN74LVTH162245 as LVTH162245 and W25Q64JVSIQ as 25Q64JVSIQ.
        self.after_prefix: dict[str, set[str]] = defaultdict(set)
        for part in memory:
            for head, prefix in self.after_prefix_entries(part):
                self.after_prefix[head].add(prefix)
        # Registered prefixes by their tails: a chip top that drops a prefix's first
        # letters (W25Q64 printed 25Q64, AT45DQ161 printed 45DQ161) still shows the tail.
        self.prefix_tails: dict[str, set[str]] = defaultdict(set)
        for prefix in self.maker_prefixes:
            if len(prefix) < 3 or not prefix.isalnum():
                continue
            for start in range(1, len(prefix) - 1):
                tail = prefix[start:]
                if prefix[:start].isalpha() and any(ch.isdigit() for ch in tail):
                    self.prefix_tails[tail].add(prefix)
        self.product_families: dict[str, list[ProductFamily]] = defaultdict(list)
        for family in catalog.families:
            self.product_families[family.prefix].append(family)
        self.topmarks: dict[str, list[TopMark]] = defaultdict(list)
        for mark in catalog.topmarks:
            self.topmarks[compact(mark.marking)].append(mark)
        self.lines: dict[str, list[LineTransfer]] = defaultdict(list)
        for transfer in catalog.lines:
            for prefix in transfer.prefixes:
                self.lines[compact(prefix)].append(transfer)

    # -- parts (literal view) ---------------------------------------------------------

    def exact(self, key: str) -> list[PartRecord]:
        """Parts whose compact number equals the key."""
        return self.parts.exact(key)

    def pattern(self, key: str) -> list[PartRecord]:
        """Parts whose wildcard pattern matches the whole key."""
        return self.parts.pattern(key)

    def starting_with(self, key: str, limit: int = 50) -> list[PartRecord]:
        """Parts whose compact number starts with the key (a truncated marking)."""
        return self.parts.starting_with(key, limit)

    def longest_prefix(
        self, key: str, min_length: int = 4
    ) -> Iterator[tuple[str, list[PartRecord]]]:
        """Catalogued numbers (and patterns) that the key starts with, longest first."""
        return self.parts.longest_prefix(key, min_length)

    def ocr_variants(self, key: str) -> list[PartRecord]:
        """Parts whose number differs from the key only by OCR look-alikes (0/O, 1/I, 5/S ...)."""
        return self.look_alike.exact(ocr_skeleton(key))

    def distributor_pn(self, key: str) -> list[PartRecord]:
        """Parts a distributor lists under this order code."""
        found = self.by_distributor_pn.get(key, [])
        if self.store is None:
            return found
        stored = self.store.distributor_parts(key)
        return [*found, *stored] if stored else found

    # -- makers ---------------------------------------------------------------------------

    def resolve_maker(self, name: str) -> str:
        """Resolves a maker as written (alias, abbreviation, Cyrillic) to its canonical name."""
        return self.aliases.resolve(name)[0]

    def maker_misspelt(self, name: str) -> bool:
        """Tells whether a maker name was resolved as a near spelling of an alias."""
        return self.aliases.resolve(name)[1]

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

    def restorable(self, key: str) -> list[str]:
        """Letter prefixes of catalogued numbers that continue the way ``key`` starts."""
        found = self.after_prefix.get(key[:RESTORED_HEAD], set())
        if self.store is not None:
            found = found | self.store.after_prefix(key[:RESTORED_HEAD])
        return sorted(found)

    def after_prefix_entries(self, part: PartRecord) -> Iterator[tuple[str, str]]:
        """(the letters after the prefix, the prefix) of a part numbered after its
        maker group's own letter prefix (``restorable``)."""
        if self.groups.get(part.maker, part.maker) not in self._prefix_groups:
            return
        key = compact(part.pattern or part.mpn)
        for length in range(2, min(len(key) - RESTORED_HEAD, 6) + 1):
            prefix = key[:length]
            if not prefix.isalpha():
                break
            head = key[length : length + RESTORED_HEAD]
            if "?" in head:
                continue
            owners = self.maker_prefixes.get(prefix, ())
            if any(self.same_group(o, part.maker) for o in owners):
                yield head, prefix

    def prefixes_ending(self, key: str) -> list[str]:
        """Registered prefixes whose last characters (with a digit among them) start ``key``."""
        found: set[str] = set()
        for length in range(min(len(key) - 1, 6), 1, -1):
            found |= self.prefix_tails.get(key[:length], set())
        return sorted(found)

    def product_family(self, maker: str, number: str) -> ProductFamily | None:
        """The maker's uniform product line a number belongs to (SIMCom SIM800 ...), if any."""
        key = number.upper().replace(" ", "")
        for text in dict.fromkeys((key, compact(key))):
            for length in range(min(len(text), 16), 1, -1):
                for family in self.product_families.get(text[:length], ()):
                    if self.same_group(family.maker, maker):
                        return family
        return None

    def letter_prefixes(self, maker: str) -> list[str]:
        """A maker's own registered prefixes made of letters only, longest first."""
        if maker not in self._letter_prefixes:
            found = {
                prefix
                for prefix, owners in self.maker_prefixes.items()
                if prefix.isalpha() and maker in owners
            }
            self._letter_prefixes[maker] = sorted(found, key=lambda p: (-len(p), p))
        return self._letter_prefixes[maker]

    def registers_prefix_of(self, maker: str, number: str) -> bool:
        """Tells whether a maker's group registers a prefix that a number starts with.

        The number is tried as written (upper case, no spaces: Lite-On's "LTC-") and as
        its compact key.
        """
        top = self.groups.get(maker, maker)
        for key in dict.fromkeys((number.upper().replace(" ", ""), compact(number))):
            for length in range(min(len(key), 12), 1, -1):
                for owner in self.maker_prefixes.get(key[:length], ()):
                    if self.groups.get(owner, owner) == top:
                        return True
        return False

    def prefix_fit(self, prefix: str, maker: str, rest: str) -> tuple[bool | None, int]:
        """Does what follows a maker's prefix look like that maker's catalogued numbers?

        Returns the answer (``None`` when the catalog holds none of the maker's numbers
        with that prefix) and how many catalogued numbers it rests on. Look-alike
        characters count as either kind (``7I3I5`` has the shape of ``71315``).
        """
        heads = self.prefix_heads.get((prefix, maker), set())
        count = len(self.prefix_parts.get((prefix, maker), ()))
        if self.store is not None:
            stored, extra, _ = self.store.prefix_shapes(prefix, maker)
            heads, count = heads | stored, count + extra
        if not heads:
            return None, 0
        shapes = {shape_head(rest), shape_head(digits_repaired(rest))}
        fits = any(heads_agree(head, known) for head in shapes for known in heads)
        return fits, count

    def makers_by_look_alike_prefix(self, key: str) -> list[tuple[str, str]]:
        """Like ``makers_by_prefix``, with look-alike characters read either way (5TM32 = STM32).

        Returns (registered prefix as the maker writes it, maker) for the longest
        prefixes that fit: T0P fits Power Integrations' TOP and Qorvo's TQP alike.
        """
        skeleton = ocr_skeleton(key)
        for length in range(min(len(skeleton), 12), 2, -1):
            found = self.skeleton_prefixes.get(skeleton[:length])
            if found:
                return list(found)
        return []

    def prefix_examples(self, prefix: str, maker: str) -> list[str]:
        """A few catalogued numbers of a maker that start with a prefix."""
        numbers = self.prefix_parts.get((prefix, maker), set())
        if self.store is not None:
            numbers = numbers | set(self.store.prefix_shapes(prefix, maker)[2])
        return sorted(numbers)[:3]

    def family_of(self, key: str) -> tuple[SecondSourceFamily | None, int]:
        """The second-source family a number belongs to (LM317, 74HC, 1N4148 ...), if any.

        Returns the family and how many letters stand before its number: digit-led
        families are sold behind a maker's letters (L7805, MC7805, SN74HC595), and those
        letters may name the maker.
        """
        for length in self.family_lengths:
            for skip in (0, 1, 2):
                if skip and not key[:skip].isalpha():
                    break
                family = self.families.get(key[skip : skip + length])
                if family is not None and (not skip or family.prefix[:1].isdigit()):
                    return family, skip
        return None, 0

    def maker(self, name: str) -> MakerRecord | None:
        return self.makers.get(name)

    def kind_entry(self, maker: str, category: str) -> tuple[str, str] | None:
        """(maker group, coarse kind) of a catalogued part or product line, if it has one."""
        kind = KINDS_OF_PART.get(category)
        return (self.groups.get(maker, maker), kind) if kind else None

    def kinds_of(self, maker: str) -> set[str]:
        """The coarse kinds of part a maker's group is catalogued as making (may be empty)."""
        return self.maker_kinds.get(self.groups.get(maker, maker), set())

    # -- industry numbering systems --------------------------------------------------------

    def numbering_of(self, key: str) -> NumberingSystem | None:
        """The industry numbering system a number belongs to (JEDEC 2N, 7400 series ...)."""
        for pattern, system in self.numbering:
            if pattern.match(key):
                return system
        return None

    def system_makers(self, system: NumberingSystem) -> tuple[str, ...]:
        """Makers with catalogued numbers of a numbering system, most numbers first."""
        if system.system not in self._system_makers:
            pattern = re.compile(system.pattern)
            counts: dict[str, int] = defaultdict(int)
            for key, parts in self.memory_parts.by_key.items():
                if pattern.match(key):
                    for part in parts:
                        if counts_for_system(part):
                            counts[part.maker] += 1
            if self.store is not None:
                for maker, count in self.store.system_counts(system.system).items():
                    counts[maker] += count
            self._system_makers[system.system] = tuple(
                sorted(counts, key=lambda m: (-counts[m], m))
            )
        return self._system_makers[system.system]

    # -- product lines that changed hands ------------------------------------------------

    def line_history(self, mpn: str) -> list[LineTransfer]:
        """The transfers of the product line a part number belongs to, oldest first."""
        key = compact(mpn)
        for length in range(min(len(key), 12), 1, -1):
            found = self.lines.get(key[:length])
            if found:
                return sorted(found, key=lambda t: t.year)
        return []

    def line_makers(self, mpn: str) -> list[str]:
        """Every maker that has made a part's product line, first owner first."""
        makers: list[str] = []
        for transfer in self.line_history(mpn):
            for maker in (transfer.from_maker, transfer.to_maker):
                if maker not in makers:
                    makers.append(maker)
        return makers

    def made_line_of(self, maker: str, other: str, mpn: str = "") -> bool:
        """Tells whether two makers made the same product line at different times.

        With ``mpn``, only that part's line counts (AT45DB161D: Atmel, then Adesto);
        without it, any line that passed between the two makers' groups.
        """
        if not maker or not other:
            return False
        if mpn:
            histories = [self.line_history(mpn)]
        else:
            by_line: dict[str, list[LineTransfer]] = defaultdict(list)
            for transfer in self.catalog.lines:
                by_line[transfer.line].append(transfer)
            histories = list(by_line.values())
        for history in histories:
            owners = {
                self.groups.get(m, m)
                for t in history
                for m in (t.from_maker, t.to_maker)
            }
            if (
                self.groups.get(maker, maker) in owners
                and self.groups.get(other, other) in owners
            ):
                return True
        return False


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


def distributor_codes(part: PartRecord) -> list[str]:
    """A part's distributor order codes as looked up (compact, without the shop's name)."""
    return [compact(pn.split(":", 1)[-1]) for pn in part.distributor_pns]


def counts_for_system(part: PartRecord) -> bool:
    """Whether a part fitting a numbering system counts its maker as a maker of it.

    A module's order code that happens to fit (Sierra Wireless's MC7804) does not make
    its maker a maker of 7805 regulators.
    """
    return KINDS_OF_PART.get(part.category) != "module or assembly"


PrefixesByGroup = dict[str, dict[str, list[str]]]


def prefixes_by_group(index: CatalogIndex) -> PrefixesByGroup:
    """Maker group -> registered prefix -> the group's makers that registered it."""
    by_group: PrefixesByGroup = defaultdict(lambda: defaultdict(list))
    for prefix, makers in index.maker_prefixes.items():
        for maker in makers:
            by_group[index.groups.get(maker, maker)][prefix].append(maker)
    return by_group


def prefix_shape_entries(
    index: CatalogIndex, by_group: PrefixesByGroup, part: PartRecord
) -> Iterator[tuple[str, str, Head]]:
    """(prefix, maker, shape after it) for each of the part's maker group's prefixes
    the part's number starts with."""
    prefixes = by_group.get(index.groups.get(part.maker, part.maker))
    if not prefixes:
        return
    text = (part.pattern or part.mpn).upper().replace(" ", "")
    for length in range(2, min(len(text), 12) + 1):
        for maker in prefixes.get(text[:length], ()):
            yield text[:length], maker, shape_head(text[length:])


def _prefix_heads(
    index: CatalogIndex, parts: Iterable[PartRecord]
) -> tuple[dict[tuple[str, str], set[Head]], dict[tuple[str, str], set[str]]]:
    """(prefix, maker) -> the shapes that follow the prefix in the maker's catalogued numbers, and those numbers."""
    by_group = prefixes_by_group(index)
    heads: dict[tuple[str, str], set[Head]] = defaultdict(set)
    numbers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for part in parts:
        for prefix, maker, head in prefix_shape_entries(index, by_group, part):
            heads[(prefix, maker)].add(head)
            numbers[(prefix, maker)].add(part.mpn)
    return dict(heads), dict(numbers)

"""Reported before: the published records of the same part in other weapons.

Pure. Every record of a reported-components catalog (GUR's portal: "name / marking" text,
the publisher's maker, the weapon, the page) is identified once, by the same matcher as
the sheet's rows and from its text alone, never from the publisher's maker. A row is then
linked to each record that shares, strongest first:

- ``this record``: the row cites the record's page (it is a copy of the record);
- ``same part number``: the identified part numbers are equal;
- ``same base part``: the numbers differ only in an orderable suffix (STM32F405RGT6 and
  STM32F405RGT7; LM358DR and LM358N): they share a start of at least five characters,
  each goes on for at most six more, and the point where they part is a letter or
  follows one, so a different number of a family (TPS54331 and TPS54332) is not linked;
- ``same marking``: the normalised markings are equal (for markings nobody identified;
  at least four characters with a letter and a digit).

Each link keeps the publisher's attribution (maker and country) beside the row's own
identification, and says whether the two agree (``catalog.attribution``): the maker when
ours is the brand, an owner or in the group the source names; the country when it is
that of our maker, its owner or a company the source names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bomtrace.catalog.attribution import (
    agrees,
    country_agrees,
    names_a_maker,
    resolved_label,
)
from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.records import Catalog, ReportedComponent
from bomtrace.model import (
    Answer,
    Identification,
    ReportedBasis,
    ReportedEntry,
    RowOutcome,
    Status,
)
from bomtrace.normalise import compact

# The shortest shared start, and the longest orderable suffix after it, of a base part.
MIN_BASE = 5
MAX_BASE_SUFFIX = 6
MIN_MARKING = 4
_URL = re.compile(r"https?://[^\s;,|\"'<>]+", re.IGNORECASE)
_LETTER = re.compile(r"[A-Z]")
_DIGIT = re.compile(r"\d")
_RANK = {basis: rank for rank, basis in enumerate(ReportedBasis)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadRecord:
    """A reported component with bomtrace's own reading of its text."""

    record: ReportedComponent
    identification: Identification
    mpn: str
    marking: str

    @property
    def part(self) -> str:
        """The number the record is known by here: the identified one, else its marking."""
        return self.identification.mpn or self.marking


def marking_key(key: str) -> str:
    """A normalised marking usable as a link ("" when too short or not a part-like code)."""
    key = compact(key)
    if len(key) < MIN_MARKING or not _LETTER.search(key) or not _DIGIT.search(key):
        return ""
    return key


def part_key(ident: Identification) -> str:
    """The identified part number as a key: the match's, or the one every candidate shares."""
    if ident.mpn:
        return compact(ident.mpn)
    numbers = {compact(c.mpn) for c in ident.candidates if c.mpn}
    if ident.status is Status.AMBIGUOUS and len(numbers) == 1:
        return numbers.pop()
    return ""


def same_base(a: str, b: str) -> bool:
    """Do two part numbers differ only in an orderable suffix (module docstring)?"""
    if a == b:
        return False
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    head, rests = a[:shared], (a[shared:], b[shared:])
    if len(head) < MIN_BASE or not _LETTER.search(head) or not _DIGIT.search(head):
        return False
    if any(len(rest) > MAX_BASE_SUFFIX for rest in rests):
        return False
    return head[-1].isalpha() or all(not r or r[0].isalpha() for r in rests)


def cited_urls(values: Mapping[str, str]) -> set[str]:
    """The http(s) pages a row's cells cite (a copy of a published record cites its page)."""
    return {
        url.rstrip(".").lower()
        for value in values.values()
        if "://" in value
        for url in _URL.findall(value)
    }


class ReportedIndex:
    """The reported components, each identified once, by part number, base and marking."""

    def __init__(
        self,
        records: Iterable[ReportedComponent],
        index: CatalogIndex,
        identify: Callable[[str], Identification],
    ) -> None:
        self.index = index
        self.read: list[ReadRecord] = []
        self.by_mpn: dict[str, list[ReadRecord]] = defaultdict(list)
        self.by_marking: dict[str, list[ReadRecord]] = defaultdict(list)
        self.by_url: dict[str, list[ReadRecord]] = defaultdict(list)
        # Starts of each part number within a suffix's reach: the base-part candidates.
        self.by_start: dict[str, list[ReadRecord]] = defaultdict(list)
        for record in records:
            ident = identify(record.text)
            read = ReadRecord(
                record=record,
                identification=ident,
                mpn=part_key(ident),
                marking=marking_key(ident.marking_normalised),
            )
            self.read.append(read)
            self.by_url[record.url.lower()].append(read)
            if read.mpn:
                self.by_mpn[read.mpn].append(read)
                for start in _starts(read.mpn):
                    self.by_start[start].append(read)
            if read.marking:
                self.by_marking[read.marking].append(read)

    def links(self, outcome: RowOutcome) -> list[tuple[ReadRecord, ReportedBasis]]:
        """The records linked to a row, each once, with its strongest basis."""
        if outcome.status is Status.SKIPPED:
            return []
        found: dict[int, tuple[ReadRecord, ReportedBasis]] = {}

        def add(reads: Iterable[ReadRecord], basis: ReportedBasis) -> None:
            for read in reads:
                found.setdefault(id(read), (read, basis))

        for url in cited_urls(outcome.row.values):
            add(self.by_url.get(url, ()), ReportedBasis.THIS_RECORD)
        ident = outcome.identification
        if ident is not None:
            mpn = part_key(ident)
            marking = marking_key(ident.marking_normalised)
            if mpn:
                add(self.by_mpn.get(mpn, ()), ReportedBasis.PART_NUMBER)
                add(
                    (
                        r
                        for start in _starts(mpn)
                        for r in self.by_start.get(start, ())
                        if same_base(mpn, r.mpn)
                    ),
                    ReportedBasis.BASE_PART,
                )
            if marking:
                add(self.by_marking.get(marking, ()), ReportedBasis.MARKING)
                add(self.by_mpn.get(marking, ()), ReportedBasis.MARKING)
        return sorted(
            found.values(), key=lambda item: (_RANK[item[1]], item[0].record.ref.line)
        )

    def entries(self, outcome: RowOutcome) -> tuple[ReportedEntry, ...]:
        """The row's ``reported_in``: one entry per linked record and weapon."""
        out: list[ReportedEntry] = []
        for read, basis in self.links(outcome):
            record = read.record
            maker, country = _agreement(self.index, outcome, record)
            shared = read.part if basis is not ReportedBasis.MARKING else read.marking
            out.extend(
                ReportedEntry(
                    weapon=weapon,
                    publisher=record.publisher,
                    url=record.url,
                    basis=basis,
                    part=shared,
                    listed_as=record.text,
                    attributed_maker=record.attribution,
                    attributed_country=record.country,
                    maker_agrees=maker,
                    country_agrees=country,
                    record=str(record.ref),
                    component_id=record.component_id,
                )
                for weapon in record.weapons
            )
        return tuple(out)


class RunEntries:
    """``ReportedIndex.entries`` for the rows of one run, made once per distinct
    identification, origin, status and cited pages: sheets repeat parts, and the run
    shares one identification and origin object per distinct value. Rows with the same
    key share the entries. Keep one per run (it holds the run's objects)."""

    def __init__(self, index: ReportedIndex) -> None:
        self.index = index
        self._known: dict[
            tuple[object, ...], tuple[object, object, tuple[ReportedEntry, ...]]
        ] = {}

    def entries(self, outcome: RowOutcome) -> tuple[ReportedEntry, ...]:
        """The row's ``reported_in``, as ``ReportedIndex.entries`` gives it."""
        key = (
            id(outcome.identification),
            id(outcome.origin),
            outcome.status,
            frozenset(cited_urls(outcome.row.values)),
        )
        known = self._known.get(key)
        if known is None:
            found = self.index.entries(outcome)
            # The entry holds the objects whose ids make the key, so no id is reused.
            known = self._known[key] = (outcome.identification, outcome.origin, found)
        return known[2]


def _starts(key: str) -> Sequence[str]:
    low = max(MIN_BASE, len(key) - MAX_BASE_SUFFIX)
    return [key[:n] for n in range(len(key), low - 1, -1)]


def _answer(value: bool | None) -> Answer:
    return Answer.UNKNOWN if value is None else Answer.YES if value else Answer.NO


def _agreement(
    index: CatalogIndex, outcome: RowOutcome, record: ReportedComponent
) -> tuple[Answer, Answer]:
    """Does the publisher's maker (and country) agree with the row's identification?"""
    ident = outcome.identification
    if outcome.status is not Status.MATCHED or ident is None or not ident.maker:
        return Answer.UNKNOWN, Answer.UNKNOWN
    maker = Answer.UNKNOWN
    if names_a_maker(record.attribution):
        maker = _answer(
            agrees(
                index,
                ident.maker,
                record.attribution,
                ident.mpn or ident.marking_normalised,
            )
        )
    origin = outcome.origin
    if origin is None or not (origin.country or origin.parent_country):
        return maker, Answer.UNKNOWN
    # A source may give the brand's country where we give the owner's (Cypress, US;
    # Infineon, DE): a country is flagged only when it is that of no company either
    # side names.
    named = [
        index.makers[m].hq_country
        for m in resolved_label(index, record.attribution)
        if m in index.makers
    ]
    countries = (origin.country, origin.parent_country, *named)
    return maker, _answer(country_agrees(record.country, *countries))


# Reported catalogs are large and the same in every run of a process (the web app, the
# test suite): their identification is kept per catalog, by the files' SHA-256.
_CACHE: dict[tuple[tuple[str, str], ...], ReportedIndex] = {}
_CACHE_SIZE = 2


def reported_index(
    catalog: Catalog,
    index: CatalogIndex,
    identify: Callable[[str], Identification],
) -> ReportedIndex | None:
    """The catalog's reported components, identified (None when it has none)."""
    if not catalog.reported:
        return None
    key = tuple((f.name, f.sha256) for f in catalog.files)
    if key and key in _CACHE:
        return _CACHE[key]
    built = ReportedIndex(catalog.reported, index, identify)
    if key:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = built
    return built

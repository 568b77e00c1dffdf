"""Typed rows of the reference catalogs, and the catalog as a whole.

Pure. Every record keeps the ``CatalogRef`` (file and line) it was read from and its
``source``, so any identification or origin claim can cite the row behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bomtrace.model import CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class MakerRecord:
    """A manufacturer: names, headquarters, owner and part-number prefixes."""

    name: str
    aliases: tuple[str, ...] = ()
    hq_country: str = ""
    parent: str = ""
    parent_country: str = ""
    acquired_year: str = ""
    mpn_prefixes: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class PartRecord:
    """A manufacturer part number (or a pattern of them, ``?`` = any one character)."""

    mpn: str
    maker: str
    pattern: str = ""
    description: str = ""
    category: str = ""
    package: str = ""
    datasheet: str = ""
    distributor_pns: tuple[str, ...] = ()
    hs_code: str = ""
    eccn: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class SecondSourceFamily:
    """An industry-standard number that several makers publish (LM317, 74HC ...)."""

    prefix: str
    description: str
    makers: tuple[str, ...]
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class DistributorRecord:
    """A distributor or marketplace and how its order codes look."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    type: str = ""
    parent: str = ""
    parent_country: str = ""
    sku_pattern: str = ""
    domains: tuple[str, ...] = ()
    authorised_lines: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryRecord:
    """A country's membership of a list (the export-control coalition, transshipment points)."""

    country: str
    name: str = ""
    member: bool = True
    basis: str = ""
    as_of: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class HsRecord:
    """A six-digit HS heading: its CHPL tier, or the customary heading of a category."""

    hs6: str
    tier: str = ""
    category: str = ""
    description: str = ""
    list_date: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class DateCodeFormat:
    """A maker's documented date-code format, e.g. Microchip's ``YYWWNNN``."""

    maker: str
    format: str
    week_rule: str = ""
    example: str = ""
    note: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedFact:
    """A statement public reporting made about the network or a teardown, with its source."""

    subject: str
    statement: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    country: str = ""
    role: str = ""
    sanctioned_by: str = ""
    sanction_date: str = ""
    platform: str = ""
    reported: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalFormRecord:
    """A legal form as names write it (ООО, GmbH, A.Ş.), removed before names are compared."""

    form: str
    country: str = ""
    language: str = ""
    elf_code: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductFamily:
    """A maker's product line whose parts are all of one category (SIMCom SIM800: cellular module)."""

    maker: str
    prefix: str
    category: str
    description: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class LineTransfer:
    """A product line that moved from one maker to another (Atmel DataFlash -> Adesto, 2012)."""

    line: str
    prefixes: tuple[str, ...]
    from_maker: str
    to_maker: str
    year: int
    note: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class TopMark:
    """A code a maker prints on the chip top in place of the orderable number."""

    maker: str
    marking: str
    mpn: str
    package: str = ""
    note: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberingSystem:
    """An industry numbering system whose numbers many makers make (JEDEC 2N, 7400 series)."""

    system: str
    pattern: str
    description: str
    example: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedComponent:
    """A component a publisher reported in a weapon, as it lists it (GUR's portal layout).

    ``attribution`` and ``country`` are the publisher's claims about the maker, kept
    apart from bomtrace's own identification of ``text``.
    """

    text: str
    attribution: str
    weapons: tuple[str, ...]
    url: str
    country: str = ""
    category: str = ""
    component_id: str = ""
    # Who published it (GUR's portal, by the page's host), and the row's full source
    # with the licence and the collection it came through.
    publisher: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedFigure:
    """A headline figure a publication stated (RUSI 2022: 450 foreign components ...)."""

    publisher: str
    year: str
    measure: str
    value: int
    statement: str = ""
    source: str = ""
    ref: CatalogRef


# The output columns that compare a part's production window with a control date.
AFTER_2014 = "after_2014_controls"
AFTER_2022 = "after_2022_controls"


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlDate:
    """An export-control milestone: the date a flag column compares production windows
    with (``AFTER_2014``, ``AFTER_2022``), how charts name it, and the act that set it."""

    flag: str
    label: str
    date: str
    source: str = ""
    ref: CatalogRef

    @property
    def day(self) -> dt.date | None:
        """The date, or None when the row's date is not an ISO date."""
        try:
            return dt.date.fromisoformat(self.date)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartLibrary:
    """A public parts library a parts catalog was built from, at one commit."""

    library: str
    repository: str = ""
    commit: str = ""
    date: str = ""
    licence: str = ""
    provides: str = ""
    source: str = ""
    ref: CatalogRef


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogFile:
    """One loaded catalog file: what it is, how many rows, and its SHA-256."""

    name: str
    path: str
    kind: str
    rows: int
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """Everything bomtrace knows before it reads a sheet."""

    makers: dict[str, MakerRecord] = field(default_factory=dict)
    # In catalog order; a CatalogParts (catalog.partstore) when a store holds some.
    parts: Sequence[PartRecord] = ()
    second_sources: tuple[SecondSourceFamily, ...] = ()
    distributors: tuple[DistributorRecord, ...] = ()
    coalition: dict[str, CountryRecord] = field(default_factory=dict)
    transshipment: dict[str, CountryRecord] = field(default_factory=dict)
    chpl: dict[str, HsRecord] = field(default_factory=dict)
    category_hs: dict[str, HsRecord] = field(default_factory=dict)
    datecode_formats: dict[str, tuple[DateCodeFormat, ...]] = field(
        default_factory=dict
    )
    network: tuple[ReportedFact, ...] = ()
    teardown_reports: tuple[ReportedFact, ...] = ()
    legal_forms: tuple[LegalFormRecord, ...] = ()
    families: tuple[ProductFamily, ...] = ()
    lines: tuple[LineTransfer, ...] = ()
    topmarks: tuple[TopMark, ...] = ()
    numbering: tuple[NumberingSystem, ...] = ()
    # Components published as found in weapons (#13), and published headline figures.
    reported: tuple[ReportedComponent, ...] = ()
    published_figures: tuple[PublishedFigure, ...] = ()
    # The control dates the after_* flags compare with, and the libraries parts came from.
    control_dates: tuple[ControlDate, ...] = ()
    part_libraries: tuple[PartLibrary, ...] = ()
    files: tuple[CatalogFile, ...] = ()
    directory: str = ""
    # What the loader had to decide about rows: a repeated maker name (the first row
    # kept), a user catalog's maker resolved through an alias. ``catalog check`` shows them.
    load_notes: tuple[tuple[CatalogRef, str], ...] = ()
    # What the catalog index (catalog.cache) did this time: built, rebuilt and why, or
    # not used and why ("" when a fresh one was opened, or none was needed).
    store_note: str = ""

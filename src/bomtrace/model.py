"""Records shared by every stage of the pipeline.

Frozen, slotted dataclasses for the domain (fast, hashable, typed) and ``StrEnum``s for
closed vocabularies, stored by value in every output. No I/O here. Pydantic is not used
inside the pipeline: records are built by our own code, so validation happens once, at
the edges (ingest and catalog loading).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bomtrace.remedies import (
    LIBRARY_WORDS,
    Setting,
    Text,
    Wording,
    sentence,
    setting_of,
)


class Status(StrEnum):
    """Outcome of one input row."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"
    SKIPPED = "skipped"


class RowKind(StrEnum):
    """What an input row is, as ingest classified it."""

    PART = "part"
    TITLE = "title"
    HEADER = "header"
    BLANK = "blank"
    SECTION = "section"
    TOTAL = "total"
    NOTE = "note"
    NO_PART_COLUMN = "no_part_column"


class MatchMethod(StrEnum):
    """Which rule produced an identification, strongest first."""

    HUMAN = "human"
    EXACT = "exact"
    NORMALISED = "normalised"
    DISTRIBUTOR_PN = "distributor_pn"
    BASE_PART = "base_part"
    PATTERN = "pattern"
    TRUNCATED = "truncated"
    TOP_MARK = "top_mark"
    RESTORED_PREFIX = "restored_prefix"
    CONFUSABLE = "confusable"
    SECOND_SOURCE = "second_source"
    FAMILY_PREFIX = "family_prefix"
    FUZZY = "fuzzy"
    MAKER_GIVEN = "maker_given"
    NONE = ""


class CoalitionOrigin(StrEnum):
    """Whether the maker is headquartered in an export-control coalition country."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    """How bad an input problem is: errors make the CLI exit 2, notes do not."""

    ERROR = "error"
    NOTE = "note"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """Where a row came from: file, sheet and the 1-based row number Excel shows."""

    file: str
    sheet: str
    row: int


@dataclass(frozen=True, slots=True, kw_only=True)
class InputRow:
    """One row of an input sheet, classified, with its cells mapped to roles."""

    ref: SourceRef
    kind: RowKind
    reason: str = ""
    values: dict[str, str] = field(default_factory=dict)

    def get(self, role: str) -> str:
        return self.values.get(role, "")


@dataclass(frozen=True, slots=True, kw_only=True)
class NormalisationStep:
    """One rule applied to a marking: its name and the text before and after."""

    rule: str
    before: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Marking:
    """A marking as read and the keys derived from it, with the steps that made them."""

    raw: str
    text: str
    key: str
    steps: tuple[NormalisationStep, ...] = ()
    maker_hint: str = ""
    date_code_hint: str = ""
    # 0 for the cell itself or the first number read out of free text; later numbers
    # read out of the same text are less likely to be the part (lot codes, board labels).
    position: int = 0
    # The part categories the surrounding text names ("Flash memory" -> memory).
    described_as: tuple[str, ...] = ()
    # The family prefix put back in front of a number printed without it ("MAX"), and
    # what put it back: "catalog" (a catalogued number of the prefix's maker continues
    # that way), "tail" (the number starts with the prefix's last characters, 25Q of
    # W25Q) or "logo" (the maker's logo stands before it).
    restored: str = ""
    restored_by: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogRef:
    """A citation of one catalog row: file name and 1-based line number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A plausible identification proposed by a match stage."""

    maker: str
    mpn: str
    method: MatchMethod
    score: float
    evidence: str
    catalog_ref: CatalogRef | None = None
    category: str = ""
    description: str = ""
    # For a maker named by its part-number prefix: the prefix as registered ("ADXRS").
    prefix: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Identification:
    """The decision for one part row."""

    status: Status
    reason: str = ""
    maker: str = ""
    mpn: str = ""
    method: MatchMethod = MatchMethod.NONE
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    evidence: str = ""
    category: str = ""
    description: str = ""
    marking_normalised: str = ""
    # A date code printed in the reading the identification rests on (YYWW).
    date_code_hint: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where a maker is headquartered, who owns it, and whether that is coalition ground."""

    maker: str = ""
    country: str = ""
    parent: str = ""
    parent_country: str = ""
    acquired_year: str = ""
    coalition: CoalitionOrigin = CoalitionOrigin.UNKNOWN
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """An input problem: which file, which sheet, what went wrong, and what to do.

    ``message`` and ``remedy`` may name the setting that fixes it (``Phrase``); each
    front end words it (``text``); ``str()`` gives the library's words.
    """

    file: str
    message: Text
    remedy: Text = ""
    sheet: str = ""
    severity: Severity = Severity.ERROR

    @property
    def setting(self) -> Setting | None:
        """The setting that fixes the problem, if a setting does."""
        return setting_of(self.remedy, self.message)

    @property
    def where(self) -> str:
        """The file, and the sheet when there is one: ``parts.xlsx, sheet "Board 2"``."""
        return self.file + (f', sheet "{self.sheet}"' if self.sheet else "")

    def text(self, words: Wording = LIBRARY_WORDS) -> str:
        """The problem as one line, its setting in ``words``."""
        return f"{self.where}: {sentence(self.message, self.remedy, words)}"

    def worded(self, words: Wording) -> Problem:
        """The same problem with its message and remedy written out in ``words``."""
        return replace(self, message=words(self.message), remedy=words(self.remedy))

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True, kw_only=True)
class RowOutcome:
    """Everything bomtrace says about one input row."""

    row: InputRow
    status: Status
    reason: str = ""
    identification: Identification | None = None
    origin: Origin | None = None
    chain: Chain | None = None
    # Published records of the same part in weapons (#13), strongest basis first.
    reported: tuple[ReportedEntry, ...] = ()


# --- The provenance chain (issue #4): production window, export control, distributors,
# trade records and sanctions-list hits. Each record carries the source it rests on.


class Answer(StrEnum):
    """A yes/no answer that may not be knowable from the evidence."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ReportedBasis(StrEnum):
    """Why a published record is linked to a row, strongest first."""

    THIS_RECORD = "this record"  # the row is a copy of the record: it cites its page
    PART_NUMBER = "same part number"
    BASE_PART = "same base part"  # another orderable suffix of the same base number
    MARKING = "same marking"  # the normalised markings are equal (neither identified)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedEntry:
    """A published record of the same part in a weapon, and what its publisher said of the maker.

    ``attributed_maker``/``attributed_country`` are the publisher's claims;
    ``maker_agrees``/``country_agrees`` compare them with this row's identification.
    """

    weapon: str
    publisher: str
    url: str
    basis: ReportedBasis
    part: str
    listed_as: str
    attributed_maker: str = ""
    attributed_country: str = ""
    maker_agrees: Answer = Answer.UNKNOWN
    country_agrees: Answer = Answer.UNKNOWN
    record: str = ""
    component_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductionWindow:
    """A date code read as the span of days a part was made in, or refused with a reason."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    rule: str = ""
    reason: str = ""
    source: str = ""
    origin: str = "date_code column"

    @property
    def decoded(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportControl:
    """The part's HS heading, its Common High Priority List tier and its ECCN, with sources."""

    hs_code: str = ""
    hs_basis: str = ""
    chpl_tier: str = ""
    chpl_source: str = ""
    eccn: str = ""
    eccn_source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DistributorLink:
    """A distributor that sells the part or the maker's line, and what says so."""

    name: str
    country: str = ""
    kind: str = ""
    basis: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeRecord:
    """One shipment of a trade-records file (shaped like a customs declaration)."""

    ref: SourceRef
    date: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sender: str = ""
    sender_country: str = ""
    receiver: str = ""
    receiver_country: str = ""
    goods_description: str = ""
    hs_code: str = ""
    manufacturer: str = ""
    mpn: str = ""
    quantity: str = ""
    value: str = ""
    currency: str = ""
    source: str = ""
    # What declarations add (#18). ``numbers``: every part number the record carries,
    # as written (its part-number column, then those read out of the description).
    numbers: tuple[str, ...] = ()
    # The maker the description or the brand column names, when no manufacturer column
    # does; the brand (trademark) as written.
    described_maker: str = ""
    brand: str = ""
    # Countries as ISO 3166 alpha-2 where the written name was recognised (the
    # ``*_country`` fields above hold the same reading; ``given`` keeps the words).
    origin_country: str = ""
    sender_ids: tuple[PartyId, ...] = ()
    receiver_ids: tuple[PartyId, ...] = ()
    quantity_value: float | None = None
    unit: str = ""
    net_weight: str = ""
    statistical_value: str = ""
    declaration: str = ""
    # Cells whose reading differs from the words written: (column, as written).
    given: tuple[tuple[str, str], ...] = ()

    def as_written(self, column: str) -> str:
        """A cell as the declaration wrote it (the reading itself when it was not changed)."""
        for name, text in self.given:
            if name == column:
                return text
        return str(getattr(self, column, ""))


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyId:
    """A tax or registry number of a party (ИНН, ОГРН, USCC, VKN, HK CR ...)."""

    scheme: str
    value: str
    country: str = ""
    # The words that named it ("ИНН получателя", "Tax ID No."), for the evidence.
    label: str = ""

    def __str__(self) -> str:
        return f"{self.scheme} {self.value}"


class LinkStrength(StrEnum):
    """How strongly a shipment is tied to a part, strongest first."""

    ORDERABLE = "exact orderable number"
    MPN = "exact MPN"
    DISTRIBUTOR = "distributor order code"
    BASE_PART = "base part"
    MAKER_HS = "maker + HS"
    HS_ONLY = "HS only"

    @property
    def rank(self) -> int:
        return _LINK_RANKS[self.value]


_LINK_RANKS = {
    "exact orderable number": 5, "exact MPN": 4, "distributor order code": 4,
    "base part": 3, "maker + HS": 2, "HS only": 1,
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeLink:
    """A shipment that may have carried the part, how strongly, and why."""

    record: TradeRecord
    strength: LinkStrength
    evidence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionEntry:
    """One entry of a sanctions or screening list, as the list publishes it."""

    list_name: str
    entity_id: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str = ""
    countries: tuple[str, ...] = ()
    authority: str = ""
    source: str = ""
    ref: SourceRef
    # Tax and registry numbers the list gives for the entry (#18).
    identifiers: tuple[PartyId, ...] = ()


class HitStrength(StrEnum):
    """How far a hit can be trusted, strongest first.

    An identifier match (the party's tax or registry number is the listed one) is the
    strongest; a name match whose identifier contradicts the list's is shown, weaker
    than a possible one, never as certain.
    """

    IDENTIFIER = "identifier match"
    MATCH = "match"
    POSSIBLE = "possible"
    CONTRADICTED = "contradicted"

    @property
    def certain(self) -> bool:
        """Whether the hit may be stated as a finding (not only a lead to check)."""
        return self in (HitStrength.IDENTIFIER, HitStrength.MATCH)


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionHit:
    """A party's name found on a list: the names compared, the score and the entry."""

    party: str
    entry: SanctionEntry
    matched_name: str
    score: float
    strength: HitStrength
    evidence: str
    # The tax or registry number that matched, for an identifier match ("ИНН 7700000000").
    identifier: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Chain:
    """Everything the provenance chain says about one identified part."""

    window: ProductionWindow | None = None
    after_2014: Answer = Answer.UNKNOWN
    after_2022: Answer = Answer.UNKNOWN
    control: ExportControl = field(default_factory=ExportControl)
    distributors: tuple[DistributorLink, ...] = ()
    links: tuple[TradeLink, ...] = ()
    hits: tuple[SanctionHit, ...] = ()
    notes: tuple[str, ...] = ()
    # Who made the part when it was made (a line's owner then, or the brand), and why.
    maker_then: str = ""
    maker_then_basis: str = ""

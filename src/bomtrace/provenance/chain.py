"""The provenance chain of one part: when it was made, export control, who sells it,
which shipments may have carried it, and whether those shippers are on a sanctions list.

Pure. ``ChainBuilder`` is built once per run (it indexes the sanctions lists) and then
gives each row its ``Chain``: a production window from the date code (or the one printed
in the marking), the 2014 and 2022 control flags, the HS code, CHPL tier and ECCN, the
distributors, the strongest trade links, and the sanctions hits of the senders and
receivers of those shipments. Every element cites its source. Shipments are looked up
for all rows at once (``query`` gives each row's lookup; an engine of ``bomtrace.trade``
runs them), and each row's links are handed to ``chain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from bomtrace.catalog.partstore import PartsByRef
from bomtrace.catalog.records import AFTER_2014, AFTER_2022, Catalog, PartRecord
from bomtrace.model import (
    Chain,
    DistributorLink,
    ExportControl,
    Identification,
    MatchMethod,
    Origin,
    PartyId,
    ProductionWindow,
    RowOutcome,
    SanctionEntry,
    SanctionHit,
    Status,
    TradeLink,
)
from bomtrace.normalise.rules import compact, read_marking
from bomtrace.provenance.control import export_control
from bomtrace.provenance.datecodes import decode_date_code, made_after
from bomtrace.provenance.distributors import distributors_of
from bomtrace.provenance.identifiers import IdentifierIndex, screen_party
from bomtrace.provenance.ownership import LineBook, MakerThen
from bomtrace.provenance.screening import Screener
from bomtrace.provenance.trade import LinkResult, PartQuery

# Methods that name the maker but not a catalogued part number: the marking then stands
# in for the part number when trade records are searched.
_MARKING_AS_NUMBER = frozenset(
    (MatchMethod.FAMILY_PREFIX, MatchMethod.MAKER_GIVEN, MatchMethod.FUZZY)
)
_NO_CONTROL = ExportControl()
_NO_MAKER_THEN = MakerThen()


class ChainBuilder:
    """Builds each row's provenance chain from the catalogs, trade records and lists."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        sanctions: Sequence[SanctionEntry] = (),
        recovered: dt.date | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.catalog = catalog
        self.recovered = recovered
        self.today = today or dt.date.today()
        self.parts = PartsByRef(catalog.parts)
        self.screener = (
            Screener(sanctions, legal_forms=(f.form for f in catalog.legal_forms))
            if sanctions
            else None
        )
        self.identifiers = IdentifierIndex(sanctions) if sanctions else None
        self._screened: dict[
            tuple[str, tuple[PartyId, ...]], tuple[SanctionHit, ...]
        ] = {}
        # Sheets repeat parts and date codes: each is read once per run.
        self._hints: dict[str, str] = {}
        self._windows: dict[tuple[str, str, str], ProductionWindow] = {}
        self.lines = LineBook(catalog)
        # The dates the after_* flags compare with (the first row of each flag).
        controls: dict[str, dt.date | None] = {}
        for control in catalog.control_dates:
            controls.setdefault(control.flag, control.day)
        self.after_2014 = controls.get(AFTER_2014)
        self.after_2022 = controls.get(AFTER_2022)
        # ... and the rest of a chain once per identification (keyed by the ids of the
        # identification and origin: the matcher and the run reuse one object per
        # distinct value; each entry holds its key's objects, so no id is reused).
        self._catalog: dict[
            tuple[int, int],
            tuple[
                Identification,
                Origin | None,
                ExportControl,
                tuple[DistributorLink, ...],
                tuple[str, ...],
            ],
        ] = {}
        self._printed: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._linked: dict[
            tuple[int, bool],
            tuple[
                LinkResult,
                tuple[tuple[TradeLink, ...], tuple[SanctionHit, ...], tuple[str, ...]],
            ],
        ] = {}
        self._then: dict[tuple[str, str, int], tuple[object, MakerThen]] = {}
        self._chains: dict[
            tuple[int, int, int, int, int, tuple[str, ...], MakerThen],
            tuple[object, Chain],
        ] = {}

    def window(self, outcome: RowOutcome) -> ProductionWindow | None:
        """Decodes the row's date code, or the one the marking carries when the cell is blank."""
        row = outcome.row
        code, origin = row.get("date_code"), "date_code column"
        ident = outcome.identification
        if not code.strip() and ident is not None and ident.date_code_hint:
            code, origin = ident.date_code_hint, "printed in the marking"
        if not code.strip():
            marking = row.get("marking")
            if marking not in self._hints:
                hints = [m.date_code_hint for m in read_marking(marking)]
                self._hints[marking] = next((h for h in hints if h), "")
            code = self._hints[marking]
            origin = "printed in the marking"
        if not code.strip():
            return None
        maker = outcome.identification.maker if outcome.identification else ""
        key = (code, origin, maker)
        if key not in self._windows:
            self._windows[key] = decode_date_code(
                code,
                rules=self.catalog.datecode_formats.get(maker, ()),
                recovered=self.recovered,
                today=self.today,
                origin=origin,
            )
        return self._windows[key]

    def query(self, outcome: RowOutcome) -> PartQuery | None:
        """What a row's shipments are looked up by (None when it names no matched part)."""
        ident = outcome.identification
        if (
            outcome.status is Status.SKIPPED
            or ident is None
            or ident.status is not Status.MATCHED
        ):
            return None
        window = self.window(outcome)
        control, _, codes = self._catalog_parts(outcome)
        number, basis = _number_of(ident.mpn, ident.method, ident.marking_normalised)
        return PartQuery(
            number=number,
            number_basis=basis,
            printed=self._printed_on(outcome, number),
            distributor_codes=codes,
            maker=ident.maker,
            hs_code=control.hs_code,
            earliest=window.start if window is not None and window.decoded else None,
            latest=self.recovered,
        )

    def chain(
        self, outcome: RowOutcome, linked: LinkResult | None = None
    ) -> Chain | None:
        """The chain of one row (None for skipped rows), with the shipments its
        ``query`` found (``linked``; None when the run has no trade records).

        Rows that share an identification, an origin, a production window and the
        shipments found share one ``Chain`` object; its parts that do not depend on
        the window are found once per identification (export control, distributors)
        and once per trade lookup (links, list hits).
        """
        if outcome.status is Status.SKIPPED:
            return None
        ident = outcome.identification
        window = self.window(outcome)
        control, distributors, _ = self._catalog_parts(outcome)
        decoded = window if window is not None and window.decoded else None
        links, hits, notes = self._trade_parts(outcome, linked, decoded)
        then = self._maker_then(ident, window)
        key = (
            id(window),
            id(control),
            id(distributors),
            id(links),
            id(hits),
            notes,
            then,
        )
        known = self._chains.get(key)
        if known is not None:
            return known[1]
        chain = Chain(
            maker_then=then.maker,
            maker_then_basis=then.basis,
            window=window,
            after_2014=made_after(decoded, self.after_2014),
            after_2022=made_after(decoded, self.after_2022),
            control=control,
            distributors=distributors,
            links=links,
            hits=hits,
            notes=notes,
        )
        # The entry holds the objects whose ids make the key, so no id is reused.
        self._chains[key] = ((window, control, distributors, links, hits), chain)
        return chain

    def _catalog_parts(
        self, outcome: RowOutcome
    ) -> tuple[ExportControl, tuple[DistributorLink, ...], tuple[str, ...]]:
        """Export control, distributors and distributor order codes of an identified
        part (blank otherwise)."""
        ident, origin = outcome.identification, outcome.origin
        if ident is None or ident.status is not Status.MATCHED:
            return _NO_CONTROL, (), ()
        key = (id(ident), id(origin))
        known = self._catalog.get(key)
        if known is None:
            part = self._part(outcome)
            control = export_control(self.catalog, part, ident.category)
            owner = origin.parent if origin else ""
            distributors = distributors_of(self.catalog, part, ident.maker, owner)
            codes = part.distributor_pns if part else ()
            known = self._catalog[key] = (ident, origin, control, distributors, codes)
        return known[2], known[3], known[4]

    def _maker_then(
        self, ident: Identification | None, window: ProductionWindow | None
    ) -> MakerThen:
        """Who made the identified part when it was made (blank unless matched)."""
        if ident is None or ident.status is not Status.MATCHED:
            return _NO_MAKER_THEN
        number = ident.mpn or ident.marking_normalised
        # Windows are kept for the builder's life (self._windows), so their ids last.
        key = (ident.maker, number, id(window))
        known = self._then.get(key)
        if known is None:
            then = self.lines.maker_at_production(ident.maker, number, window)
            known = self._then[key] = (window, then)
        return known[1]

    def _trade_parts(
        self,
        outcome: RowOutcome,
        linked: LinkResult | None,
        decoded: ProductionWindow | None,
    ) -> tuple[tuple[TradeLink, ...], tuple[SanctionHit, ...], tuple[str, ...]]:
        """The shipments that may have carried the part, their parties' list hits, notes."""
        ident = outcome.identification
        if linked is None or ident is None or ident.status is not Status.MATCHED:
            return (), (), ()
        # Rows with the same lookup share one LinkResult; the entry holds it, so its
        # id is not reused.
        key = (id(linked), decoded is None)
        known = self._linked.get(key)
        if known is not None:
            return known[1]
        links = linked.links
        notes: list[str] = []
        if linked.total > len(links):
            notes.append(
                f"{linked.total} shipments linked; the {len(links)} strongest are shown"
            )
        if links and decoded is None:
            notes.append("no production window: shipments were not checked against it")
        hits: tuple[SanctionHit, ...] = ()
        if self.screener is not None and links:
            parties = dict.fromkeys(
                (name, ids, f"{link.record.ref.file} row {link.record.ref.row}")
                for link in links
                for name, ids in (
                    (link.record.sender, link.record.sender_ids),
                    (link.record.receiver, link.record.receiver_ids),
                )
                if name
            )
            hits = _distinct(h for p in parties for h in self._screen(*p))
        found = (links, hits, tuple(notes))
        self._linked[key] = (linked, found)
        return found

    def _printed_on(self, outcome: RowOutcome, number: str) -> tuple[str, ...]:
        """``_printed``, once per part-number cell, marking and number."""
        row = outcome.row
        key = (row.get("part_number"), row.get("marking"), number)
        known = self._printed.get(key)
        if known is None:
            cells = (row.get("part_number"), row.get("marking"))
            known = self._printed[key] = _printed(cells, number)
        return known

    def _part(self, outcome: RowOutcome) -> PartRecord | None:
        ident = outcome.identification
        if ident is None or not ident.candidates:
            return None
        ref = ident.candidates[0].catalog_ref
        if ref is None or ident.candidates[0].maker != ident.maker:
            return None
        return self.parts.get(ref.file, ref.line)

    def _screen(
        self, party: str, ids: tuple[PartyId, ...], where: str
    ) -> tuple[SanctionHit, ...]:
        """A party's hits by identifier and by name (each party and numbers once)."""
        key = (party, ids)
        if key not in self._screened:
            assert self.screener is not None
            self._screened[key] = screen_party(
                party, ids, where, self.identifiers, self.screener.screen
            )
        return self._screened[key]


def part_query(
    *,
    mpn: str,
    method: MatchMethod | str,
    marking_normalised: str,
    cells: Sequence[str],
    distributor_codes: Sequence[str],
    maker: str,
    hs_code: str,
    earliest: dt.date | None,
    latest: dt.date | None,
) -> PartQuery:
    """A matched part's shipment lookup, from what the row says and what identified it.

    ``cells``: the part-number and marking cells as written. Also made from the rows
    of a run file (``bomtrace trade link``), so the lookup is the same either way.
    """
    number, basis = _number_of(mpn, method, marking_normalised)
    return PartQuery(
        number=number,
        number_basis=basis,
        printed=_printed(cells, number),
        distributor_codes=tuple(distributor_codes),
        maker=maker,
        hs_code=hs_code,
        earliest=earliest,
        latest=latest,
    )


def _number_of(
    mpn: str, method: MatchMethod | str, marking_normalised: str
) -> tuple[str, str]:
    """The number a part's shipments are searched by, and what it is."""
    if not mpn and method in _MARKING_AS_NUMBER:
        return marking_normalised, "marking read as the part number"
    return mpn, "identified part number"


def _printed(cells: Sequence[str], number: str) -> tuple[str, ...]:
    """The full numbers printed on a part that extend its catalog number (NEO-M8N-0-10).

    Read from the part-number cell and the marking as the matcher reads them; only
    readings that start with the catalog number and go on are kept, so a date code or
    a logo on another line is not taken for the orderable number.
    """
    key = compact(number)
    if not key:
        return ()
    found: list[str] = []
    for cell in cells:
        if not cell.strip():
            continue
        for reading in read_marking(cell):
            if reading.key.startswith(key) and reading.key != key:
                found.append(reading.text)
    return tuple(dict.fromkeys(found))


def _distinct(hits: Iterable[SanctionHit]) -> tuple[SanctionHit, ...]:
    """One hit per party and list entry (a party met in several shipments)."""
    seen: dict[tuple[str, str, str], SanctionHit] = {}
    for hit in hits:
        seen.setdefault((hit.party, hit.entry.list_name, hit.entry.entity_id), hit)
    return tuple(seen.values())

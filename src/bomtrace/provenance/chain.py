"""The provenance chain of one part: when it was made, export control, who sells it,
which shipments may have carried it, and whether those shippers are on a sanctions list.

Pure. ``ChainBuilder`` is built once per run (it indexes the trade records and the
sanctions lists) and then gives each row its ``Chain``: a production window from the
date code (or the one printed in the marking), the 2014 and 2022 control flags, the HS
code, CHPL tier and ECCN, the distributors, the strongest trade links, and the sanctions
hits of the senders and receivers of those shipments. Every element cites its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bomtrace.catalog.records import Catalog, PartRecord
from bomtrace.model import (
    Chain,
    DistributorLink,
    ExportControl,
    MatchMethod,
    ProductionWindow,
    RowOutcome,
    SanctionEntry,
    SanctionHit,
    Status,
    TradeLink,
    TradeRecord,
)
from bomtrace.normalise.rules import read_marking
from bomtrace.provenance.control import export_control
from bomtrace.provenance.datecodes import (
    CONTROLS_2014,
    CONTROLS_2022,
    decode_date_code,
    made_after,
)
from bomtrace.provenance.distributors import distributors_of
from bomtrace.provenance.screening import Screener
from bomtrace.provenance.trade import PartQuery, TradeIndex

# Methods that name the maker but not a catalogued part number: the marking then stands
# in for the part number when trade records are searched.
_MARKING_AS_NUMBER = frozenset(
    (MatchMethod.FAMILY_PREFIX, MatchMethod.MAKER_GIVEN, MatchMethod.FUZZY)
)


class ChainBuilder:
    """Builds each row's provenance chain from the catalogs, trade records and lists."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        resolve_maker: Callable[[str], str],
        trade: Sequence[TradeRecord] = (),
        sanctions: Sequence[SanctionEntry] = (),
        recovered: dt.date | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.catalog = catalog
        self.recovered = recovered
        self.today = today or dt.date.today()
        self.parts: dict[tuple[str, int], PartRecord] = {
            (p.ref.file, p.ref.line): p for p in catalog.parts
        }
        self.trade = TradeIndex(trade, resolve_maker) if trade else None
        self.screener = (
            Screener(sanctions, legal_forms=(f.form for f in catalog.legal_forms))
            if sanctions
            else None
        )
        self._screened: dict[str, tuple[SanctionHit, ...]] = {}
        # Sheets repeat parts and date codes: each is read once per run.
        self._hints: dict[str, str] = {}
        self._windows: dict[tuple[str, str, str], ProductionWindow] = {}

    def window(self, outcome: RowOutcome) -> ProductionWindow | None:
        """Decodes the row's date code, or the one the marking carries when the cell is blank."""
        row = outcome.row
        code, origin = row.get("date_code"), "date_code column"
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

    def chain(self, outcome: RowOutcome) -> Chain | None:
        """The chain of one row (None for skipped rows)."""
        if outcome.status is Status.SKIPPED:
            return None
        window = self.window(outcome)
        decoded = window if window is not None and window.decoded else None
        ident = outcome.identification
        control = ExportControl()
        distributors: tuple[DistributorLink, ...] = ()
        if ident is not None and ident.status is Status.MATCHED:
            part = self._part(outcome)
            control = export_control(self.catalog, part, ident.category)
            owner = outcome.origin.parent if outcome.origin else ""
            distributors = distributors_of(self.catalog, part, ident.maker, owner)
        links: tuple[TradeLink, ...] = ()
        hits: tuple[SanctionHit, ...] = ()
        notes: list[str] = []
        if (
            self.trade is not None
            and ident is not None
            and ident.status is Status.MATCHED
        ):
            number, basis = ident.mpn, "identified part number"
            if not number and ident.method in _MARKING_AS_NUMBER:
                number, basis = (
                    ident.marking_normalised,
                    "marking read as the part number",
                )
            result = self.trade.link(
                PartQuery(
                    number=number,
                    number_basis=basis,
                    maker=ident.maker,
                    hs_code=control.hs_code,
                    earliest=decoded.start if decoded else None,
                    latest=self.recovered,
                )
            )
            links = result.links
            if result.total > len(links):
                notes.append(
                    f"{result.total} shipments linked; the {len(links)} strongest are shown"
                )
            if links and decoded is None:
                notes.append(
                    "no production window: shipments were not checked against it"
                )
        if self.screener is not None and links:
            parties = dict.fromkeys(
                p
                for link in links
                for p in (link.record.sender, link.record.receiver)
                if p
            )
            hits = tuple(h for p in parties for h in self._screen(p))
        return Chain(
            window=window,
            after_2014=made_after(decoded, CONTROLS_2014),
            after_2022=made_after(decoded, CONTROLS_2022),
            control=control,
            distributors=distributors,
            links=links,
            hits=hits,
            notes=tuple(notes),
        )

    def _part(self, outcome: RowOutcome) -> PartRecord | None:
        ident = outcome.identification
        if ident is None or not ident.candidates:
            return None
        ref = ident.candidates[0].catalog_ref
        if ref is None or ident.candidates[0].maker != ident.maker:
            return None
        return self.parts.get((ref.file, ref.line))

    def _screen(self, party: str) -> tuple[SanctionHit, ...]:
        if party not in self._screened:
            assert self.screener is not None
            self._screened[party] = self.screener.screen(party)
        return self._screened[party]

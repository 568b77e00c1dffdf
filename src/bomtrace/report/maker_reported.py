"""The manufacturer's view of published records: where a maker's parts were reported.

Pure. Every record of the reported-components catalogs (GUR's portal) is identified by
bomtrace from its text. A record counts as the maker's when bomtrace identifies it as a
part of the maker or of a brand it acquired; the source's own attribution is shown
beside it and flagged where it names another company. Records the source attributes to
the maker's group but bomtrace did not identify so are listed apart, as the source's
claims: bomtrace could not read a part number there, or read another maker's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from bomtrace.catalog.attribution import agrees, names_a_maker, resolved_label
from bomtrace.catalog.index import CatalogIndex
from bomtrace.match import Matcher
from bomtrace.model import Status
from bomtrace.provenance.reported import ReadRecord, reported_index
from bomtrace.report.links import http_url


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedAppearance:
    """A published record of one of the group's parts (or one the source says is)."""

    read: ReadRecord
    weapon: str
    agrees: bool | None

    @property
    def record(self) -> Any:
        return self.read.record

    @property
    def link(self) -> str:
        return http_url(self.read.record.url)

    @property
    def ident(self) -> Any:
        return self.read.identification


def reported_appearances(index: CatalogIndex, names: Collection[str]) -> dict[str, Any]:
    """The group's parts in published records: identified by bomtrace, and attributed only."""
    catalog = index.catalog
    found = reported_index(catalog, index, Matcher(index).identify)
    if found is None:
        return {"available": False, "ours": [], "theirs": []}
    ours: list[ReportedAppearance] = []
    theirs: list[ReportedAppearance] = []
    for read in found.read:
        ident, record = read.identification, read.record
        mine = ident.status is Status.MATCHED and ident.maker in names
        label = record.attribution
        if mine:
            verdict = (
                agrees(index, ident.maker, label, ident.mpn or ident.marking_normalised)
                if names_a_maker(label)
                else None
            )
            ours.extend(
                ReportedAppearance(read=read, weapon=w, agrees=verdict)
                for w in record.weapons
            )
        elif any(m in names for m in resolved_label(index, label)):
            theirs.extend(
                ReportedAppearance(read=read, weapon=w, agrees=None)
                for w in record.weapons
            )
    return {
        "available": True,
        "ours": ours,
        "theirs": theirs,
        "weapons": sorted({a.weapon for a in ours}),
        "differ": sum(1 for a in ours if a.agrees is False),
        "sources": sorted({a.record.source for a in (*ours, *theirs)}),
        "publishers": sorted({a.record.publisher for a in (*ours, *theirs)}),
    }

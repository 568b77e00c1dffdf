"""Distributors of an identified part: who lists the part, or carries the maker's line.

Pure. Two kinds of evidence, each cited: a distributor order code on the part's catalog
row (the Digi-Key library lists ``296-1395-5-ND`` for LM358P: Digi-Key sells it), and a
distributor whose ``authorised_lines`` name the maker or its current owner. Marketplaces
and retailers are never listed as authorised.
"""

from __future__ import annotations

from bomtrace.catalog.records import Catalog, DistributorRecord, PartRecord
from bomtrace.model import DistributorLink


def _find(catalog: Catalog, name: str) -> DistributorRecord | None:
    wanted = name.casefold()
    for record in catalog.distributors:
        if wanted in {n.casefold() for n in (record.name, *record.aliases)}:
            return record
    return None


def distributors_of(
    catalog: Catalog, part: PartRecord | None, maker: str, owner: str = ""
) -> tuple[DistributorLink, ...]:
    """Lists the distributors that sell a part or carry its maker's line, with sources."""
    links: dict[str, DistributorLink] = {}
    if part is not None:
        for code in part.distributor_pns:
            name, _, number = code.partition(":")
            record = _find(catalog, name) if number else None
            if record is None or record.name in links:
                continue
            links[record.name] = DistributorLink(
                name=record.name,
                country=record.country,
                kind=record.type,
                basis=f"lists this part as {number}",
                source=f"{part.source} ({part.ref})",
            )
    lines = {m.casefold() for m in (maker, owner) if m}
    for record in catalog.distributors:
        if record.name in links or "marketplace" in record.type:
            continue
        carried = [line for line in record.authorised_lines if line.casefold() in lines]
        if carried:
            links[record.name] = DistributorLink(
                name=record.name,
                country=record.country,
                kind=record.type,
                basis=f"authorised distributor of {carried[0]}",
                source=f"{record.source} ({record.ref})",
            )
    return tuple(links.values())

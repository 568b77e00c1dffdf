"""A maker's origin: headquarters country, current owner, and coalition membership.

Pure. "Origin" means where the maker is headquartered, never where a chip was made (fabs
and assembly are often elsewhere). The current owner follows the ownership chain to its
top (Spansion -> Cypress -> Infineon), and the coalition flag says whether the maker's
headquarters country is one of the countries that impose export controls on Russia
(``coalition_countries.csv``, with its source and date).
"""

from __future__ import annotations

from collections.abc import Iterable

from bomtrace.catalog.records import Catalog
from bomtrace.model import CoalitionOrigin, Origin


def coalition_status(catalog: Catalog, country: str) -> CoalitionOrigin:
    """Says whether a country is in the export-control coalition (unknown when no country)."""
    if not country:
        return CoalitionOrigin.UNKNOWN
    record = catalog.coalition.get(country.upper())
    return (
        CoalitionOrigin.YES
        if record is not None and record.member
        else CoalitionOrigin.NO
    )


def ownership_chain(catalog: Catalog, maker: str) -> list[tuple[str, str]]:
    """The owners above a maker, nearest first, each with the year it was acquired."""
    chain: list[tuple[str, str]] = []
    seen = {maker}
    record = catalog.makers.get(maker)
    while record is not None and record.parent and record.parent not in seen:
        chain.append((record.parent, record.acquired_year))
        seen.add(record.parent)
        record = catalog.makers.get(record.parent)
    return chain


def origin_of(catalog: Catalog, maker: str) -> Origin:
    """Looks up a maker's headquarters country, current parent and coalition membership."""
    record = catalog.makers.get(maker)
    if record is None:
        return Origin(maker=maker)
    chain = ownership_chain(catalog, maker)
    parent, parent_country = "", ""
    if chain:
        parent = chain[-1][0]
        top = catalog.makers.get(parent)
        parent_country = top.hq_country if top is not None else ""
        if not parent_country:
            # The top owner is not a catalogued maker: use the country its child records.
            last_child = catalog.makers.get(chain[-2][0]) if len(chain) > 1 else record
            parent_country = last_child.parent_country if last_child is not None else ""
    return Origin(
        maker=maker,
        country=record.hq_country,
        parent=parent,
        parent_country=parent_country,
        acquired_year=chain[0][1] if chain else "",
        coalition=coalition_status(catalog, record.hq_country),
        source=f"{record.source} ({record.ref})" if record.source else str(record.ref),
    )


def shared_origin(catalog: Catalog, makers: Iterable[str]) -> Origin | None:
    """What several candidate makers share: their country, or at least their coalition status."""
    origins = [origin_of(catalog, m) for m in dict.fromkeys(makers)]
    if not origins:
        return None
    countries = {o.country for o in origins}
    coalition = {o.coalition for o in origins}
    if len(coalition) != 1:
        return None
    country = countries.pop() if len(countries) == 1 else ""
    names = ", ".join(o.maker for o in origins)
    return Origin(
        country=country,
        coalition=coalition.pop(),
        source=f"shared by every candidate maker ({names})",
    )

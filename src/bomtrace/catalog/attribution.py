"""A source's maker attribution ("Brand (Parent, Parent)") compared with bomtrace's maker.

Pure. Published records name makers their own way: Ukraine's GUR portal writes the
brand and, in brackets, its current owners ("Maxim Integrated Products (Analog
Devices)", "Spansion (Cypress Semiconductor, Infineon Technologies)"). An identification
agrees with such a label when its maker is the brand or one of the owners, is in the same
corporate group (the catalog's ownership records), or once made the brand's product line
(``lines.csv``). The same comparison serves the real-data bench and the reports, so the
two count agreement alike.
"""

from __future__ import annotations

import re

from bomtrace.catalog.companies import normalise_company
from bomtrace.catalog.index import CatalogIndex

_LABEL = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
# Text the portal's list pages run into the maker cell after the name.
_LABEL_NOISE = re.compile(r"\s+(Suppliers|Involved companies)\b.*$")
# Labels that name no maker.
UNLABELLED = frozenset({"", "not identified", "unknown", "n/a"})
# Country cells that name no country (the portal's UNK).
UNKNOWN_COUNTRIES = frozenset({"", "UNK", "XX", "N/A"})


def names_a_maker(label: str) -> bool:
    """Tells whether a label names a maker at all ("Not identified" does not)."""
    return label.strip().casefold() not in UNLABELLED


def label_names(label: str) -> list[str]:
    """The names in a "Brand (Parent, Parent)" label, brand first."""
    label = _LABEL_NOISE.sub("", label.strip())
    found = _LABEL.match(label)
    if not found:
        return [label]
    parents = [p.strip() for p in re.split(r",| - ", found.group(2)) if p.strip()]
    return [found.group(1).strip(), *parents]


def resolved_label(index: CatalogIndex, label: str) -> list[str]:
    """The catalog makers a label names (brand first); empty when none is catalogued."""
    out: list[str] = []
    for name in label_names(label):
        maker = index.resolve_maker(name)
        if maker and maker not in out:
            out.append(maker)
    return out


def agrees(index: CatalogIndex, maker: str, label: str, mpn: str = "") -> bool:
    """Does an identified maker agree with the source's label (brand, parent or group)?"""
    if not maker:
        return False
    for named in resolved_label(index, label):
        if index.same_group(maker, named) or index.made_line_of(maker, named, mpn):
            return True
    ours = normalise_company(maker)
    return any(
        ours and (ours in normalise_company(n) or normalise_company(n) in ours)
        for n in label_names(label)
        if normalise_company(n)
    )


def country_agrees(country: str, *ours: str) -> bool | None:
    """Does the source's country equal our maker's or its owner's? None when either is unknown."""
    theirs = country.strip().upper()
    known = [c.upper() for c in ours if c and c.upper() not in UNKNOWN_COUNTRIES]
    if theirs in UNKNOWN_COUNTRIES or not known:
        return None
    return theirs in known

"""Components published as found in weapons: the layout of GUR's portal, and its checks.

Pure. Ukraine's GUR "War & Sanctions" portal lists components of recovered weapons, one
row each: the "name / marking" text as printed, a category, the maker and its country
as GUR attributes them, the weapons (portal slugs) and the component's page. A catalog
of that layout (``catalogs/reported_gur.csv``, or any file with these columns given with
``--catalog``) becomes ``ReportedComponent`` records; bomtrace identifies their text
itself and keeps the publisher's attribution beside its own, never in its place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bomtrace.catalog.records import Catalog, PublishedFigure, ReportedComponent
from bomtrace.model import CatalogRef

if TYPE_CHECKING:
    from bomtrace.catalog.schema import Finding

# The portal's columns that a file must have to be read as reported components.
REPORTED_COLUMNS = ("name_marking", "manufacturer", "weapons", "source_url")

# Publishers known by the host of their pages; a row's own `source` cell wins.
PUBLISHERS = {
    "war-sanctions.gur.gov.ua": "GUR (Defence Intelligence of Ukraine), War & Sanctions portal",
}


def is_reported_layout(columns: Sequence[str]) -> bool:
    """Tells whether a file's header is the portal's layout (whatever the file is called)."""
    names = {c.strip().lower() for c in columns}
    return all(c in names for c in REPORTED_COLUMNS)


def publisher_of(url: str, source: str = "") -> str:
    """Who published a record: the publisher its page's host names, else its ``source`` cell."""
    host = (urlsplit(url).hostname or "").lower()
    return PUBLISHERS.get(host, "") or source or host


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def reported_component(ref: CatalogRef, row: Mapping[str, str]) -> ReportedComponent:
    """One row of the portal's layout as a record."""
    url = row.get("source_url", "")
    return ReportedComponent(
        text=row.get("name_marking", ""),
        attribution=row.get("manufacturer", ""),
        weapons=_split(row.get("weapons", "")),
        url=url,
        country=row.get("manufacturer_country", "").upper(),
        category=row.get("category", "").lower(),
        component_id=row.get("component_id", ""),
        publisher=publisher_of(url, row.get("source", "")),
        source=row.get("source", "") or publisher_of(url),
        ref=ref,
    )


def published_figure(ref: CatalogRef, row: Mapping[str, str]) -> PublishedFigure:
    """One stated headline figure; a value that is not a whole number is kept as -1 (an error)."""
    value = row.get("value", "").replace(",", "").strip()
    return PublishedFigure(
        publisher=row.get("publisher", ""),
        year=row.get("year", ""),
        measure=row.get("measure", ""),
        value=int(value) if value.isdigit() else -1,
        statement=row.get("statement", ""),
        source=row.get("source", ""),
        ref=ref,
    )


def check_reported(catalog: Catalog) -> list[Finding]:
    """Reported components cite an http(s) page and name a weapon; figures are numbers."""
    # schema imports this module for the layout's columns, so it is imported here.
    from bomtrace.catalog.schema import Finding, is_country_code

    findings = []
    seen: dict[tuple[str, str], str] = {}
    for record in catalog.reported:
        where = str(record.ref)
        if not record.url.lower().startswith(("http://", "https://")):
            findings.append(
                Finding(where, f"source_url '{record.url}' is not an http(s) page")
            )
        if not record.weapons:
            findings.append(Finding(where, "the row names no weapon"))
        if record.country not in ("", "UNK") and not is_country_code(record.country):
            findings.append(
                Finding(where, f"'{record.country}' is not a country code (or UNK)")
            )
        key = (record.ref.file, record.component_id)
        if record.component_id and key in seen:
            findings.append(
                Finding(
                    where,
                    f"component '{record.component_id}' repeats row {seen[key]}",
                )
            )
        seen.setdefault(key, where)
    for figure in catalog.published_figures:
        if figure.value < 0:
            findings.append(
                Finding(str(figure.ref), "the figure's value is not a whole number")
            )
        if not figure.source:
            findings.append(Finding(str(figure.ref), "the figure has no source"))
    return findings

"""The US Consolidated Screening List CSV (trade.gov).

Pure. Header ``_id, source, entity_number, type, programs, name, title, addresses,
federal_register_notice, start_date, end_date, standard_order, license_requirement,
license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage,
vessel_flag, vessel_owner, remarks, source_list_url, alt_names, citizenships,
dates_of_birth, nationalities, places_of_birth, source_information_url, ids``; lists
inside a cell are ``;``-separated.
"""

from __future__ import annotations

from bomtrace.ingest.sanctions.common import records, split
from bomtrace.ingest.sanctions.layout import Layout, Rows
from bomtrace.model import SanctionEntry, SourceRef
from bomtrace.normalise.party_ids import read_ids

HEADER = ("_id", "source", "entity_number", "type", "programs", "name", "alt_names")


def _read_csl(rows: list[list[str]], name: str) -> list[SanctionEntry]:
    return [
        SanctionEntry(
            list_name=f"US Consolidated Screening List: {r['source']}",
            entity_id=r["_id"] or r.get("entity_number", ""),
            name=r["name"],
            kind=r.get("type", "").lower() or "entity",
            aliases=split(r.get("alt_names", "")),
            programs=split(r.get("programs", "")),
            listed_on=r.get("start_date", ""),
            countries=split(
                r.get("nationalities", "") + ";" + r.get("citizenships", "")
            ),
            authority=r["source"],
            source=r.get("source_information_url", "") or r.get("source_list_url", ""),
            ref=SourceRef(file=name, sheet="", row=number),
            identifiers=read_ids(r.get("ids", "")),
        )
        for number, r in records(rows)
        if r.get("name")
    ]


def _matches(text: str, rows: Rows) -> bool:
    header = [c.strip().lower() for c in rows[0]] if rows else []
    return all(h in header for h in HEADER)


LAYOUT = Layout(
    name="US Consolidated Screening List",
    description="the Consolidated Screening List CSV",
    matches=_matches,
    read=lambda text, rows, path: _read_csl(rows, path.name),
)

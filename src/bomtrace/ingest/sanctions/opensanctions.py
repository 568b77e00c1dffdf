"""OpenSanctions ``targets.simple.csv``.

Pure. Header ``id, schema, name, aliases, birth_date, countries, addresses,
identifiers, sanctions, phones, emails, [program_ids,] dataset, first_seen, last_seen,
last_change``; ``;``-separated lists; each sanction reads "program - reason - status -
start date - end date" (the OpenSanctions ``SimpleCSVExporter``).
"""

from __future__ import annotations

from bomtrace.ingest.sanctions.common import one_country, records, split
from bomtrace.ingest.sanctions.layout import Layout, Rows
from bomtrace.model import SanctionEntry, SourceRef
from bomtrace.normalise.party_ids import read_ids

HEADER = ("id", "schema", "name", "aliases", "sanctions", "dataset")


def _simple_sanction(text: str) -> tuple[str, str]:
    """'program - reason - status - start - end' -> (program and reason, start date)."""
    parts = [p.strip() for p in text.split(" - ") if p.strip()]
    dates = [p for p in parts if p[:4].isdigit() and (len(p) == 4 or p[4:5] == "-")]
    words = [p for p in parts if p not in dates]
    return " - ".join(words), dates[0] if dates else ""


def _read_simple(rows: list[list[str]], name: str) -> list[SanctionEntry]:
    entries = []
    for number, r in records(rows):
        if not r.get("name"):
            continue
        sanctions = [_simple_sanction(s) for s in split(r.get("sanctions", ""))]
        entries.append(
            SanctionEntry(
                list_name=r.get("dataset", "") or "OpenSanctions",
                entity_id=r["id"],
                name=r["name"],
                kind=r.get("schema", ""),
                aliases=split(r.get("aliases", "")),
                programs=tuple(p for p, _ in sanctions if p)
                or split(r.get("program_ids", "")),
                listed_on=min((d for _, d in sanctions if d), default=""),
                countries=split(r.get("countries", "")),
                authority=r.get("dataset", ""),
                source=r.get("dataset", ""),
                ref=SourceRef(file=name, sheet="", row=number),
                identifiers=read_ids(
                    r.get("identifiers", ""), "", one_country(r.get("countries", ""))
                ),
            )
        )
    return entries


def _matches(text: str, rows: Rows) -> bool:
    header = [c.strip().lower() for c in rows[0]] if rows else []
    return all(h in header for h in HEADER)


LAYOUT = Layout(
    name="OpenSanctions targets.simple.csv",
    description="OpenSanctions targets.simple.csv",
    matches=_matches,
    read=lambda text, rows, path: _read_simple(rows, path.name),
)

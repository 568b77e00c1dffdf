"""OFAC SDN CSV (``sdn.csv``; also the non-SDN ``cons_prim.csv``), with alt.csv and add.csv.

I/O at the edge. No header row; fields ``ent_num, SDN_Name, SDN_Type, Program, Title,
Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks``; ``-0-`` is null;
several programs are written ``A] [B``. Aliases come from ``alt.csv`` (``ent_num,
alt_num, alt_type, alt_name, alt_remarks``) and countries from ``add.csv`` (``ent_num,
add_num, address, city/state/postal code, country, add_remarks``) beside it, when
present. Layout: OFAC, "SDN data specification" (dat_spec.txt) and the legacy flat
files tutorial.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from bomtrace.ingest.sanctions.common import read_rows, value
from bomtrace.ingest.sanctions.layout import Layout
from bomtrace.model import SanctionEntry, SourceRef
from bomtrace.normalise.party_ids import read_ofac_remarks


def _sibling(path: Path, kind: str) -> Path | None:
    """alt.csv / add.csv beside sdn.csv (or cons_alt.csv beside cons_prim.csv)."""
    stem = path.stem.lower()
    names = [f"{kind}.csv"]
    if "prim" in stem:
        names.insert(0, stem.replace("prim", kind) + ".csv")
    if "sdn" in stem:
        names.insert(0, stem.replace("sdn", kind) + ".csv")
    for candidate in names:
        sibling = path.with_name(candidate)
        if sibling.is_file():
            return sibling
    return None


def _is_ofac_row(cells: list[str]) -> bool:
    """An OFAC SDN CSV row: no header, twelve fields, the entity number first."""
    return len(cells) >= 12 and cells[0].strip().isdigit()


def companion_files(path: str | Path) -> list[Path]:
    """The files read beside an OFAC list rather than as lists of their own: its
    ``alt.csv`` and ``add.csv`` (none for other layouts or when they are absent)."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(65536)
    first = next(csv.reader(head.decode("latin-1").splitlines()[:1]), [])
    if not _is_ofac_row(first):
        return []
    found = (_sibling(path, kind) for kind in ("alt", "add"))
    return [f for f in found if f is not None and f != path]


def _read_ofac(rows: list[list[str]], path: Path) -> list[SanctionEntry]:
    aliases: dict[str, list[str]] = defaultdict(list)
    countries: dict[str, list[str]] = defaultdict(list)
    if alt := _sibling(path, "alt"):
        for cells in read_rows(alt):
            if len(cells) >= 4 and value(cells, 3):
                aliases[cells[0].strip()].append(value(cells, 3))
    if add := _sibling(path, "add"):
        for cells in read_rows(add):
            if len(cells) >= 5 and value(cells, 4):
                countries[cells[0].strip()].append(value(cells, 4))
    list_name = (
        "OFAC Consolidated (non-SDN)" if "cons" in path.stem.lower() else "OFAC SDN"
    )
    entries = []
    for number, cells in enumerate(rows, start=1):
        if len(cells) < 4 or not cells[0].strip().isdigit():
            continue
        ent = cells[0].strip()
        programs = tuple(
            p.strip(" []") for p in value(cells, 3).split("] [") if p.strip(" []")
        )
        entries.append(
            SanctionEntry(
                list_name=list_name,
                entity_id=f"ofac-{ent}",
                name=value(cells, 1),
                kind=value(cells, 2) or "entity",
                aliases=tuple(dict.fromkeys(aliases.get(ent, ()))),
                programs=programs,
                countries=tuple(dict.fromkeys(countries.get(ent, ()))),
                authority="US Treasury, Office of Foreign Assets Control",
                source=value(cells, 11),
                ref=SourceRef(file=path.name, sheet="", row=number),
                identifiers=read_ofac_remarks(value(cells, 11)),
            )
        )
    return entries


LAYOUT = Layout(
    name="OFAC SDN CSV",
    description="OFAC sdn.csv (with alt.csv/add.csv beside it)",
    matches=lambda text, rows: bool(rows) and _is_ofac_row(rows[0]),
    read=lambda text, rows, path: _read_ofac(rows, path),
)

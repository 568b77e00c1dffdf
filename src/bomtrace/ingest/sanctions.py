"""Reading sanctions and screening lists (``--sanctions FILE``) in their public layouts.

I/O at the edge. The layout is told from the content, not the name:

- **OFAC SDN CSV** (``sdn.csv``; also the non-SDN ``cons_prim.csv``): no header row;
  fields ``ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
  GRT, Vess_flag, Vess_owner, Remarks``; ``-0-`` is null; several programs are written
  ``A] [B``. Aliases come from ``alt.csv`` (``ent_num, alt_num, alt_type, alt_name,
  alt_remarks``) and countries from ``add.csv`` (``ent_num, add_num, address,
  city/state/postal code, country, add_remarks``) beside it, when present. Layout: OFAC,
  "SDN data specification" (dat_spec.txt) and the legacy flat files tutorial.
- **US Consolidated Screening List CSV** (trade.gov): header ``_id, source,
  entity_number, type, programs, name, title, addresses, federal_register_notice,
  start_date, end_date, standard_order, license_requirement, license_policy, call_sign,
  vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag, vessel_owner,
  remarks, source_list_url, alt_names, citizenships, dates_of_birth, nationalities,
  places_of_birth, source_information_url, ids``; lists inside a cell are ``;``-separated.
- **OpenSanctions ``targets.simple.csv``**: header ``id, schema, name, aliases,
  birth_date, countries, addresses, identifiers, sanctions, phones, emails,
  [program_ids,] dataset, first_seen, last_seen, last_change``; ``;``-separated lists;
  each sanction reads "program - reason - status - start date - end date" (the
  OpenSanctions ``SimpleCSVExporter``).
- **FollowTheMoney JSON lines** (one entity per line: ``id``, ``schema``,
  ``properties``): Person, Company, Organization and LegalEntity are the listed parties;
  ``Sanction`` entities (``entity``, ``program``, ``authority``, ``startDate``,
  ``listingDate``) or nested ``sanctions`` give the programs and dates.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bomtrace.errors import ReferenceFileError
from bomtrace.ingest.delimited import detect_encoding
from bomtrace.model import PartyId, SanctionEntry, SourceRef
from bomtrace.provenance.identifiers import read_ids, read_ofac_remarks

CSL_HEADER = ("_id", "source", "entity_number", "type", "programs", "name", "alt_names")
SIMPLE_HEADER = ("id", "schema", "name", "aliases", "sanctions", "dataset")
PARTY_SCHEMATA = frozenset(
    ("Person", "Company", "Organization", "LegalEntity", "PublicBody")
)
_NULL = "-0-"


def read_sanctions_file(path: str | Path) -> tuple[str, list[SanctionEntry]]:
    """Reads one list file in any supported layout; returns its layout name and entries."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ReferenceFileError(
            "sanctions-list file not found",
            file=name,
            remedy="Check the --sanctions path",
        )
    data = path.read_bytes()
    if not data.strip():
        raise ReferenceFileError(
            "the sanctions-list file is empty", file=name, remedy="Check the download"
        )
    encoding = detect_encoding(data[:65536])
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(
            f"the sanctions list cannot be decoded as {encoding}",
            file=name,
            remedy="Download it again (the public lists are UTF-8)",
        ) from exc
    text = text.lstrip("\ufeff").replace("\x1a", "")
    if text.lstrip().startswith("{"):
        return "FollowTheMoney JSON lines", _read_ftm(text, name)
    rows = list(csv.reader(text.splitlines()))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if all(h in header for h in SIMPLE_HEADER):
        return "OpenSanctions targets.simple.csv", _read_simple(rows, name)
    if all(h in header for h in CSL_HEADER):
        return "US Consolidated Screening List", _read_csl(rows, name)
    if rows and _is_ofac_row(rows[0]):
        return "OFAC SDN CSV", _read_ofac(rows, path)
    raise ReferenceFileError(
        "the sanctions-list layout is not recognised",
        file=name,
        remedy=(
            "Give OFAC sdn.csv (with alt.csv/add.csv beside it), the Consolidated "
            "Screening List CSV, OpenSanctions targets.simple.csv or FollowTheMoney JSON lines"
        ),
    )


def _split(value: str, sep: str = ";") -> tuple[str, ...]:
    return tuple(
        v.strip() for v in value.split(sep) if v.strip() and v.strip() != _NULL
    )


def _value(cells: list[str], index: int) -> str:
    value = cells[index].strip() if index < len(cells) else ""
    return "" if value == _NULL else value


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


def _read_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    text = data.decode(detect_encoding(data[:65536]), errors="replace")
    return list(csv.reader(text.replace("\x1a", "").splitlines()))


def _read_ofac(rows: list[list[str]], path: Path) -> list[SanctionEntry]:
    aliases: dict[str, list[str]] = defaultdict(list)
    countries: dict[str, list[str]] = defaultdict(list)
    if alt := _sibling(path, "alt"):
        for cells in _read_rows(alt):
            if len(cells) >= 4 and _value(cells, 3):
                aliases[cells[0].strip()].append(_value(cells, 3))
    if add := _sibling(path, "add"):
        for cells in _read_rows(add):
            if len(cells) >= 5 and _value(cells, 4):
                countries[cells[0].strip()].append(_value(cells, 4))
    list_name = (
        "OFAC Consolidated (non-SDN)" if "cons" in path.stem.lower() else "OFAC SDN"
    )
    entries = []
    for number, cells in enumerate(rows, start=1):
        if len(cells) < 4 or not cells[0].strip().isdigit():
            continue
        ent = cells[0].strip()
        programs = tuple(
            p.strip(" []") for p in _value(cells, 3).split("] [") if p.strip(" []")
        )
        entries.append(
            SanctionEntry(
                list_name=list_name,
                entity_id=f"ofac-{ent}",
                name=_value(cells, 1),
                kind=_value(cells, 2) or "entity",
                aliases=tuple(dict.fromkeys(aliases.get(ent, ()))),
                programs=programs,
                countries=tuple(dict.fromkeys(countries.get(ent, ()))),
                authority="US Treasury, Office of Foreign Assets Control",
                source=_value(cells, 11),
                ref=SourceRef(file=path.name, sheet="", row=number),
                identifiers=read_ofac_remarks(_value(cells, 11)),
            )
        )
    return entries


def _records(rows: list[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    header = [c.strip().lower() for c in rows[0]]
    for number, cells in enumerate(rows[1:], start=2):
        if any(c.strip() for c in cells):
            yield (
                number,
                {
                    h: (cells[i].strip() if i < len(cells) else "")
                    for i, h in enumerate(header)
                },
            )


def _read_csl(rows: list[list[str]], name: str) -> list[SanctionEntry]:
    return [
        SanctionEntry(
            list_name=f"US Consolidated Screening List: {r['source']}",
            entity_id=r["_id"] or r.get("entity_number", ""),
            name=r["name"],
            kind=r.get("type", "").lower() or "entity",
            aliases=_split(r.get("alt_names", "")),
            programs=_split(r.get("programs", "")),
            listed_on=r.get("start_date", ""),
            countries=_split(
                r.get("nationalities", "") + ";" + r.get("citizenships", "")
            ),
            authority=r["source"],
            source=r.get("source_information_url", "") or r.get("source_list_url", ""),
            ref=SourceRef(file=name, sheet="", row=number),
            identifiers=read_ids(r.get("ids", "")),
        )
        for number, r in _records(rows)
        if r.get("name")
    ]


def _simple_sanction(text: str) -> tuple[str, str]:
    """'program - reason - status - start - end' -> (program and reason, start date)."""
    parts = [p.strip() for p in text.split(" - ") if p.strip()]
    dates = [p for p in parts if p[:4].isdigit() and (len(p) == 4 or p[4:5] == "-")]
    words = [p for p in parts if p not in dates]
    return " - ".join(words), dates[0] if dates else ""


def _read_simple(rows: list[list[str]], name: str) -> list[SanctionEntry]:
    entries = []
    for number, r in _records(rows):
        if not r.get("name"):
            continue
        sanctions = [_simple_sanction(s) for s in _split(r.get("sanctions", ""))]
        entries.append(
            SanctionEntry(
                list_name=r.get("dataset", "") or "OpenSanctions",
                entity_id=r["id"],
                name=r["name"],
                kind=r.get("schema", ""),
                aliases=_split(r.get("aliases", "")),
                programs=tuple(p for p, _ in sanctions if p)
                or _split(r.get("program_ids", "")),
                listed_on=min((d for _, d in sanctions if d), default=""),
                countries=_split(r.get("countries", "")),
                authority=r.get("dataset", ""),
                source=r.get("dataset", ""),
                ref=SourceRef(file=name, sheet="", row=number),
                identifiers=read_ids(
                    r.get("identifiers", ""), "", _one_country(r.get("countries", ""))
                ),
            )
        )
    return entries


def _first(props: dict[str, Any], *keys: str) -> str:
    for key in keys:
        for value in props.get(key, ()) or ():
            if isinstance(value, str) and value:
                return value
    return ""


def _texts(props: dict[str, Any], *keys: str) -> list[str]:
    return [
        v for key in keys for v in props.get(key, ()) or () if isinstance(v, str) and v
    ]


def _read_ftm(text: str, name: str) -> list[SanctionEntry]:
    parties: list[tuple[int, dict[str, Any]]] = []
    sanctions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReferenceFileError(
                f"line {number} is not a JSON object ({exc.msg})",
                file=name,
                remedy="Give one FollowTheMoney entity per line (JSON lines)",
            ) from exc
        if not isinstance(entity, dict) or "schema" not in entity:
            raise ReferenceFileError(
                f"line {number} is not a FollowTheMoney entity (no 'schema')",
                file=name,
                remedy="Give one FollowTheMoney entity per line (JSON lines)",
            )
        props = entity.get("properties", {}) or {}
        if entity["schema"] == "Sanction":
            for target in props.get("entity", ()) or ():
                target_id = target.get("id") if isinstance(target, dict) else target
                sanctions[str(target_id)].append(props)
        elif entity["schema"] in PARTY_SCHEMATA and entity.get("target", True):
            parties.append((number, entity))
            for nested in props.get("sanctions", ()) or ():
                if isinstance(nested, dict):
                    sanctions[str(entity.get("id"))].append(
                        nested.get("properties", {})
                    )
    entries = []
    for number, entity in parties:
        props = entity.get("properties", {}) or {}
        names = _texts(props, "name")
        caption = entity.get("caption") or (names[0] if names else "")
        if not caption:
            continue
        listed = sanctions.get(str(entity.get("id")), [])
        aliases = [
            n for n in (*names, *_texts(props, "alias", "previousName")) if n != caption
        ]
        authority = ", ".join(
            dict.fromkeys(a for s in listed for a in _texts(s, "authority"))
        )
        datasets = ", ".join(str(d) for d in entity.get("datasets", ()) or ())
        entries.append(
            SanctionEntry(
                list_name=datasets or authority or name,
                entity_id=str(entity.get("id", "")),
                name=caption,
                kind=str(entity["schema"]),
                aliases=tuple(dict.fromkeys(aliases)),
                programs=tuple(dict.fromkeys(_program_texts(listed))),
                listed_on=min(
                    (d for s in listed for d in _texts(s, "listingDate", "startDate")),
                    default="",
                ),
                countries=tuple(
                    _texts(props, "country", "nationality", "jurisdiction")
                ),
                authority=authority,
                source=_first(props, "sourceUrl", "publisher")
                or next((u for s in listed for u in _texts(s, "sourceUrl")), ""),
                ref=SourceRef(file=name, sheet="", row=number),
                identifiers=_ftm_ids(props),
            )
        )
    return entries


# FollowTheMoney properties that hold a party's tax or registry numbers.
_FTM_ID_PROPS = (
    "innCode", "ogrnCode", "taxNumber", "registrationNumber", "vatCode", "idNumber",
    "uniqueEntityId",
)  # fmt: skip


def _ftm_ids(props: dict[str, Any]) -> tuple[PartyId, ...]:
    countries = _texts(props, "country", "jurisdiction")
    country = countries[0].upper() if len(set(countries)) == 1 else ""
    found: dict[PartyId, None] = {}
    for prop in _FTM_ID_PROPS:
        for value in _texts(props, prop):
            found.update(dict.fromkeys(read_ids(value, prop, country)))
    return tuple(found)


def _one_country(cell: str) -> str:
    """The one ISO country of a list entry ('' when it names none or several)."""
    codes = {c.strip().upper() for c in cell.split(";") if c.strip()}
    return next(iter(codes)) if len(codes) == 1 and len(next(iter(codes))) == 2 else ""


def _program_texts(listed: Iterable[dict[str, Any]]) -> Iterator[str]:
    for props in listed:
        yield from _texts(props, "program", "programId")

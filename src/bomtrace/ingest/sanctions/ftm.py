"""FollowTheMoney JSON lines: one entity per line (``id``, ``schema``, ``properties``).

Pure. Person, Company, Organization and LegalEntity are the listed parties;
``Sanction`` entities (``entity``, ``program``, ``authority``, ``startDate``,
``listingDate``) or nested ``sanctions`` give the programs and dates.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from bomtrace.errors import ReferenceFileError
from bomtrace.ingest.sanctions.layout import Layout
from bomtrace.model import PartyId, SanctionEntry, SourceRef
from bomtrace.normalise.party_ids import read_ids

PARTY_SCHEMATA = frozenset(
    ("Person", "Company", "Organization", "LegalEntity", "PublicBody")
)


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


def _program_texts(listed: Iterable[dict[str, Any]]) -> Iterator[str]:
    for props in listed:
        yield from _texts(props, "program", "programId")


LAYOUT = Layout(
    name="FollowTheMoney JSON lines",
    description="FollowTheMoney JSON lines",
    matches=lambda text, rows: text.lstrip().startswith("{"),
    read=lambda text, rows, path: _read_ftm(text, path.name),
)

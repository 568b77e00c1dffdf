"""Reading the provenance-chain cells of the row contract back into names.

Pure. The chain columns (issue #4) are text, so CSV and XLSX readers see them as such:

- ``distributors``: ``Digi-Key (US): lists this part as 296-1395-5-ND; ...``
- ``intermediaries``: ``Asia Pacific Links (HK) -> SMT-iLogic (RU) [HS only; 1 shipment,
  2022-06/2022-08]; ...`` (sender -> receiver of linked shipments, strongest first)
- ``sanctioned_intermediaries``: ``Asia Pacific Links: match with 'Asia Pacific Links
  Ltd' on <list> (<programs>; listed 2023-05), score 1.00; SMT-iLogic: POSSIBLE match,
  to be checked with ...``

Lists are ``;``-separated, but brackets may hold ``;`` too, so splitting respects them.
A party's trailing ISO country code (``(HK)``) is kept apart from its name, so the same
party is recognised across the columns.

Runs written since the ``chain_parties`` column was added carry the same parties as
JSON; the ``row_*`` readers take them from there (a name holding ``;`` or ``->`` is then
read whole) and fall back on the text cells for older runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_COUNTRY = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Z]{2})\)$")
_NOTE = re.compile(r"^(?P<text>.*?)\s*\[(?P<note>[^\[\]]*)\]$")
_OPEN, _CLOSE = "([{", ")]}"


def split_list(cell: object, separator: str = ";") -> list[str]:
    """Splits a list cell on ``separator`` outside brackets; empty items are dropped."""
    text = str(cell or "")
    if not any(bracket in text for bracket in _OPEN):
        return [item.strip() for item in text.split(separator) if item.strip()]
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if char == separator and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A named company or person in a chain cell, with its country code when given."""

    name: str
    country: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


def party(text: str) -> Party:
    """'Asia Pacific Links (HK)' -> Party('Asia Pacific Links', 'HK')."""
    found = _COUNTRY.match(text.strip())
    if found and found["name"]:
        return Party(name=found["name"], country=found["code"])
    return Party(name=text.strip())


@dataclass(frozen=True, slots=True, kw_only=True)
class Shipment:
    """One entry of the intermediaries cell: sender -> receiver and the link's note."""

    sender: Party
    receiver: Party | None = None
    note: str = ""


def shipments(cell: object) -> list[Shipment]:
    """The sender -> receiver entries of an intermediaries cell (a bare name: sender only)."""
    found = []
    for item in split_list(cell):
        text, note = item, ""
        bracket = _NOTE.match(item)
        if bracket:
            text, note = bracket["text"], bracket["note"].strip()
        sender, arrow, receiver = text.partition("->")
        found.append(
            Shipment(
                sender=party(sender),
                receiver=party(receiver) if arrow and receiver.strip() else None,
                note=note,
            )
        )
    return found


def parties(cell: object) -> list[Party]:
    """Every party an intermediaries cell names (senders and receivers), in order."""
    return list(_distinct(shipments(cell)).values())


def _distinct(entries: Iterable[Shipment]) -> dict[str, Party]:
    """The senders and receivers of ``entries`` by name, first seen first."""
    named: dict[str, Party] = {}
    for entry in entries:
        for one in (entry.sender, entry.receiver):
            if one is not None:
                named.setdefault(one.name, one)
    return named


@dataclass(frozen=True, slots=True, kw_only=True)
class ListHit:
    """A party found on a sanctions list: confirmed or only possible, with the details."""

    name: str
    possible: bool
    detail: str


# Where an entry of the sanctioned_intermediaries cell starts: "<party>: match with '" or
# "<party>: POSSIBLE match, to be checked with '". List names may hold "; " themselves,
# so entries are found by this start rather than by splitting on the separator.
_HIT_START = re.compile(
    r"(?:^|;\s+)(?P<name>[^;:]+?):\s+(?P<kind>identifier match(?: \([^)]*\))?|match|POSSIBLE match, to be checked"
    r"|CONTRADICTED name match \(identifiers differ\), to be checked)\s+with\s+'"
)


def list_hits(cell: object) -> list[ListHit]:
    """The hits of a sanctioned_intermediaries cell ('Name: match with ...')."""
    text = str(cell or "")
    starts = list(_HIT_START.finditer(text))
    if not starts:
        # Another layout: one entry per ';'-item, 'Name: detail' or just 'Name'.
        return [
            ListHit(
                name=party(item.partition(": ")[0]).name,
                possible="POSSIBLE" in item.upper() or "CONTRADICTED" in item.upper(),
                detail=item.partition(": ")[2],
            )
            for item in split_list(text)
        ]
    hits = []
    for index, found in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        detail_start = found.start("kind")
        hits.append(
            ListHit(
                name=party(found["name"]).name,
                possible=found["kind"].startswith(("POSSIBLE", "CONTRADICTED")),
                detail=text[detail_start:end].strip(),
            )
        )
    return hits


def distributor_names(cell: object) -> list[str]:
    """The distributors a distributors cell names ('Digi-Key (US): basis' -> 'Digi-Key (US)')."""
    return [item.partition(": ")[0].strip() for item in split_list(cell)]


STRUCTURED = "chain_parties"


def structured(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The row's ``chain_parties`` JSON, or None (an older run, or a cell cut or damaged)."""
    text = row.get(STRUCTURED)
    if not text:
        return None
    try:
        found = json.loads(str(text))
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def row_shipments(
    row: Mapping[str, Any], column: str = "intermediaries"
) -> list[Shipment]:
    """The row's sender -> receiver entries, from the JSON when the run has it."""
    found = structured(row)
    if found is None:
        return shipments(row.get(column))
    entries = []
    for item in found.get("shipments") or ():
        if not isinstance(item, dict) or not _text(item.get("sender")):
            continue
        dates = [d for d in (_text(item.get("first")), _text(item.get("last"))) if d]
        count = item.get("shipments")
        many = isinstance(count, int) and count != 1
        when = ", " + " to ".join(dict.fromkeys(dates)) if dates else ""
        receiver = _text(item.get("receiver"))
        entries.append(
            Shipment(
                sender=Party(
                    name=_text(item["sender"]),
                    country=_text(item.get("sender_country")),
                ),
                receiver=Party(
                    name=receiver, country=_text(item.get("receiver_country"))
                )
                if receiver
                else None,
                note=f"{_text(item.get('basis'))}; {count} shipment{'s' if many else ''}{when}",
            )
        )
    return entries


def row_hits(
    row: Mapping[str, Any], column: str = "sanctioned_intermediaries"
) -> list[ListHit]:
    """The row's list hits, from the JSON when the run has it."""
    found = structured(row)
    if found is None:
        return list_hits(row.get(column))
    return [
        ListHit(
            name=_text(item.get("party")),
            possible=bool(item.get("possible")),
            detail=_text(item.get("detail")),
        )
        for item in found.get("listed") or ()
        if isinstance(item, dict) and _text(item.get("party"))
    ]


def row_distributors(row: Mapping[str, Any], column: str = "distributors") -> list[str]:
    """The distributors the row names ('Digi-Key (US)'), from the JSON when it has them."""
    found = structured(row)
    if found is None:
        return distributor_names(row.get(column))
    return [
        str(Party(name=_text(item.get("name")), country=_text(item.get("country"))))
        for item in found.get("distributors") or ()
        if isinstance(item, dict) and _text(item.get("name"))
    ]


def named_parties(
    rows: Iterable[Mapping[str, Any]], column: str = "intermediaries"
) -> dict[str, Party]:
    """Every distinct party named in the column across rows, by name, sorted."""
    found = _distinct(entry for row in rows for entry in row_shipments(row, column))
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))


def listed_parties(
    rows: Iterable[Mapping[str, Any]], column: str = "sanctioned_intermediaries"
) -> dict[str, ListHit]:
    """Every party with a list hit across rows; a confirmed hit wins over a possible one."""
    found: dict[str, ListHit] = {}
    for row in rows:
        for hit in row_hits(row, column):
            if hit.name not in found or (found[hit.name].possible and not hit.possible):
                found[hit.name] = hit
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))

"""The parties of each row's provenance chain, read from its ``chain_parties`` column.

Pure. The chain's text cells (``distributors``, ``intermediaries``,
``sanctioned_intermediaries``) are for people; ``chain_parties`` says the same as JSON
(``bomtrace.export.chain_columns.chain_parties`` writes it), and it is what the reports
read, so a name holding ``;``, ``->`` or brackets stays one name. Run files written
before the column existed are given it from their text cells when they are read
(``bomtrace.report.text_parties``); nothing here reads a text cell.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bomtrace.export.chain_columns import party

COLUMN = "chain_parties"


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A named company or person of a chain, with its country code when given."""

    name: str
    country: str = ""

    def __str__(self) -> str:
        return party(self.name, self.country)


@dataclass(frozen=True, slots=True, kw_only=True)
class Shipment:
    """Linked shipments from a sender to a receiver, and the link's note
    ('exact MPN; 2 shipments, 2022-06-01 to 2022-07-01')."""

    sender: Party
    receiver: Party | None = None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListHit:
    """A party found on a sanctions list: confirmed or only possible, with the details."""

    name: str
    possible: bool
    detail: str


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Mapping[str, Any]:
    """A cell's JSON object (rows of one run repeat chains; read each once)."""
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def document(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The row's ``chain_parties`` object; empty when it names no party (or is damaged)."""
    text = row.get(COLUMN)
    return _parsed(text) if isinstance(text, str) and text else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _items(row: Mapping[str, Any], key: str, name: str) -> list[Mapping[str, Any]]:
    """The entries of one list of the row's document that carry a ``name``."""
    found = document(row).get(key)
    return [
        item
        for item in (found if isinstance(found, list) else ())
        if isinstance(item, dict) and _text(item.get(name))
    ]


def _note(item: Mapping[str, Any]) -> str:
    """'exact MPN; 2 shipments, 2022-06-01 to 2022-07-01', as the intermediaries cell says."""
    dates = [d for d in (_text(item.get("first")), _text(item.get("last"))) if d]
    when = ", " + " to ".join(dict.fromkeys(dates)) if dates else ""
    count = item.get("shipments")
    if not isinstance(count, int):
        return _text(item.get("basis")) + when
    return (
        f"{_text(item.get('basis'))}; {count} shipment{'s' if count != 1 else ''}{when}"
    )


def shipments(row: Mapping[str, Any]) -> list[Shipment]:
    """The row's sender -> receiver entries, strongest first (as the writer ordered them)."""
    return [
        Shipment(
            sender=Party(
                name=_text(item["sender"]), country=_text(item.get("sender_country"))
            ),
            receiver=Party(
                name=_text(item["receiver"]),
                country=_text(item.get("receiver_country")),
            )
            if _text(item.get("receiver"))
            else None,
            note=_note(item),
        )
        for item in _items(row, "shipments", "sender")
    ]


def hits(row: Mapping[str, Any]) -> list[ListHit]:
    """The row's sanctions-list hits."""
    return [
        ListHit(
            name=_text(item["party"]),
            possible=bool(item.get("possible")),
            detail=_text(item.get("detail")),
        )
        for item in _items(row, "listed", "party")
    ]


def distributors(row: Mapping[str, Any]) -> list[str]:
    """The distributors the row names ('Digi-Key (US)')."""
    return [
        party(_text(item["name"]), _text(item.get("country")))
        for item in _items(row, "distributors", "name")
    ]


def distributor_entries(row: Mapping[str, Any]) -> list[str]:
    """The distributors with their basis ('Digi-Key (US): lists this part as X')."""
    return [
        f"{name}: {basis}" if (basis := _text(item.get("basis"))) else name
        for name, item in zip(
            distributors(row), _items(row, "distributors", "name"), strict=True
        )
    ]


def named_parties(rows: Iterable[Mapping[str, Any]]) -> dict[str, Party]:
    """Every distinct sender and receiver of the rows' shipments, by name, sorted."""
    named: dict[str, Party] = {}
    for row in rows:
        for entry in shipments(row):
            for one in (entry.sender, entry.receiver):
                if one is not None:
                    named.setdefault(one.name, one)
    return dict(sorted(named.items(), key=lambda item: item[0].casefold()))


def listed_parties(rows: Iterable[Mapping[str, Any]]) -> dict[str, ListHit]:
    """Every party with a list hit across rows; a confirmed hit wins over a possible one."""
    found: dict[str, ListHit] = {}
    for row in rows:
        for hit in hits(row):
            if hit.name not in found or (found[hit.name].possible and not hit.possible):
                found[hit.name] = hit
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))

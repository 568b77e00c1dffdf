"""Run files written before ``chain_parties``: their parties read from the text cells.

Pure. The reports read a row's parties from its ``chain_parties`` JSON only
(``bomtrace.report.parties``). A run file from before that column (or with the cell cut
or damaged) still has the text cells of issue #4, and ``with_chain_parties`` gives such
a row the JSON they say, once, when the file is read:

- ``distributors``: ``Digi-Key (US): lists this part as 296-1395-5-ND; ...``
- ``intermediaries``: ``Asia Pacific Links (HK) -> SMT-iLogic (RU) [HS only; 1 shipment,
  2022-06/2022-08]; ...`` (sender -> receiver of linked shipments, strongest first)
- ``sanctioned_intermediaries``: ``Asia Pacific Links: match with 'Asia Pacific Links
  Ltd' on <list> (<programs>; listed 2023-05), score 1.00; SMT-iLogic: POSSIBLE match,
  to be checked with ...``

Lists are ``;``-separated, but brackets may hold ``;`` too, so splitting respects them.
A party's trailing ISO country code (``(HK)``) is kept apart from its name, so the same
party is recognised across the columns. A name that itself holds ``;`` or ``->`` cannot
be told from two names in these cells; that is why ``chain_parties`` exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bomtrace.report.parties import COLUMN, document

_COUNTRY = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Z]{2})\)$")
_NOTE = re.compile(r"^(?P<text>.*?)\s*\[(?P<note>[^\[\]]*)\]$")
# The note of an intermediaries entry as bomtrace writes it: 'exact MPN; 2 shipments,
# 2022-06-01 to 2022-07-01' (dates optional).
_COUNTED = re.compile(
    r"^(?P<basis>.*?); (?P<count>\d+) shipments?(?:, (?P<first>.+?)(?: to (?P<last>.+))?)?$"
)
_OPEN, _CLOSE = "([{", ")]}"
_CELLS = ("distributors", "intermediaries", "sanctioned_intermediaries")

# Where an entry of the sanctioned_intermediaries cell starts: "<party>: match with '" or
# "<party>: POSSIBLE match, to be checked with '". List names may hold "; " themselves,
# so entries are found by this start rather than by splitting on the separator.
_HIT_START = re.compile(
    r"(?:^|;\s+)(?P<name>[^;:]+?):\s+(?P<kind>identifier match(?: \([^)]*\))?|match|POSSIBLE match, to be checked"
    r"|CONTRADICTED name match \(identifiers differ\), to be checked)\s+with\s+'"
)


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


def party(text: str) -> tuple[str, str]:
    """'Asia Pacific Links (HK)' -> ('Asia Pacific Links', 'HK')."""
    found = _COUNTRY.match(text.strip())
    if found and found["name"]:
        return found["name"], found["code"]
    return text.strip(), ""


def _note(note: str) -> dict[str, Any]:
    """An entry's note as the JSON's basis, shipments, first and last (a note of another
    shape is kept whole as the basis)."""
    found = _COUNTED.match(note)
    if found is None:
        return {"basis": note}
    return {
        "basis": found["basis"],
        "shipments": int(found["count"]),
        "first": found["first"] or "",
        "last": found["last"] or "",
    }


def shipments(cell: object) -> list[dict[str, Any]]:
    """The sender -> receiver entries of an intermediaries cell (a bare name: sender only)."""
    found = []
    for item in split_list(cell):
        text, note = item, ""
        bracket = _NOTE.match(item)
        if bracket:
            text, note = bracket["text"], bracket["note"].strip()
        sender, arrow, receiver = text.partition("->")
        s_name, s_country = party(sender)
        r_name, r_country = party(receiver) if arrow else ("", "")
        found.append(
            {
                "sender": s_name, "sender_country": s_country,
                "receiver": r_name, "receiver_country": r_country,
                **_note(note),
            }
        )  # fmt: skip
    return found


def list_hits(cell: object) -> list[dict[str, Any]]:
    """The hits of a sanctioned_intermediaries cell ('Name: match with ...')."""
    text = str(cell or "")
    starts = list(_HIT_START.finditer(text))
    if not starts:
        # Another layout: one entry per ';'-item, 'Name: detail' or just 'Name'.
        return [
            {
                "party": party(item.partition(": ")[0])[0],
                "possible": "POSSIBLE" in item.upper()
                or "CONTRADICTED" in item.upper(),
                "detail": item.partition(": ")[2],
            }
            for item in split_list(text)
        ]
    hits = []
    for index, found in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        hits.append(
            {
                "party": party(found["name"])[0],
                "possible": found["kind"].startswith(("POSSIBLE", "CONTRADICTED")),
                "detail": text[found.start("kind") : end].strip(),
            }
        )
    return hits


def distributors(cell: object) -> list[dict[str, str]]:
    """The entries of a distributors cell ('Digi-Key (US): basis'), the name as written."""
    return [
        {"name": name.strip(), "country": "", "basis": basis.strip()}
        for name, _, basis in (item.partition(": ") for item in split_list(cell))
    ]


def from_text_cells(row: Mapping[str, Any]) -> str:
    """The ``chain_parties`` JSON the row's text cells say (blank when they name none)."""
    found = {
        "distributors": distributors(row.get("distributors")),
        "shipments": shipments(row.get("intermediaries")),
        "listed": list_hits(row.get("sanctioned_intermediaries")),
    }
    if not any(found.values()):
        return ""
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


def with_chain_parties(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The row, given ``chain_parties`` from its text cells when it lacks a readable one."""
    if document(row) or not any(row.get(cell) for cell in _CELLS):
        return row
    return {**row, COLUMN: from_text_cells(row)}

"""The ``reported_in`` output column (#13): a row's published records, as JSON.

Pure. One object per weapon a record of the same part was published in: the weapon, the
source and its page, the basis of the link (``this record``, ``same part number``,
``same base part``, ``same marking``), the number or marking shared, the record's text
as published, the source's maker and country (its claims, never bomtrace's) and whether
they agree with the row's identification (``yes``/``no``/``unknown``). ``[]`` when none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bomtrace.model import ReportedEntry, RowOutcome

REPORTED_IN = "reported_in"


def entry_document(entry: ReportedEntry) -> dict[str, Any]:
    """One entry as the column's JSON object."""
    return {
        "weapon": entry.weapon,
        "source": entry.publisher,
        "url": entry.url,
        "basis": entry.basis.value,
        "part": entry.part,
        "listed_as": entry.listed_as,
        "attributed_maker": entry.attributed_maker,
        "attributed_country": entry.attributed_country,
        "maker_agrees": entry.maker_agrees.value,
        "country_agrees": entry.country_agrees.value,
        "record": entry.record,
        "component_id": entry.component_id,
    }


def reported_cell(outcome: RowOutcome) -> str:
    """The row's ``reported_in`` cell: a JSON list, ``[]`` when nothing was reported."""
    return entries_cell(outcome.reported)


def entries_cell(entries: Iterable[ReportedEntry]) -> str:
    """A ``reported_in`` cell of these entries."""
    return json.dumps(
        [entry_document(e) for e in entries],
        ensure_ascii=False,
        separators=(",", ":"),
    )

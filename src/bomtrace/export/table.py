"""The output row contract: one record per input row, columns in one fixed order.

Pure. ``CONTRACT_COLUMNS`` are an interface other people's scripts depend on: later
versions add columns after them and never rename or drop one. ``to_record`` turns a
``RowOutcome`` into a dict in that order; every writer (CSV, XLSX, JSON, the HTML table,
``TraceResult.to_frame``) goes through it.
"""

from __future__ import annotations

import re
from typing import Any

from bomtrace.export.chain_columns import CHAIN_COLUMNS, chain_cells, chain_parties
from bomtrace.model import Candidate, RowOutcome, Status

# The columns issue #2 fixed, in order. Never rename or drop one.
CONTRACT_COLUMNS: tuple[str, ...] = (
    "source_file", "source_sheet", "source_row", "marking", "manufacturer_given", "quantity",
    "date_code", "status", "reason", "mpn", "manufacturer", "manufacturer_parent",
    "manufacturer_country", "coalition_origin", "category", "match_method", "confidence",
    "candidates", "evidence",
)  # fmt: skip

# Columns added since, in the order they were added.
ADDED_COLUMNS: tuple[str, ...] = (
    "part_number_given", "designator", "description_given", "lot_code", "notes",
    "marking_normalised", "description", "manufacturer_parent_country", "origin_source",
    "quantity_value", "extra",
    *CHAIN_COLUMNS,  # issue #4: produced_from ... chain_evidence
    "chain_parties",  # the chain's parties as JSON, for programs (#5)
    "maker_at_production",  # who made the part when it was made (#12)
)  # fmt: skip

COLUMNS: tuple[str, ...] = CONTRACT_COLUMNS + ADDED_COLUMNS

_QUANTITY = re.compile(r"^\s*(\d+(?:[.,]0+)?)\s*(pcs|шт\.?|pc|x)?\s*$", re.IGNORECASE)


def parse_quantity(text: str) -> int | None:
    """Reads a quantity cell ('2', '2.0', '3 pcs', '4 шт') as a whole number, else None."""
    found = _QUANTITY.match(text)
    if not found:
        return None
    return int(float(found[1].replace(",", ".")))


def format_candidate(candidate: Candidate) -> str:
    """'Maker: MPN' (or just the maker when the part number is unknown)."""
    return f"{candidate.maker}: {candidate.mpn}" if candidate.mpn else candidate.maker


def to_record(outcome: RowOutcome) -> dict[str, Any]:
    """One output row in contract order (strings, an int row number, a float confidence)."""
    row = outcome.row
    ident = outcome.identification
    origin = outcome.origin
    skipped = outcome.status is Status.SKIPPED
    candidates = ""
    if ident is not None:
        shown = (
            ident.candidates[1:]
            if outcome.status is Status.MATCHED
            else ident.candidates
        )
        candidates = "; ".join(dict.fromkeys(format_candidate(c) for c in shown))
    record: dict[str, Any] = {
        "source_file": row.ref.file,
        "source_sheet": row.ref.sheet,
        "source_row": row.ref.row,
        "marking": row.get("marking"),
        "manufacturer_given": row.get("manufacturer"),
        "quantity": row.get("quantity"),
        "date_code": row.get("date_code"),
        "status": outcome.status.value,
        "reason": outcome.reason,
        "mpn": ident.mpn if ident else "",
        "manufacturer": ident.maker if ident else "",
        "manufacturer_parent": origin.parent if origin else "",
        "manufacturer_country": origin.country if origin else "",
        "coalition_origin": origin.coalition.value
        if origin
        else ("" if skipped else "unknown"),
        "category": ident.category if ident else "",
        "match_method": ident.method.value if ident else "",
        "confidence": None if skipped else (ident.confidence if ident else 0.0),
        "candidates": candidates,
        "evidence": ident.evidence if ident else "",
        "part_number_given": row.get("part_number"),
        "designator": row.get("designator"),
        "description_given": row.get("description"),
        "lot_code": row.get("lot_code"),
        "notes": row.get("notes"),
        "marking_normalised": ident.marking_normalised if ident else "",
        "description": ident.description if ident else "",
        "manufacturer_parent_country": origin.parent_country if origin else "",
        "origin_source": origin.source if origin else "",
        "quantity_value": parse_quantity(row.get("quantity")) if not skipped else None,
        "extra": row.get("extra"),
    }
    record.update(chain_cells(outcome))
    record["chain_parties"] = chain_parties(outcome)
    record["maker_at_production"] = outcome.chain.maker_then if outcome.chain else ""
    return record

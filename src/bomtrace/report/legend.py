"""The confidence legend's second table: this run's own confidence by match method.

Pure. The measured reliability table (confidence bucket -> share right on the labelled
development set) comes from the matcher's calibration (``report/reliability.py``); this
table shows, beside it, how confident the run's own identifications were, per method,
computed from its rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bomtrace.model import MatchMethod

_ORDER = {m.value: i for i, m in enumerate(MatchMethod)}


def confidence_by_method(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per match method: rows, and the lowest, mean and highest confidence in this run."""
    seen: dict[str, list[float]] = {}
    for row in rows:
        method = str(row.get("match_method") or "")
        value = row.get("confidence")
        if (
            row.get("status") in ("matched", "ambiguous")
            and method
            and value is not None
        ):
            seen.setdefault(method, []).append(float(value))
    return [
        {
            "method": method,
            "rows": len(values),
            "low": min(values),
            "mean": sum(values) / len(values),
            "high": max(values),
        }
        for method, values in sorted(seen.items(), key=lambda m: _ORDER.get(m[0], 99))
    ]

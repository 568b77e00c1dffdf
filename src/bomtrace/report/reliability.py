"""The reliability table of the identification confidence, as the report's methodology shows it.

Pure. Reads the figures frozen with the shipped calibration
(``bomtrace.match.confidence.reliability_table``) and shapes them for the template:
one row per confidence bucket, with the share of matched development rows that were
right, so a reader can see what a confidence of 0.9 has meant.
"""

from __future__ import annotations

from typing import Any

from bomtrace.match.confidence import reliability_summary, reliability_table


def reliability_view() -> dict[str, Any]:
    """Buckets (label, rows, % right, mean confidence) and what they were measured on."""
    summary = reliability_summary()
    table = reliability_table("proposed")
    return {
        "shown": bool(table),
        "buckets": [
            {
                "bucket": bucket,
                "rows": rows,
                "right": round(100 * share, 1),
                "confidence": round(mean, 3),
            }
            for bucket, (rows, share, mean) in table.items()
        ],
        "ece": round(float(summary["ece"]), 3),
        "proposed_ece": round(float(summary["proposed_ece"]), 3),
        "rows": summary["rows"],
        "proposed_rows": summary["proposed_rows"],
        "matched_rows": summary["matched_rows"],
        "version": summary["version"],
        "real": [
            {
                "view": _REAL_VIEWS.get(view, view),
                "rows": f["rows"],
                "matched": f["matched"],
                "right": round(100 * f["claims_right"], 1),
                "ece": round(f["ece"], 3),
            }
            for view, f in summary["real"].items()
            if view in _REAL_VIEWS
        ],
    }


# The real records the calibration is checked on, as the report names them.
_REAL_VIEWS = {
    "gur_printed": "components as Ukraine's GUR portal lists them (description and marking in one cell)",
    "peer": "part numbers labelled by an open-source part-number library's tests",
}

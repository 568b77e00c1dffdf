"""Export control of an identified part: its HS heading, CHPL tier and ECCN, with sources.

Pure. The six-digit HS code comes from the part's catalog row when the row carries one,
else from the customary heading of the part's category (``category_hs.csv``; a guide,
since classification is the exporter's legal call). The tier comes from the Common High
Priority List (``chpl_hs_codes.csv``); the ECCN only from a catalog row that carries it.
"""

from __future__ import annotations

import re

from bomtrace.catalog.records import Catalog, PartRecord
from bomtrace.model import ExportControl

_DIGITS = re.compile(r"\D")


def hs6(code: str) -> str:
    """The first six digits of an HS code as written ('8542.31.0000' -> '854231')."""
    digits = _DIGITS.sub("", code)
    return digits[:6] if len(digits) >= 6 else digits


def export_control(
    catalog: Catalog, part: PartRecord | None, category: str
) -> ExportControl:
    """Finds the HS code, the CHPL tier and the ECCN of a part, each with its source."""
    hs_code, basis = "", ""
    if part is not None and hs6(part.hs_code):
        hs_code = hs6(part.hs_code)
        basis = f"catalog row {part.ref}"
    elif category and (guide := catalog.category_hs.get(category.lower())):
        hs_code = guide.hs6
        basis = (
            f"customary heading for category '{category}' ({guide.ref}); "
            "classification is the exporter's call"
        )
    tier, tier_source = "", ""
    if hs_code and (listed := catalog.chpl.get(hs_code)):
        tier = listed.tier
        tier_source = f"{listed.source} ({listed.ref})"
    eccn, eccn_source = "", ""
    if part is not None and part.eccn:
        eccn, eccn_source = part.eccn, f"catalog row {part.ref}"
    return ExportControl(
        hs_code=hs_code,
        hs_basis=basis,
        chpl_tier=tier,
        chpl_source=tier_source,
        eccn=eccn,
        eccn_source=eccn_source,
    )

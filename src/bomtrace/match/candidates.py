"""A candidate identification built from one catalog row.

Pure. Shared by the strong stages (``stages``) and the weak ones (``hints``), so both
cite a catalog row the same way.
"""

from __future__ import annotations

from bomtrace.catalog.records import PartRecord
from bomtrace.model import Candidate, MatchMethod


def catalog_number(part: PartRecord) -> str:
    """The part number a catalog row stands for: a KiCad name without its package suffix."""
    if part.pattern and "?" not in part.pattern:
        return part.pattern
    return part.mpn


def candidate(
    part: PartRecord, method: MatchMethod, score: float, evidence: str, mpn: str = ""
) -> Candidate:
    """A candidate identification citing one catalog row."""
    return Candidate(
        maker=part.maker,
        mpn=mpn or catalog_number(part),
        method=method,
        score=score,
        evidence=evidence,
        catalog_ref=part.ref,
        category=part.category,
        description=part.description,
    )

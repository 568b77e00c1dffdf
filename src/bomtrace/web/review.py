"""The review queue of a run: the rows a person should look at, grouped by marking.

Reads the database; the grouping itself is plain code over stored rows. A row is in the
queue when it is ``ambiguous``, or ``matched`` with a confidence under the threshold.
Rows are grouped under the key their decision would be filed under (the compact marking
and the maker the sheet gives), so one decision settles every row of a group, in this
run and in later ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bomtrace.match.decision_book import Decision, decision_key
from bomtrace.web.decision_store import decision_book
from bomtrace.web.models import RowResult


@dataclass(slots=True)
class ReviewGroup:
    """Rows sharing a marking and given maker, their candidates and any decision in force."""

    key: tuple[str, str]
    marking: str
    manufacturer_given: str
    status: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    decision: Decision | None = None
    rejections: list[Decision] = field(default_factory=list)

    @property
    def decision_id(self) -> int:
        return self.decision.ref.line if self.decision and self.decision.ref else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "marking": self.marking,
            "manufacturer_given": self.manufacturer_given,
            "status": self.status,
            "rows": [
                {k: r[k] for k in ("source_file", "source_sheet", "source_row", "mpn", "manufacturer", "confidence", "match_method", "evidence")}
                for r in self.rows
            ],
            "candidates": self.candidates,
            "decision_id": self.decision_id or None,
        }  # fmt: skip


def review_queue(session: Session, run_id: int, threshold: float) -> list[ReviewGroup]:
    """Groups of rows to review, undecided first, then the largest groups."""
    rows = session.scalars(
        select(RowResult)
        .where(
            RowResult.run_id == run_id,
            or_(
                RowResult.status == "ambiguous",
                (RowResult.status == "matched") & (RowResult.confidence < threshold),
            ),
        )
        .order_by(RowResult.position)
    )
    book = decision_book(session)
    groups: dict[tuple[str, str], ReviewGroup] = {}
    for row in rows:
        key = decision_key(row.marking, row.manufacturer_given)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ReviewGroup(
                key=key,
                marking=row.marking,
                manufacturer_given=row.manufacturer_given,
                status=row.status,
                decision=book.decision_for(row.marking, row.manufacturer_given),
                rejections=book.rejections_for(row.marking, row.manufacturer_given),
            )
        group.rows.append(row.record)
        known = {(c["maker"], c["mpn"]) for c in group.candidates}
        group.candidates += [
            c for c in row.candidates if (c["maker"], c["mpn"]) not in known
        ]
    return sorted(
        groups.values(), key=lambda g: (g.decision is not None, -len(g.rows), g.marking)
    )

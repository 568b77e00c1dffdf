"""Human decisions about markings, applied before any matching.

Pure. A reviewer's decision names a marking (and optionally the maker the sheet gave) and
says either what it is (``accept``: part number and maker), that a candidate is wrong
(``reject``: a maker, or a maker's part number, never to propose again for this marking),
or that the row is not a part at all (``not_a_part``). Decisions are keyed on the
marking's compact form, so ``adxrs 620`` and ``ADXRS620`` share one; a decision with a
blank ``manufacturer_given`` applies whatever maker the sheet names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bomtrace.catalog.companies import normalise_company
from bomtrace.model import CatalogRef
from bomtrace.normalise import compact


class Action(StrEnum):
    """What a reviewer decided."""

    ACCEPT = "accept"
    REJECT = "reject"
    NOT_A_PART = "not_a_part"


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """One reviewer's decision about a marking, with who, when and where it is recorded."""

    marking: str
    action: Action
    manufacturer_given: str = ""
    mpn: str = ""
    maker: str = ""
    reviewer: str = ""
    decided_at: str = ""
    note: str = ""
    ref: CatalogRef | None = None

    @property
    def key(self) -> tuple[str, str]:
        return decision_key(self.marking, self.manufacturer_given)

    def cite(self) -> str:
        """'human decision by ana on 2024-05-01 (decisions.csv:3)'."""
        who = f" by {self.reviewer}" if self.reviewer else ""
        when = f" on {self.decided_at}" if self.decided_at else ""
        where = f" ({self.ref})" if self.ref else ""
        note = f": {self.note}" if self.note else ""
        return f"human decision{who}{when}{where}{note}"


def decision_text(marking: str, part_number: str = "") -> str:
    """The text of a row that decisions are about: its part-number column, else its marking."""
    return part_number or marking


def decision_key(marking: str, manufacturer_given: str = "") -> tuple[str, str]:
    """The key a decision is filed under: compact marking and normalised maker as given."""
    return compact(marking), normalise_company(manufacturer_given)


@dataclass(slots=True)
class DecisionBook:
    """Decisions by key; later decisions about the same key and candidate replace earlier ones."""

    accepted: dict[tuple[str, str], Decision] = field(default_factory=dict)
    rejected: dict[tuple[str, str], list[Decision]] = field(default_factory=dict)

    @classmethod
    def of(cls, decisions: Iterable[Decision]) -> DecisionBook:
        book = cls()
        for decision in decisions:
            book.add(decision)
        return book

    def add(self, decision: Decision) -> None:
        if decision.action is Action.REJECT:
            kept = [
                d
                for d in self.rejected.get(decision.key, [])
                if (d.maker, d.mpn) != (decision.maker, decision.mpn)
            ]
            self.rejected[decision.key] = [*kept, decision]
        else:
            self.accepted[decision.key] = decision

    def __len__(self) -> int:
        return len(self.accepted) + sum(len(v) for v in self.rejected.values())

    def all(self) -> list[Decision]:
        return [
            *self.accepted.values(),
            *(d for v in self.rejected.values() for d in v),
        ]

    def decision_for(self, marking: str, manufacturer_given: str) -> Decision | None:
        """The accept or not-a-part decision for a row: maker-specific first, then any maker."""
        key = decision_key(marking, manufacturer_given)
        return self.accepted.get(key) or self.accepted.get((key[0], ""))

    def rejections_for(self, marking: str, manufacturer_given: str) -> list[Decision]:
        """The candidates reviewers ruled out for a row."""
        key = decision_key(marking, manufacturer_given)
        found = list(self.rejected.get(key, []))
        if key[1]:
            found += self.rejected.get((key[0], ""), [])
        return found

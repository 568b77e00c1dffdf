"""Sources the reports cite that are not rows of a run, and how sources are labelled.

Pure. The control dates drawn on production-year charts and the parts libraries behind
the parts catalog are catalog rows (``catalogs/control_dates.csv``,
``catalogs/part_libraries.csv``), each with its source; a source from a party to the war
is labelled so a reader weighs it accordingly (it may still be right).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bomtrace.catalog.records import Catalog


def control_lines(catalog: Catalog) -> tuple[tuple[str, str, str], ...]:
    """(label, date, source) of each line drawn on the production-year charts: the dates
    the after_2014_controls / after_2022_controls flags compare with."""
    return tuple((c.label, c.date, c.source) for c in catalog.control_dates)


def part_libraries_used(catalog: Catalog) -> list[dict[str, str]]:
    """The parts libraries behind the parts catalog, as one line of the sources cited."""
    libraries = catalog.part_libraries
    if not libraries:
        return []
    licences = " and ".join(dict.fromkeys(x.licence for x in libraries))
    return [
        {
            "what": " and ".join(dict.fromkeys(x.provides for x in libraries)),
            "source": " and ".join(
                f"{x.library} (commit {x.commit})" for x in libraries
            )
            + f", {licences}",
            "date": " and ".join(x.date for x in libraries),
        }
    ]


# Sources that belong to a party to the war (its government, armed forces or their media).
_PARTY = re.compile(
    r"ministry of defen[cs]e of (ukraine|russia)|(ukrainian|russian) ministry of defen[cs]e"
    r"|armyinform|ukrainian (technical|military|defence) intelligence|\bGUR\b|\bHUR\b|\bSBU\b"
    r"|ministry of defen[cs]e \((ukraine|russia)\)|міноборони|минобороны|\bГУР\b|\bСБУ\b",
    re.IGNORECASE,
)


def party_label(source: str) -> str:
    """'party to the conflict' when a source is a belligerent's government or forces, else ''."""
    return "party to the conflict" if _PARTY.search(source) else ""


def party_labels(facts: Iterable[object]) -> list[str]:
    """The label of each reported fact (``statement`` + ``source``), in order.

    A statement that refers back ("same officer said ...") takes the label of the fact
    before it, so a party's later statements are labelled like its first one.
    """
    labels: list[str] = []
    for fact in facts:
        statement = str(getattr(fact, "statement", ""))
        label = party_label(f"{statement} {getattr(fact, 'source', '')}")
        if not label and labels and statement.lower().startswith("same "):
            label = labels[-1]
        labels.append(label)
    return labels

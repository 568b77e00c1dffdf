"""Figures computed from output rows: every number a report shows, with its source.

Pure. The reports never count anything themselves: each figure is computed here from
rows in the output row contract (``TraceResult.records()`` or the rows of a JSON run
file) and carries a sentence saying which rows and columns it summarises, so a reader
(and a test) can recount it. A figure that needs a column the run does not have (older
runs, or runs made without the provenance chain) is "not available in this run", never
a zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bomtrace.report import reported as rp
from bomtrace.report.parties import listed_parties, named_parties

Row = Mapping[str, Any]

NOT_AVAILABLE = "not available in this run"
NOT_AVAILABLE_IN_RUNS = "not available in these runs"

# Columns the provenance chain (issue #4) adds to the row contract. A run written before
# them, or without them, has none of these keys.
CHPL_TIER = "chpl_tier"
HS_CODE = "hs_code"
AFTER_2022 = "after_2022_controls"
PRODUCED_FROM = "produced_from"
PRODUCED_TO = "produced_to"
DISTRIBUTORS = "distributors"
INTERMEDIARIES = "intermediaries"
SANCTIONED = "sanctioned_intermediaries"
CHAIN_EVIDENCE = "chain_evidence"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One number a report shows, with what it was computed from.

    ``count`` of ``of`` rows (a share) or just ``count``; ``source`` is the sentence
    the report prints beside it, ``columns`` the output columns it reads.
    """

    key: str
    label: str
    value: str
    source: str
    columns: tuple[str, ...] = ()
    count: int | None = None
    of: int | None = None
    available: bool = True


def is_part(row: Row) -> bool:
    """A row that is a part (anything not skipped)."""
    return str(row.get("status", "")) != "skipped"


def is_identified(row: Row) -> bool:
    """A matched row with a maker: the rows every origin figure is computed over."""
    return str(row.get("status", "")) == "matched" and bool(row.get("manufacturer"))


def percent(count: int, of: int) -> str:
    """'63%' (whole percent), or 'no rows' when there is nothing to divide by."""
    return f"{round(100 * count / of)}%" if of else "no rows"


def count_by(
    rows: Iterable[Row], key: Callable[[Row], str], *, empty: str = "not given"
) -> list[tuple[str, int]]:
    """Counts rows per key, largest first, ties by name (a stable order for diffs)."""
    tally = Counter(key(r) or empty for r in rows)
    return sorted(tally.items(), key=lambda item: (-item[1], item[0]))


def year_of(value: object) -> int | None:
    """The year of an ISO date ('2022-05-30' -> 2022), else None."""
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def production_years(rows: Iterable[Row]) -> tuple[list[tuple[int, int]], int]:
    """Part rows per production year, and how many windows span more than one year.

    A row counts in a year only when its whole production window (``produced_from`` ..
    ``produced_to``) lies in that year; a window across a new year is counted apart
    rather than split or guessed.
    """
    years: Counter[int] = Counter()
    spanning = 0
    for row in rows:
        first, last = year_of(row.get(PRODUCED_FROM)), year_of(row.get(PRODUCED_TO))
        if first is None:
            continue
        if last is None or last == first:
            years[first] += 1
        else:
            spanning += 1
    return sorted(years.items()), spanning


def _missing(
    key: str, label: str, columns: Sequence[str], needed: Iterable[str]
) -> Figure:
    absent = [c for c in needed if c not in columns]
    return Figure(
        key=key,
        label=label,
        value=NOT_AVAILABLE,
        source=f"needs the column(s) {', '.join(absent)}, which this run does not have",
        columns=tuple(needed),
        available=False,
    )


def teardown_figures(rows: Sequence[Row], columns: Collection[str]) -> list[Figure]:
    """The summary figures of a set of rows (one teardown, or several pooled)."""
    cols = list(columns)
    parts = [r for r in rows if is_part(r)]
    identified = [r for r in rows if is_identified(r)]
    status = Counter(str(r.get("status", "")) for r in rows)
    n_id = len(identified)
    figures = [
        Figure(key="rows_read", label="rows read", value=str(len(rows)), count=len(rows),
               source="every row of every input sheet, including titles, headers and blank rows",
               columns=("status",)),
        Figure(key="part_rows", label="part rows", value=str(len(parts)), count=len(parts),
               source="rows whose status is not skipped", columns=("status",)),
        Figure(key="identified", label="identified (matched)", value=str(n_id), count=n_id,
               source="rows with status matched and a maker", columns=("status", "manufacturer")),
        Figure(key="ambiguous", label="ambiguous", value=str(status["ambiguous"]),
               count=status["ambiguous"], source="rows with status ambiguous", columns=("status",)),
        Figure(key="unmatched", label="unmatched", value=str(status["unmatched"]),
               count=status["unmatched"], source="rows with status unmatched", columns=("status",)),
    ]  # fmt: skip
    coalition = sum(1 for r in identified if r.get("coalition_origin") == "yes")
    figures.append(
        Figure(
            key="coalition_share",
            label="of identified parts by makers headquartered in coalition countries",
            value=percent(coalition, n_id),
            count=coalition,
            of=n_id,
            source="identified rows whose coalition_origin is yes, of all identified rows",
            columns=("status", "manufacturer", "coalition_origin"),
        )
    )
    figures.append(_chpl_share(identified, cols))
    figures.append(_after_2022_share(parts, cols))
    figures.extend(_intermediary_figures(rows, cols))
    figures.extend(_reported_figures(rows, identified, cols))
    return figures


def _reported_figures(
    rows: Sequence[Row], identified: Sequence[Row], cols: Sequence[str]
) -> list[Figure]:
    """Parts already reported in other weapons, and attributions that differ from ours."""
    before = "of identified parts already reported in other weapons"
    differ = (
        "identified rows whose maker or country differs from a published attribution"
    )
    if not rp.has_column(cols):
        return [
            _missing("reported_before", before, cols, (rp.REPORTED_IN,)),
            _missing("disagreements", differ, cols, (rp.REPORTED_IN,)),
        ]
    reported = sum(1 for r in identified if rp.elsewhere(r))
    compared = [r for r in identified if rp.compared(r)]
    differing = sum(1 for r in compared if any(e.differs for e in rp.compared(r)))
    return [
        Figure(
            key="reported_before",
            label=before,
            value=percent(reported, len(identified)),
            count=reported,
            of=len(identified),
            source="identified rows whose reported_in names a record of the same part"
            " (same part number, base part or marking) in a weapon other than the row's own"
            " record's, of all identified rows",
            columns=("status", rp.REPORTED_IN),
        ),
        Figure(
            key="disagreements",
            label=differ,
            value=str(differing),
            count=differing,
            of=len(compared),
            source="identified rows whose own published record (else a record with the same"
            " part number) names a maker bomtrace's identification is not, or another"
            " headquarters country; of the identified rows that have such a record",
            columns=("status", "manufacturer", "manufacturer_country", rp.REPORTED_IN),
        ),
    ]


def _chpl_share(identified: Sequence[Row], cols: Sequence[str]) -> Figure:
    label = "of identified parts on a Common High Priority List tier"
    if CHPL_TIER not in cols:
        return _missing("chpl_share", label, cols, (CHPL_TIER,))
    # Rows whose HS heading is unknown cannot be placed on or off the list.
    pool = [r for r in identified if r.get(HS_CODE)] if HS_CODE in cols else identified
    on = sum(1 for r in pool if r.get(CHPL_TIER))
    basis = "identified rows with an hs_code" if HS_CODE in cols else "identified rows"
    if HS_CODE in cols:
        label = "of identified parts with a known HS heading are on a Common High Priority List tier"
    return Figure(
        key="chpl_share",
        label=label,
        value=percent(on, len(pool)),
        count=on,
        of=len(pool),
        source=f"{basis} whose chpl_tier is filled, of all {basis}",
        columns=tuple(c for c in (HS_CODE, CHPL_TIER) if c in cols),
    )


def _after_2022_share(parts: Sequence[Row], cols: Sequence[str]) -> Figure:
    label = "of dated parts made after the 2022 controls"
    if AFTER_2022 not in cols:
        return _missing("after_2022_share", label, cols, (AFTER_2022,))
    dated = [r for r in parts if r.get(AFTER_2022) in ("yes", "no")]
    after = sum(1 for r in dated if r.get(AFTER_2022) == "yes")
    return Figure(
        key="after_2022_share",
        label=label,
        value=percent(after, len(dated)),
        count=after,
        of=len(dated),
        source="part rows whose after_2022_controls is yes, of part rows where it is yes or no"
        " (undated and ambiguous date codes are left out)",
        columns=(AFTER_2022,),
    )


def _intermediary_figures(rows: Sequence[Row], cols: Sequence[str]) -> list[Figure]:
    label = "named intermediaries"
    sanctioned_label = "of them on a sanctions list"
    if INTERMEDIARIES not in cols:
        return [
            _missing("intermediaries", label, cols, (INTERMEDIARIES,)),
            _missing("sanctioned_intermediaries", sanctioned_label, cols, (SANCTIONED,)),
        ]  # fmt: skip
    names = named_parties(rows)
    figures = [
        Figure(
            key="intermediaries",
            label=label,
            value=str(len(names)),
            count=len(names),
            source="distinct senders and receivers of the linked shipments in the intermediaries column",
            columns=(INTERMEDIARIES,),
        )
    ]
    if SANCTIONED not in cols:
        figures.append(
            _missing("sanctioned_intermediaries", sanctioned_label, cols, (SANCTIONED,))
        )
        return figures
    hits = listed_parties(rows)
    confirmed = sum(1 for h in hits.values() if not h.possible)
    possible = len(hits) - confirmed
    figures.append(
        Figure(
            key="sanctioned_intermediaries",
            label=sanctioned_label
            + (f" ({possible} more possible, to be checked)" if possible else ""),
            value=str(confirmed),
            count=confirmed,
            of=len(names),
            source="distinct parties with a confirmed hit in the sanctioned_intermediaries column;"
            " hits marked POSSIBLE are counted apart, never as listed",
            columns=(INTERMEDIARIES, SANCTIONED),
        )
    )
    return figures


def by_key(figures: Iterable[Figure]) -> dict[str, Figure]:
    """Figures by their key, for templates."""
    return {f.key: f for f in figures}

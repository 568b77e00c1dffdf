"""The policy numbers of published records, with their basis (the aggregate's section #13).

Pure. Over the rows of the runs that are published records (GUR's portal listings
traced with ``bomtrace report aggregate --reported``, or sheets that cite each record's
page), it states: how many components were listed, how many bomtrace identified, the
share by maker headquarters country (bomtrace's, and the source's for the same rows and
for all rows), the top makers both ways, production years where date codes allow, and
the comparison with published headline figures (RUSI 2022) with every difference of
basis said plainly. The source's attributions are always labelled as its claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bomtrace.report import figures as fg
from bomtrace.report import reported as rp
from bomtrace.report.context import country_name

if TYPE_CHECKING:
    from bomtrace.catalog.records import PublishedFigure
    from bomtrace.report.aggregate import Teardown

TOP = 15
# Makers headquartered here are domestic to the war's aggressor; all others are foreign.
DOMESTIC = frozenset({"RU", "BY"})
UNKNOWN = frozenset({"", "UNK"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Listed:
    """A published-record row, its teardown and the source's own record of it."""

    teardown: Teardown
    row: fg.Row
    record: rp.Entry

    @property
    def identified(self) -> bool:
        return fg.is_identified(self.row)

    @property
    def our_country(self) -> str:
        return str(self.row.get("manufacturer_country") or "")

    @property
    def part(self) -> str:
        return str(self.row.get("mpn") or self.row.get("marking_normalised") or "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Share:
    """A country's rows three ways: ours (identified), the source's for them, the source's for all."""

    country: str
    ours: int
    theirs_same: int
    theirs_all: int
    of_ours: int
    of_all: int

    @property
    def ours_share(self) -> str:
        return fg.percent(self.ours, self.of_ours)

    @property
    def theirs_same_share(self) -> str:
        return fg.percent(self.theirs_same, self.of_ours)

    @property
    def theirs_all_share(self) -> str:
        return fg.percent(self.theirs_all, self.of_all)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """One published headline figure beside the same measure on these records."""

    measure: str
    stated: PublishedFigure | None
    ours_rows: str
    ours_distinct: str
    theirs_same: str
    theirs_all: str


def listed_rows(teardowns: Sequence[Teardown]) -> list[Listed]:
    """Every part row that is a copy of a published record, with that record."""
    found = []
    for t in teardowns:
        if not rp.has_column(t.run.columns):
            continue
        for row in t.run.rows:
            own = rp.own_records(row)
            if own and fg.is_part(row):
                found.append(Listed(teardown=t, row=row, record=own[0]))
    return found


def _known(country: str) -> str:
    return "" if country.upper() in UNKNOWN else country.upper()


def country_shares(listed: Sequence[Listed]) -> list[Share]:
    """Per headquarters country: ours over identified rows, the source's over the same and all."""
    identified = [x for x in listed if x.identified]
    ours = Counter(_known(x.our_country) for x in identified)
    same = Counter(_known(x.record.attributed_country) for x in identified)
    every = Counter(_known(x.record.attributed_country) for x in listed)
    shares = [
        Share(
            country=country_name(code) if code else "unknown",
            ours=ours[code],
            theirs_same=same[code],
            theirs_all=every[code],
            of_ours=len(identified),
            of_all=len(listed),
        )
        for code in {*ours, *same, *every}
    ]
    return sorted(shares, key=lambda s: (-s.ours, -s.theirs_all, s.country))


def top(items: Iterable[str], n: int = TOP) -> list[tuple[str, int]]:
    counted = Counter(i for i in items if i)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:n]


def _figure(figures: Sequence[PublishedFigure], measure: str) -> PublishedFigure | None:
    return next((f for f in figures if f.measure == measure), None)


def comparisons(
    listed: Sequence[Listed], stated: Sequence[PublishedFigure]
) -> list[Comparison]:
    """RUSI's headline figures beside the same measures on these records (rows, parts)."""
    identified = [x for x in listed if x.identified]

    def ours(keep: Callable[[Listed], bool]) -> list[Listed]:
        return [x for x in identified if keep(x)]

    def theirs(rows: Sequence[Listed], keep: Callable[[str], bool]) -> list[Listed]:
        return [x for x in rows if keep(_known(x.record.attributed_country))]

    def foreign(code: str) -> bool:
        return bool(code) and code not in DOMESTIC

    def us(code: str) -> bool:
        return code == "US"

    ours_foreign = ours(lambda x: foreign(_known(x.our_country)))
    ours_us = ours(lambda x: _known(x.our_country) == "US")
    same_foreign, all_foreign = theirs(identified, foreign), theirs(listed, foreign)
    same_us, all_us = theirs(identified, us), theirs(listed, us)

    def systems(rows: Sequence[Listed]) -> str:
        return str(len({x.teardown.id for x in rows}))

    def distinct(rows: Sequence[Listed]) -> str:
        return str(len({x.part for x in rows if x.part}))

    return [
        Comparison(measure="foreign components", stated=_figure(stated, "foreign_components"),
                   ours_rows=str(len(ours_foreign)), ours_distinct=distinct(ours_foreign),
                   theirs_same=str(len(same_foreign)), theirs_all=str(len(all_foreign))),
        Comparison(measure="weapon systems they were found in", stated=_figure(stated, "systems"),
                   ours_rows=systems(ours_foreign), ours_distinct="",
                   theirs_same=systems(same_foreign), theirs_all=systems(all_foreign)),
        Comparison(measure="of the foreign components, by US companies", stated=_figure(stated, "us_components"),
                   ours_rows=str(len(ours_us)), ours_distinct=distinct(ours_us),
                   theirs_same=str(len(same_us)), theirs_all=str(len(all_us))),
        Comparison(measure="US share of the foreign components", stated=None,
                   ours_rows=fg.percent(len(ours_us), len(ours_foreign)),
                   ours_distinct="", theirs_same=fg.percent(len(same_us), len(same_foreign)),
                   theirs_all=fg.percent(len(all_us), len(all_foreign))),
    ]  # fmt: skip


def policy_view(
    teardowns: Sequence[Teardown], stated: Sequence[PublishedFigure] = ()
) -> dict[str, Any]:
    """Everything the aggregate's published-records section shows."""
    listed = listed_rows(teardowns)
    if not listed:
        return {"available": False}
    identified = [x for x in listed if x.identified]
    years, spanning = fg.production_years(x.row for x in listed)
    us_share = None
    foreign, us = (
        _figure(stated, "foreign_components"),
        _figure(stated, "us_components"),
    )
    if foreign and us and foreign.value:
        us_share = fg.percent(us.value, foreign.value)
    disagreements = [
        d
        for x in listed
        for d in rp.disagreements(
            [x.row], label=f"{x.teardown.id} {x.teardown.run.label}"
        )
    ]
    return {
        "available": True,
        "components": len(listed),
        "weapons": len({x.teardown.id for x in listed}),
        "teardowns": sorted({x.teardown.id for x in listed}, key=lambda t: int(t[1:])),
        "publishers": sorted({x.record.source for x in listed}),
        "marked": sum(1 for x in listed if x.row.get("marking_normalised")),
        "identified": len(identified),
        "identified_share": fg.percent(len(identified), len(listed)),
        "ambiguous": sum(1 for x in listed if x.row.get("status") == "ambiguous"),
        "attributed": sum(1 for x in listed if rp.names_maker(x.record)),
        "attributed_identified": sum(1 for x in identified if rp.names_maker(x.record)),
        "shares": country_shares(listed),
        "our_makers": top(str(x.row.get("manufacturer") or "") for x in identified),
        "their_makers": top(x.record.attributed_maker for x in listed if rp.names_maker(x.record)),
        "years": years,
        "years_spanning": spanning,
        "dated": sum(n for _, n in years) + spanning,
        "comparisons": comparisons(listed, stated),
        "stated_us_share": us_share,
        "stated_sources": sorted({f.source for f in stated}),
        "disagreements": disagreements,
        "maker_disagreements": sum(1 for d in disagreements if d.entry.maker_agrees == "no"),
        "country_disagreements": sum(1 for d in disagreements if d.entry.country_agrees == "no"),
        "compared": sum(1 for x in identified if x.record.maker_agrees in ("yes", "no")),
        "record_files": sorted({x.record.record.rpartition(":")[0] for x in listed}),
    }  # fmt: skip

"""The policy report across teardowns: the same cuts over several runs, each figure
with the teardowns it comes from.

Pure. Runs are numbered T1, T2 ... in the order given. Every cut (per platform, per maker
country, per maker, per CHPL tier, per production year, per intermediary) counts rows of
the runs, and every line names the teardowns that contribute to it with their counts.
A figure that needs a column some runs lack is computed over the runs that have it, and
says which ones were left out; when none has it, it is "not available".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bomtrace.export.run_document import RunDocument
from bomtrace.report import figures as fg
from bomtrace.report import reported as rp
from bomtrace.report.chains import intermediary_chains
from bomtrace.report.context import country_name
from bomtrace.report.notices import illustrative_notices
from bomtrace.report.policy import policy_view

if TYPE_CHECKING:
    from bomtrace.catalog.records import PublishedFigure

TOP_MAKERS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Teardown:
    """A run as the aggregate numbers it (T1, T2 ...)."""

    id: str
    run: RunDocument
    illustrative: tuple[str, ...]
    # Part rows that are copies of published records (they cite the record's page).
    published: int = 0

    def has(self, *columns: str) -> bool:
        return all(c in self.run.columns for c in columns)


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One line of a cut: a label, its count and share, and the teardowns behind it."""

    label: str
    count: int
    share: str
    by_teardown: tuple[tuple[str, int], ...]
    extra: tuple[str, ...] = ()

    @property
    def teardowns(self) -> str:
        return " · ".join(f"{t}: {n}" for t, n in self.by_teardown)


def number_runs(runs: Sequence[RunDocument]) -> list[Teardown]:
    """T1, T2 ... in the order given, with the illustrative notices each run carries."""
    return [
        Teardown(
            id=f"T{i}",
            run=run,
            illustrative=tuple(n.text for n in illustrative_notices(run.rows)),
            published=sum(1 for r in run.rows if rp.is_published(r))
            if rp.has_column(run.columns)
            else 0,
        )
        for i, run in enumerate(runs, start=1)
    ]


def cut(
    teardowns: Sequence[Teardown],
    keep: Callable[[fg.Row], bool],
    key: Callable[[fg.Row], str],
    *,
    empty: str = "not given",
) -> list[Line]:
    """Counts the kept rows of every teardown per key; lines by count, then label."""
    per: dict[str, Counter[str]] = {}
    for t in teardowns:
        for row in t.run.rows:
            if keep(row):
                per.setdefault(key(row) or empty, Counter())[t.id] += 1
    total = sum(sum(c.values()) for c in per.values())
    lines = [
        Line(
            label=label,
            count=sum(counts.values()),
            share=fg.percent(sum(counts.values()), total),
            by_teardown=tuple((t.id, counts[t.id]) for t in teardowns if counts[t.id]),
        )
        for label, counts in per.items()
    ]
    return sorted(lines, key=lambda line: (-line.count, line.label))


def pooled_figures(teardowns: Sequence[Teardown]) -> list[dict[str, Any]]:
    """The teardown figures over all runs, each over the runs that have its columns."""
    each = {
        t.id: fg.by_key(fg.teardown_figures(t.run.rows, t.run.columns))
        for t in teardowns
    }
    keys = [f.key for f in fg.teardown_figures([], ())]
    pooled = []
    for key in keys:
        having = [t for t in teardowns if each[t.id][key].available]
        rows = [r for t in having for r in t.run.rows]
        columns = sorted({c for t in having for c in t.run.columns})
        if having:
            figure = fg.by_key(fg.teardown_figures(rows, columns))[key]
        else:
            missing = fg.by_key(fg.teardown_figures([], ()))[key]
            figure = fg.Figure(
                key=key,
                label=missing.label,
                value=fg.NOT_AVAILABLE_IN_RUNS,
                source=f"needs the column(s) {', '.join(missing.columns)}, which none of these runs has",
                columns=missing.columns,
                available=False,
            )
        pooled.append(
            {
                "figure": figure,
                "teardowns": [t.id for t in having],
                "left_out": [t.id for t in teardowns if t not in having],
            }
        )
    return pooled


def platform_lines(teardowns: Sequence[Teardown]) -> list[dict[str, Any]]:
    """Per platform: its teardowns and the headline figures over their rows."""
    platforms: dict[str, list[Teardown]] = {}
    for t in teardowns:
        platforms.setdefault(t.run.label, []).append(t)
    lines = []
    for platform, group in sorted(platforms.items(), key=lambda p: p[0].casefold()):
        figures = {f["figure"].key: f for f in pooled_figures(group)}
        lines.append({"platform": platform, "teardowns": [t.id for t in group],
                      "figures": figures})  # fmt: skip
    return lines


def chpl_lines(teardowns: Sequence[Teardown]) -> list[Line] | None:
    """Identified parts per CHPL tier (runs with the column only), or None."""
    having = [t for t in teardowns if t.has(fg.CHPL_TIER)]
    if not having:
        return None

    def tier(row: fg.Row) -> str:
        if row.get(fg.CHPL_TIER):
            return f"tier {row[fg.CHPL_TIER]}"
        if fg.HS_CODE in row and not row.get(fg.HS_CODE):
            return "HS heading unknown"
        return "not on the list"

    return cut(having, fg.is_identified, tier)


def year_lines(teardowns: Sequence[Teardown]) -> dict[str, Any]:
    """Part rows per production year over the runs that decoded date codes."""
    having = [t for t in teardowns if t.has(fg.PRODUCED_FROM)]
    if not having:
        return {"available": False, "teardowns": [], "years": [], "lines": []}
    per_year: dict[int, Counter[str]] = {}
    spanning = 0
    for t in having:
        years, spans = fg.production_years(r for r in t.run.rows if fg.is_part(r))
        spanning += spans
        for year, n in years:
            per_year.setdefault(year, Counter())[t.id] += n
    total = sum(sum(c.values()) for c in per_year.values())
    lines = [
        Line(
            label=str(year),
            count=sum(c.values()),
            share=fg.percent(sum(c.values()), total),
            by_teardown=tuple((t.id, c[t.id]) for t in having if c[t.id]),
        )
        for year, c in sorted(per_year.items())
    ]
    return {
        "available": True,
        "teardowns": [t.id for t in having],
        "left_out": [t.id for t in teardowns if t not in having],
        "years": [(int(line.label), line.count) for line in lines],
        "lines": lines,
        "spanning": spanning,
    }


def intermediary_lines(teardowns: Sequence[Teardown]) -> dict[str, Any]:
    """Intermediaries named in the runs, with sanctions status and the teardowns naming them."""
    having = [t for t in teardowns if t.has(fg.INTERMEDIARIES)]
    if not having:
        return {"available": False, "chains": [], "teardowns": []}
    label_of = {id(r): f"{t.run.label} ({t.id})" for t in having for r in t.run.rows}
    rows = [r for t in having for r in t.run.rows]
    chains = intermediary_chains(rows, lambda r: label_of.get(id(r), ""))
    return {
        "available": True,
        "chains": chains,
        "teardowns": [t.id for t in having],
        "left_out": [t.id for t in teardowns if t not in having],
        "platform_of": {t.id: t.run.label for t in having},
    }


def build_aggregate(
    runs: Sequence[RunDocument],
    *,
    made_at: str,
    notes: Sequence[str] = (),
    stated: Sequence[PublishedFigure] = (),
    control_lines: Sequence[tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """Everything the aggregate template shows, computed from the runs' rows.

    ``stated``: published headline figures to compare the published records with;
    ``control_lines``: the control dates drawn on the year chart (label, date, source).
    """
    teardowns = number_runs(runs)
    figures = pooled_figures(teardowns)
    makers = cut(teardowns, fg.is_identified, lambda r: str(r["manufacturer"]))
    return {
        "made_at": made_at,
        "teardowns": teardowns,
        "notes": list(notes),
        "illustrative": [t for t in teardowns if t.illustrative],
        "published": [t for t in teardowns if t.published],
        "policy": policy_view(teardowns, stated),
        "figures": figures,
        "fig": {f["figure"].key: f for f in figures},
        "platforms": platform_lines(teardowns),
        "countries": cut(
            teardowns,
            fg.is_identified,
            lambda r: country_name(str(r.get("manufacturer_country") or "")),
            empty="unknown",
        ),
        "makers": makers[:TOP_MAKERS],
        "other_makers": makers[TOP_MAKERS:],
        "chpl": chpl_lines(teardowns),
        "chpl_teardowns": [t.id for t in teardowns if t.has(fg.CHPL_TIER)],
        "year": year_lines(teardowns),
        "control_lines": tuple(control_lines),
        "intermediaries": intermediary_lines(teardowns),
        "not_available": fg.NOT_AVAILABLE_IN_RUNS,
    }

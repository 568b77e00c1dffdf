"""The reports across runs, as files: what ``bomtrace report aggregate`` and ``bomtrace
report manufacturer`` write.

Beside ``bomtrace.api``, above ``bomtrace.report``: the policy report may trace the
catalogs' reported components (``bomtrace.trace_reported``) as runs of its own.

I/O at the edge: reads the run files (and the maker's lot ledger and the catalogs),
lets the pure view models compute every figure, renders and writes. The one date a
report states is ``made_at`` (default: now, or SOURCE_DATE_EPOCH); the same inputs and
date give byte-identical HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bomtrace.catalog import Catalog, load_catalogs
from bomtrace.errors import ReportInputError
from bomtrace.export.run_document import run_of
from bomtrace.export.xlsx_tables import write_tables
from bomtrace.report.aggregate import build_aggregate
from bomtrace.report.lot_ledger import read_lot_ledger
from bomtrace.report.manufacturer import build_manufacturer, manufacturer_tables
from bomtrace.report.render import render_page, write_html
from bomtrace.report.run_files import read_runs
from bomtrace.report.sources import control_lines
from bomtrace.reported_runs import trace_reported
from bomtrace.result import run_timestamp

AGGREGATE_NAME = "aggregate"


def slug(name: str) -> str:
    """'Analog Devices' -> 'analog-devices' (a file-name stem)."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "maker"


def render_aggregate(
    runs: Sequence[str | Path],
    *,
    made_at: str = "",
    reported: bool = False,
    catalog: Catalog | None = None,
    extra_catalogs: Sequence[str | Path] = (),
) -> str:
    """The policy report across the runs (JSON files or folders of them) as HTML.

    ``reported``: add a run per weapon of the catalogs' reported components (GUR's
    portal listings), traced as ``bomtrace.trace_reported`` does.
    """
    if not runs and not reported:
        raise ReportInputError(
            "no runs to report on",
            remedy="Give the .json files bomtrace trace wrote, or the reported components",
        )
    documents, notes = read_runs(runs) if runs else ([], [])
    made_at = made_at or run_timestamp()
    # The catalogs give the control dates on the year chart (and what reported needs).
    catalog = catalog or load_catalogs(None, extra_catalogs)
    if reported:
        documents += [
            run_of(
                r.document(), f"{r.info.inputs[0].name} ({r.info.inputs[0].selection})"
            )
            for r in trace_reported(catalog=catalog, run_at=made_at)
        ]
    view = build_aggregate(
        documents,
        made_at=made_at,
        notes=notes,
        stated=catalog.published_figures,
        control_lines=control_lines(catalog),
    )
    return render_page("aggregate.html.j2", view)


def write_aggregate_report(
    runs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    made_at: str = "",
    name: str = AGGREGATE_NAME,
    reported: bool = False,
    catalog: Catalog | None = None,
    extra_catalogs: Sequence[str | Path] = (),
) -> list[Path]:
    """Writes ``DIR/<name>.html`` (default ``aggregate.html``) over the runs."""
    stem = re.sub(r"[^\w.-]+", "-", name).strip("-.") or AGGREGATE_NAME
    target = Path(out_dir) / f"{stem}.html"
    html = render_aggregate(
        runs,
        made_at=made_at,
        reported=reported,
        catalog=catalog,
        extra_catalogs=extra_catalogs,
    )
    return [write_html(html, target)]


def write_manufacturer_report(
    maker: str,
    runs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    lots: str | Path | None = None,
    catalog: Catalog | None = None,
    extra_catalogs: Sequence[str | Path] = (),
    made_at: str = "",
) -> list[Path]:
    """Writes ``DIR/manufacturer_<maker>.html`` and ``.xlsx``; returns the paths written."""
    documents, notes = read_runs(runs)
    ledger = read_lot_ledger(lots) if lots else None
    view = build_manufacturer(
        maker,
        documents,
        catalog or load_catalogs(None, extra_catalogs),
        made_at=made_at or run_timestamp(),
        ledger=ledger,
        notes=notes,
    )
    stem = Path(out_dir) / f"manufacturer_{slug(view['maker'])}"
    html = write_html(
        render_page("manufacturer.html.j2", view), stem.with_suffix(".html")
    )
    xlsx = write_tables(manufacturer_tables(view), stem.with_suffix(".xlsx"))
    return [html, xlsx]

"""The reported-components catalog traced as runs: one per weapon, one row per record.

Library API beside ``trace``. GUR's portal lists the components of each weapon it
examined; ``trace_reported`` turns every weapon of the loaded reported catalogs into a
run, as if its listing were a teardown sheet: each record's "name / marking" text is the
row's marking, identified by the same matcher as any sheet (never from GUR's maker),
with the production window its date codes allow and its ``reported_in`` (the record
itself first, with GUR's attribution, then the same part in other weapons). The reports
across teardowns read these runs like any others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from bomtrace.api import Origins, identify_row, reported_catalog, with_provenance
from bomtrace.catalog import Catalog, CatalogIndex, load_catalogs
from bomtrace.catalog.records import CatalogFile, ReportedComponent
from bomtrace.errors import ReportInputError
from bomtrace.match import Matcher
from bomtrace.model import InputRow, RowKind, SourceRef
from bomtrace.provenance.chain import ChainBuilder
from bomtrace.result import InputInfo, RunInfo, TraceResult, run_timestamp
from bomtrace.version import __version__


def weapons_of(catalog: Catalog) -> dict[str, list[ReportedComponent]]:
    """The reported records by weapon (portal slug), weapons in name order."""
    found: dict[str, list[ReportedComponent]] = {}
    for record in catalog.reported:
        for weapon in record.weapons:
            found.setdefault(weapon, []).append(record)
    return dict(sorted(found.items()))


def record_row(record: ReportedComponent, weapon: str) -> InputRow:
    """A record as a sheet row: its text as the marking, its page as an extra cell.

    The publisher's maker and country are left out of the row on purpose: the row is
    identified from its text alone, and the attribution travels in ``reported_in``.
    """
    return InputRow(
        ref=SourceRef(file=record.ref.file, sheet=weapon, row=record.ref.line),
        kind=RowKind.PART,
        values={"marking": record.text, "extra": f"source_url: {record.url}"},
    )


def trace_reported(
    *,
    catalog: Catalog | None = None,
    catalog_dir: str | Path | None = None,
    extra_catalogs: Sequence[str | Path] = (),
    weapons: Sequence[str] = (),
    run_at: str = "",
) -> list[TraceResult]:
    """Traces the reported components of every weapon (or of ``weapons``), one run each."""
    catalog = catalog or load_catalogs(catalog_dir, extra_catalogs)
    listed = weapons_of(catalog)
    if not listed:
        raise ReportInputError(
            "the catalogs hold no reported components",
            remedy="Give a file in the portal's layout (name_marking, manufacturer, weapons,"
            " source_url) as a catalog",
        )
    unknown = [w for w in weapons if w not in listed]
    if unknown:
        raise ReportInputError(
            f"no reported components name the weapon(s) {', '.join(unknown)}",
            remedy="Use the weapons column's values (portal slugs)",
        )
    matcher = Matcher(CatalogIndex(catalog))
    reported = reported_catalog(catalog, matcher)
    run_at = run_at or run_timestamp()
    chains = ChainBuilder(catalog, today=dt.date.fromisoformat(run_at[:10]))
    files = {f.name: f for f in catalog.files}
    origins = Origins(catalog)
    results = []
    for weapon, records in listed.items():
        if weapons and weapon not in weapons:
            continue
        outcomes = [
            with_provenance(
                identify_row(record_row(r, weapon), matcher, origins),
                chains,
                reported,
            )
            for r in records
        ]
        info = RunInfo(
            tool_version=__version__,
            run_at=run_at,
            name=weapon,
            platform=weapon,
            inputs=tuple(
                _input(files.get(name), name, weapon)
                for name in dict.fromkeys(r.ref.file for r in records)
            ),
            catalogs=catalog.files,
            catalog_dir=catalog.directory,
        )
        results.append(
            TraceResult(outcomes=outcomes, problems=[], info=info, catalog=catalog)
        )
    return results


def _input(file: CatalogFile | None, name: str, weapon: str) -> InputInfo:
    return InputInfo(
        path=name,
        name=name,
        sha256=file.sha256 if file else "",
        kind="reported components",
        selection=f"weapons: {weapon}",
    )

"""Writing a run as files: which writer makes each output format.

I/O at the edge, beside ``bomtrace.api``. ``write_outputs`` writes the requested formats
side by side as ``DIR/<name>.<format>``: the row-contract files (CSV, XLSX, the JSON run
document) and the FollowTheMoney entities through ``bomtrace.export``, the HTML report
through ``bomtrace.report``. Every file is written to a temporary name and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bomtrace._gc_pause import paused_gc
from bomtrace.export.cells import excel_text, neutralise_text
from bomtrace.export.csv_file import write_csv
from bomtrace.export.ftm_file import write_ftm
from bomtrace.export.run_document import write_json
from bomtrace.export.table import OutputRows
from bomtrace.export.xlsx_file import write_xlsx
from bomtrace.report import write_report
from bomtrace.result import TraceResult

FORMATS = ("html", "csv", "xlsx", "json")
# Written only when asked for (``--format ftm``): the chain as FollowTheMoney entities.
EXTRA_FORMATS = ("ftm",)


def run_facts(result: TraceResult) -> list[tuple[str, str]]:
    """The run's metadata as label/value pairs (the XLSX 'run' sheet)."""
    info = result.info
    facts = [
        ("tool", f"bomtrace {info.tool_version}"),
        ("run at", info.run_at),
        ("platform", info.platform),
        ("rows", result.counts.line()),
    ]
    facts += [
        (
            f"input {i.name}",
            f"sha256 {i.sha256}" if i.sha256 else f"not read: {i.error}",
        )
        for i in info.inputs
    ]
    facts += [
        (f"catalog {c.name}", f"{c.rows} rows, sha256 {c.sha256}")
        for c in info.catalogs
    ]
    facts += [(f"{p.severity.value}", str(p)) for p in result.problems]
    return facts


@paused_gc()
def write_outputs(
    result: TraceResult,
    out_dir: str | Path,
    *,
    formats: Sequence[str] = FORMATS,
    name: str = "",
) -> list[Path]:
    """Writes the run in each requested format to ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = name or result.info.name
    written: list[Path] = []
    for fmt in formats:
        target = out / f"{stem}.{fmt}"
        # Each writer streams the rows, so no format holds them all at once.
        if fmt == "csv":
            lines = OutputRows(neutralise_text).csv_lines(result.outcomes)
            written.append(write_csv(lines, target))
        elif fmt == "xlsx":
            rows = OutputRows(excel_text).rows(result.outcomes)
            written.append(write_xlsx(rows, target, run_facts(result)))
        elif fmt == "json":
            document = result.document(rows=False)
            written.append(write_json(document, target, rows=result.iter_records()))
        elif fmt == "ftm":
            written.append(write_ftm(result, out / f"{stem}.ftm.json"))
        elif fmt == "html":
            written.append(write_report(result, target))
        else:
            raise ValueError(
                f"unknown format {fmt!r}; use {', '.join(FORMATS + EXTRA_FORMATS)}"
            )
    return written

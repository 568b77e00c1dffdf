"""The command line: a thin typer shell over the library API.

Turns options into API arguments, shows progress, prints one line per input problem and
the reconciliation line, and chooses the exit code: 0 when every input was read, 2 when
an input or sheet could not be used (the others are still processed), 1 when bomtrace
itself cannot run (a broken catalog). No business rule lives here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bomtrace.api import trace
from bomtrace.catalog import Catalog, check_catalog, load_catalogs
from bomtrace.catalog.cache import DEFAULT_CACHE
from bomtrace.catalog.load import catalog_index_status
from bomtrace.catalog.schema import warning_topics
from bomtrace.errors import BomtraceError, CatalogError
from bomtrace.ingest import DEFAULT_LIMITS, Limits
from bomtrace.ingest.sanctions import layouts_named
from bomtrace.model import Problem, Severity
from bomtrace.outputs import EXTRA_FORMATS, FORMATS, write_outputs
from bomtrace.publish import write_aggregate_report, write_manufacturer_report
from bomtrace.remedies import Setting, Wording
from bomtrace.version import __version__

app = typer.Typer(
    name="bomtrace",
    help="Trace where the electronics in recovered drones came from.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(
    help="Inspect and validate the reference catalogs.", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")
report_app = typer.Typer(
    help="Reports across runs, from the JSON files bomtrace trace writes.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")
trade_app = typer.Typer(
    help="Trade records at archive scale: a Parquet store, linking on DuckDB or Spark.",
    no_args_is_help=True,
)
app.add_typer(trade_app, name="trade")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_INPUT = 2
EXIT_FAILURE = 1


def _version(value: bool) -> None:
    if value:
        out.print(f"bomtrace {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Trace where the electronics in recovered drones came from."""


_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _printable(text: str) -> str:
    """Control characters from file names and cells shown escaped: one line, no
    terminal escape sequences."""
    return text.translate(_CONTROLS)


# The CLI's words for the settings the library's remedies name: its options, and,
# where the fix is another command, the whole sentence (bomtrace.remedies).
OPTIONS = {
    Setting.MAX_ROWS: "--max-rows",
    Setting.MAX_CELLS: "--max-cells",
    Setting.MAX_UNZIPPED_MB: "--max-unzipped-mb",
    Setting.COLUMNS: "--columns",
    Setting.TRADE_COLUMNS: "--trade-columns",
    Setting.RECOVERED: "--recovered",
    Setting.EXTRA_CATALOGS: "--catalog",
    Setting.DECISIONS: "--decisions",
    Setting.TRADE: "--trade",
    Setting.LINKS: "--links",
    Setting.STORE: "--store",
    Setting.SPARK_MASTER: "--spark-master",
    Setting.FORMATS: "--format",
    Setting.MAX_UPLOAD_MB: "--max-upload-mb",
}
CLI_WORDS = Wording(
    name=lambda setting, value: f"{OPTIONS[setting]} {value}".rstrip(),
    sentences={
        Setting.LINKS: lambda _: "Give the folder bomtrace trade link wrote (--out)",
        Setting.STORE: lambda phrase: (
            f"Make one with: bomtrace trade import FILE... --store {phrase.value}"
        ),
        Setting.FORMATS: lambda phrase: (
            f"Give the .json file that bomtrace trace wrote (--format {phrase.value})"
        ),
    },
)


def _print_problems(problems: list[Problem]) -> None:
    """One line per input problem: 'error: file, sheet "S": message. Remedy'."""
    for problem in problems:
        line = _printable(problem.text(CLI_WORDS))
        err.print(f"{problem.severity.value}: {line}", markup=False)


@contextlib.contextmanager
def _exits_on_errors(writing: str = "") -> Iterator[None]:
    """One line and the exit code for a library error: 1 for broken catalogs (and, when
    ``writing``, an output that cannot be written), 2 for an input that cannot be used;
    never a traceback, and no terminal control characters from file names or cells."""
    try:
        yield
    except CatalogError as exc:
        err.print(f"error: {_printable(exc.text(CLI_WORDS))}", markup=False)
        raise typer.Exit(EXIT_FAILURE) from None
    except BomtraceError as exc:
        err.print(f"error: {_printable(exc.text(CLI_WORDS))}", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        if not writing:
            raise
        err.print(
            f"error: cannot write {writing}: {_printable(str(exc))}", markup=False
        )
        raise typer.Exit(EXIT_FAILURE) from None


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS + EXTRA_FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS + EXTRA_FORMATS)}"
        )
    return chosen


@app.command("trace")
def trace_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Teardown sheets: .xlsx, .xlsm, .csv or .tsv.", show_default=False
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the outputs.")
    ] = Path("reports"),
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated: html,csv,xlsx,json, and ftm (FollowTheMoney JSON lines).",
        ),
    ] = ",".join(FORMATS),
    name: Annotated[
        str, typer.Option(help="Output file stem (default: the first input's stem).")
    ] = "",
    platform: Annotated[
        str, typer.Option(help='The weapon the parts came from, e.g. "Orlan-10".')
    ] = "",
    columns: Annotated[
        str,
        typer.Option(
            help="Column mapping when detection is wrong: marking=B,manufacturer=C (or a mapping file)."
        ),
    ] = "",
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An extra catalog file or folder (repeatable)."),
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions", help="Reviewers' decisions file, applied before matching."
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print only problems and the summary line."),
    ] = False,
    trade: Annotated[
        list[Path] | None,
        typer.Option(
            "--trade",
            help="Trade records: a customs declaration export (CSV, XLSX or Parquet) or a store folder (repeatable).",
        ),
    ] = None,
    links: Annotated[
        list[Path] | None,
        typer.Option(
            "--links",
            help="A folder bomtrace trade link wrote: shipments already linked (repeatable).",
        ),
    ] = None,
    trade_columns: Annotated[
        str,
        typer.Option(
            "--trade-columns",
            help="Column mapping for trade files, e.g. sender=B,receiver=D,goods_description=F,header=3, or a mapping file.",
        ),
    ] = "",
    sanctions: Annotated[
        list[Path] | None,
        typer.Option(
            "--sanctions",
            help=f"Sanctions list: {layouts_named()} (repeatable).",
        ),
    ] = None,
    recovered: Annotated[
        str,
        typer.Option(help="When the weapon was recovered, YYYY-MM-DD."),
    ] = "",
    max_rows: Annotated[
        int, typer.Option(min=1, help="Rows read per sheet; later rows are reported.")
    ] = DEFAULT_LIMITS.max_rows,
    max_cells: Annotated[
        int, typer.Option(min=1, help="Cells scanned per sheet, blank ones included.")
    ] = DEFAULT_LIMITS.max_cells,
    max_unzipped_mb: Annotated[
        int,
        typer.Option(
            min=1, help="Unpacked size of a workbook (or size of a CSV), MiB."
        ),
    ] = DEFAULT_LIMITS.max_unzipped_mb,
    no_catalog_index: Annotated[
        bool,
        typer.Option(
            "--no-catalog-index",
            help="Read large --catalog files into memory instead of indexing them once in the cache folder.",
        ),
    ] = False,
) -> None:
    """Identify every part in teardown sheets and write the report and enriched tables."""
    chosen = _formats(formats)
    limits = Limits(
        max_rows=max_rows, max_cells=max_cells, max_unzipped_mb=max_unzipped_mb
    )
    with _exits_on_errors(writing="the outputs"):
        with Progress(
            TextColumn("tracing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=quiet,
        ) as bar:
            task = bar.add_task("rows", total=None)
            result = trace(
                inputs,
                columns=columns or None,
                platform=platform,
                name=name,
                extra_catalogs=catalog or (),
                catalog_cache=None if no_catalog_index else DEFAULT_CACHE,
                decisions=decisions,
                trade=trade or (),
                trade_columns=trade_columns or None,
                sanctions=sanctions or (),
                recovered=recovered or None,
                limits=limits,
                links=links or (),
                progress=lambda done, total: bar.update(
                    task, completed=done, total=total
                ),
            )
        # The report and the run file say what fixes a problem in the CLI's words.
        result = replace(
            result, problems=[p.worded(CLI_WORDS) for p in result.problems]
        )
        written = write_outputs(result, out_dir, formats=chosen, name=name)
    if result.catalog.store_note and not quiet:
        err.print(f"note: {_printable(result.catalog.store_note)}", markup=False)
    _print_problems(result.problems)
    out.print(result.counts.line(), markup=False)
    if not quiet:
        for path in written:
            out.print(f"wrote {_printable(str(path))}", markup=False)
    if result.has_errors:
        raise typer.Exit(EXIT_INPUT)


CatalogFolder = Annotated[
    Path | None,
    typer.Argument(help="Catalog folder (default: the shipped catalogs)."),
]
ExtraCatalogs = Annotated[
    list[Path] | None,
    typer.Option("--catalog", help="Extra catalog file or folder."),
]


def _load_or_exit(path: Path | None, extra: list[Path] | None) -> Catalog:
    """Loads the catalogs, or prints the one-line error and exits 1."""
    with _exits_on_errors():
        return load_catalogs(path, extra or ())


@catalog_app.command("check")
def catalog_check(path: CatalogFolder = None, catalog: ExtraCatalogs = None) -> None:
    """Validate catalogs: columns, sources, duplicates, unknown makers, country and HS codes."""
    loaded = _load_or_exit(path, catalog)
    findings = check_catalog(loaded)
    errors = [f for f in findings if f.error]
    for finding in errors:
        err.print(str(finding), markup=False)
    out.print(
        f"{len(loaded.files)} catalog files, {len(errors)} errors, "
        f"{len(findings) - len(errors)} warnings{warning_topics(findings)}",
        markup=False,
    )
    if errors:
        raise typer.Exit(EXIT_FAILURE)


@catalog_app.command("stats")
def catalog_stats(path: CatalogFolder = None, catalog: ExtraCatalogs = None) -> None:
    """Print how many makers, parts, families, distributors and list entries the catalogs hold."""
    try:
        status = catalog_index_status(path, catalog or ())
    except CatalogError as exc:
        err.print(f"error: {exc.text(CLI_WORDS)}", markup=False)
        raise typer.Exit(EXIT_FAILURE) from None
    loaded = _load_or_exit(path, catalog)
    out.print(f"catalog folder: {loaded.directory}", markup=False)
    for file in loaded.files:
        out.print(
            f"  {file.name:<32} {file.kind:<15} {file.rows:>6} rows", markup=False
        )
    countries = {m.hq_country for m in loaded.makers.values() if m.hq_country}
    out.print(
        f"{len(loaded.makers)} makers in {len(countries)} countries, {len(loaded.parts)} parts, "
        f"{len(loaded.second_sources)} second-source families, {len(loaded.distributors)} distributors, "
        f"{sum(1 for c in loaded.coalition.values() if c.member)} coalition countries, "
        f"{len(loaded.chpl)} CHPL codes",
        markup=False,
    )
    if status is None:
        out.print(
            "catalog index: none (no --catalog parts files large enough to need one)",
            markup=False,
        )
    else:
        out.print(f"catalog index: {status.describe()}", markup=False)
    if loaded.store_note:
        out.print(f"  {loaded.store_note}", markup=False)


RunsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="JSON run files written by bomtrace trace, or folders holding them.",
        show_default=False,
    ),
]


def _report_written(make: Callable[[], list[Path]]) -> None:
    with _exits_on_errors():
        written = make()
    for path in written:
        out.print(f"wrote {path}", markup=False)


@report_app.command("aggregate")
def report_aggregate(
    runs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="JSON run files written by bomtrace trace, or folders holding them.",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the report.")
    ] = Path("reports"),
    reported: Annotated[
        bool,
        typer.Option(
            "--reported",
            help="Add a run per weapon of the reported components (GUR's portal listings).",
        ),
    ] = False,
    name: Annotated[
        str, typer.Option(help="Report file stem (default: aggregate).")
    ] = "aggregate",
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An extra catalog file or folder (repeatable)."),
    ] = None,
) -> None:
    """The policy report across teardowns: the same cuts over several runs."""
    if not runs and not reported:
        err.print(
            "error: no run files given. Give the .json files bomtrace trace wrote,"
            " or --reported for the reported components",
            markup=False,
        )
        raise typer.Exit(EXIT_INPUT)
    _report_written(
        lambda: write_aggregate_report(
            runs or [],
            out_dir,
            name=name,
            reported=reported,
            extra_catalogs=catalog or (),
        )
    )


@report_app.command("manufacturer")
def report_manufacturer(
    maker: Annotated[
        str, typer.Argument(help='The maker, e.g. "Analog Devices" (aliases work).')
    ],
    runs: RunsArgument,
    lots: Annotated[
        Path | None,
        typer.Option(
            "--lots", help="The maker's lot ledger (lot or date code -> first buyer)."
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the HTML and XLSX.")
    ] = Path("reports"),
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An extra catalog file or folder (repeatable)."),
    ] = None,
) -> None:
    """Every appearance of a maker's parts (and its acquired brands') across runs."""
    _report_written(
        lambda: write_manufacturer_report(
            maker, runs, out_dir, lots=lots, extra_catalogs=catalog or ()
        )
    )


@trade_app.command("import")
def trade_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Customs declaration files: CSV, XLSX or Parquet.", show_default=False
        ),
    ],
    store: Annotated[
        Path,
        typer.Option("--store", help="The store folder (made when new or empty)."),
    ],
    trade_columns: Annotated[
        str,
        typer.Option(
            "--trade-columns",
            help="Column mapping for layouts whose headers are not recognised (or a mapping file).",
        ),
    ] = "",
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An extra catalog file or folder (repeatable)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems and the summary.")
    ] = False,
) -> None:
    """Read declaration files into a partitioned Parquet store, streaming."""
    from bomtrace.trade.api import import_trade

    with (
        _exits_on_errors(),
        Progress(
            TextColumn("importing {task.description}"),
            TextColumn("{task.completed:,} records"),
            console=err,
            transient=True,
            disable=quiet,
        ) as bar,
    ):
        task = bar.add_task("", total=None)
        result = import_trade(
            files,
            store,
            extra_catalogs=catalog or (),
            columns=trade_columns or None,
            progress=lambda name, done: bar.update(
                task, description=name, completed=done
            ),
        )
    _print_problems(result.problems)
    added = sum(f.rows for f in result.added)
    out.print(
        f"{added:,} records from {len(result.added)} file(s) added;"
        f" {_printable(result.store.describe())}",
        markup=False,
    )
    if any(p.severity is Severity.ERROR for p in result.problems):
        raise typer.Exit(EXIT_INPUT)


@trade_app.command("link")
def trade_link(
    runs: RunsArgument,
    trade: Annotated[
        list[Path],
        typer.Option(
            "--trade",
            help="A store folder (bomtrace trade import) or a declaration file (repeatable).",
        ),
    ],
    out_dir: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for links.parquet and links.csv."),
    ] = Path("links"),
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (embedded) or spark.")
    ] = "duckdb",
    spark_master: Annotated[
        str,
        typer.Option(
            "--spark-master",
            help="Spark master URL: local[2] (default), spark://host:7077, yarn, k8s://...",
        ),
    ] = "",
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An extra catalog file or folder (repeatable)."),
    ] = None,
) -> None:
    """Link the matched rows of runs to trade records; write links as Parquet and CSV."""
    from bomtrace.trade.api import link_runs

    with _exits_on_errors(writing="the links"):
        result = link_runs(
            runs,
            trade,
            out_dir,
            engine=engine,
            spark_master=spark_master or None,
            extra_catalogs=catalog or (),
        )
    _print_problems(result.problems)
    out.print(
        f"{len(result.asked)} matched rows in {len(result.runs)} run(s),"
        f" {result.rows_linked} linked to shipments",
        markup=False,
    )
    for path in result.written:
        out.print(f"wrote {_printable(str(path))}", markup=False)
    if any(p.severity is Severity.ERROR for p in result.problems):
        raise typer.Exit(EXIT_INPUT)


# The web app's commands live with it; they import its packages only when they run.
from bomtrace.web.commands import serve_command, users_app  # noqa: E402

app.command("serve")(serve_command)
app.add_typer(users_app, name="users")

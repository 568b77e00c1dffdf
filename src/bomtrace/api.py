"""The library API: ``trace(inputs)`` -> a ``TraceResult`` a notebook or the CLI can use.

Orchestrates the stages (ingest -> normalise/match -> provenance) and collects input
problems instead of stopping at the first one. Never prints and never exits: the CLI
decides what to show and which exit code to return. What a run produced is a
``bomtrace.result.TraceResult``; ``bomtrace.outputs.write_outputs`` writes it as files.

    >>> import bomtrace
    >>> result = bomtrace.trace(["teardown.xlsx"], platform="Orlan-10")
    >>> result.counts.matched, result.to_frame().head()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from bomtrace._gc_pause import paused_gc
from bomtrace.catalog import Catalog, CatalogIndex, load_catalogs
from bomtrace.catalog.cache import DEFAULT_CACHE, CatalogCache
from bomtrace.catalog.identified_cache import RememberedIdentify
from bomtrace.column_roles import ROLES
from bomtrace.decisions_file import load_decisions
from bomtrace.errors import ColumnSpecError, InputError, RecoveredDateError
from bomtrace.ingest import DEFAULT_LIMITS, IngestedFile, Limits, ingest_file
from bomtrace.ingest.headers import column_letter, parse_column_spec
from bomtrace.ingest.trade_columns import TRADE_ROLES
from bomtrace.match import DecisionBook, Matcher
from bomtrace.model import (
    Identification,
    InputRow,
    Origin,
    Problem,
    RowKind,
    RowOutcome,
    Severity,
    Status,
)
from bomtrace.provenance.chain import ChainBuilder
from bomtrace.provenance.origin import origin_of, shared_origin
from bomtrace.provenance.reported import ReportedIndex, RunEntries, reported_index
from bomtrace.provenance.trade import LinkResult, PartQuery
from bomtrace.references import References, load_references
from bomtrace.remedies import LIBRARY_WORDS, Phrase, Setting
from bomtrace.result import (
    InputInfo,
    ReferenceFile,
    RunInfo,
    SheetInfo,
    TraceResult,
    run_timestamp,
)
from bomtrace.trade.linking import Catalogs, catalogs_fingerprint, link_parts
from bomtrace.trade.links_file import read_links
from bomtrace.version import __version__

Progress = Callable[[int, int], None]


def read_column_overrides(
    value: str | Path | Mapping[str, str] | None,
    roles: Sequence[str] = ROLES,
    setting: Setting = Setting.COLUMNS,
) -> dict[str, str]:
    """Turns a column mapping (a spec like ``marking=B`` or a mapping file) into role -> column.

    ``roles``: the layout's roles (teardown sheets; ``TRADE_ROLES`` for trade records);
    ``setting``: the setting the mapping was given as (``TRADE_COLUMNS`` for trade records).
    """
    if value is None or value == "":
        return {}
    if isinstance(value, Mapping):
        spec = ",".join(f"{k}={v}" for k, v in value.items())
        return parse_column_spec(spec, roles, setting)
    path = Path(value)
    if "=" not in str(value) and path.is_file():
        lines = []
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if "=" not in line and "," in line:
                role, _, column = line.partition(",")
                if role.strip().lower() == "role":
                    continue
                line = f"{role}={column}"
            lines.append(line)
        return parse_column_spec("\n".join(lines), roles, setting)
    if "=" not in str(value):
        raise ColumnSpecError(
            f"'{value}' is neither role=column pairs nor an existing mapping file",
            remedy=Phrase(
                "Write {setting} or give the path of a mapping file",
                setting,
                "marking=B,manufacturer=C",
            ),
        )
    return parse_column_spec(str(value), roles, setting)


@paused_gc()
def trace(
    inputs: Sequence[str | Path] | str | Path,
    *,
    catalog: Catalog | None = None,
    catalog_dir: str | Path | None = None,
    extra_catalogs: Sequence[str | Path] = (),
    catalog_cache: CatalogCache | None = DEFAULT_CACHE,
    columns: str | Path | Mapping[str, str] | None = None,
    platform: str = "",
    name: str = "",
    decisions: DecisionBook | str | Path | None = None,
    progress: Progress | None = None,
    run_at: str = "",
    trade: Sequence[str | Path] = (),
    sanctions: Sequence[str | Path] = (),
    recovered: dt.date | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    names: Sequence[str] = (),
    trade_columns: str | Path | Mapping[str, str] | None = None,
    links: Sequence[str | Path] = (),
) -> TraceResult:
    """Traces teardown spreadsheets: reads every row, identifies parts, looks up their origin.

    Args:
        inputs: one or more ``.xlsx``/``.xlsm``/``.csv``/``.tsv`` paths.
        catalog: an already loaded catalog (else ``catalog_dir`` + ``extra_catalogs``).
        catalog_cache: where large extra catalogs are kept indexed between runs
            (``bomtrace.CatalogCache``; None reads them into memory every run).
        columns: a column mapping (``"marking=B,manufacturer=C"``, a mapping file or a
            dict) applied to every sheet when header detection is wrong.
        platform: the weapon the parts came from ("Orlan-10"), shown in reports.
        name: the run's name (default: the first input's stem).
        decisions: human decisions applied before any matching (a ``DecisionBook`` or
            the path of a decisions file).
        progress: called as ``progress(rows_done, rows_total)``.
        run_at: the run's date (ISO 8601); default now, or SOURCE_DATE_EPOCH.
        trade: trade-records files (CSV or XLSX: customs declaration exports in
            Russian, Ukrainian or English layouts) whose shipments are linked to parts.
        trade_columns: a column mapping for trade files whose headers are not
            recognised (``"sender=B,receiver=D,goods_description=F"``, a mapping file
            or a dict), as ``columns`` is for teardown sheets.
        sanctions: sanctions lists (OFAC SDN CSV, Consolidated Screening List CSV,
            OpenSanctions targets.simple.csv, FollowTheMoney JSON lines).
        recovered: when the weapon was recovered (``2023-05-01``): nothing in it was
            made or shipped later, and it fixes the decade of one-digit-year date codes.
        limits: how many rows, cells and unpacked bytes an input may have
            (``bomtrace.Limits``); the defaults admit anything Excel can hold.
        names: the inputs' names as shown in outputs, in order (default: each path's
            file name); the web app stores uploads by hash and passes their names here.
        links: folders written by ``bomtrace trade link`` (``bomtrace.trade.api.
            link_runs``): the shipments already linked to these rows' parts, on Spark
            or from a store, attached without linking again.
    """
    paths = (
        [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    )
    overrides = read_column_overrides(columns)
    catalog = catalog or load_catalogs(catalog_dir, extra_catalogs, cache=catalog_cache)
    if isinstance(decisions, str | Path):
        decisions = load_decisions(decisions)
    matcher = Matcher(CatalogIndex(catalog), decisions)
    problems: list[Problem] = []
    files: list[IngestedFile] = []
    infos: list[InputInfo] = []
    shown = list(names) + [p.name for p in paths[len(names) :]]
    # Where an input is recorded as coming from: the path as given, or, for inputs
    # given a name (web uploads stored by hash), that name, never the storage path.
    recorded = list(names) + [str(p) for p in paths[len(names) :]]
    for path, shown_name, origin in zip(paths, shown, recorded, strict=False):
        try:
            ingested = ingest_file(
                path, overrides=overrides, limits=limits, display_name=shown_name
            )
        except InputError as exc:
            problems.append(exc.to_problem())
            infos.append(
                InputInfo(
                    path=origin, name=shown_name, error=LIBRARY_WORDS(exc.message)
                )
            )
            continue
        except (
            Exception
        ) as exc:  # a reader failure nobody foresaw must not sink the run
            problem = _unforeseen(Path(shown_name), exc)
            problems.append(problem)
            infos.append(
                InputInfo(
                    path=origin, name=shown_name, error=LIBRARY_WORDS(problem.message)
                )
            )
            continue
        files.append(ingested)
        problems.extend(ingested.problems)
        infos.append(_input_info(ingested, origin))
    rows = [row for f in files for sheet in f.sheets for row in sheet.rows]
    recovered_on = parse_recovered(recovered)
    references = load_references(
        trade,
        sanctions,
        trade_columns=read_column_overrides(
            trade_columns, TRADE_ROLES, Setting.TRADE_COLUMNS
        ),
        logos=matcher.index.logos,
    )
    problems.extend(references.problems)
    run_at = run_at or run_timestamp()
    chains = ChainBuilder(
        catalog,
        sanctions=references.sanctions,
        recovered=recovered_on,
        today=dt.date.fromisoformat(run_at[:10]),
    )
    index = reported_catalog(catalog, matcher, catalog_cache)
    reported = RunEntries(index) if index is not None else None
    identified = list(_outcomes(rows, matcher, catalog, progress))
    linked = _links(identified, chains, references, catalog, matcher, problems, links)
    outcomes = [with_provenance(o, chains, reported, linked) for o in identified]
    info = RunInfo(
        tool_version=__version__,
        run_at=run_at,
        name=name or (paths[0].stem if paths else "bomtrace"),
        platform=platform,
        inputs=tuple(infos),
        catalogs=catalog.files,
        catalog_dir=catalog.directory,
        column_overrides=overrides,
        references=tuple(references.files),
        recovered=recovered_on.isoformat() if recovered_on else "",
    )
    return TraceResult(outcomes=outcomes, problems=problems, info=info, catalog=catalog)


def parse_recovered(value: dt.date | str | None) -> dt.date | None:
    """Reads the recovery date (``2023-05-01``); a bad value is a ``ColumnSpecError``-like error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise RecoveredDateError(
            Phrase(f"{{setting}} '{value}' is not a date", Setting.RECOVERED),
            remedy=Phrase(
                "Write the recovery date as YYYY-MM-DD, e.g. {setting}",
                Setting.RECOVERED,
                "2023-05-01",
            ),
        ) from None


def with_provenance(
    outcome: RowOutcome,
    chains: ChainBuilder,
    reported: ReportedIndex | RunEntries | None,
    linked: Mapping[PartQuery, LinkResult] | None = None,
) -> RowOutcome:
    """Adds the provenance chain (a refused date code's reason joins the row's) and the
    published records of the same part (``reported_in``) to a row, in one copy of it.

    ``linked``: the shipments found for each row's lookup (None: no trade records).
    """
    found = None
    if linked is not None:
        query = chains.query(outcome)
        found = linked.get(query) if query is not None else None
    chain = chains.chain(outcome, found)
    entries = (
        reported.entries(outcome)
        if reported is not None and outcome.status is not Status.SKIPPED
        else ()
    )
    if chain is None and not entries:
        return outcome
    reason = outcome.reason
    if chain is not None and chain.window is not None and chain.window.reason:
        reason = f"{reason}; {chain.window.reason}" if reason else chain.window.reason
    # Made directly rather than with dataclasses.replace: once per row, 100,000 times
    # in a large sheet (tests/test_api.py checks that every field is carried).
    return RowOutcome(
        row=outcome.row,
        status=outcome.status,
        reason=reason,
        identification=outcome.identification,
        origin=outcome.origin,
        chain=chain if chain is not None else outcome.chain,
        reported=entries or outcome.reported,
    )


def _links(
    outcomes: Sequence[RowOutcome],
    chains: ChainBuilder,
    references: References,
    catalog: Catalog,
    matcher: Matcher,
    problems: list[Problem],
    folders: Sequence[str | Path] = (),
) -> dict[PartQuery, LinkResult] | None:
    """Every row's shipments: read from links folders, the rest looked up at once by
    the DuckDB engine (None: no trade records and no links in the run)."""
    if not references.source and not folders:
        return None
    queries = [q for o in outcomes if (q := chains.query(o)) is not None]
    linked: dict[PartQuery, LinkResult] = {}
    for folder in folders:
        linked.update(read_links(folder))
        references.files.append(
            ReferenceFile("links", Path(folder).name, str(folder), "trade links")
        )
    missing = [q for q in queries if q not in linked]
    notes: list[str] = []
    if missing and references.source:
        linked.update(
            link_parts(
                missing,
                references.source,
                trade_catalogs(catalog, matcher),
                notes=notes,
            )
        )
    elif missing:
        problems.append(
            Problem(
                file=Path(folders[0]).name,
                message=f"{len(missing)} matched row(s) have no shipments in the links"
                " folder (their part, dates or run differ): link the run again with"
                " bomtrace trade link",
                severity=Severity.NOTE,
            )
        )
    problems.extend(
        Problem(file="trade records", message=n, severity=Severity.NOTE) for n in notes
    )
    return linked


def trade_catalogs(catalog: Catalog, matcher: Matcher) -> Catalogs:
    """What linking to trade records needs of the catalogs."""
    return Catalogs(
        resolve_maker=matcher.index.resolve_maker,
        identify_number=lambda number: _catalog_number(matcher, number),
        fingerprint=catalogs_fingerprint(catalog.files),
    )


def _catalog_number(matcher: Matcher, number: str) -> str:
    """The catalog part number a declared number is read as ('' when none).

    A number identified only by its maker's family (SIM800L) stands for itself.
    """
    found = matcher.identify(number)
    if found.status is not Status.MATCHED:
        return ""
    return found.mpn or found.marking_normalised


def reported_catalog(
    catalog: Catalog, matcher: Matcher, cache: CatalogCache | None = None
) -> ReportedIndex | None:
    """The catalog's published records, identified once (without the run's decisions,
    which are about the run's own rows); with a ``cache``, kept for later runs."""
    if not catalog.reported:
        return None
    plain = matcher if not matcher.decisions else Matcher(matcher.index)
    identify = RememberedIdentify(plain.identify, cache, catalog.files)
    found = reported_index(catalog, matcher.index, identify)
    identify.keep()
    return found


def _unforeseen(path: Path, exc: Exception) -> Problem:
    """An input that failed in a way no reader check foresaw: an error, not a crash."""
    return Problem(
        file=path.name,
        message=f"the file could not be read ({type(exc).__name__}: {exc})"[:300],
        remedy="Save it again from Excel or LibreOffice; if it still fails, report it"
        " as a bomtrace bug with the file",
    )


def _input_info(ingested: IngestedFile, origin: str) -> InputInfo:
    sheets = tuple(
        SheetInfo(
            name=s.name,
            header_row=s.columns.header_row if s.columns else 0,
            columns={
                role: column_letter(col)
                for role, col in (s.columns.roles.items() if s.columns else ())
            },
            rows=len(s.rows),
            notes=tuple(s.notes),
        )
        for s in ingested.sheets
    )
    return InputInfo(
        path=origin, name=ingested.name, sha256=ingested.sha256, size=ingested.size,
        kind=ingested.kind, sheets=sheets,
    )  # fmt: skip


def _outcomes(
    rows: Sequence[InputRow],
    matcher: Matcher,
    catalog: Catalog,
    progress: Progress | None,
) -> Iterable[RowOutcome]:
    total = len(rows)
    # Sheets repeat parts: the origin of one identification is looked up once.
    origins = Origins(catalog)
    for done, row in enumerate(rows, start=1):
        yield identify_row(row, matcher, origins)
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)


class Origins:
    """The origin of each identification: looked up once per identification object (the
    matcher gives one per distinct row) and once per maker and candidates across them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._by_key: dict[tuple[str, str, tuple[str, ...]], Origin | None] = {}
        # By id(); the entry holds the object, so no id is reused.
        self._by_object: dict[int, tuple[Identification, Origin | None]] = {}

    def of(self, ident: Identification) -> Origin | None:
        known = self._by_object.get(id(ident))
        if known is not None:
            return known[1]
        key = (
            ident.status.value,
            ident.maker,
            tuple(c.maker for c in ident.candidates),
        )
        if key not in self._by_key:
            origin = None
            if ident.status is Status.MATCHED and ident.maker:
                origin = origin_of(self.catalog, ident.maker)
            elif ident.status is Status.AMBIGUOUS:
                origin = shared_origin(self.catalog, key[2])
            self._by_key[key] = origin
        origin = self._by_key[key]
        self._by_object[id(ident)] = (ident, origin)
        return origin


def identify_row(row: InputRow, matcher: Matcher, origins: Origins) -> RowOutcome:
    """One row's outcome: skipped with its reason, or identified with its maker's origin
    (``origins`` caches the origin of each identification across rows)."""
    if row.kind is not RowKind.PART:
        return RowOutcome(row=row, status=Status.SKIPPED, reason=row.reason)
    ident: Identification = matcher.identify(
        row.get("marking"),
        row.get("part_number"),
        row.get("manufacturer"),
        row.get("description"),
    )
    return RowOutcome(
        row=row,
        status=ident.status,
        reason=ident.reason,
        identification=ident,
        origin=origins.of(ident),
    )

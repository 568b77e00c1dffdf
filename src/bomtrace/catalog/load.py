"""Reading catalogs from disk: the shipped ``catalogs/`` folder plus the user's own files.

I/O. ``load_catalogs()`` finds the shipped folder (an explicit directory, else the copy
packaged in the wheel, else the repository's ``catalogs/`` beside the source tree), reads
every file it recognises by name, adds user catalogs (``--catalog PATH``: CSV or XLSX,
a file or a folder) and records each file's SHA-256 for the run's metadata.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from bomtrace.catalog.cache import (
    DEFAULT_CACHE,
    CatalogCache,
    IndexStatus,
    StoredFile,
    index_status,
    open_or_build,
    store_key,
    store_path,
)
from bomtrace.catalog.companies import AliasTable
from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.partstore import CatalogParts, StoreError
from bomtrace.catalog.records import (
    Catalog,
    CatalogFile,
    ControlDate,
    CountryRecord,
    DateCodeFormat,
    DistributorRecord,
    HsRecord,
    LegalFormRecord,
    LineTransfer,
    MakerRecord,
    NumberingSystem,
    PartLibrary,
    PartRecord,
    ProductFamily,
    ReportedFact,
    SecondSourceFamily,
    TopMark,
)
from bomtrace.catalog.reported import (
    is_reported_layout,
    published_figure,
    reported_component,
)
from bomtrace.catalog.schema import kind_of, missing_columns
from bomtrace.errors import CatalogError
from bomtrace.files import sha256_of
from bomtrace.model import CatalogRef

log = logging.getLogger(__name__)

Rows = list[tuple[int, dict[str, str]]]


def default_catalog_dir() -> Path:
    """The shipped catalogs: the wheel's packaged copy, else the repository's folder."""
    packaged = resources.files("bomtrace") / "catalogs"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "catalogs"


def load_catalogs(
    directory: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    *,
    cache: CatalogCache | None = DEFAULT_CACHE,
) -> Catalog:
    """Loads the shipped catalogs and any extra catalog files or folders.

    The parts of the extra files are kept in a store in ``cache`` (``catalog.cache``)
    when together they are large, and read from it in later runs; ``cache=None`` reads
    them into memory every time. The catalog is the same either way.
    """
    base, shipped = _shipped_files(directory)
    log.info("loading catalogs from %s", base)
    tables: dict[str, list[tuple[str, Rows]]] = {}
    loaded: list[CatalogFile] = []
    for path, kind in shipped:
        rows = _read_csv(path, kind)
        tables.setdefault(kind, []).append((path.name, rows))
        loaded.append(_describe(path, kind, len(rows)))
    extras = [found for item in extra for found in _extra_files(Path(item))]
    stored = [path for path, kind in extras if kind == "parts"]
    if cache is not None and stored and cache.wants(stored):
        try:
            # Copies: a store that cannot be written leaves the tables as they were.
            copied = {kind: list(files) for kind, files in tables.items()}
            return _with_store(copied, list(loaded), extras, str(base), cache)
        except StoreError as exc:
            log.warning("catalog index not used (%s): parts read into memory", exc)
            note = f"catalog index not used ({exc}): parts read into memory"
            return replace(
                _load_extras(tables, loaded, extras, str(base)), store_note=note
            )
    return _load_extras(tables, loaded, extras, str(base))


def catalog_index_status(
    directory: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    cache: CatalogCache | None = DEFAULT_CACHE,
) -> IndexStatus | None:
    """Whether the store of these catalogs is fresh (None when they need none).

    Reads every file's bytes for its SHA-256, and no rows.
    """
    _, shipped = _shipped_files(directory)
    extras = [found for item in extra for found in _extra_files(Path(item))]
    stored = [StoredFile(p, sha256_of(p)) for p, kind in extras if kind == "parts"]
    if cache is None or not stored or not cache.wants([f.path for f in stored]):
        return None
    in_memory = [*shipped, *((p, kind) for p, kind in extras if kind != "parts")]
    memory_files = [f"{kind} {p.name} {sha256_of(p)}" for p, kind in in_memory]
    key, memory = store_key(memory_files, stored)
    return index_status(store_path(cache, stored), key, memory, stored)


def _shipped_files(directory: str | Path | None) -> tuple[Path, list[tuple[Path, str]]]:
    """The catalog folder and its catalog files with their kinds, in load order."""
    base = Path(directory) if directory else default_catalog_dir()
    if not base.is_dir():
        raise CatalogError(
            f"catalog folder {base} not found",
            remedy="Pass the folder that holds makers.csv and parts.csv",
        )
    files = sorted(
        p for p in base.iterdir() if p.suffix.lower() == ".csv" and kind_of(p.name)
    )
    return base, [(p, kind_of(p.name)) for p in files]


def _load_extras(
    tables: dict[str, list[tuple[str, Rows]]],
    loaded: list[CatalogFile],
    extras: Sequence[tuple[Path, str]],
    directory: str,
) -> Catalog:
    """The catalog with every extra file read into memory."""
    for path, kind in extras:
        rows = _read_extra(path, kind)
        tables.setdefault(kind, []).append((path.name, rows))
        loaded.append(_describe(path, kind, len(rows)))
    return _assemble(tables, tuple(loaded), directory)[0]


def _with_store(
    tables: dict[str, list[tuple[str, Rows]]],
    loaded: list[CatalogFile],
    extras: Sequence[tuple[Path, str]],
    directory: str,
    cache: CatalogCache,
) -> Catalog:
    """The catalog with the extra parts files in a store (built now when not fresh)."""
    stored: list[StoredFile] = []
    order: list[CatalogFile | StoredFile] = list(loaded)
    for path, kind in extras:
        if kind == "parts":
            stored.append(StoredFile(path=path, sha256=sha256_of(path)))
            order.append(stored[-1])
            continue
        rows = _read_extra(path, kind)
        tables.setdefault(kind, []).append((path.name, rows))
        loaded.append(_describe(path, kind, len(rows)))
        order.append(loaded[-1])
    # Every file but the stored ones: the catalog held in memory.
    memory_catalog, make_part = _assemble(tables, tuple(loaded), directory)
    key, memory = store_key((f"{f.kind} {f.name} {f.sha256}" for f in loaded), stored)
    status = index_status(store_path(cache, stored), key, memory, stored)
    first_note = len(make_part.notes)

    from bomtrace.catalog.userparts import iter_user_parts

    def read_parts(file: StoredFile) -> Iterator[PartRecord]:
        for line, row in iter_user_parts(file.path):
            if row.get("mpn"):
                yield make_part(CatalogRef(file=file.path.name, line=line), row)

    store, done = open_or_build(
        status,
        key,
        memory,
        stored,
        lambda: CatalogIndex(memory_catalog),
        read_parts,
        lambda: make_part.notes[first_note:],
    )
    # The stored files keep their places among the files, as when read into memory.
    counts = iter(rows for _, _, rows in store.files)
    files = [
        item if isinstance(item, CatalogFile) else _stored_file(item, next(counts))
        for item in order
    ]
    return replace(
        memory_catalog,
        parts=CatalogParts(memory_catalog.parts, store),
        files=tuple(files),
        load_notes=(*memory_catalog.load_notes, *store.notes),
        store_note=done,
    )


def _stored_file(file: StoredFile, rows: int) -> CatalogFile:
    name, path = file.path.name, str(file.path)
    return CatalogFile(
        name=name, path=path, kind="parts", rows=rows, sha256=file.sha256
    )


def _describe(path: Path, kind: str, rows: int) -> CatalogFile:
    digest = sha256_of(path)
    return CatalogFile(
        name=path.name, path=str(path), kind=kind, rows=rows, sha256=digest
    )


def _read_csv(path: Path, kind: str) -> Rows:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            if missing := missing_columns(kind, columns):
                raise CatalogError(
                    f"catalog {path.name} lacks the column(s) {', '.join(missing)}",
                    remedy="See catalogs/README.md for each file's columns",
                )
            # Line 1 is the header, so the first data row is line 2 (as an editor shows it).
            return [
                (
                    reader.line_num,
                    {(k or "").strip(): (v or "").strip() for k, v in row.items()},
                )
                for row in reader
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"catalog {path} cannot be read ({exc})") from exc


def _extra_files(path: Path) -> Iterator[tuple[Path, str]]:
    """User catalogs, each with its kind: a folder of catalog files, or one file.

    CSV files named for a kind are read as that kind; any other file, and every
    workbook, is a parts file (a maker's export or a distributor's list).
    """
    if not path.exists():
        raise CatalogError(
            f"catalog {path} not found", remedy="Check the --catalog path"
        )
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
                yield from _extra_files(child)
        return
    kind = kind_of(path.name) or "parts"
    if path.suffix.lower() == ".csv" and kind == "parts" and _reported_header(path):
        # A file of the portal's layout, whatever it is called (an export of GUR's data).
        kind = "reported"
    yield path, kind if path.suffix.lower() == ".csv" else "parts"


def _read_extra(path: Path, kind: str) -> Rows:
    """The rows of a user catalog file of a kind (``_extra_files``)."""
    if kind != "parts":
        return _read_csv(path, kind)
    # A maker's own product export: any layout the sheet reader understands.
    from bomtrace.catalog.userparts import read_user_parts

    return read_user_parts(path)


def _reported_header(path: Path) -> bool:
    """Tells whether a CSV file's header is the layout of reported components."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return is_reported_layout(header)


def _maker_named_in(
    ref: CatalogRef,
    text: str,
    aliases: AliasTable,
    notes: list[tuple[CatalogRef, str]],
) -> str:
    """The one maker a user catalog's title rows and file name name (an error otherwise)."""
    words = [
        w
        for w in re.split(r"[^\w&-]+", text.replace("_", " "))
        if any(ch.isalnum() for ch in w)
    ]
    found: dict[str, str] = {}
    for width in (3, 2, 1):
        for start in range(len(words) - width + 1):
            phrase = " ".join(words[start : start + width])
            maker, misspelt = aliases.resolve(phrase)
            if maker and not misspelt and len(phrase) > len(found.get(maker, "")):
                found[maker] = phrase
    if len(found) != 1:
        named = (
            f"name several makers ({', '.join(sorted(found))})"
            if found
            else "name no maker"
        )
        raise CatalogError(
            f"catalog {ref.file} has no manufacturer column, and its title rows and file name {named}",
            remedy="Add a Manufacturer column, or name the file parts_<maker>.xlsx",
        )
    maker, phrase = next(iter(found.items()))
    note = f"maker '{maker}' taken from '{phrase}' in the title rows or file name"
    if not any(r.file == ref.file and n == note for r, n in notes):
        notes.append((ref, note))
    return maker


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


class _PartMaker:
    """Catalog rows -> ``PartRecord``: a part's maker as the catalogs name it; user
    catalogs may use an alias, or name the maker once, in their title rows or file name.
    What it decided is added to ``notes`` (once per file and spelling)."""

    def __init__(
        self,
        makers: dict[str, MakerRecord],
        aliases: AliasTable,
        notes: list[tuple[CatalogRef, str]],
    ) -> None:
        self.makers = makers
        self.aliases = aliases
        self.notes = notes
        self.resolved_once: set[tuple[str, str]] = set()

    def maker_of(self, ref: CatalogRef, row: dict[str, str]) -> str:
        written = row["maker"]
        if written in self.makers:
            return written
        if not written and row.get("maker_named_in"):
            return _maker_named_in(ref, row["maker_named_in"], self.aliases, self.notes)
        resolved, misspelt = self.aliases.resolve(written)
        if not resolved or misspelt:
            return written
        if (ref.file, written) not in self.resolved_once:
            self.resolved_once.add((ref.file, written))
            self.notes.append(
                (ref, f"maker '{written}' read as '{resolved}' (an alias)")
            )
        return resolved

    def __call__(self, ref: CatalogRef, r: dict[str, str]) -> PartRecord:
        return PartRecord(
            mpn=r["mpn"],
            maker=self.maker_of(ref, r),
            pattern=r.get("mpn_pattern", ""),
            description=r.get("description", ""),
            category=r.get("category", "").lower(),
            package=r.get("package", ""),
            datasheet=r.get("datasheet", ""),
            distributor_pns=_split(r.get("distributor_pns", "")),
            hs_code=r.get("hs_code", ""),
            eccn=r.get("eccn", ""),
            source=r.get("source", ""),
            ref=ref,
        )


def _assemble(
    tables: dict[str, list[tuple[str, Rows]]],
    files: tuple[CatalogFile, ...],
    directory: str,
) -> tuple[Catalog, _PartMaker]:
    """The catalog of these tables, and what made its parts (a store's parts are made
    by it too, after these)."""

    def each(kind: str) -> Iterable[tuple[CatalogRef, dict[str, str]]]:
        for name, rows in tables.get(kind, []):
            for line, row in rows:
                yield CatalogRef(file=name, line=line), row

    notes: list[tuple[CatalogRef, str]] = []
    makers: dict[str, MakerRecord] = {}
    for ref, r in each("makers"):
        if r["name"] in makers:
            notes.append(
                (ref, f"maker '{r['name']}' repeats row {makers[r['name']].ref}")
            )
            continue
        makers[r["name"]] = MakerRecord(
            name=r["name"],
            aliases=_split(r.get("aliases", "")),
            hq_country=r.get("hq_country", "").upper(),
            parent=r.get("parent", ""),
            parent_country=r.get("parent_country", "").upper(),
            acquired_year=r.get("acquired_year", ""),
            mpn_prefixes=_split(r.get("mpn_prefixes", "")),
            domains=_split(r.get("domains", "")),
            note=r.get("note", ""),
            source=r.get("source", ""),
            ref=ref,
        )
    for ref, r in each("maker_aliases"):
        record = makers.get(r["name"])
        if record is None:
            notes.append(
                (ref, f"aliases for '{r['name']}', which no makers file lists")
            )
            continue
        added = tuple(a for a in _split(r["aliases"]) if a not in record.aliases)
        makers[record.name] = replace(record, aliases=(*record.aliases, *added))
    aliases = AliasTable(makers.values())
    make_part = _PartMaker(makers, aliases, notes)
    parts = tuple(make_part(ref, r) for ref, r in each("parts") if r.get("mpn"))
    second_sources = tuple(
        SecondSourceFamily(
            prefix=r["family_prefix"],
            description=r.get("description", ""),
            makers=_split(r["makers"]),
            source=r.get("source", ""),
            ref=ref,
        )
        for ref, r in each("second_sources")
    )
    distributors = tuple(
        DistributorRecord(
            name=r["name"],
            aliases=_split(r.get("aliases", "")),
            country=r.get("country", "").upper(),
            type=r.get("type", ""),
            parent=r.get("parent", ""),
            parent_country=r.get("parent_country", ""),
            sku_pattern=r.get("sku_pattern", ""),
            domains=_split(r.get("domains", "")),
            authorised_lines=_split(r.get("authorised_lines", "")),
            note=r.get("note", ""),
            source=r.get("source", ""),
            ref=ref,
        )
        for ref, r in each("distributors")
    )

    def countries(kind: str) -> dict[str, CountryRecord]:
        return {
            r["country"].upper(): CountryRecord(
                country=r["country"].upper(),
                name=r.get("name", ""),
                member=r.get("member", "yes").lower() in {"yes", "true", "1", ""},
                basis=r.get("basis", "") or r.get("note", ""),
                as_of=r.get("as_of", ""),
                source=r.get("source", ""),
                ref=ref,
            )
            for ref, r in each(kind)
        }

    chpl = {
        r["hs6"]: HsRecord(hs6=r["hs6"], tier=r["tier"], description=r.get("description", ""),
                           list_date=r.get("list_date", ""), source=r.get("source", ""), ref=ref)
        for ref, r in each("chpl")
    }  # fmt: skip
    category_hs = {
        r["category"].lower(): HsRecord(hs6=r["hs6"], category=r["category"].lower(),
                                        description=r.get("note", ""), source=r.get("source", ""), ref=ref)
        for ref, r in each("category_hs")
    }  # fmt: skip
    datecode_formats: dict[str, tuple[DateCodeFormat, ...]] = {}
    for ref, r in each("datecode_formats"):
        rule = DateCodeFormat(
            maker=r["maker"],
            format=r["format"],
            week_rule=r.get("week_rule", ""),
            example=r.get("example", ""),
            note=r.get("note", ""),
            source=r["source"],
            ref=ref,
        )
        datecode_formats[rule.maker] = (*datecode_formats.get(rule.maker, ()), rule)
    network = tuple(
        ReportedFact(
            subject=r["entity"],
            statement=r["statement"],
            kind=r.get("kind", ""),
            aliases=_split(r.get("aliases", "")),
            country=r.get("country", "").upper(),
            role=r.get("role", ""),
            sanctioned_by=r.get("sanctioned_by", ""),
            sanction_date=r.get("sanction_date", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("network")
    )
    teardown_reports = tuple(
        ReportedFact(
            subject=r.get("component", ""),
            statement=r["what_was_reported"],
            country=r.get("maker_country", ""),
            platform=r["platform"],
            reported=r.get("reported", ""),
            role=r.get("model", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("teardown")
    )
    legal_forms = tuple(
        LegalFormRecord(
            form=r["form"],
            country=r.get("country", "").upper(),
            language=r.get("language", ""),
            elf_code=r.get("elf_code", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("legal_forms")
        if r.get("form")
    )
    families = tuple(
        ProductFamily(
            maker=aliases.resolve(r["maker"])[0] or r["maker"],
            prefix=r["prefix"].upper().replace(" ", ""),
            category=r["category"].lower(),
            description=r.get("description", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("families")
    )
    lines = tuple(
        LineTransfer(
            line=r["line"],
            prefixes=tuple(p.upper() for p in _split(r.get("prefixes", ""))),
            from_maker=aliases.resolve(r["from_maker"])[0] or r["from_maker"],
            to_maker=aliases.resolve(r["to_maker"])[0] or r["to_maker"],
            year=int(r.get("year", "")) if r.get("year", "").isdigit() else 0,
            note=r.get("note", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("lines")
    )
    topmarks = tuple(
        TopMark(
            maker=aliases.resolve(r["maker"])[0] or r["maker"],
            marking=r["marking"],
            mpn=r["mpn"],
            package=r.get("package", ""),
            note=r.get("note", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("topmarks")
    )
    numbering = tuple(
        NumberingSystem(
            system=r["system"],
            pattern=r["pattern"],
            description=r["description"],
            example=r.get("example", ""),
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("numbering_systems")
    )
    control_dates = tuple(
        ControlDate(
            flag=r["flag"],
            label=r["label"],
            date=r["date"],
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("control_dates")
    )
    part_libraries = tuple(
        PartLibrary(
            library=r["library"],
            repository=r.get("repository", ""),
            commit=r["commit"],
            date=r["date"],
            licence=r["licence"],
            provides=r["provides"],
            source=r["source"],
            ref=ref,
        )
        for ref, r in each("part_libraries")
    )
    catalog = Catalog(
        control_dates=control_dates,
        part_libraries=part_libraries,
        reported=tuple(reported_component(ref, r) for ref, r in each("reported")),
        published_figures=tuple(
            published_figure(ref, r) for ref, r in each("published_figures")
        ),
        numbering=numbering,
        families=families,
        lines=lines,
        topmarks=topmarks,
        datecode_formats=datecode_formats,
        legal_forms=legal_forms,
        network=network,
        teardown_reports=teardown_reports,
        makers=makers,
        parts=parts,
        second_sources=second_sources,
        distributors=distributors,
        coalition=countries("coalition"),
        transshipment=countries("transshipment"),
        chpl=chpl,
        category_hs=category_hs,
        files=files,
        directory=directory,
        load_notes=tuple(notes),
    )
    return catalog, make_part

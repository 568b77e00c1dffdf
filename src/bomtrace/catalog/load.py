"""Reading catalogs from disk: the shipped ``catalogs/`` folder plus the user's own files.

I/O. ``load_catalogs()`` finds the shipped folder (an explicit directory, else the copy
packaged in the wheel, else the repository's ``catalogs/`` beside the source tree), reads
every file it recognises by name, adds user catalogs (``--catalog PATH``: CSV or XLSX,
a file or a folder) and records each file's SHA-256 for the run's metadata.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from bomtrace.catalog.assembly import assemble
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
from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.partstore import CatalogParts, StoreError
from bomtrace.catalog.records import Catalog, CatalogFile, PartRecord
from bomtrace.catalog.reported import is_reported_layout
from bomtrace.catalog.schema import kind_of, missing_columns
from bomtrace.errors import CatalogError
from bomtrace.files import sha256_of
from bomtrace.model import CatalogRef
from bomtrace.remedies import Phrase, Setting

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
    return assemble(tables, tuple(loaded), directory)[0]


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
    memory_catalog, make_part = assemble(tables, tuple(loaded), directory)
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
            f"catalog {path} not found",
            remedy=Phrase("Check the {setting} path", Setting.EXTRA_CATALOGS),
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

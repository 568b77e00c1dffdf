"""The trade-record store: customs declarations as a partitioned Parquet folder.

I/O. ``import_files`` reads declaration files (CSV, XLSX or Parquet, any layout the
``--trade`` reader knows) through ``ingest.trade.TradeReader``, once, streaming, and
appends their shipments to a store folder in bounded memory: a batch of rows at a time
goes to Parquet, partitioned by year of the declaration::

    STORE/bomtrace-trade-store.json         what the store holds (files, SHA-256, rows)
    STORE/records/year=2022/part-00001.parquet   one row per shipment (records.RECORDS)
    STORE/numbers/year=2022/part-00001.parquet   one row per declared number (NUMBERS)
    STORE/readings.parquet                  the catalogs' reading of each number (READINGS)

A file already in the store (same SHA-256) is not imported twice. The readings depend on
the catalogs; they are kept with a fingerprint of the catalog files, and remade by the
linking engine when the catalogs differ. Files of one import are written to a hidden
folder first and moved in place, and the description file is replaced whole, so an
interrupted import leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bomtrace.errors import InputError, TradeStoreError
from bomtrace.files import sha256_of
from bomtrace.ingest.limits import Limits
from bomtrace.ingest.trade import TradeReader
from bomtrace.model import Problem, Severity, TradeRecord
from bomtrace.remedies import Phrase, Setting
from bomtrace.trade.records import NUMBERS, READINGS, RECORDS, to_tables

FORMAT = "bomtrace-trade-store"
FORMAT_VERSION = 1
MANIFEST = "bomtrace-trade-store.json"
READINGS_FILE = "readings.parquet"
# Shipments held in memory before they are written: bounds an import's memory.
BATCH_ROWS = 50_000
_ROW_GROUP = 131_072
UNDATED_PARTITION = "undated"
# Declaration archives are not spreadsheets: an import reads files far past Excel's size.
IMPORT_LIMITS = Limits(
    max_rows=1_000_000_000, max_cells=100_000_000_000, max_unzipped_mb=1_000_000
)

Readings = Callable[[Sequence[str]], pa.Table]


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One declaration file in the store: where its shipments came from."""

    name: str
    path: str
    sha256: str
    rows: int
    first_id: int
    part: int
    layouts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    imported_at: str = ""


@dataclass(slots=True)
class TradeStore:
    """A store folder as its description file records it."""

    path: Path
    records: int = 0
    next_id: int = 0
    files: list[StoredFile] = field(default_factory=list)
    readings_catalogs: str = ""
    readings_numbers: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    def parquet(self, table: str) -> list[Path]:
        """The Parquet files of ``records`` or ``numbers``."""
        return sorted((self.path / table).glob("year=*/*.parquet"))

    @property
    def readings_path(self) -> Path:
        return self.path / READINGS_FILE

    def describe(self) -> str:
        """'trade-record store: 3 files, 10,000,000 records (a.csv, b.xlsx, c.parquet)'."""
        names = ", ".join(f.name for f in self.files[:5])
        more = f" and {len(self.files) - 5} more" if len(self.files) > 5 else ""
        return (
            f"trade-record store: {len(self.files)} file(s), {self.records:,} records"
            + (f" ({names}{more})" if names else "")
        )

    def save(self) -> None:
        """Writes the description file whole (a reader never sees half of it)."""
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "records": self.records,
            "next_id": self.next_id,
            "readings": {
                "catalogs": self.readings_catalogs,
                "numbers": self.readings_numbers,
            },
            "files": [asdict(f) for f in self.files],
        }
        temporary = self.path / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
        temporary.replace(self.path / MANIFEST)


def is_store(path: Path) -> bool:
    """True for a folder holding a store's description file."""
    return (path / MANIFEST).is_file()


def open_store(path: str | Path) -> TradeStore:
    """Opens a store folder; a folder that is not one is a ``TradeStoreError``."""
    folder = Path(path)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise TradeStoreError(
            f"{folder} is not a trade-record store (no {MANIFEST} in it)",
            remedy=Phrase(
                "Make one by importing declaration files into it ({setting})",
                Setting.STORE,
                str(folder),
            ),
        )
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TradeStoreError(
            f"{manifest} cannot be read ({exc})",
            remedy="Import the declaration files again into a new store folder",
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TradeStoreError(
            f"{manifest} does not describe a trade-record store",
            remedy="Give the folder bomtrace trade import wrote",
        )
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise TradeStoreError(
            f"{folder} is a store of format {version!r}, newer than this bomtrace reads"
            f" ({FORMAT_VERSION})",
            remedy="Upgrade bomtrace",
        )
    readings = document.get("readings") or {}
    return TradeStore(
        path=folder,
        records=int(document.get("records", 0)),
        next_id=int(document.get("next_id", 0)),
        files=[
            StoredFile(
                **{
                    **f,
                    "layouts": tuple(f.get("layouts", ())),
                    "notes": tuple(f.get("notes", ())),
                }
            )
            for f in document.get("files", [])
        ],
        readings_catalogs=str(readings.get("catalogs", "")),
        readings_numbers=int(readings.get("numbers", 0)),
    )


@dataclass(slots=True)
class ImportResult:
    """What an import added to a store, and what it could not read."""

    store: TradeStore
    added: list[StoredFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _PartWriter:
    """The Parquet files of one declaration file, one per year, written a batch at a time."""

    def __init__(self, staging: Path, part: int) -> None:
        self.staging = staging
        self.part = part
        self.writers: dict[tuple[str, str], pq.ParquetWriter] = {}

    def write(self, records: Sequence[TradeRecord], first_id: int) -> None:
        by_year: dict[str, list[TradeRecord]] = {}
        ids: dict[str, list[int]] = {}
        for offset, record in enumerate(records):
            year = str(record.date_from.year) if record.date_from else UNDATED_PARTITION
            by_year.setdefault(year, []).append(record)
            ids.setdefault(year, []).append(first_id + offset)
        for year, chosen in by_year.items():
            records_table, numbers_table = to_tables(chosen, ids[year])
            self._writer("records", year, RECORDS).write_table(
                records_table, row_group_size=_ROW_GROUP
            )
            self._writer("numbers", year, NUMBERS).write_table(
                numbers_table, row_group_size=_ROW_GROUP
            )

    def _writer(self, table: str, year: str, schema: pa.Schema) -> pq.ParquetWriter:
        key = (table, year)
        if key not in self.writers:
            folder = self.staging / table / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(
                folder / f"part-{self.part:05d}.parquet", schema, compression="zstd"
            )
        return self.writers[key]

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def create_or_open(path: str | Path) -> TradeStore:
    """Opens a store folder, or makes an empty store in a new or empty folder."""
    folder = Path(path)
    if is_store(folder):
        return open_store(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TradeStoreError(
            f"{folder} exists and is not a trade-record store",
            remedy="Name a new folder, or a folder bomtrace trade import made",
        )
    folder.mkdir(parents=True, exist_ok=True)
    store = TradeStore(path=folder)
    store.save()
    return store


def import_files(
    files: Sequence[str | Path],
    store_path: str | Path,
    *,
    readings: Readings,
    catalogs: str,
    columns: Mapping[str, str] | None = None,
    logos: Mapping[str, str] | None = None,
    limits: Limits = IMPORT_LIMITS,
    progress: Callable[[str, int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Reads declaration files into a store (made when the folder is new or empty).

    Args:
        files: CSV/TSV, XLSX or Parquet files of customs declarations.
        store_path: the store folder.
        readings: declared numbers -> their catalog readings (a ``READINGS`` table).
        catalogs: the fingerprint of the catalogs ``readings`` uses.
        columns: a trade column mapping, as for ``--trade`` files.
        logos: makers' names and logos, so descriptions are read with them.
        progress: called as ``progress(file name, records read so far)``.
    """
    store = create_or_open(store_path)
    result = ImportResult(store=store)
    known = {f.sha256 for f in store.files}
    staging = store.path / f".import-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for item in files:
            path = Path(item)
            if not path.is_file():
                result.problems.append(
                    Problem(
                        file=path.name,
                        message="file not found",
                        remedy="Check the path",
                    )
                )
                continue
            digest = sha256_of(path)
            if digest in known:
                result.problems.append(
                    Problem(
                        file=path.name,
                        message="already in the store (same SHA-256); not imported again",
                        severity=Severity.NOTE,
                    )
                )
                continue
            added = _import_one(
                path, store, staging, digest, columns, logos, limits, progress, batch_rows,
                result.problems,
            )  # fmt: skip
            if added is not None:
                known.add(digest)
                result.added.append(added)
        if result.added:
            _move_in(staging, store.path)
            _update_readings(store, readings, catalogs)
            store.save()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _import_one(
    path: Path,
    store: TradeStore,
    staging: Path,
    digest: str,
    columns: Mapping[str, str] | None,
    logos: Mapping[str, str] | None,
    limits: Limits,
    progress: Callable[[str, int], None] | None,
    batch_rows: int,
    problems: list[Problem],
) -> StoredFile | None:
    """Streams one file into the staging folder; None (and a problem) when unreadable."""
    part = max((f.part for f in store.files), default=0) + 1
    reader = TradeReader(path, columns=columns, logos=logos, limits=limits)
    writer = _PartWriter(staging, part)
    first = store.next_id
    batch: list[TradeRecord] = []
    written = 0
    try:
        for record in reader:
            batch.append(record)
            if len(batch) >= batch_rows:
                writer.write(batch, first + written)
                written += len(batch)
                batch = []
                if progress is not None:
                    progress(path.name, written)
        if batch:
            writer.write(batch, first + written)
            written += len(batch)
    except InputError as exc:
        writer.close()
        for parquet in staging.glob(f"*/year=*/part-{part:05d}.parquet"):
            parquet.unlink()
        problems.append(exc.to_problem())
        return None
    writer.close()
    problems.extend(
        Problem(file=path.name, message=note, severity=Severity.NOTE)
        for note in reader.notes
    )
    if progress is not None:
        progress(path.name, written)
    stored = StoredFile(
        name=reader.name,
        path=str(path),
        sha256=digest,
        rows=written,
        first_id=first,
        part=part,
        layouts=tuple(reader.layouts),
        notes=tuple(reader.notes),
        imported_at=dt.datetime.now(tz=dt.UTC).replace(microsecond=0).isoformat(),
    )
    store.files.append(stored)
    store.records += written
    store.next_id = first + written
    return stored


def _move_in(staging: Path, folder: Path) -> None:
    for parquet in sorted(staging.glob("*/year=*/*.parquet")):
        target = folder / parquet.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        parquet.replace(target)


def _update_readings(store: TradeStore, readings: Readings, catalogs: str) -> None:
    """Reads the numbers the store's readings lack (all of them when the catalogs
    changed) and writes the readings file whole."""
    import duckdb

    numbers = store.parquet("numbers")
    if not numbers:
        return
    kept = (
        pq.read_table(store.readings_path, schema=READINGS)
        if store.readings_path.is_file() and store.readings_catalogs == catalogs
        else READINGS.empty_table()
    )
    with duckdb.connect() as con:
        con.register("kept", kept)
        new = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT n.number FROM read_parquet(?) n"
                " LEFT JOIN kept k ON k.number = n.number WHERE k.number IS NULL"
                " ORDER BY n.number",
                [[str(p) for p in numbers]],
            ).fetchall()
        ]
    table = pa.concat_tables([kept, readings(new)]) if new else kept
    temporary = store.path / f".{READINGS_FILE}.tmp"
    pq.write_table(table, temporary, compression="zstd")
    temporary.replace(store.readings_path)
    store.readings_catalogs = catalogs
    store.readings_numbers = table.num_rows

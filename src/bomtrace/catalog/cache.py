"""Where part stores live, when they are fresh, and building one when it is not.

I/O. A store holds the parts of the user's catalog files (``--catalog``) when together
they pass ``CatalogCache.min_bytes``; smaller ones, and the shipped catalogs, are read
into memory as before. One store per set of stored files (by their paths) lives in the
cache folder: ``BOMTRACE_CACHE_DIR``, else the platform's cache folder for bomtrace. It
is fresh when it was built from the same bytes of every catalog file (the stored ones,
and the in-memory ones whose makers and prefixes the stored tables depend on, by
SHA-256) by a bomtrace whose catalog, matching and reading code was the same; otherwise,
or when it cannot be read, it is rebuilt in a temporary file renamed over the old one,
so a run never reads a half-written store and runs reading the old one are unaffected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.partstore import LOCK_WAIT, STORE_FORMAT, PartStore, StoreError
from bomtrace.catalog.records import PartRecord
from bomtrace.catalog.store_build import StoreWriter
from bomtrace.model import CatalogRef
from bomtrace.version import __version__

CACHE_ENV = "BOMTRACE_CACHE_DIR"
# Below this many bytes of user parts files, reading them is about as quick as opening
# a store (a few hundred thousand bytes a second of CSV: about a second).
DEFAULT_MIN_BYTES = 2 << 20
# The code whose changes change what a store holds: reading the files, the catalog
# records and keys, normalising part numbers (bomtrace/<folder>/*.py, model.py).
_CODE = ("catalog", "ingest", "normalise")
# ... but for the code that only reads a store.
_READERS = ("layered.py", "cache.py", "identified_cache.py")


@dataclass(frozen=True, slots=True)
class CatalogCache:
    """Where and when user catalogs are kept in a store (see the module docstring)."""

    folder: Path | None = None
    min_bytes: int = DEFAULT_MIN_BYTES

    def location(self) -> Path:
        """The folder holding the stores."""
        if self.folder is not None:
            return Path(self.folder)
        configured = os.environ.get(CACHE_ENV, "")
        if configured:
            return Path(configured)
        return Path(platformdirs.user_cache_dir("bomtrace", appauthor=False))

    def wants(self, paths: Sequence[Path]) -> bool:
        """Whether these user parts files are large enough to be stored."""
        return sum(p.stat().st_size for p in paths) >= self.min_bytes


DEFAULT_CACHE = CatalogCache()


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A user parts file kept in the store: its path, name and SHA-256."""

    path: Path
    sha256: str


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """What the store of a set of catalog files is: ``fresh``, ``stale``, ``missing`` or
    ``damaged`` (with why), and where it is."""

    state: str
    path: Path
    reason: str = ""
    built: str = ""

    def describe(self) -> str:
        """'fresh (built <when>): <path>', or '<state>: <why>' (``catalog stats``)."""
        if self.state == "fresh":
            return f"fresh (built {self.built}): {self.path}"
        return f"{self.state}: {self.reason}"


@cache
def code_fingerprint(
    folders: tuple[str, ...] = _CODE, skip: tuple[str, ...] = _READERS
) -> str:
    """SHA-256 of the bomtrace code something depends on: the files of these folders
    of the package (but those named in ``skip``) and model.py."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    files = [package / "model.py"]
    files += sorted(
        p
        for folder in folders
        for p in (package / folder).rglob("*.py")
        if p.name not in skip
    )
    for path in files:
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def store_path(cache: CatalogCache, stored: Sequence[StoredFile]) -> Path:
    """The store of a set of user parts files (by their paths, in the order given)."""
    identity = "\n".join(str(f.path.resolve()) for f in stored)
    name = hashlib.sha256(identity.encode()).hexdigest()[:24]
    return cache.location() / "catalog-index" / f"parts-{name}.sqlite"


def store_key(
    memory_files: Iterable[str], stored: Sequence[StoredFile]
) -> tuple[str, str]:
    """(the store's key, the key of the in-memory catalog files alone).

    ``memory_files``: "kind name sha256" of every other catalog file, in load order.
    """
    memory = hashlib.sha256("\n".join(memory_files).encode()).hexdigest()
    parts = [f"{f.path.name} {f.sha256}" for f in stored]
    key = "\n".join([STORE_FORMAT, code_fingerprint(), memory, *parts])
    return hashlib.sha256(key.encode()).hexdigest(), memory


def index_status(
    path: Path, key: str, memory: str, stored: Sequence[StoredFile]
) -> IndexStatus:
    """Whether the store at ``path`` was built from these files by this code."""
    if not path.exists():
        return IndexStatus("missing", path, "not built yet")
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT)) as db:
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
            files = db.execute(
                "SELECT name, sha256 FROM files ORDER BY position"
            ).fetchall()
    except sqlite3.Error as exc:
        return IndexStatus("damaged", path, f"it cannot be read ({exc})")
    built = meta.get("built", "")
    if meta.get("complete") != "yes" or meta.get("format") != STORE_FORMAT:
        return IndexStatus(
            "damaged", path, "it is incomplete or of another format", built
        )
    if meta.get("key") == key:
        return IndexStatus("fresh", path, "", built)
    changed = [
        f.path.name
        for f, (_, sha) in zip(stored, files, strict=False)
        if f.sha256 != sha
    ]
    if changed:
        reason = f"{', '.join(changed)} changed since it was built ({built})"
    elif meta.get("memory") != memory:
        reason = f"the other catalog files changed since it was built ({built})"
    elif meta.get("code") != code_fingerprint():
        reason = f"bomtrace changed since it was built ({built})"
    else:
        reason = f"it was built from other files ({built})"
    return IndexStatus("stale", path, reason, built)


PartRows = Callable[[StoredFile], Iterable[PartRecord]]


def open_or_build(
    status: IndexStatus,
    key: str,
    memory: str,
    stored: Sequence[StoredFile],
    index: Callable[[], CatalogIndex],
    read_parts: PartRows,
    notes: Callable[[], Sequence[tuple[CatalogRef, str]]],
) -> tuple[PartStore, str]:
    """The fresh store (built now if it was not), and a line saying what was done.

    ``index``: the index of the catalog held in memory (made only for a build);
    ``read_parts`` gives a stored file's parts in order; ``notes`` the loader's notes
    made while reading them (read after the parts).
    """
    if status.state == "fresh":
        try:
            return PartStore(status.path), ""
        except StoreError as exc:
            status = IndexStatus("damaged", status.path, str(exc))
    start = time.perf_counter()
    store = _build(status.path, key, memory, stored, index(), read_parts, notes)
    seconds = time.perf_counter() - start
    done = "built" if status.state == "missing" else f"rebuilt ({status.reason})"
    names = ", ".join(f.path.name for f in stored)
    return store, (
        f"catalog index {done}: {store.count:,} parts of {names} in {seconds:.1f} s,"
        f" {status.path}"
    )


def _build(
    path: Path,
    key: str,
    memory: str,
    stored: Sequence[StoredFile],
    index: CatalogIndex,
    read_parts: PartRows,
    notes: Callable[[], Sequence[tuple[CatalogRef, str]]],
) -> PartStore:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = StoreWriter(tmp, index)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path.parent} cannot be written to ({exc})") from exc
    try:
        rows = []
        for position, file in enumerate(stored):
            count = 0
            for part in read_parts(file):
                writer.add(part, position)
                count += 1
            rows.append((file.path.name, file.sha256, count))
        positions = {f.path.name: i for i, f in reversed(list(enumerate(stored)))}
        meta = {
            "key": key, "memory": memory, "code": code_fingerprint(),
            "version": __version__,
            "built": dt.datetime.now(tz=dt.UTC).replace(microsecond=0).isoformat(),
        }  # fmt: skip
        writer.finish(
            meta, rows, [(positions[ref.file], ref, note) for ref, note in notes()]
        )
    except BaseException as exc:
        writer.abandon()
        tmp.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{tmp} cannot be written ({exc})") from exc
        raise
    try:
        tmp.replace(path)
    except OSError:
        # The old store is held open elsewhere (Windows): this run reads the new one
        # where it is, and the next build replaces both.
        return PartStore(tmp)
    return PartStore(path)

"""A persistent store of catalog parts: large user catalogs on disk, queried, not reloaded.

I/O (SQLite from the standard library). ``catalog.store_build`` writes one store per set
of catalog files; ``PartStore`` opens it read-only and answers the lookups the
``CatalogIndex`` makes (exact keys, key ranges, fuzzy blocks, distributor order codes)
plus the tables the index would otherwise compute by scanning every part (prefix shapes,
kinds of part per maker group, numbering-system makers). A ``CatalogParts`` is the
catalog's parts as one sequence: those held in memory, then the stored ones, in catalog
order, so code that iterates ``catalog.parts`` sees every part either way.

Stored parts are numbered 1.. in catalog order; every list a lookup returns is in that
order, as the in-memory ``PartIndex`` keeps it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from bomtrace.catalog.records import PartRecord
from bomtrace.model import CatalogRef

# Seconds a reader waits for a lock: a store is never written once built, so a lock
# is another program's, and not worth waiting for (the store is rebuilt beside it).
LOCK_WAIT = 0.2
# Bump when the tables change: a store of another format is rebuilt.
STORE_FORMAT = "1"
# The two views of the part numbers (``CatalogIndex.parts`` and ``look_alike``).
LITERAL, LOOK_ALIKE = 0, 1
# Characters that never occur in a part number's key: list separators inside a cell.
LIST_SEPARATOR = "\x1f"
# Above every character a key can hold: the end of a range of keys sharing a start.
_RANGE_END = "\U0010ffff"
_PART_COLUMNS = (
    "mpn, maker, pattern, description, category, package, datasheet, distributor_pns,"
    " hs_code, eccn, source, file, line"
)

Head = tuple[tuple[str, int], ...]


class StoreError(Exception):
    """A store that cannot be read: damaged, of another format, or locked."""


class PartStore:
    """One store, opened read-only (one connection per thread and process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        try:
            meta = dict(self._rows("SELECT name, value FROM meta"))
            if meta.get("format") != STORE_FORMAT or meta.get("complete") != "yes":
                raise StoreError(f"{path.name} is incomplete or of another format")
            self.meta = meta
            self.files = [
                (name, sha256, rows)
                for name, sha256, rows in self._rows(
                    "SELECT name, sha256, rows FROM files ORDER BY position"
                )
            ]
            self._names = [name for name, _, _ in self.files]
            self.notes = [
                (CatalogRef(file=self._names[file], line=line), note)
                for file, line, note in self._rows(
                    "SELECT file, line, note FROM notes ORDER BY position"
                )
            ]
            self.count = int(meta["parts"])
        except sqlite3.Error as exc:
            raise StoreError(f"{path.name} cannot be read ({exc})") from exc
        self._parts: dict[int, PartRecord] = {}
        self._views = {LITERAL: StoredKeys(self, LITERAL), LOOK_ALIKE: StoredKeys(self, LOOK_ALIKE)}  # fmt: skip

    # -- connection ----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (a process started by fork opens its own)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            local.connection = sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=LOCK_WAIT
            )
            local.connection.execute("PRAGMA query_only = ON")
            local.pid = os.getpid()
        connection: sqlite3.Connection = local.connection
        return connection

    def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:  # type: ignore[type-arg]
        return self._connection().execute(sql, parameters).fetchall()

    def _cursor(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        return self._connection().execute(sql, parameters)

    def close(self) -> None:
        """Closes this thread's connection (later queries open it again)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.pid = None

    # -- parts ---------------------------------------------------------------------------

    def view(self, view: int) -> StoredKeys:
        """The lookups of one view of the part numbers (``LITERAL`` or ``LOOK_ALIKE``)."""
        return self._views[view]

    def parts(self, ids: Iterable[int]) -> list[PartRecord]:
        """The parts with these numbers, in the order given (each read once per store)."""
        ids = list(ids)
        missing = [i for i in dict.fromkeys(ids) if i not in self._parts]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT id, {_PART_COLUMNS} FROM parts WHERE id IN ({marks})", chunk
            ):
                self._parts[row[0]] = self._record(row[1:])
        return [self._parts[i] for i in ids]

    def _record(self, row: Sequence[object]) -> PartRecord:
        (mpn, maker, pattern, description, category, package, datasheet, codes,
         hs_code, eccn, source, file, line) = row  # fmt: skip
        return PartRecord(
            mpn=str(mpn), maker=str(maker), pattern=str(pattern),
            description=str(description), category=str(category), package=str(package),
            datasheet=str(datasheet),
            distributor_pns=tuple(str(codes).split(LIST_SEPARATOR)) if codes else (),
            hs_code=str(hs_code), eccn=str(eccn), source=str(source),
            ref=CatalogRef(file=self._names[int(str(file))], line=int(str(line))),
        )  # fmt: skip

    def __iter__(self) -> Iterator[PartRecord]:
        """Every stored part in catalog order (read in batches, not all at once)."""
        cursor = self._cursor(f"SELECT {_PART_COLUMNS} FROM parts ORDER BY id")
        while batch := cursor.fetchmany(2000):
            yield from (self._record(row) for row in batch)

    def part_at(self, index: int) -> PartRecord:
        """The stored part at a 0-based position in catalog order."""
        if not 0 <= index < self.count:
            raise IndexError(index)
        return self.parts([index + 1])[0]

    def at(self, file: str, line: int) -> PartRecord | None:
        """The last stored part read from this file name and line (as a dict by ref keeps it)."""
        if file not in self._names:
            return None
        positions = [i for i, name in enumerate(self._names) if name == file]
        marks = ",".join("?" * len(positions))
        found = self._rows(
            f"SELECT id FROM parts WHERE line = ? AND file IN ({marks}) ORDER BY id DESC LIMIT 1",
            [line, *positions],
        )
        return self.parts([found[0][0]])[0] if found else None

    # -- the tables the index would scan every part for ----------------------------------

    def distributor_parts(self, code: str) -> list[PartRecord]:
        """Stored parts a distributor lists under this order code (compact)."""
        ids = [i for (i,) in self._rows("SELECT part FROM codes WHERE code = ? ORDER BY part", (code,))]  # fmt: skip
        return self.parts(ids) if ids else []

    def maker_kinds(self) -> list[tuple[str, str]]:
        """(maker group, coarse kind of part) of the stored parts."""
        return [(g, k) for g, k in self._rows("SELECT maker, kind FROM maker_kinds")]

    def makers(self) -> set[str]:
        """The makers of the stored parts."""
        return {m for (m,) in self._rows("SELECT maker FROM makers")}

    def after_prefix(self, head: str) -> set[str]:
        """Letter prefixes the stored parts continue with ``head`` after."""
        return {p for (p,) in self._rows("SELECT prefix FROM after_prefix WHERE head = ?", (head,))}  # fmt: skip

    def prefix_shapes(
        self, prefix: str, maker: str
    ) -> tuple[set[Head], int, list[str]]:
        """The shapes after a maker's prefix in the stored parts, how many of their
        numbers the in-memory parts lack, and the first three numbers in sort order."""
        found = self._rows(
            "SELECT heads, extra, smallest FROM prefix_shapes WHERE prefix = ? AND maker = ?",
            (prefix, maker),
        )
        if not found:
            return set(), 0, []
        heads, extra, smallest = found[0]
        shapes = {
            tuple((str(k), int(n)) for k, n in head) for head in json.loads(heads)
        }
        return shapes, int(extra), [str(s) for s in json.loads(smallest)]

    def system_counts(self, system: str) -> dict[str, int]:
        """Catalogued numbers of a numbering system per maker, in the stored parts."""
        return {
            str(m): int(n)
            for m, n in self._rows(
                "SELECT maker, count FROM system_makers WHERE system = ?", (system,)
            )
        }


class StoredKeys:
    """One view's lookups in a store: the ``PartIndex`` queries, answered from disk."""

    def __init__(self, store: PartStore, view: int) -> None:
        self.store = store
        self.view = view
        self._blocks: dict[str, list[str]] = {}

    def exact(self, key: str) -> list[PartRecord]:
        """Stored parts whose key equals this one."""
        ids = [
            i
            for (i,) in self.store._rows(
                "SELECT part FROM keys WHERE view = ? AND key = ? AND fuzzy_only = 0"
                " ORDER BY part",
                (self.view, key),
            )
        ]
        return self.store.parts(ids) if ids else []

    def exact_many(self, keys: Sequence[str]) -> dict[str, list[PartRecord]]:
        """``exact`` of several keys with one query (the keys that have parts)."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.store._rows(
            f"SELECT key, part FROM keys WHERE view = ? AND fuzzy_only = 0"
            f" AND key IN ({marks}) ORDER BY key, part",
            (self.view, *keys),
        )
        found: dict[str, list[int]] = {}
        for key, part in rows:
            found.setdefault(key, []).append(part)
        return {key: self.store.parts(ids) for key, ids in found.items()}

    def starting_with(self, key: str) -> Iterator[tuple[str, list[PartRecord]]]:
        """(key, parts) of the stored keys that start with this one, in key order, read
        lazily (the caller stops when it has enough)."""
        cursor = self.store._cursor(
            "SELECT key, part FROM keys WHERE view = ? AND fuzzy_only = 0"
            " AND key >= ? AND key < ? ORDER BY key, part",
            (self.view, key, key + _RANGE_END),
        )
        current, ids = "", list[int]()
        while batch := cursor.fetchmany(256):
            for found, part in batch:
                if found != current and ids:
                    yield current, self.store.parts(ids)
                    ids = []
                current = found
                ids.append(part)
        if ids:
            yield current, self.store.parts(ids)

    def block(self, block: str) -> list[str]:
        """The stored fuzzy keys of a block (first two characters, or ``#`` + digit run), sorted."""
        found = self._blocks.get(block)
        if found is None:
            rows = self.store._rows(
                "SELECT keys FROM blocks WHERE view = ? AND block = ?",
                (self.view, block),
            )
            found = str(rows[0][0]).split("\n") if rows else []
            self._blocks[block] = found
        return found

    def fuzzy(self, key: str) -> list[PartRecord]:
        """The stored parts behind a fuzzy key."""
        ids = [
            i
            for (i,) in self.store._rows(
                "SELECT part FROM keys WHERE view = ? AND key = ? ORDER BY part",
                (self.view, key),
            )
        ]
        return self.store.parts(ids) if ids else []

    def wild_parts(self) -> list[PartRecord]:
        """Stored parts with a wildcard pattern (few: kept in memory by the index)."""
        ids = [i for (i,) in self.store._rows("SELECT part FROM wild ORDER BY part")]
        return self.store.parts(ids) if ids else []


class CatalogParts(Sequence[PartRecord]):
    """The catalog's parts: those in memory, then those in a store, in catalog order."""

    def __init__(self, memory: Sequence[PartRecord], store: PartStore) -> None:
        self.memory = tuple(memory)
        self.store = store

    def __len__(self) -> int:
        return len(self.memory) + self.store.count

    @overload
    def __getitem__(self, index: int) -> PartRecord: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PartRecord]: ...
    def __getitem__(self, index: int | slice) -> PartRecord | Sequence[PartRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < len(self.memory):
            return self.memory[index]
        return self.store.part_at(index - len(self.memory))

    def __iter__(self) -> Iterator[PartRecord]:
        yield from self.memory
        yield from self.store

    def __repr__(self) -> str:
        return f"CatalogParts({len(self.memory)} in memory, {self.store.count} in {self.store.path})"


def split_parts(
    parts: Sequence[PartRecord],
) -> tuple[Sequence[PartRecord], PartStore | None]:
    """The parts held in memory and the store holding the rest (None without one)."""
    if isinstance(parts, CatalogParts):
        return parts.memory, parts.store
    return parts, None


class PartsByRef:
    """Catalog parts by the file and line they were read from (the last one of a pair)."""

    def __init__(self, parts: Sequence[PartRecord]) -> None:
        memory, self.store = split_parts(parts)
        self.memory = {(p.ref.file, p.ref.line): p for p in memory}

    def get(self, file: str, line: int) -> PartRecord | None:
        """The part read from this file name and line, if any."""
        if self.store is not None:
            found = self.store.at(file, line)
            if found is not None:
                return found
        return self.memory.get((file, line))

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
from typing import Any, overload

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
# A lookup's parts with their columns, in one query (keys k joined to parts p).
_JOINED = ", ".join(f"p.{c.strip()}" for c in _PART_COLUMNS.split(","))
_FROM_KEYS = f"{_JOINED} FROM keys k JOIN parts p ON p.id = k.part"
# Lookups remembered per store and view; past this many, they start again.
_MEMO = 200_000
# Tables a store may hold no row of: user catalogs carry no distributor order codes
# or patterns, and parts of makers without registered prefixes fill no prefix table.
_OPTIONAL_TABLES = ("codes", "after_prefix", "prefix_shapes", "system_makers", "wild")

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
                (str(name), str(sha256), int(rows))
                for name, sha256, rows in self._rows(
                    "SELECT name, sha256, rows FROM files ORDER BY position"
                )
            ]
            self._names = [name for name, _, _ in self.files]
            self.notes = [
                (CatalogRef(file=self._names[file], line=line), str(note))
                for file, line, note in self._rows(
                    "SELECT file, line, note FROM notes ORDER BY position"
                )
            ]
            self.count = int(meta["parts"])
            self._filled = {
                table: bool(self._rows(f"SELECT 1 FROM {table} LIMIT 1"))
                for table in _OPTIONAL_TABLES
            }
        except sqlite3.Error as exc:
            raise StoreError(f"{path.name} cannot be read ({exc})") from exc
        self._parts: dict[int, PartRecord] = {}
        self._at: dict[tuple[str, int], PartRecord | None] = {}
        self._after: dict[str, set[str]] = {}
        self._shapes: dict[tuple[str, str], tuple[set[Head], int, list[str]]] = {}
        self._views = {
            LITERAL: StoredKeys(self, LITERAL),
            LOOK_ALIKE: StoredKeys(self, LOOK_ALIKE),
        }

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

    def _rows(
        self, sql: str, parameters: Sequence[object] = ()
    ) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = (
            self._connection().execute(sql, parameters).fetchall()
        )
        return rows

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
        """The parts with these numbers, in the order given (each made once per store)."""
        ids = list(ids)
        missing = [i for i in dict.fromkeys(ids) if i not in self._parts]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.joined(
                self._rows(
                    f"SELECT id, {_PART_COLUMNS} FROM parts WHERE id IN ({marks})",
                    chunk,
                )
            )
        return [self._parts[i] for i in ids]

    def joined(self, rows: Iterable[Sequence[Any]]) -> list[PartRecord]:
        """The parts of rows of (id, the part's columns), each made once per store."""
        found = []
        known = self._parts
        for row in rows:
            part = known.get(row[0])
            if part is None:
                part = known[row[0]] = self._record(row[1:])
            found.append(part)
        return found

    def _record(self, row: Sequence[Any]) -> PartRecord:
        (mpn, maker, pattern, description, category, package, datasheet, codes,
         hs_code, eccn, source, file, line) = row  # fmt: skip
        return PartRecord(
            mpn=mpn, maker=maker, pattern=pattern, description=description,
            category=category, package=package, datasheet=datasheet,
            distributor_pns=tuple(codes.split(LIST_SEPARATOR)) if codes else (),
            hs_code=hs_code, eccn=eccn, source=source,
            ref=CatalogRef(file=self._names[file], line=line),
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
        if (file, line) in self._at:
            return self._at[(file, line)]
        positions = [i for i, name in enumerate(self._names) if name == file]
        marks = ",".join("?" * len(positions))
        found = self._rows(
            f"SELECT id FROM parts WHERE line = ? AND file IN ({marks})"
            " ORDER BY id DESC LIMIT 1",
            [line, *positions],
        )
        self._at[(file, line)] = self.parts([found[0][0]])[0] if found else None
        return self._at[(file, line)]

    # -- the tables the index would scan every part for ----------------------------------

    def distributor_parts(self, code: str) -> list[PartRecord]:
        """Stored parts a distributor lists under this order code (compact)."""
        if not self._filled["codes"]:
            return []
        return self.joined(
            self._rows(
                f"SELECT c.part, {_JOINED} FROM codes c JOIN parts p ON p.id = c.part"
                " WHERE c.code = ? ORDER BY c.part",
                (code,),
            )
        )

    def maker_kinds(self) -> list[tuple[str, str]]:
        """(maker group, coarse kind of part) of the stored parts."""
        return [
            (str(g), str(k))
            for g, k in self._rows("SELECT maker, kind FROM maker_kinds")
        ]

    def makers(self) -> set[str]:
        """The makers of the stored parts."""
        return {str(m) for (m,) in self._rows("SELECT maker FROM makers")}

    def after_prefix(self, head: str) -> set[str]:
        """Letter prefixes the stored parts continue with ``head`` after."""
        if not self._filled["after_prefix"]:
            return set()
        found = self._after.get(head)
        if found is None:
            rows = self._rows("SELECT prefix FROM after_prefix WHERE head = ?", (head,))
            found = self._after[head] = {str(p) for (p,) in rows}
        return found

    def prefix_shapes(
        self, prefix: str, maker: str
    ) -> tuple[set[Head], int, list[str]]:
        """The shapes after a maker's prefix in the stored parts, how many of their
        numbers the in-memory parts lack, and the first three numbers in sort order."""
        if not self._filled["prefix_shapes"]:
            return set(), 0, []
        known = self._shapes.get((prefix, maker))
        if known is None:
            found = self._rows(
                "SELECT heads, extra, smallest FROM prefix_shapes"
                " WHERE prefix = ? AND maker = ?",
                (prefix, maker),
            )
            known = (set(), 0, [])
            if found:
                heads, extra, smallest = found[0]
                shapes = {tuple((k, n) for k, n in h) for h in json.loads(heads)}
                known = (shapes, int(extra), list(json.loads(smallest)))
            self._shapes[(prefix, maker)] = known
        return known

    def system_counts(self, system: str) -> dict[str, int]:
        """Catalogued numbers of a numbering system per maker, in the stored parts."""
        if not self._filled["system_makers"]:
            return {}
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
        self._exact: dict[str, list[PartRecord]] = {}

    def exact(self, key: str) -> list[PartRecord]:
        """Stored parts whose key equals this one (each key asked once)."""
        found = self._exact.get(key)
        if found is None:
            if len(self._exact) >= _MEMO:
                self._exact.clear()
            found = self._exact[key] = self.store.joined(
                self.store._rows(
                    f"SELECT k.part, {_FROM_KEYS}"
                    " WHERE k.view = ? AND k.key = ? AND k.fuzzy_only = 0 ORDER BY k.part",
                    (self.view, key),
                )
            )
        return found

    def exact_many(self, keys: Sequence[str]) -> dict[str, list[PartRecord]]:
        """``exact`` of several keys with one query (the keys that have parts)."""
        asked = [k for k in dict.fromkeys(keys) if k not in self._exact]
        if asked:
            marks = ",".join("?" * len(asked))
            rows = self.store._rows(
                f"SELECT k.key, k.part, {_FROM_KEYS}"
                f" WHERE k.view = ? AND k.fuzzy_only = 0 AND k.key IN ({marks})"
                " ORDER BY k.key, k.part",
                (self.view, *asked),
            )
            grouped: dict[str, list[tuple[Any, ...]]] = {k: [] for k in asked}
            for row in rows:
                grouped[row[0]].append(row[1:])
            if len(self._exact) >= _MEMO:
                self._exact.clear()
            for key, group in grouped.items():
                self._exact[key] = self.store.joined(group)
        return {k: parts for k in keys if (parts := self._exact.get(k, []))}

    def starting_with(self, key: str) -> Iterator[tuple[str, list[PartRecord]]]:
        """(key, parts) of the stored keys that start with this one, in key order, read
        lazily (the caller stops when it has enough); the parts of a key are read when
        its turn comes."""
        cursor = self.store._cursor(
            "SELECT key, part FROM keys WHERE view = ? AND fuzzy_only = 0"
            " AND key >= ? AND key < ? ORDER BY key, part",
            (self.view, key, key + _RANGE_END),
        )
        current, ids = "", list[int]()
        while batch := cursor.fetchmany(64):
            for found, part in batch:
                if found != current and ids:
                    yield current, self.store.parts(ids)
                    ids = []
                current = found
                ids.append(part)
        if ids:
            yield current, self.store.parts(ids)

    def block(self, block: str) -> list[str]:
        """The stored fuzzy keys of a block (first two characters, or ``#`` + digit
        run), sorted."""
        found = self._blocks.get(block)
        if found is None:
            rows = self.store._rows(
                "SELECT keys FROM blocks WHERE view = ? AND block = ?",
                (self.view, block),
            )
            found = self._blocks[block] = rows[0][0].split("\n") if rows else []
        return found

    def fuzzy(self, key: str) -> list[PartRecord]:
        """The stored parts behind a fuzzy key."""
        return self.store.joined(
            self.store._rows(
                f"SELECT k.part, {_FROM_KEYS} WHERE k.view = ? AND k.key = ? ORDER BY k.part",
                (self.view, key),
            )
        )

    def wild_parts(self) -> list[PartRecord]:
        """Stored parts with a wildcard pattern (few: kept in memory by the index)."""
        if not self.store._filled["wild"]:
            return []
        ids = [i for (i,) in self.store._rows("SELECT part FROM wild ORDER BY part")]
        return self.store.parts(ids)


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

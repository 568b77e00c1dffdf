"""Writing a part store (``catalog.partstore``): the parts, their lookup keys, and the
tables the index would otherwise make by scanning every part.

I/O. ``StoreWriter`` takes the stored parts one at a time, in catalog order, so a catalog
of millions of rows is never held whole; the keys are made with the same functions as
the in-memory ``PartIndex`` and ``CatalogIndex`` (given the index of the parts held in
memory, whose makers, prefixes and groups the tables depend on). The file is written
without a journal (it is a cache: a failed build is thrown away) and marked complete
last, so a reader never takes a half-written store for a whole one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bomtrace.catalog.index import (
    CatalogIndex,
    Head,
    counts_for_system,
    distributor_codes,
    prefix_shape_entries,
    prefixes_by_group,
    skeleton_key,
)
from bomtrace.catalog.partindex import Keyer, digit_block
from bomtrace.catalog.partstore import LIST_SEPARATOR, LITERAL, LOOK_ALIKE, STORE_FORMAT
from bomtrace.catalog.records import PartRecord
from bomtrace.model import CatalogRef
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import ocr_skeleton

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (position INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL,
                    rows INTEGER NOT NULL);
CREATE TABLE notes (position INTEGER PRIMARY KEY, file INTEGER NOT NULL,
                    line INTEGER NOT NULL, note TEXT NOT NULL);
CREATE TABLE parts (id INTEGER PRIMARY KEY, mpn TEXT, maker TEXT, pattern TEXT,
                    description TEXT, category TEXT, package TEXT, datasheet TEXT,
                    distributor_pns TEXT, hs_code TEXT, eccn TEXT, source TEXT,
                    file INTEGER, line INTEGER);
CREATE TABLE keys (view INTEGER NOT NULL, key TEXT NOT NULL, part INTEGER NOT NULL,
                   fuzzy_only INTEGER NOT NULL);
CREATE TABLE blocks (view INTEGER NOT NULL, block TEXT NOT NULL, keys TEXT NOT NULL,
                     PRIMARY KEY (view, block)) WITHOUT ROWID;
CREATE TABLE wild (part INTEGER PRIMARY KEY);
CREATE TABLE codes (code TEXT NOT NULL, part INTEGER NOT NULL);
CREATE TABLE maker_kinds (maker TEXT NOT NULL, kind TEXT NOT NULL,
                          PRIMARY KEY (maker, kind)) WITHOUT ROWID;
CREATE TABLE makers (maker TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE after_prefix (head TEXT NOT NULL, prefix TEXT NOT NULL,
                           PRIMARY KEY (head, prefix)) WITHOUT ROWID;
CREATE TABLE prefix_shapes (prefix TEXT NOT NULL, maker TEXT NOT NULL, heads TEXT NOT NULL,
                            extra INTEGER NOT NULL, smallest TEXT NOT NULL,
                            PRIMARY KEY (prefix, maker)) WITHOUT ROWID;
CREATE TABLE system_makers (system TEXT NOT NULL, maker TEXT NOT NULL,
                            count INTEGER NOT NULL,
                            PRIMARY KEY (system, maker)) WITHOUT ROWID;
"""
# Made after the rows are in: one sort each instead of a tree grown row by row.
_INDEXES = """
CREATE INDEX keys_by_key ON keys (view, key, fuzzy_only, part);
CREATE INDEX codes_by_code ON codes (code, part);
CREATE INDEX parts_by_line ON parts (line, file);
"""
_BATCH = 20_000
_VIEWS: tuple[tuple[int, Keyer], ...] = ((LITERAL, compact), (LOOK_ALIKE, skeleton_key))


def _any_of(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern matching where any of these does (None when they cannot be joined)."""
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    except re.error:
        return None


class StoreWriter:
    """Writes one store: ``add`` each stored part in catalog order, then ``finish``."""

    def __init__(self, path: Path, index: CatalogIndex) -> None:
        self.path = path
        self.index = index
        self.connection = sqlite3.connect(path)
        for pragma in (
            "journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE",
            "temp_store = MEMORY", "cache_size = -262144", "page_size = 8192",
        ):  # fmt: skip
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.executescript(_SCHEMA)
        self.count = 0
        self._parts: list[tuple[object, ...]] = []
        self._keys: list[tuple[int, str, int, int]] = []
        self._codes: list[tuple[str, int]] = []
        self._wild: list[tuple[int]] = []
        self._fuzzy: tuple[set[str], set[str]] = (set(), set())
        self._kinds: set[tuple[str, str]] = set()
        self._makers: set[str] = set()
        self._after: set[tuple[str, str]] = set()
        self._by_group = prefixes_by_group(index)
        self._heads: dict[tuple[str, str], set[Head]] = defaultdict(set)
        self._numbers: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._systems = [
            (system.system, re.compile(system.pattern))
            for system in index.catalog.numbering
        ]
        # Most numbers fit no system: one match of all the patterns at once says so.
        self._any_system = _any_of(
            [system.pattern for system in index.catalog.numbering]
        )
        self._system_counts: dict[tuple[str, str], int] = defaultdict(int)

    def add(self, part: PartRecord, file: int) -> None:
        """Stores one part, read from the file at position ``file`` of the store's files."""
        self.count += 1
        number = self.count
        self._parts.append(
            (
                number, part.mpn, part.maker, part.pattern, part.description,
                part.category, part.package, part.datasheet,
                LIST_SEPARATOR.join(part.distributor_pns), part.hs_code, part.eccn,
                part.source, file, part.ref.line,
            )
        )  # fmt: skip
        # The keys, as PartIndex.__init__ files them under each view (the look-alike
        # key is the literal one with look-alike characters mapped: skeleton_key).
        literal = compact(part.mpn)
        for view, keyer in _VIEWS:
            key = literal if view == LITERAL else ocr_skeleton(literal)
            fuzzy = self._fuzzy[view]
            if key:
                self._keys.append((view, key, number, 0))
                fuzzy.add(key)
            pattern = keyer(part.pattern) if part.pattern else ""
            if "?" in pattern:
                self._keys.append((view, pattern.replace("?", ""), number, 1))
                fuzzy.add(pattern.replace("?", ""))
            elif pattern and pattern != key:
                self._keys.append((view, pattern, number, 0))
                fuzzy.add(pattern)
            if view == LITERAL:
                base = (
                    pattern if pattern and "?" not in pattern and pattern != key else ""
                )
                self._count_systems(part, [k for k in (key, base) if k])
        if "?" in compact(part.pattern):
            self._wild.append((number,))
        self._codes.extend((code, number) for code in distributor_codes(part))
        # The tables CatalogIndex.__init__ makes by scanning the parts.
        index = self.index
        if kind := index.kind_entry(part.maker, part.category):
            self._kinds.add(kind)
        self._makers.add(part.maker)
        self._after.update(index.after_prefix_entries(part))
        for prefix, maker, head in prefix_shape_entries(index, self._by_group, part):
            self._heads[(prefix, maker)].add(head)
            self._numbers[(prefix, maker)].add(part.mpn)
        if len(self._parts) >= _BATCH:
            self._flush()

    def _count_systems(self, part: PartRecord, keys: Sequence[str]) -> None:
        """CatalogIndex.system_makers counts each (key, part) of the literal view."""
        if not counts_for_system(part):
            return
        for key in keys:
            if self._any_system is not None and not self._any_system.match(key):
                continue
            for system, pattern in self._systems:
                if pattern.match(key):
                    self._system_counts[(system, part.maker)] += 1

    def _flush(self) -> None:
        execute = self.connection.executemany
        execute(f"INSERT INTO parts VALUES ({','.join('?' * 14)})", self._parts)
        execute("INSERT INTO keys VALUES (?, ?, ?, ?)", self._keys)
        execute("INSERT INTO codes VALUES (?, ?)", self._codes)
        execute("INSERT INTO wild VALUES (?)", self._wild)
        self._parts, self._keys, self._codes, self._wild = [], [], [], []

    def finish(
        self,
        meta: dict[str, str],
        files: Sequence[tuple[str, str, int]],
        notes: Sequence[tuple[int, CatalogRef, str]],
    ) -> None:
        """Writes the tables made from every part, the files (name, SHA-256, rows) and
        the loader's notes (file position, ref, note), and marks the store complete."""
        self._flush()
        execute = self.connection.executemany
        for view in (LITERAL, LOOK_ALIKE):
            blocks: dict[str, list[str]] = defaultdict(list)
            for key in sorted(self._fuzzy[view]):
                for block in (key[:2], digit_block(key)):
                    if block:
                        blocks[block].append(key)
            execute(
                "INSERT INTO blocks VALUES (?, ?, ?)",
                ((view, block, "\n".join(keys)) for block, keys in blocks.items()),
            )
        execute("INSERT INTO maker_kinds VALUES (?, ?)", sorted(self._kinds))
        execute("INSERT INTO makers VALUES (?)", ((m,) for m in sorted(self._makers)))
        execute("INSERT INTO after_prefix VALUES (?, ?)", sorted(self._after))
        in_memory = self.index.prefix_parts
        execute(
            "INSERT INTO prefix_shapes VALUES (?, ?, ?, ?, ?)",
            (
                (
                    prefix, maker, json.dumps(sorted(self._heads[(prefix, maker)])),
                    len(numbers - in_memory.get((prefix, maker), set())),
                    json.dumps(sorted(numbers)[:3]),
                )
                for (prefix, maker), numbers in self._numbers.items()
            ),
        )  # fmt: skip
        execute(
            "INSERT INTO system_makers VALUES (?, ?, ?)",
            ((s, m, n) for (s, m), n in self._system_counts.items()),
        )
        execute(
            "INSERT INTO files VALUES (?, ?, ?, ?)",
            ((i, name, sha, rows) for i, (name, sha, rows) in enumerate(files)),
        )
        execute(
            "INSERT INTO notes VALUES (?, ?, ?, ?)",
            ((i, file, ref.line, note) for i, (file, ref, note) in enumerate(notes)),
        )
        self.connection.executescript(_INDEXES)
        execute(
            "INSERT INTO meta VALUES (?, ?)",
            [*meta.items(), ("format", STORE_FORMAT), ("parts", str(self.count))],
        )
        self.connection.commit()
        self.connection.execute("INSERT INTO meta VALUES ('complete', 'yes')")
        self.connection.commit()
        self.connection.close()

    def abandon(self) -> None:
        """Closes the file of a build that failed (the caller removes it)."""
        self.connection.close()

"""The part-number lookups over the catalog's in-memory parts and its stored ones.

``LayeredPartIndex`` answers every ``PartIndex`` query as one ``PartIndex`` built over
all the parts in catalog order would: the in-memory parts come first in that order (the
shipped catalogs), the stored ones after (the user's catalogs), so a key's parts are the
memory's then the store's; key ranges and fuzzy blocks are merged in key order; the few
stored parts with wildcard patterns are kept in memory beside the others.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from bomtrace.catalog.partindex import Keyer, PartIndex, digit_block
from bomtrace.catalog.partstore import StoredKeys
from bomtrace.catalog.records import PartRecord


class LayeredPartIndex:
    """A ``PartIndex`` of the in-memory parts followed by a store's view of the rest."""

    def __init__(
        self, memory: Sequence[PartRecord], keyer: Keyer, stored: StoredKeys
    ) -> None:
        self.keyer = keyer
        self.memory = PartIndex(memory, keyer)
        self.stored = stored
        wild = stored.wild_parts()
        # Wildcard patterns: the memory's in order, then the store's, in one index.
        self.patterns = (
            PartIndex([*(p for p in memory if "?" in (p.pattern or "")), *wild], keyer)
            if wild
            else self.memory
        )
        self._near: dict[str, list[str]] = {}

    def exact(self, key: str) -> list[PartRecord]:
        """Parts whose key equals this one."""
        found = self.memory.exact(key)
        stored = self.stored.exact(key)
        return [*found, *stored] if stored else found

    def pattern(self, key: str) -> list[PartRecord]:
        """Parts whose wildcard pattern matches the whole key."""
        return self.patterns.pattern(key)

    def starting_with(self, key: str, limit: int = 50) -> list[PartRecord]:
        """Parts whose key starts with this one, whole keys in key order until ``limit``."""
        found: list[PartRecord] = []
        for _, parts in self._buckets_from(key):
            if len(found) >= limit:
                break
            found.extend(parts)
        return found

    def _buckets_from(self, key: str) -> Iterator[tuple[str, list[PartRecord]]]:
        """(key, parts) of every key starting with ``key``, memory and store merged."""
        keys = self.memory.sorted_keys
        position = bisect.bisect_left(keys, key)
        stored = self.stored.starting_with(key)
        pending = next(stored, None)
        while True:
            memory_key = keys[position] if position < len(keys) else None
            if memory_key is not None and not memory_key.startswith(key):
                memory_key = None
            if memory_key is None and pending is None:
                return
            if pending is None or (memory_key is not None and memory_key < pending[0]):
                assert memory_key is not None
                yield memory_key, self.memory.by_key[memory_key]
                position += 1
            elif memory_key is None or pending[0] < memory_key:
                yield pending
                pending = next(stored, None)
            else:
                yield memory_key, [*self.memory.by_key[memory_key], *pending[1]]
                position += 1
                pending = next(stored, None)

    def longest_prefix(
        self, key: str, min_length: int = 4
    ) -> Iterator[tuple[str, list[PartRecord]]]:
        """Catalogued numbers (and patterns) that the key starts with, longest first."""
        heads = [key[:length] for length in range(len(key) - 1, min_length - 1, -1)]
        stored = self.stored.exact_many(heads)
        for head in heads:
            parts = [
                *self.memory.exact(head),
                *stored.get(head, ()),
                *self.pattern(head),
            ]
            if parts:
                yield head, parts

    def near_keys(self, key: str) -> list[str]:
        """The keys a fuzzy comparison looks at: same first two characters or digit run.

        The list may be one the index keeps: read it, do not change it.
        """
        start = key[:2]
        first = self._block(start)
        block = digit_block(key)
        if not block:
            return first
        # A key is in the first block exactly when it starts with the same two
        # characters: those of the digit block are there already.
        more = [k for k in self._block(block) if not k.startswith(start)]
        return [*first, *more] if more else first

    def _block(self, block: str) -> list[str]:
        """A fuzzy block's keys, memory's and store's, sorted, each once."""
        found = self._near.get(block)
        if found is None:
            memory, stored = self.memory.blocks.get(block, []), self.stored.block(block)
            if memory and stored:
                # Two sorted runs: the sort merges them in one pass.
                found = list(dict.fromkeys(sorted([*memory, *stored])))
            else:
                found = memory or stored
            self._near[block] = found
        return found

    def near_parts(self, key: str) -> list[PartRecord]:
        """The parts behind a fuzzy key."""
        found = self.memory.near_parts(key)
        stored = self.stored.fuzzy(key)
        return [*found, *stored] if stored else found

"""The part store answers as the in-memory index does: every lookup, every table.

The shipped parts catalog (real numbers, KiCad patterns with wildcards and package
suffixes, distributor order codes) is cut in two: the first part stays in memory, the
rest goes into a store. Every query of the index over both must equal the query of an
index holding all the parts in memory, item for item and in the same order.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bomtrace.catalog import Catalog, CatalogIndex
from bomtrace.catalog.index import distributor_codes
from bomtrace.catalog.layered import LayeredPartIndex
from bomtrace.catalog.partindex import PartIndex, PartLookup
from bomtrace.catalog.partstore import CatalogParts, PartsByRef, PartStore
from bomtrace.catalog.store_build import StoreWriter
from bomtrace.match import Matcher
from bomtrace.normalise import compact

# Parts before this position stay in memory; the store holds the rest.
SPLIT = 9_000


def write_store(path: Path, memory: Catalog, stored: list) -> PartStore:  # type: ignore[type-arg]
    """A store of ``stored`` parts, built against the catalog held in memory."""
    names = list(dict.fromkeys(p.ref.file for p in stored))
    writer = StoreWriter(path, CatalogIndex(memory))
    for part in stored:
        writer.add(part, names.index(part.ref.file))
    counts = [sum(p.ref.file == n for p in stored) for n in names]
    writer.finish(
        {"key": "test"}, [(n, "", c) for n, c in zip(names, counts, strict=True)], []
    )
    return PartStore(path)


@pytest.fixture(scope="module")
def split(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CatalogIndex, CatalogIndex]:
    """(index over all parts in memory, index over memory + store)."""
    parts = tuple(catalog.parts)
    memory = replace(catalog, parts=parts[:SPLIT])
    store = write_store(
        tmp_path_factory.mktemp("store") / "parts.sqlite", memory, list(parts[SPLIT:])
    )
    layered = replace(catalog, parts=CatalogParts(parts[:SPLIT], store))
    return CatalogIndex(replace(catalog, parts=parts)), CatalogIndex(layered)


def probe_keys(catalog: Catalog) -> list[str]:
    """Keys that reach every branch: whole numbers, starts, longer numbers, slips."""
    rng = random.Random(15)
    keys: list[str] = []
    for part in rng.sample(list(catalog.parts), 1500):
        key = compact(part.pattern or part.mpn).replace("?", "X")
        keys += [key, key[: max(2, len(key) - 3)], key[:5], key + "TR", key[:-1] + "Q"]
    keys += ["LM", "ST", "AD", "1N4148", "74HC595", "STM32F4", "ZZZ9999", "A", ""]
    return keys


def test_the_store_holds_what_was_left_out(
    split: tuple[CatalogIndex, CatalogIndex], catalog: Catalog
) -> None:
    """The catalog's parts, memory then store, are the catalog's parts in order."""
    _, layered = split
    parts = layered.catalog.parts
    assert isinstance(parts, CatalogParts)
    assert len(parts) == len(catalog.parts)
    assert list(parts) == list(catalog.parts)
    assert parts[SPLIT] == catalog.parts[SPLIT]
    assert parts[-1] == catalog.parts[-1]
    assert parts[SPLIT - 2 : SPLIT + 2] == list(catalog.parts[SPLIT - 2 : SPLIT + 2])


@pytest.mark.parametrize("view", ["parts", "look_alike"])
def test_part_lookups_equal_one_index(
    split: tuple[CatalogIndex, CatalogIndex], catalog: Catalog, view: str
) -> None:
    """exact, pattern, starting_with, longest_prefix, near_keys and near_parts agree."""
    whole: PartLookup = getattr(split[0], view)
    layered: PartLookup = getattr(split[1], view)
    assert isinstance(whole, PartIndex) and isinstance(layered, LayeredPartIndex)
    for key in probe_keys(catalog):
        key = whole.keyer(key)
        assert layered.exact(key) == whole.exact(key), key
        assert layered.pattern(key) == whole.pattern(key), key
        assert layered.starting_with(key) == whole.starting_with(key), key
        assert layered.starting_with(key, 3) == whole.starting_with(key, 3), key
        assert list(layered.longest_prefix(key)) == list(whole.longest_prefix(key)), key
        near = whole.near_keys(key)
        assert layered.near_keys(key) == near, key
        for found in near[:5]:
            assert layered.near_parts(found) == whole.near_parts(found), found


def test_index_tables_equal_one_index(
    split: tuple[CatalogIndex, CatalogIndex], catalog: Catalog
) -> None:
    """Kinds, makers, restored prefixes, prefix shapes, systems and order codes agree."""
    whole, layered = split
    assert layered.maker_kinds == whole.maker_kinds
    assert layered.makers_with_parts == whole.makers_with_parts
    for key in probe_keys(catalog):
        assert layered.restorable(key) == whole.restorable(key), key
    for prefix, maker in whole.prefix_heads:
        for rest in ("4093B", "32F405", "-M8Q", "X"):
            assert layered.prefix_fit(prefix, maker, rest) == whole.prefix_fit(
                prefix, maker, rest
            )
        assert layered.prefix_examples(prefix, maker) == whole.prefix_examples(
            prefix, maker
        )
    for system in catalog.numbering:
        assert layered.system_makers(system) == whole.system_makers(system), (
            system.system
        )
    codes = {c for p in catalog.parts for c in distributor_codes(p)}
    assert codes, "the shipped parts carry distributor order codes"
    for code in codes:
        assert layered.distributor_pn(code) == whole.distributor_pn(code), code
    assert any(
        layered.store and p.ref for p in layered.distributor_pn(next(iter(codes)))
    )


def test_parts_by_ref_finds_stored_and_memory_parts(
    split: tuple[CatalogIndex, CatalogIndex], catalog: Catalog
) -> None:
    """The chain builder's lookup by file and line reaches both, last one first."""
    whole = {(p.ref.file, p.ref.line): p for p in catalog.parts}
    found = PartsByRef(split[1].catalog.parts)
    for position in (0, SPLIT - 1, SPLIT, len(catalog.parts) - 1):
        ref = catalog.parts[position].ref
        assert found.get(ref.file, ref.line) == whole[(ref.file, ref.line)]
    assert found.get("parts.csv", 10**9) is None
    assert found.get("nowhere.csv", 2) is None


def test_identifications_equal_one_index(
    split: tuple[CatalogIndex, CatalogIndex], catalog: Catalog
) -> None:
    """The matcher decides the same with the store: candidates, methods, evidence."""
    whole, layered = Matcher(split[0]), Matcher(split[1])
    rng = random.Random(151)
    markings = []
    for part in rng.sample(list(catalog.parts[SPLIT:]), 150) + rng.sample(
        list(catalog.parts[:SPLIT]), 50
    ):
        number = part.mpn
        markings += [
            number,
            number[:-2],
            number + "-TR",
            number.replace("0", "O"),
            number[1:],
        ]
    markings += [
        "STM32F4O5RGT6",
        "ADXRS620",
        "LM317",
        "1N4148W",
        "SN74HC595N",
        "QQ12345",
    ]
    for marking in markings:
        assert layered.identify(marking) == whole.identify(marking), marking


def test_the_store_covers_every_table(split: tuple[CatalogIndex, CatalogIndex]) -> None:
    """The stored half holds rows of every kind these tests compare (none is vacuous)."""
    store = split[1].store
    assert store is not None
    with sqlite3.connect(store.path) as db:
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "wild",
                "codes",
                "maker_kinds",
                "after_prefix",
                "prefix_shapes",
                "system_makers",
            )
        }
        fuzzy_only = db.execute(
            "SELECT count(*) FROM keys WHERE fuzzy_only = 1"
        ).fetchone()[0]
    assert all(counts.values()), counts
    assert fuzzy_only

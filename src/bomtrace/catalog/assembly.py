"""Catalog rows -> a ``Catalog``: one small function per kind of row, and the table that
says which ``Catalog`` field each kind fills and how.

Pure. ``catalog.load`` reads the files and hands their rows here. Makers come first
(a repeated name keeps its first row; ``makers_alias_additions`` adds aliases), then
parts (a user catalog may name its maker by an alias, or once in its title rows or file
name), then every other kind by ``TABLES``. What the assembly decided about rows is
kept in ``load_notes`` for ``bomtrace catalog check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from bomtrace.catalog.companies import AliasTable
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
from bomtrace.catalog.reported import published_figure, reported_component
from bomtrace.errors import CatalogError
from bomtrace.model import CatalogRef

Row = Mapping[str, str]
Entries = Iterable[tuple[CatalogRef, Row]]
# What a kind's rows become: a Catalog field's value, given the makers' alias table.
Assemble = Callable[[Entries, AliasTable], Any]
Notes = list[tuple[CatalogRef, str]]
R = TypeVar("R")


def split(value: str) -> tuple[str, ...]:
    """A ``;``-separated cell as its items."""
    return tuple(v.strip() for v in value.split(";") if v.strip())


def canonical(aliases: AliasTable, name: str) -> str:
    """The catalogued maker a name stands for, else the name as written."""
    return aliases.resolve(name)[0] or name


# One function per kind of row: the row as its record.


def maker(ref: CatalogRef, r: Row) -> MakerRecord:
    return MakerRecord(
        name=r["name"],
        aliases=split(r.get("aliases", "")),
        hq_country=r.get("hq_country", "").upper(),
        parent=r.get("parent", ""),
        parent_country=r.get("parent_country", "").upper(),
        acquired_year=r.get("acquired_year", ""),
        mpn_prefixes=split(r.get("mpn_prefixes", "")),
        domains=split(r.get("domains", "")),
        note=r.get("note", ""),
        source=r.get("source", ""),
        ref=ref,
    )


def second_source(ref: CatalogRef, r: Row) -> SecondSourceFamily:
    return SecondSourceFamily(
        prefix=r["family_prefix"],
        description=r.get("description", ""),
        makers=split(r["makers"]),
        source=r.get("source", ""),
        ref=ref,
    )


def distributor(ref: CatalogRef, r: Row) -> DistributorRecord:
    return DistributorRecord(
        name=r["name"],
        aliases=split(r.get("aliases", "")),
        country=r.get("country", "").upper(),
        type=r.get("type", ""),
        parent=r.get("parent", ""),
        parent_country=r.get("parent_country", ""),
        sku_pattern=r.get("sku_pattern", ""),
        domains=split(r.get("domains", "")),
        authorised_lines=split(r.get("authorised_lines", "")),
        note=r.get("note", ""),
        source=r.get("source", ""),
        ref=ref,
    )


def country(ref: CatalogRef, r: Row) -> CountryRecord:
    return CountryRecord(
        country=r["country"].upper(),
        name=r.get("name", ""),
        member=r.get("member", "yes").lower() in {"yes", "true", "1", ""},
        basis=r.get("basis", "") or r.get("note", ""),
        as_of=r.get("as_of", ""),
        source=r.get("source", ""),
        ref=ref,
    )


def chpl_code(ref: CatalogRef, r: Row) -> HsRecord:
    return HsRecord(
        hs6=r["hs6"],
        tier=r["tier"],
        description=r.get("description", ""),
        list_date=r.get("list_date", ""),
        source=r.get("source", ""),
        ref=ref,
    )


def category_code(ref: CatalogRef, r: Row) -> HsRecord:
    return HsRecord(
        hs6=r["hs6"],
        category=r["category"].lower(),
        description=r.get("note", ""),
        source=r.get("source", ""),
        ref=ref,
    )


def datecode_format(ref: CatalogRef, r: Row) -> DateCodeFormat:
    return DateCodeFormat(
        maker=r["maker"],
        format=r["format"],
        week_rule=r.get("week_rule", ""),
        example=r.get("example", ""),
        note=r.get("note", ""),
        source=r["source"],
        ref=ref,
    )


def network_fact(ref: CatalogRef, r: Row) -> ReportedFact:
    return ReportedFact(
        subject=r["entity"],
        statement=r["statement"],
        kind=r.get("kind", ""),
        aliases=split(r.get("aliases", "")),
        country=r.get("country", "").upper(),
        role=r.get("role", ""),
        sanctioned_by=r.get("sanctioned_by", ""),
        sanction_date=r.get("sanction_date", ""),
        source=r["source"],
        ref=ref,
    )


def teardown_fact(ref: CatalogRef, r: Row) -> ReportedFact:
    return ReportedFact(
        subject=r.get("component", ""),
        statement=r["what_was_reported"],
        country=r.get("maker_country", ""),
        platform=r["platform"],
        reported=r.get("reported", ""),
        role=r.get("model", ""),
        source=r["source"],
        ref=ref,
    )


def legal_form(ref: CatalogRef, r: Row) -> LegalFormRecord:
    return LegalFormRecord(
        form=r["form"],
        country=r.get("country", "").upper(),
        language=r.get("language", ""),
        elf_code=r.get("elf_code", ""),
        source=r["source"],
        ref=ref,
    )


def family(ref: CatalogRef, r: Row, aliases: AliasTable) -> ProductFamily:
    return ProductFamily(
        maker=canonical(aliases, r["maker"]),
        prefix=r["prefix"].upper().replace(" ", ""),
        category=r["category"].lower(),
        description=r.get("description", ""),
        source=r["source"],
        ref=ref,
    )


def line_transfer(ref: CatalogRef, r: Row, aliases: AliasTable) -> LineTransfer:
    year = r.get("year", "")
    return LineTransfer(
        line=r["line"],
        prefixes=tuple(p.upper() for p in split(r.get("prefixes", ""))),
        from_maker=canonical(aliases, r["from_maker"]),
        to_maker=canonical(aliases, r["to_maker"]),
        year=int(year) if year.isdigit() else 0,
        note=r.get("note", ""),
        source=r["source"],
        ref=ref,
    )


def topmark(ref: CatalogRef, r: Row, aliases: AliasTable) -> TopMark:
    return TopMark(
        maker=canonical(aliases, r["maker"]),
        marking=r["marking"],
        mpn=r["mpn"],
        package=r.get("package", ""),
        note=r.get("note", ""),
        source=r["source"],
        ref=ref,
    )


def numbering_system(ref: CatalogRef, r: Row) -> NumberingSystem:
    return NumberingSystem(
        system=r["system"],
        pattern=r["pattern"],
        description=r["description"],
        example=r.get("example", ""),
        source=r["source"],
        ref=ref,
    )


def control_date(ref: CatalogRef, r: Row) -> ControlDate:
    return ControlDate(
        flag=r["flag"], label=r["label"], date=r["date"], source=r["source"], ref=ref
    )


def part_library(ref: CatalogRef, r: Row) -> PartLibrary:
    return PartLibrary(
        library=r["library"],
        repository=r.get("repository", ""),
        commit=r["commit"],
        date=r["date"],
        licence=r["licence"],
        provides=r["provides"],
        source=r["source"],
        ref=ref,
    )


# How a kind's records make a Catalog field: in row order, by a key (a later row
# replaces an earlier one in its place), or grouped by a key.


def each(build: Callable[[CatalogRef, Row], object], keep: str = "") -> Assemble:
    """A tuple of records, in row order (only rows with ``keep`` filled, when given)."""
    return lambda rows, _: tuple(
        build(ref, r) for ref, r in rows if not keep or r.get(keep)
    )


def each_naming_makers(
    build: Callable[[CatalogRef, Row, AliasTable], object],
) -> Assemble:
    """A tuple of records whose makers are read through the makers' aliases."""
    return lambda rows, aliases: tuple(build(ref, r, aliases) for ref, r in rows)


def keyed(build: Callable[[CatalogRef, Row], R], key: Callable[[R], str]) -> Assemble:
    """Records by ``key``."""
    return lambda rows, _: {key(rec): rec for rec in (build(ref, r) for ref, r in rows)}


def grouped(build: Callable[[CatalogRef, Row], R], key: Callable[[R], str]) -> Assemble:
    """Tuples of records by ``key``, each in row order."""

    def assemble(rows: Entries, _: AliasTable) -> dict[str, tuple[R, ...]]:
        found: dict[str, tuple[R, ...]] = {}
        for ref, r in rows:
            record = build(ref, r)
            found[key(record)] = (*found.get(key(record), ()), record)
        return found

    return assemble


# Catalog field -> (catalog kind whose rows fill it, how), after makers and parts.
TABLES: dict[str, tuple[str, Assemble]] = {
    "second_sources": ("second_sources", each(second_source)),
    "distributors": ("distributors", each(distributor)),
    "coalition": ("coalition", keyed(country, lambda c: c.country)),
    "transshipment": ("transshipment", keyed(country, lambda c: c.country)),
    "chpl": ("chpl", keyed(chpl_code, lambda h: h.hs6)),
    "category_hs": ("category_hs", keyed(category_code, lambda h: h.category)),
    "datecode_formats": ("datecode_formats", grouped(datecode_format, lambda f: f.maker)),
    "network": ("network", each(network_fact)),
    "teardown_reports": ("teardown", each(teardown_fact)),
    "legal_forms": ("legal_forms", each(legal_form, keep="form")),
    "families": ("families", each_naming_makers(family)),
    "lines": ("lines", each_naming_makers(line_transfer)),
    "topmarks": ("topmarks", each_naming_makers(topmark)),
    "numbering": ("numbering_systems", each(numbering_system)),
    "reported": ("reported", each(reported_component)),
    "published_figures": ("published_figures", each(published_figure)),
    "control_dates": ("control_dates", each(control_date)),
    "part_libraries": ("part_libraries", each(part_library)),
}  # fmt: skip


def makers_of(
    rows: Entries, additions: Entries, notes: Notes
) -> dict[str, MakerRecord]:
    """Makers by name (a repeated name keeps its first row), with the aliases added."""
    makers: dict[str, MakerRecord] = {}
    for ref, r in rows:
        if r["name"] in makers:
            notes.append(
                (ref, f"maker '{r['name']}' repeats row {makers[r['name']].ref}")
            )
            continue
        makers[r["name"]] = maker(ref, r)
    for ref, r in additions:
        record = makers.get(r["name"])
        if record is None:
            notes.append(
                (ref, f"aliases for '{r['name']}', which no makers file lists")
            )
            continue
        added = tuple(a for a in split(r["aliases"]) if a not in record.aliases)
        makers[record.name] = replace(record, aliases=(*record.aliases, *added))
    return makers


def _maker_named_in(
    ref: CatalogRef, text: str, aliases: AliasTable, notes: Notes
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
            resolved, misspelt = aliases.resolve(phrase)
            if resolved and not misspelt and len(phrase) > len(found.get(resolved, "")):
                found[resolved] = phrase
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
    resolved, phrase = next(iter(found.items()))
    note = f"maker '{resolved}' taken from '{phrase}' in the title rows or file name"
    if not any(r.file == ref.file and n == note for r, n in notes):
        notes.append((ref, note))
    return resolved


class PartMaker:
    """Catalog rows -> ``PartRecord``: a part's maker as the catalogs name it; user
    catalogs may use an alias, or name the maker once, in their title rows or file name.
    What it decided is added to ``notes`` (once per file and spelling)."""

    def __init__(
        self, makers: dict[str, MakerRecord], aliases: AliasTable, notes: Notes
    ) -> None:
        self.makers = makers
        self.aliases = aliases
        self.notes = notes
        self.resolved_once: set[tuple[str, str]] = set()

    def maker_of(self, ref: CatalogRef, row: Row) -> str:
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

    def __call__(self, ref: CatalogRef, r: Row) -> PartRecord:
        return PartRecord(
            mpn=r["mpn"],
            maker=self.maker_of(ref, r),
            pattern=r.get("mpn_pattern", ""),
            description=r.get("description", ""),
            category=r.get("category", "").lower(),
            package=r.get("package", ""),
            datasheet=r.get("datasheet", ""),
            distributor_pns=split(r.get("distributor_pns", "")),
            hs_code=r.get("hs_code", ""),
            eccn=r.get("eccn", ""),
            source=r.get("source", ""),
            ref=ref,
        )


def assemble(
    tables: Mapping[str, list[tuple[str, list[tuple[int, dict[str, str]]]]]],
    files: tuple[CatalogFile, ...],
    directory: str,
) -> tuple[Catalog, PartMaker]:
    """The catalog of these tables (kind -> [(file name, [(line, row)])]), and what made
    its parts (a store's parts are made by it too, after these)."""

    def rows(kind: str) -> Entries:
        for name, lines in tables.get(kind, []):
            for line, row in lines:
                yield CatalogRef(file=name, line=line), row

    notes: Notes = []
    makers = makers_of(rows("makers"), rows("maker_aliases"), notes)
    aliases = AliasTable(makers.values())
    make_part = PartMaker(makers, aliases, notes)
    parts = tuple(make_part(ref, r) for ref, r in rows("parts") if r.get("mpn"))
    fields = {
        name: build(rows(kind), aliases) for name, (kind, build) in TABLES.items()
    }
    catalog = Catalog(
        makers=makers,
        parts=parts,
        **fields,
        files=files,
        directory=directory,
        load_notes=tuple(notes),
    )
    return catalog, make_part

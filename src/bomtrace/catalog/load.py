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
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from bomtrace.catalog.companies import AliasTable
from bomtrace.catalog.records import (
    Catalog,
    CatalogFile,
    CountryRecord,
    DateCodeFormat,
    DistributorRecord,
    HsRecord,
    LegalFormRecord,
    LineTransfer,
    MakerRecord,
    NumberingSystem,
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
    directory: str | Path | None = None, extra: Sequence[str | Path] = ()
) -> Catalog:
    """Loads the shipped catalogs and any extra catalog files or folders."""
    base = Path(directory) if directory else default_catalog_dir()
    if not base.is_dir():
        raise CatalogError(
            f"catalog folder {base} not found",
            remedy="Pass the folder that holds makers.csv and parts.csv",
        )
    log.info("loading catalogs from %s", base)
    files = sorted(
        p for p in base.iterdir() if p.suffix.lower() == ".csv" and kind_of(p.name)
    )
    tables: dict[str, list[tuple[str, Rows]]] = {}
    loaded: list[CatalogFile] = []
    for path in files:
        kind = kind_of(path.name)
        rows = _read_csv(path, kind)
        tables.setdefault(kind, []).append((path.name, rows))
        loaded.append(_describe(path, kind, len(rows)))
    for item in extra:
        for path, kind, rows in _read_extra(Path(item)):
            tables.setdefault(kind, []).append((path.name, rows))
            loaded.append(_describe(path, kind, len(rows)))
    return _assemble(tables, tuple(loaded), str(base))


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


def _read_extra(path: Path) -> Iterable[tuple[Path, str, Rows]]:
    """User catalogs: a folder of catalog files, or one parts file in CSV or XLSX."""
    if not path.exists():
        raise CatalogError(
            f"catalog {path} not found", remedy="Check the --catalog path"
        )
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
                yield from _read_extra(child)
        return
    kind = kind_of(path.name) or "parts"
    if path.suffix.lower() == ".csv" and kind == "parts" and _reported_header(path):
        # A file of the portal's layout, whatever it is called (an export of GUR's data).
        kind = "reported"
    if path.suffix.lower() == ".csv" and kind != "parts":
        yield path, kind, _read_csv(path, kind)
        return
    # A maker's own product export: any layout the sheet reader understands.
    from bomtrace.catalog.userparts import read_user_parts

    yield path, "parts", read_user_parts(path)


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


def _assemble(
    tables: dict[str, list[tuple[str, Rows]]],
    files: tuple[CatalogFile, ...],
    directory: str,
) -> Catalog:
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

    def maker_of(ref: CatalogRef, row: dict[str, str]) -> str:
        """A part's maker as the catalogs name it; user catalogs may use an alias, or
        name the maker once, in their title rows or file name."""
        written = row["maker"]
        if written in makers:
            return written
        if not written and row.get("maker_named_in"):
            return _maker_named_in(ref, row["maker_named_in"], aliases, notes)
        resolved, misspelt = aliases.resolve(written)
        if not resolved or misspelt:
            return written
        if (ref.file, written) not in resolved_once:
            resolved_once.add((ref.file, written))
            notes.append((ref, f"maker '{written}' read as '{resolved}' (an alias)"))
        return resolved

    resolved_once: set[tuple[str, str]] = set()
    parts = tuple(
        PartRecord(
            mpn=r["mpn"],
            maker=maker_of(ref, r),
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
        for ref, r in each("parts")
        if r.get("mpn")
    )
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
    return Catalog(
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

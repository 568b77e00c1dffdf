"""Column contracts of the catalog files and the checks behind ``bomtrace catalog check``.

Pure: functions take loaded rows and a ``Catalog`` and return findings; nothing here
reads a file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry

from bomtrace.catalog.records import AFTER_2014, AFTER_2022, Catalog
from bomtrace.catalog.reported import REPORTED_COLUMNS, check_reported

# kind -> (file name stem that marks it, required columns, optional columns)
KINDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "makers": (
        "makers",
        ("name", "source"),
        ("aliases", "hq_country", "parent", "parent_country", "acquired_year",
         "mpn_prefixes", "domains", "note"),
    ),
    "parts": (
        "parts",
        ("mpn", "maker", "source"),
        ("mpn_pattern", "description", "category", "package", "datasheet",
         "distributor_pns", "status", "hs_code", "eccn"),
    ),
    "second_sources": ("second_sources", ("family_prefix", "makers", "source"), ("description", "note")),
    "distributors": (
        "distributors",
        ("name", "source"),
        ("aliases", "country", "type", "parent", "parent_country", "sku_pattern", "domains",
         "authorised_lines", "note"),
    ),
    "coalition": ("coalition_countries", ("country", "source"), ("name", "member", "basis", "as_of")),
    "transshipment": ("transshipment_countries", ("country", "source"), ("name", "note")),
    "chpl": ("chpl_hs_codes", ("hs6", "tier", "source"), ("description", "list_date")),
    "category_hs": ("category_hs", ("category", "hs6", "source"), ("note",)),
    "network": (
        "network_reported",
        ("entity", "statement", "source"),
        ("aliases", "country", "role", "sanctioned_by", "sanction_date", "kind"),
    ),
    "teardown": (
        "teardown_reported", ("platform", "what_was_reported", "source"),
        ("component", "model", "manufacturer", "maker_country", "reported"),
    ),
    "datecode_formats": (
        "datecode_formats", ("maker", "format", "source"), ("week_rule", "example", "note"),
    ),
    "legal_forms": (
        "legal_forms", ("form", "source"), ("country", "language", "elf_code", "status", "note"),
    ),
    # Knowledge for identification on real records (#12): product families with a
    # uniform category, product lines that moved between makers, published top-mark
    # codes, aliases for makers already catalogued (the longer stem
    # `makers_alias_additions` wins over `makers` in kind_of()), and industry numbering
    # systems whose numbers many makers make.
    "families": ("families", ("maker", "prefix", "category", "source"), ("description", "note")),
    "lines": (
        "lines", ("line", "from_maker", "to_maker", "source"), ("prefixes", "year", "note"),
    ),
    "topmarks": ("topmarks", ("maker", "marking", "mpn", "source"), ("package", "note")),
    "maker_aliases": ("makers_alias_additions", ("name", "aliases", "source"), ("note",)),
    "numbering_systems": (
        "numbering_systems", ("system", "pattern", "description", "source"), ("example", "note"),
    ),
    # Components published as found in weapons, in the layout of GUR's portal (#13):
    # reported_gur.csv, or any file of that layout given with --catalog. The `source`
    # column is optional there: each row cites its page (`source_url`).
    "reported": (
        "reported", REPORTED_COLUMNS,
        ("component_id", "category", "manufacturer_country", "source", "note"),
    ),
    "published_figures": (
        "published_figures", ("publisher", "year", "measure", "value", "source"),
        ("statement", "note"),
    ),
    # Facts the reports cite that are not rows of a run (#16): the dates the after_*
    # flags compare with, and the public libraries parts.csv was built from.
    "control_dates": ("control_dates", ("flag", "label", "date", "source"), ("note",)),
    "part_libraries": (
        "part_libraries", ("library", "commit", "date", "licence", "provides", "source"),
        ("repository",),
    ),
}  # fmt: skip

# The date-code formats the decoder reads (bomtrace.provenance.datecodes); a test keeps
# the two lists equal.
DATECODE_FORMATS = (
    "YYWW",
    "YYWWx",
    "xYYWWx",
    "YWW",
    "PYWW",
    "YM",
    "YYMM",
    "YYWWNNN",
    "YWWNNN",
)
WEEK_RULES = ("", "iso", "jan1")

_HS6 = re.compile(r"^\d{6}$")
# Words of the distributors' ``type`` column (see catalogs/README.md).
DISTRIBUTOR_TYPES = ("authorised", "catalog", "marketplace")
_YEAR = re.compile(r"^(19|20)\d{2}$")


def kind_of(file_name: str) -> str:
    """Names the catalog kind a file holds, from its name (``parts_acme.csv`` -> parts)."""
    stem = file_name.rsplit(".", 1)[0].lower()
    for kind, (marker, _, _) in sorted(
        KINDS.items(), key=lambda item: -len(item[1][0])
    ):
        if (
            stem == marker
            or stem.startswith(marker + "_")
            or stem.startswith(marker + "-")
        ):
            return kind
    return ""


def missing_columns(kind: str, columns: list[str]) -> list[str]:
    """Lists the required columns of a catalog kind that a file lacks."""
    return [c for c in KINDS[kind][1] if c not in columns]


def is_country_code(code: str) -> bool:
    """Tells whether a code is an ISO 3166-1 alpha-2 country code."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a catalog check found: where, what, and whether it is an error."""

    where: str
    message: str
    error: bool = True
    # What a warning is about, for the summary line ("makers without a headquarters
    # country"); errors are printed one by one.
    topic: str = ""

    def __str__(self) -> str:
        return f"{'error' if self.error else 'warning'}: {self.where}: {self.message}"


def check_catalog(catalog: Catalog) -> list[Finding]:
    """Checks a loaded catalog: sources, duplicates, unknown makers, country codes, HS codes."""
    findings: list[Finding] = []
    makers = catalog.makers
    for maker in makers.values():
        where = str(maker.ref)
        if not maker.source:
            findings.append(Finding(where, f"maker '{maker.name}' has no source"))
        for code in (maker.hq_country, maker.parent_country):
            if code and not is_country_code(code):
                findings.append(
                    Finding(where, f"'{code}' is not an ISO 3166 alpha-2 country code")
                )
        if not maker.hq_country:
            findings.append(
                Finding(
                    where,
                    f"maker '{maker.name}' has no headquarters country",
                    error=False,
                    topic="makers without a headquarters country",
                )
            )
        if maker.acquired_year and not _YEAR.match(maker.acquired_year):
            findings.append(
                Finding(where, f"acquired_year '{maker.acquired_year}' is not a year")
            )
    alias_owner: dict[str, str] = {}
    for maker in makers.values():
        for alias in (maker.name, *maker.aliases):
            key = alias.casefold()
            owner = alias_owner.setdefault(key, maker.name)
            if owner != maker.name:
                findings.append(
                    Finding(
                        str(maker.ref),
                        f"alias '{alias}' names both '{owner}' and '{maker.name}'",
                    )
                )
    first_row: dict[tuple[str, str], str] = {}
    for part in catalog.parts:
        where = str(part.ref)
        part_key = (part.mpn.upper(), part.maker)
        if part_key in first_row and first_row[part_key].split(":")[0] == part.ref.file:
            findings.append(
                Finding(
                    where,
                    f"duplicate part '{part.mpn}' of '{part.maker}' (first at {first_row[part_key]})",
                )
            )
        elif part_key in first_row:
            findings.append(
                Finding(
                    where,
                    f"part '{part.mpn}' of '{part.maker}' is also listed at {first_row[part_key]}",
                    error=False,
                    topic="parts listed in two catalog files",
                )
            )
        first_row.setdefault(part_key, where)
        if part.maker not in makers:
            findings.append(
                Finding(where, f"part '{part.mpn}' names unknown maker '{part.maker}'")
            )
        if not part.source:
            findings.append(Finding(where, f"part '{part.mpn}' has no source"))
        if part.hs_code and not _HS6.match(part.hs_code):
            findings.append(
                Finding(where, f"hs_code '{part.hs_code}' is not six digits")
            )
    for family in catalog.second_sources:
        for name in family.makers:
            if name not in makers:
                findings.append(
                    Finding(
                        str(family.ref),
                        f"family '{family.prefix}' names unknown maker '{name}'",
                    )
                )
    for distributor in catalog.distributors:
        if distributor.country and not is_country_code(distributor.country):
            findings.append(
                Finding(
                    str(distributor.ref),
                    f"'{distributor.country}' is not a country code",
                )
            )
        if not distributor.source:
            findings.append(
                Finding(
                    str(distributor.ref),
                    f"distributor '{distributor.name}' has no source",
                )
            )
    for table in (catalog.coalition, catalog.transshipment):
        for record in table.values():
            if not is_country_code(record.country):
                findings.append(
                    Finding(
                        str(record.ref), f"'{record.country}' is not a country code"
                    )
                )
            if not record.source:
                findings.append(
                    Finding(
                        str(record.ref), f"country '{record.country}' has no source"
                    )
                )
    for hs in (*catalog.chpl.values(), *catalog.category_hs.values()):
        if not _HS6.match(hs.hs6):
            findings.append(
                Finding(str(hs.ref), f"'{hs.hs6}' is not a six-digit HS code")
            )
    for rules in catalog.datecode_formats.values():
        for rule in rules:
            where = str(rule.ref)
            if rule.maker not in makers:
                findings.append(
                    Finding(
                        where, f"date-code format names unknown maker '{rule.maker}'"
                    )
                )
            if rule.format not in DATECODE_FORMATS:
                findings.append(
                    Finding(
                        where,
                        f"'{rule.format}' is not a date-code format ({', '.join(DATECODE_FORMATS)})",
                    )
                )
            if rule.week_rule not in WEEK_RULES:
                findings.append(
                    Finding(
                        where, f"week_rule '{rule.week_rule}' is not iso, jan1 or blank"
                    )
                )
    findings.extend(_check_ownership(catalog))
    findings.extend(_check_legal_forms(catalog))
    findings.extend(_check_knowledge(catalog))
    findings.extend(_check_distributors(catalog))
    findings.extend(_check_families(catalog))
    findings.extend(_check_control_dates(catalog))
    findings.extend(check_reported(catalog))
    findings.extend(_load_notes(catalog))
    return findings


def _check_knowledge(catalog: Catalog) -> list[Finding]:
    """Product families, line transfers, top marks and numbering systems."""
    findings = []
    makers = catalog.makers

    def unknown(where: str, what: str, name: str) -> None:
        if name not in makers:
            findings.append(Finding(where, f"{what} names unknown maker '{name}'"))

    for family in catalog.families:
        where = str(family.ref)
        unknown(where, f"family '{family.prefix}'", family.maker)
        if family.category not in catalog.category_hs:
            findings.append(
                Finding(
                    where, f"category '{family.category}' has no row in category_hs"
                )
            )
    for transfer in catalog.lines:
        where = str(transfer.ref)
        unknown(where, f"line '{transfer.line}'", transfer.from_maker)
        unknown(where, f"line '{transfer.line}'", transfer.to_maker)
        if not transfer.year:
            findings.append(
                Finding(
                    where,
                    f"line '{transfer.line}' has no year: it is not used for the maker at production",
                    error=False,
                    topic="product lines without a transfer year",
                )
            )
    for mark in catalog.topmarks:
        unknown(str(mark.ref), f"top mark '{mark.marking}'", mark.maker)
    for system in catalog.numbering:
        try:
            re.compile(system.pattern)
        except re.error as exc:
            findings.append(
                Finding(
                    str(system.ref),
                    f"pattern of '{system.system}' is not a regular expression ({exc})",
                )
            )
    return findings


def _check_ownership(catalog: Catalog) -> list[Finding]:
    """Parents must be traceable: a catalogued maker, or a company with its own country."""
    findings = []
    for maker in catalog.makers.values():
        where = str(maker.ref)
        if (
            maker.parent
            and maker.parent not in catalog.makers
            and not maker.parent_country
        ):
            findings.append(
                Finding(
                    where,
                    f"parent '{maker.parent}' of '{maker.name}' is neither a catalogued maker nor given a parent_country",
                )
            )
        if maker.acquired_year and not maker.parent:
            findings.append(
                Finding(
                    where, f"maker '{maker.name}' has an acquired_year but no parent"
                )
            )
        if maker.parent == maker.name:
            findings.append(Finding(where, f"maker '{maker.name}' is its own parent"))
    return findings


def _check_legal_forms(catalog: Catalog) -> list[Finding]:
    """A legal form has letters to match, a source, and a real country when it names one."""
    findings = []
    for form in catalog.legal_forms:
        where = str(form.ref)
        if not any(ch.isalnum() for ch in form.form):
            findings.append(Finding(where, f"legal form '{form.form}' has no letters"))
        if not form.source:
            findings.append(Finding(where, f"legal form '{form.form}' has no source"))
        # XK: the user-assigned code GLEIF's list (like the EU's) gives Kosovo.
        if form.country not in ("", "XK") and not is_country_code(form.country):
            findings.append(Finding(where, f"'{form.country}' is not a country code"))
    return findings


def _repeats(rows: Iterable[tuple[str, str, str]]) -> list[Finding]:
    """(where, key, label) rows -> an error for each key seen before."""
    findings = []
    seen: dict[str, str] = {}
    for where, key, label in rows:
        if key in seen:
            findings.append(Finding(where, f"{label} repeats row {seen[key]}"))
        seen.setdefault(key, where)
    return findings


def _check_distributors(catalog: Catalog) -> list[Finding]:
    """Distributor names unique, types from the vocabulary, parent countries valid."""
    findings = _repeats(
        (str(d.ref), d.name.casefold(), f"distributor '{d.name}'")
        for d in catalog.distributors
    )
    for distributor in catalog.distributors:
        where = str(distributor.ref)
        unknown = [t for t in distributor.type.split() if t not in DISTRIBUTOR_TYPES]
        if unknown:
            findings.append(
                Finding(
                    where,
                    f"distributor type '{' '.join(unknown)}' is not one of {', '.join(DISTRIBUTOR_TYPES)}",
                )
            )
        code = distributor.parent_country.upper()
        if code and not is_country_code(code):
            findings.append(Finding(where, f"'{code}' is not a country code"))
    return findings


def _check_families(catalog: Catalog) -> list[Finding]:
    """A second-source family is listed once."""
    return _repeats(
        (str(f.ref), f.prefix.upper(), f"family '{f.prefix}'")
        for f in catalog.second_sources
    )


CONTROL_FLAGS = (AFTER_2014, AFTER_2022)


def _check_control_dates(catalog: Catalog) -> list[Finding]:
    """One dated, sourced row per flag column; a flag without one is a warning."""
    dates = catalog.control_dates
    findings = _repeats((str(c.ref), c.flag, f"control date '{c.flag}'") for c in dates)
    for control in dates:
        where = str(control.ref)
        if control.flag not in CONTROL_FLAGS:
            findings.append(
                Finding(
                    where,
                    f"control date flag '{control.flag}' is not one of {', '.join(CONTROL_FLAGS)}",
                )
            )
        if control.day is None:
            findings.append(
                Finding(
                    where, f"control date '{control.date}' is not a date (YYYY-MM-DD)"
                )
            )
    given = {c.flag for c in dates}
    findings.extend(
        Finding(
            "control_dates.csv",
            f"no control date for {flag}: the column says unknown",
            error=False,
            topic="flags without a control date",
        )
        for flag in CONTROL_FLAGS
        if flag not in given
    )
    return findings


def _load_notes(catalog: Catalog) -> list[Finding]:
    """What the loader decided: repeated makers are errors, resolved aliases warnings."""
    return [
        Finding(str(ref), note)
        if "repeats" in note
        else Finding(
            str(ref),
            note,
            error=False,
            topic="makers named by an alias or a title in user catalogs",
        )
        for ref, note in catalog.load_notes
    ]


def warning_topics(findings: list[Finding]) -> str:
    """' (20 makers without a headquarters country, 2 parts listed in two catalog files)'."""
    topics = Counter(f.topic for f in findings if not f.error and f.topic)
    if not topics:
        return ""
    return " (" + ", ".join(f"{n} {topic}" for topic, n in topics.items()) + ")"

"""Column contracts of the catalog files and the checks behind ``bomtrace catalog check``.

Pure: functions take loaded rows and a ``Catalog`` and return findings; nothing here
reads a file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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


# One check of a catalog: the findings it makes, in order.
Check = Callable[[Catalog], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One check of one kind of record: the messages a record that breaks it gets."""

    test: Callable[[Any, Catalog], Iterable[str]]
    # A warning counted under this topic ("makers without a headquarters country");
    # an error when blank.
    topic: str = ""


def _when(broken: object, message: str) -> tuple[str, ...]:
    return (message,) if broken else ()


def _not_a_code(code: str) -> bool:
    return bool(code) and not is_country_code(code)


def _unknown_maker(what: str, name: str, catalog: Catalog) -> tuple[str, ...]:
    return _when(name not in catalog.makers, f"{what} names unknown maker '{name}'")


def _pattern_error(pattern: str) -> str:
    """Why a pattern is not a regular expression ('' when it is one)."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return ""


def _findings(
    record: Any, catalog: Catalog, rules: Sequence[Rule]
) -> Iterator[Finding]:
    """The findings of one record against its kind's rules, in the rules' order."""
    where = str(record.ref)
    for rule in rules:
        for message in rule.test(record, catalog):
            yield Finding(where, message, error=not rule.topic, topic=rule.topic)


def each(records: Callable[[Catalog], Iterable[Any]], *rules: Rule) -> Check:
    """A check of every record of a kind against its rules, record by record."""
    return lambda catalog: (
        finding
        for record in records(catalog)
        for finding in _findings(record, catalog, rules)
    )


def repeats(rows: Callable[[Catalog], Iterable[tuple[str, str, str]]]) -> Check:
    """A check that each key is listed once: (where, key, label) rows -> an error for
    each key seen before."""

    def check(catalog: Catalog) -> Iterator[Finding]:
        seen: dict[str, str] = {}
        for where, key, label in rows(catalog):
            if key in seen:
                yield Finding(where, f"{label} repeats row {seen[key]}")
            seen.setdefault(key, where)

    return check


_ISO = "is not an ISO 3166 alpha-2 country code"
_HQ = "makers without a headquarters country"

MAKER_RULES = (
    Rule(lambda m, _: _when(not m.source, f"maker '{m.name}' has no source")),
    Rule(lambda m, _: _when(_not_a_code(m.hq_country), f"'{m.hq_country}' {_ISO}")),
    Rule(lambda m, _: _when(_not_a_code(m.parent_country), f"'{m.parent_country}' {_ISO}")),
    Rule(lambda m, _: _when(not m.hq_country, f"maker '{m.name}' has no headquarters country"),
         topic=_HQ),
    Rule(lambda m, _: _when(m.acquired_year and not _YEAR.match(m.acquired_year),
                            f"acquired_year '{m.acquired_year}' is not a year")),
)  # fmt: skip
OWNERSHIP_RULES = (
    Rule(lambda m, c: _when(m.parent and m.parent not in c.makers and not m.parent_country,
                            f"parent '{m.parent}' of '{m.name}' is neither a catalogued maker"
                            " nor given a parent_country")),
    Rule(lambda m, _: _when(m.acquired_year and not m.parent,
                            f"maker '{m.name}' has an acquired_year but no parent")),
    Rule(lambda m, _: _when(m.parent == m.name, f"maker '{m.name}' is its own parent")),
)  # fmt: skip
PART_RULES = (
    Rule(lambda p, c: _unknown_maker(f"part '{p.mpn}'", p.maker, c)),
    Rule(lambda p, _: _when(not p.source, f"part '{p.mpn}' has no source")),
    Rule(lambda p, _: _when(p.hs_code and not _HS6.match(p.hs_code),
                            f"hs_code '{p.hs_code}' is not six digits")),
)  # fmt: skip
SECOND_SOURCE_RULES = (
    Rule(lambda f, c: (m for name in f.makers
                       for m in _unknown_maker(f"family '{f.prefix}'", name, c))),
)  # fmt: skip
DISTRIBUTOR_RULES = (
    Rule(lambda d, _: _when(_not_a_code(d.country), f"'{d.country}' is not a country code")),
    Rule(lambda d, _: _when(not d.source, f"distributor '{d.name}' has no source")),
)  # fmt: skip
DISTRIBUTOR_WORD_RULES = (
    Rule(lambda d, _: _when(
        unknown := [t for t in d.type.split() if t not in DISTRIBUTOR_TYPES],
        f"distributor type '{' '.join(unknown)}' is not one of {', '.join(DISTRIBUTOR_TYPES)}")),
    Rule(lambda d, _: _when(_not_a_code(d.parent_country.upper()),
                            f"'{d.parent_country.upper()}' is not a country code")),
)  # fmt: skip
COUNTRY_RULES = (
    Rule(lambda r, _: _when(not is_country_code(r.country), f"'{r.country}' is not a country code")),
    Rule(lambda r, _: _when(not r.source, f"country '{r.country}' has no source")),
)  # fmt: skip
HS_RULES = (
    Rule(lambda h, _: _when(not _HS6.match(h.hs6), f"'{h.hs6}' is not a six-digit HS code")),
)  # fmt: skip
DATECODE_RULES = (
    Rule(lambda f, c: _unknown_maker("date-code format", f.maker, c)),
    Rule(lambda f, _: _when(f.format not in DATECODE_FORMATS,
                            f"'{f.format}' is not a date-code format ({', '.join(DATECODE_FORMATS)})")),
    Rule(lambda f, _: _when(f.week_rule not in WEEK_RULES,
                            f"week_rule '{f.week_rule}' is not iso, jan1 or blank")),
)  # fmt: skip
LEGAL_FORM_RULES = (
    Rule(lambda f, _: _when(not any(ch.isalnum() for ch in f.form),
                            f"legal form '{f.form}' has no letters")),
    Rule(lambda f, _: _when(not f.source, f"legal form '{f.form}' has no source")),
    # XK: the user-assigned code GLEIF's list (like the EU's) gives Kosovo.
    Rule(lambda f, _: _when(f.country not in ("", "XK") and not is_country_code(f.country),
                            f"'{f.country}' is not a country code")),
)  # fmt: skip
FAMILY_RULES = (
    Rule(lambda f, c: _unknown_maker(f"family '{f.prefix}'", f.maker, c)),
    Rule(lambda f, c: _when(f.category not in c.category_hs,
                            f"category '{f.category}' has no row in category_hs")),
)  # fmt: skip
LINE_RULES = (
    Rule(lambda t, c: _unknown_maker(f"line '{t.line}'", t.from_maker, c)),
    Rule(lambda t, c: _unknown_maker(f"line '{t.line}'", t.to_maker, c)),
    Rule(lambda t, _: _when(not t.year, f"line '{t.line}' has no year: it is not used for the"
                                        " maker at production"),
         topic="product lines without a transfer year"),
)  # fmt: skip
TOPMARK_RULES = (
    Rule(lambda t, c: _unknown_maker(f"top mark '{t.marking}'", t.maker, c)),
)  # fmt: skip
NUMBERING_RULES = (
    Rule(lambda n, _: _when(error := _pattern_error(n.pattern),
                            f"pattern of '{n.system}' is not a regular expression ({error})")),
)  # fmt: skip
CONTROL_FLAGS = (AFTER_2014, AFTER_2022)
CONTROL_DATE_RULES = (
    Rule(lambda d, _: _when(d.flag not in CONTROL_FLAGS,
                            f"control date flag '{d.flag}' is not one of {', '.join(CONTROL_FLAGS)}")),
    Rule(lambda d, _: _when(d.day is None, f"control date '{d.date}' is not a date (YYYY-MM-DD)")),
)  # fmt: skip


def _shared_aliases(catalog: Catalog) -> Iterator[Finding]:
    """An alias (or name) that names two makers."""
    owners: dict[str, str] = {}
    for maker in catalog.makers.values():
        for alias in (maker.name, *maker.aliases):
            owner = owners.setdefault(alias.casefold(), maker.name)
            if owner != maker.name:
                yield Finding(
                    str(maker.ref),
                    f"alias '{alias}' names both '{owner}' and '{maker.name}'",
                )


def _parts(catalog: Catalog) -> Iterator[Finding]:
    """A part listed twice (an error in one file, a warning across files), then its rules."""
    first_row: dict[tuple[str, str], str] = {}
    for part in catalog.parts:
        where = str(part.ref)
        key = (part.mpn.upper(), part.maker)
        first = first_row.get(key)
        if first is not None and first.split(":")[0] == part.ref.file:
            yield Finding(
                where,
                f"duplicate part '{part.mpn}' of '{part.maker}' (first at {first})",
            )
        elif first is not None:
            yield Finding(
                where,
                f"part '{part.mpn}' of '{part.maker}' is also listed at {first}",
                error=False,
                topic="parts listed in two catalog files",
            )
        first_row.setdefault(key, where)
        yield from _findings(part, catalog, PART_RULES)


def _flags_without_a_date(catalog: Catalog) -> Iterator[Finding]:
    """A flag column no control date is given for says unknown: a warning."""
    given = {c.flag for c in catalog.control_dates}
    for flag in CONTROL_FLAGS:
        if flag not in given:
            yield Finding(
                "control_dates.csv",
                f"no control date for {flag}: the column says unknown",
                error=False,
                topic="flags without a control date",
            )


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


# Every check of ``bomtrace catalog check``, in the order its findings are listed.
CHECKS: tuple[Check, ...] = (
    each(lambda c: c.makers.values(), *MAKER_RULES),
    _shared_aliases,
    _parts,
    each(lambda c: c.second_sources, *SECOND_SOURCE_RULES),
    each(lambda c: c.distributors, *DISTRIBUTOR_RULES),
    each(lambda c: (*c.coalition.values(), *c.transshipment.values()), *COUNTRY_RULES),
    each(lambda c: (*c.chpl.values(), *c.category_hs.values()), *HS_RULES),
    each(lambda c: (f for rules in c.datecode_formats.values() for f in rules), *DATECODE_RULES),
    each(lambda c: c.makers.values(), *OWNERSHIP_RULES),
    each(lambda c: c.legal_forms, *LEGAL_FORM_RULES),
    each(lambda c: c.families, *FAMILY_RULES),
    each(lambda c: c.lines, *LINE_RULES),
    each(lambda c: c.topmarks, *TOPMARK_RULES),
    each(lambda c: c.numbering, *NUMBERING_RULES),
    repeats(lambda c: ((str(d.ref), d.name.casefold(), f"distributor '{d.name}'")
                       for d in c.distributors)),
    each(lambda c: c.distributors, *DISTRIBUTOR_WORD_RULES),
    repeats(lambda c: ((str(f.ref), f.prefix.upper(), f"family '{f.prefix}'")
                       for f in c.second_sources)),
    repeats(lambda c: ((str(d.ref), d.flag, f"control date '{d.flag}'")
                       for d in c.control_dates)),
    each(lambda c: c.control_dates, *CONTROL_DATE_RULES),
    _flags_without_a_date,
    check_reported,
    _load_notes,
)  # fmt: skip


def check_catalog(catalog: Catalog) -> list[Finding]:
    """Checks a loaded catalog: sources, duplicates, unknown makers, country codes, HS codes."""
    return [finding for check in CHECKS for finding in check(catalog)]


def warning_topics(findings: list[Finding]) -> str:
    """' (20 makers without a headquarters country, 2 parts listed in two catalog files)'."""
    topics = Counter(f.topic for f in findings if not f.error and f.topic)
    if not topics:
        return ""
    return " (" + ", ".join(f"{n} {topic}" for topic, n in topics.items()) + ")"

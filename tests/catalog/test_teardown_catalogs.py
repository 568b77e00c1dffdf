"""The teardown catalogs (#12) keep their contracts: every row sourced, every maker a
catalogued name, every family category one that has a customary HS heading.

The loader does not assemble families, lines, top marks or alias additions yet, so these
tests read the shipped files themselves.
"""

from __future__ import annotations

import csv
import re

import pytest

from bomtrace.catalog import Catalog
from bomtrace.catalog.load import default_catalog_dir
from bomtrace.catalog.schema import kind_of

CATALOGS = default_catalog_dir()
NEW_FILES = ("families.csv", "lines.csv", "topmarks.csv", "makers_alias_additions.csv")


def _rows(name: str) -> list[dict[str, str]]:
    with (CATALOGS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", NEW_FILES)
def test_every_row_has_a_source(name: str) -> None:
    """No fact about a real maker without a source."""
    rows = _rows(name)
    assert rows, f"{name} is empty"
    assert [r for r in rows if not r["source"].strip()] == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("families.csv", "families"),
        ("lines.csv", "lines"),
        ("topmarks.csv", "topmarks"),
        ("makers_alias_additions.csv", "maker_aliases"),
        ("makers_teardown.csv", "makers"),
    ],
)
def test_file_kinds(name: str, kind: str) -> None:
    """The alias additions are not read as a second makers file."""
    assert kind_of(name) == kind


def test_makers_named_are_catalogued(catalog: Catalog) -> None:
    """Families, lines and top marks name makers by their canonical name."""
    named = (
        [("families.csv", r["maker"]) for r in _rows("families.csv")]
        + [("topmarks.csv", r["maker"]) for r in _rows("topmarks.csv")]
        + [("lines.csv", r["from_maker"]) for r in _rows("lines.csv")]
        + [("lines.csv", r["to_maker"]) for r in _rows("lines.csv")]
        + [
            ("makers_alias_additions.csv", r["name"])
            for r in _rows("makers_alias_additions.csv")
        ]
    )
    assert [(f, m) for f, m in named if m not in catalog.makers] == []


def test_family_categories_have_an_hs_heading(catalog: Catalog) -> None:
    """A family's category is one of category_hs.csv, so its HS heading follows."""
    unknown = [
        (r["maker"], r["prefix"], r["category"])
        for r in _rows("families.csv")
        if r["category"] not in catalog.category_hs
    ]
    assert unknown == []


def test_prefixes_are_upper_case_without_spaces() -> None:
    """Prefixes are compared after upper-casing and removing spaces."""
    bad = [
        (name, prefix)
        for name, column in (("families.csv", "prefix"), ("lines.csv", "prefixes"))
        for row in _rows(name)
        for prefix in row[column].split(";")
        if prefix and (prefix != prefix.upper() or " " in prefix)
    ]
    assert bad == []


def test_line_years_are_years() -> None:
    """A transfer year is blank (not confirmed) or a four-digit year."""
    years = [r["year"] for r in _rows("lines.csv")]
    assert [y for y in years if y and not re.fullmatch(r"(19|20)\d{2}", y)] == []


def test_alias_additions_do_not_name_another_maker(catalog: Catalog) -> None:
    """An added alias must not already belong to a different maker."""
    owner = {
        alias.casefold(): maker.name
        for maker in catalog.makers.values()
        for alias in (maker.name, *maker.aliases)
    }
    clashes = [
        (row["name"], alias)
        for row in _rows("makers_alias_additions.csv")
        for alias in row["aliases"].split(";")
        if owner.get(alias.strip().casefold(), row["name"]) != row["name"]
    ]
    assert clashes == []


def test_teardown_makers_are_loaded(catalog: Catalog) -> None:
    """makers_teardown.csv is read with makers.csv: the issue's makers are catalogued."""
    for name in (
        "Torex Semiconductor",
        "Silergy",
        "Macroblock",
        "Sumida",
        "Holt Integrated Circuits",
    ):
        assert catalog.makers[name].ref.file == "makers_teardown.csv"
    assert catalog.makers["Ampleon"].parent_country == "CN"


def test_teardown_files_are_in_the_shipped_folder() -> None:
    """The files sit beside makers.csv (the wheel packages the folder whole)."""
    assert all(
        (CATALOGS / name).is_file() for name in (*NEW_FILES, "makers_teardown.csv")
    )

"""Write the real demo inputs: GUR's published component listings as element-list workbooks.

    python examples/build_gur_listings.py

Reads ``catalogs/reported_gur.csv`` (GUR's "War & Sanctions" portal, via the CC BY 4.0
dataset "Awesome Drone Warfare OSINT", 2026) and writes the workbooks a researcher would
keep of two weapons' listings:

- ``gur_orlan10_elements.xlsx``: every Orlan-10 entry, one sheet per airframe the portal
  lists (its weapon slug);
- ``gur_shahed136_listing.xlsx``: one Shahed-136 (Geran-2) listing, the portal's
  ``uav-geran-2-shahed-136-1276`` (of its Shahed/Geran listings, the one with the most
  components that carry a marking: 44 of 48).

Each row is a record as published: its "name / marking" text, GUR's attribution (maker
and country: GUR's claims, headed so that bomtrace does not read them as the sheet's
maker, because its identification must rest on the printed text alone) and the record's
page. The title rows say where every row comes from and that the attributions are GUR's.
Nothing is added, corrected or left out. The workbooks are committed; a test rebuilds
them and compares.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parent / "catalogs" / "reported_gur.csv"
HEADER = (
    "№",
    "Name / marking (as GUR lists it)",
    "Attribution (GUR's claim)",
    "Country (GUR's claim)",
    "Portal page",
)
# (file, title, weapons): the listings the demo traces.
LISTINGS = (
    ("gur_orlan10_elements.xlsx", "Orlan-10", ("orlan-10-uav-no-14662", "orlan-10-uav-11333-may-2022",
                                               "uav-orlan-10-july-2022", "orlan-10-uav-june-2022")),
    ("gur_shahed136_listing.xlsx", "Shahed-136 (Geran-2)", ("uav-geran-2-shahed-136-1276",)),
)  # fmt: skip
FIXED = dt.datetime(2026, 12, 1)


def read_catalog(path: Path = CATALOG) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def title_rows(title: str, weapon: str, source: str) -> list[tuple[str]]:
    """What the sheet says about itself, above its header (the report quotes these).

    Short title rows avoid the words that name a column (part, chip, marking, name ...),
    so that the header row below is the one the reader takes for the header.
    """
    return [
        (f"{title}: what GUR's War & Sanctions portal lists for '{weapon}'",),
        (
            "Real published records, copied without change; column E gives each row's page",
        ),
        (
            "Columns C-D are GUR's attribution of the maker and its country (GUR's claims, not"
            " checked here); bomtrace reads column B on its own",
        ),
        (f"Source: {source}",),
        ("Built by examples/build_gur_listings.py from catalogs/reported_gur.csv",),
    ]


def sheet_rows(
    records: Sequence[dict[str, str]], title: str, weapon: str
) -> list[tuple[object, ...]]:
    """A listing as an element list: title rows, header, one row per record."""
    source = records[0]["source"] if records else ""
    rows: list[tuple[object, ...]] = [*title_rows(title, weapon, source), (), HEADER]
    rows += [
        (
            n,
            r["name_marking"],
            r["manufacturer"],
            r["manufacturer_country"],
            r["source_url"],
        )
        for n, r in enumerate(records, start=1)
    ]
    return rows


def build(
    records: Sequence[dict[str, str]], target: Path, title: str, weapons: Sequence[str]
) -> int:
    """Writes one workbook (a sheet per weapon); returns the number of component rows."""
    book = Workbook()
    book.remove(book.active)
    count = 0
    for weapon in weapons:
        chosen = [r for r in records if weapon in r["weapons"].split(";")]
        sheet = book.create_sheet(weapon[:31])
        for row in sheet_rows(chosen, title, weapon):
            sheet.append(list(row))
        for cell in sheet[7]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["B"].width = 70
        sheet.column_dimensions["C"].width = 40
        sheet.column_dimensions["E"].width = 55
        count += len(chosen)
    book.properties.creator = "examples/build_gur_listings.py"
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.save(target)
    return count


def main() -> None:
    records = read_catalog()
    for name, title, weapons in LISTINGS:
        count = build(records, HERE / name, title, weapons)
        print(f"wrote examples/{name} ({count} components, {len(weapons)} sheets)")


if __name__ == "__main__":
    main()

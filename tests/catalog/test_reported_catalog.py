"""Published component records as a catalog kind: GUR's portal layout, shipped or given."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bomtrace import trace
from bomtrace.catalog import Catalog, check_catalog, load_catalogs
from bomtrace.catalog.reported import publisher_of
from bomtrace.cli import app

ROOT = Path(__file__).parent.parent.parent
DEV = ROOT / "bench" / "data" / "realworld" / "gur_components_dev.csv"
SHIPPED = ROOT / "catalogs" / "reported_gur.csv"


def dev_rows(*ids: str) -> list[dict[str, str]]:
    """Real rows of the development file, by component id."""
    with DEV.open(newline="", encoding="utf-8") as handle:
        rows = {r["component_id"]: r for r in csv.DictReader(handle)}
    return [rows[i] for i in ids]


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)
    return path


def test_shipped_catalog_is_the_dev_file_with_its_attribution(catalog: Catalog) -> None:
    """reported_gur.csv holds the dev file row for row, each with GUR's page and the licence."""
    with (
        DEV.open(newline="", encoding="utf-8") as a,
        SHIPPED.open(newline="", encoding="utf-8") as b,
    ):
        dev, shipped = list(csv.DictReader(a)), list(csv.DictReader(b))
    assert [{k: r[k] for k in dev[0]} for r in shipped] == dev
    assert {r["source"] for r in shipped} == {
        "GUR War & Sanctions portal (page in source_url); via the dataset Awesome Drone"
        " Warfare OSINT (Awesome Drone Warfare OSINT Contributors, 2026), CC BY 4.0"
    }
    assert len(catalog.reported) == 4722
    first = catalog.reported[0]
    assert (first.component_id, first.text, first.attribution, first.weapons) == (
        "gur-7188", "Servo drive", "Not identified", ("geran-4-uav",),
    )  # fmt: skip
    assert first.url == "https://war-sanctions.gur.gov.ua/en/components/7188"
    assert (
        first.publisher
        == "GUR (Defence Intelligence of Ukraine), War & Sanctions portal"
    )
    assert "CC BY 4.0" in first.source and str(first.ref) == "reported_gur.csv:2"


def test_published_figures_are_loaded_with_their_source(catalog: Catalog) -> None:
    """RUSI 2022's headline figures as the issue states them, each with its source."""
    figures = {f.measure: f for f in catalog.published_figures}
    assert {m: f.value for m, f in figures.items()} == {
        "foreign_components": 450, "systems": 27, "us_components": 318,
    }  # fmt: skip
    assert all("RUSI" in f.source and f.year == "2022" for f in figures.values())


def test_a_portal_export_of_any_name_is_read_as_published_records(
    tmp_path: Path,
) -> None:
    """A CSV in the portal's layout given with --catalog is read as records, not as parts."""
    export = write(tmp_path / "my_gur_export.csv", dev_rows("gur-125", "gur-785"))
    catalog = load_catalogs(extra=[export])
    mine = [r for r in catalog.reported if r.ref.file == export.name]
    assert [(r.component_id, r.attribution) for r in mine] == [
        ("gur-125", "AMD"), ("gur-785", "Analog Devices"),
    ]  # fmt: skip
    # No source column: the publisher comes from the page's host.
    assert mine[0].source == mine[0].publisher == publisher_of(mine[0].url)
    assert not any(p.ref.file == export.name for p in catalog.parts)
    assert [f for f in check_catalog(catalog) if f.error] == []


def test_a_user_export_links_a_teardown_row(tmp_path: Path) -> None:
    """A row of the teardown is linked to the user's records like to the shipped ones."""
    export = write(tmp_path / "export.csv", dev_rows("gur-353"))
    sheet = tmp_path / "t.csv"
    sheet.write_text("Marking\nATMEGA1280V-8AU\n", encoding="utf-8")
    result = trace([sheet], extra_catalogs=[export])
    (row,) = [r for r in result.records() if r["status"] == "matched"]
    mine = [e for e in json.loads(row["reported_in"]) if e["record"] == "export.csv:2"]
    assert [(e["weapon"], e["attributed_maker"], e["maker_agrees"]) for e in mine] == [
        (
            "small-sized-laser-device-of-the-scout-lpr-3",
            "Altera Corporation (Intel)",
            "no",
        )
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source_url": "javascript:alert(1)"}, "source_url 'javascript:alert(1)' is not an http(s) page"),
        ({"weapons": ""}, "the row names no weapon"),
        ({"manufacturer_country": "XY"}, "'XY' is not a country code (or UNK)"),
    ],
)  # fmt: skip
def test_catalog_check_names_bad_records(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    """`catalog check` names the file, line and fault of a bad record, and exits 1."""
    (row,) = dev_rows("gur-125")
    export = write(tmp_path / "reported_bad.csv", [{**row, **change}])
    result = CliRunner().invoke(app, ["catalog", "check", "--catalog", str(export)])
    assert result.exit_code == 1
    assert f"error: reported_bad.csv:2: {message}" in result.output


def test_repeated_component_ids_are_errors(tmp_path: Path) -> None:
    """The same component twice in one file is an error at its second line."""
    rows = dev_rows("gur-125", "gur-125")
    findings = check_catalog(
        load_catalogs(extra=[write(tmp_path / "reported_x.csv", rows)])
    )
    assert [str(f) for f in findings if f.error] == [
        "error: reported_x.csv:3: component 'gur-125' repeats row reported_x.csv:2"
    ]

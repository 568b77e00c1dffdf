"""User catalogs end to end: a maker's own product export (XLSX) and a distributor's price
list (CSV, cp1251), added with --catalog, checked, and used to identify teardown rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DATA
from typer.testing import CliRunner

from bomtrace import trace
from bomtrace.catalog import check_catalog, load_catalogs
from bomtrace.cli import app
from bomtrace.errors import CatalogError
from bomtrace.model import MatchMethod, Status

ST_EXPORT = DATA / "catalogs" / "st_product_selector.xlsx"
PRICE_LIST = DATA / "catalogs" / "distributor_price_list.csv"


def test_product_export_without_maker_column() -> None:
    """The maker of a maker's own export is read from its title rows; other columns kept."""
    catalog = load_catalogs(extra=[ST_EXPORT])
    mine = [p for p in catalog.parts if p.ref.file == ST_EXPORT.name]
    assert [p.mpn for p in mine][:2] == ["STM32G431CBU6", "STM32H723VGT6"]
    assert {p.maker for p in mine} == {"STMicroelectronics"}
    first = mine[0]
    assert (first.ref.line, first.package, first.source) == (
        5,
        "UFQFPN 48",
        "user catalog st_product_selector.xlsx",
    )
    assert first.description == "Mainstream Arm Cortex-M4 MCU, 128 Kbytes Flash"
    assert (
        first.ref,
        "maker 'STMicroelectronics' taken from 'STMicroelectronics' in the title rows or file name",
    ) in catalog.load_notes


def test_price_list_makers_resolved_through_aliases() -> None:
    """A distributor's spellings (legal name, Cyrillic) resolve to the catalogued maker."""
    catalog = load_catalogs(extra=[PRICE_LIST])
    mine = {p.mpn: p for p in catalog.parts if p.ref.file == PRICE_LIST.name}
    assert {p.maker for p in mine.values()} == {"Microchip Technology"}
    assert mine["MCP2518FD-H/SL"].package == "SOIC-14"
    notes = [note for _, note in catalog.load_notes]
    assert "maker 'Микрочип' read as 'Microchip Technology' (an alias)" in notes


def test_user_catalogs_identify_teardown_rows(tmp_path: Path) -> None:
    """Parts only the user catalogs list are identified exactly, citing the user file's row."""
    sheet = tmp_path / "teardown.csv"
    sheet.write_text(
        'Marking,Qty\nLSM6DSOX TR,1\n"MCP2518FD-H/SL\n2215",1\nSTM32G431CBU6,2\n',
        encoding="utf-8",
    )
    without = [o.identification for o in trace([sheet]).outcomes if o.identification]
    assert [i.method for i in without] == [MatchMethod.FAMILY_PREFIX] * 3
    result = trace([sheet], extra_catalogs=[ST_EXPORT, PRICE_LIST])
    found = [o.identification for o in result.outcomes if o.identification]
    assert [(i.status, i.maker, i.mpn) for i in found] == [
        (Status.MATCHED, "STMicroelectronics", "LSM6DSOXTR"),
        (Status.MATCHED, "Microchip Technology", "MCP2518FD-H/SL"),
        (Status.MATCHED, "STMicroelectronics", "STM32G431CBU6"),
    ]
    assert found[0].method is MatchMethod.NORMALISED
    assert "catalog row st_product_selector.xlsx:8" in found[0].evidence
    assert "distributor_price_list.csv:4" in found[1].evidence


def test_catalog_check_and_stats_with_user_catalogs() -> None:
    """catalog check passes and names what it resolved; stats lists the user files."""
    runner = CliRunner()
    args = ["--catalog", str(ST_EXPORT), "--catalog", str(PRICE_LIST)]
    check = runner.invoke(app, ["catalog", "check", *args])
    assert check.exit_code == 0, check.output
    assert "3 makers named by an alias or a title in user catalogs" in check.stdout
    stats = runner.invoke(app, ["catalog", "stats", *args])
    assert "st_product_selector.xlsx" in stats.stdout
    assert "distributor_price_list.csv" in stats.stdout


def test_export_naming_no_maker_is_refused(tmp_path: Path) -> None:
    """No maker column and no maker named anywhere: a clear one-line error, exit 1."""
    export = tmp_path / "products.csv"
    export.write_text(
        "Product list\nPart Number,Description\nXYZ123,thing\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError, match="has no manufacturer column"):
        load_catalogs(extra=[export])
    result = CliRunner().invoke(app, ["catalog", "check", "--catalog", str(export)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: catalog products.csv has no manufacturer column, and its title rows and "
        "file name name no maker. Add a Manufacturer column, or name the file "
        "parts_<maker>.xlsx"
    )


def test_maker_named_by_the_file_name(tmp_path: Path) -> None:
    """parts_<maker>.csv names the maker of a headerless-maker export."""
    export = tmp_path / "parts_nordic_semiconductor.csv"
    export.write_text(
        "Part Number,Description\nNRF52840-QIAA-R,SoC\n", encoding="utf-8"
    )
    catalog = load_catalogs(extra=[export])
    assert catalog.parts[-1].maker == "Nordic Semiconductor"


def test_catalog_check_consistency_errors(tmp_path: Path) -> None:
    """Repeated makers and families, untraceable parents, stray acquisition years,
    unknown distributor types and duplicate parts within a file are errors."""
    (tmp_path / "makers.csv").write_text(
        "name,hq_country,parent,parent_country,acquired_year,source\n"
        "Acme,US,,,,test\n"
        "Acme,US,,,,test\n"
        "Bolt,US,Holding Co,,2019,test\n"
        "Coil,DE,,,2001,test\n",
        encoding="utf-8",
    )
    (tmp_path / "parts.csv").write_text(
        "mpn,maker,source\nA1,Acme,test\nA1,Acme,test\n", encoding="utf-8"
    )
    (tmp_path / "distributors.csv").write_text(
        "name,country,type,source\nShop,US,reseller,test\n", encoding="utf-8"
    )
    (tmp_path / "second_sources.csv").write_text(
        "family_prefix,makers,source\nA1,Acme,test\nA1,Acme,test\n", encoding="utf-8"
    )
    errors = sorted(str(f) for f in check_catalog(load_catalogs(tmp_path)) if f.error)
    assert errors == [
        "error: distributors.csv:2: distributor type 'reseller' is not one of authorised, catalog, marketplace",
        "error: makers.csv:3: maker 'Acme' repeats row makers.csv:2",
        "error: makers.csv:4: parent 'Holding Co' of 'Bolt' is neither a catalogued maker nor given a parent_country",
        "error: makers.csv:5: maker 'Coil' has an acquired_year but no parent",
        "error: parts.csv:3: duplicate part 'A1' of 'Acme' (first at parts.csv:2)",
        "error: second_sources.csv:3: family 'A1' repeats row second_sources.csv:2",
    ]


def test_part_in_two_files_is_a_warning(tmp_path: Path) -> None:
    """A user catalog may list a part the shipped one has: a warning, not an error."""
    extra = tmp_path / "parts_extra.csv"
    extra.write_text(
        "mpn,maker,source\nSTM32F405RGT6,STMicroelectronics,my list\n", encoding="utf-8"
    )
    findings = check_catalog(load_catalogs(extra=[extra]))
    twice = [f for f in findings if "also listed at" in f.message]
    assert len(twice) == 1 and not twice[0].error

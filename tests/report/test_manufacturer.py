"""The manufacturer's diversion view: every appearance of a maker's parts, its acquired
brands included, linked to the first buyer of each lot when the maker gives its ledger."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from bomtrace.catalog import Catalog
from bomtrace.errors import ReportInputError
from bomtrace.publish import write_manufacturer_report
from bomtrace.report import read_runs
from bomtrace.report.lot_ledger import read_lot_ledger
from bomtrace.report.manufacturer import build_manufacturer, resolve_group

from .conftest import CHAIN, LEDGER, drop_chain, load_rows

MADE_AT = "2024-02-02T00:00:00Z"
GROUP = {"Analog Devices", "Linear Technology", "Maxim Integrated", "Hittite Microwave"}


@pytest.fixture(scope="module")
def written(
    run_files: list[Path], tmp_path_factory: pytest.TempPathFactory, catalog: Catalog
) -> list[Path]:
    out = tmp_path_factory.mktemp("maker")
    return write_manufacturer_report(
        "ADI", run_files, out, lots=LEDGER, catalog=catalog, made_at=MADE_AT
    )


@pytest.fixture(scope="module")
def page(written: list[Path]) -> BeautifulSoup:
    return BeautifulSoup(written[0].read_text(encoding="utf-8"), "html.parser")


def test_group_includes_acquired_brands(catalog: Catalog) -> None:
    """An alias resolves to the maker, and the brands it bought count as its own."""
    maker, brands = resolve_group(catalog, "ADI")
    assert maker == "Analog Devices"
    names = {b.name for b in brands}
    assert names >= GROUP
    linear = next(b for b in brands if b.name == "Linear Technology")
    assert linear.acquired_year == "2017" and "makers.csv" in linear.source


def test_appearances_are_the_groups_matched_rows(
    page: BeautifulSoup, run_files: list[Path]
) -> None:
    """The appearance table holds exactly the matched rows made by the group, in run order."""
    expected = [
        (f"T{i}", str(r["source_row"]), r["manufacturer"])
        for i, path in enumerate(run_files, start=1)
        for r in load_rows(path)
        if r["status"] == "matched"
        and (r["manufacturer"] in GROUP or r["manufacturer_parent"] == "Analog Devices")
    ]
    rows = page.select("#appearance-table tbody tr")
    found = [
        (
            tr.find_all("td")[0].get_text(),
            tr.find_all("td")[2].get_text().split(" / ")[1],
            tr.find_all("td")[5].get_text(),
        )
        for tr in rows
    ]
    assert found == expected
    assert page.select_one("#card-appearances .n").get_text() == str(len(expected))
    assert {m for *_, m in expected} == {
        "Analog Devices",
        "Linear Technology",
        "Maxim Integrated",
    }


def test_ambiguous_rows_are_possible_not_counted(page: BeautifulSoup) -> None:
    """MAX232 (Maxim or TI) is listed as possible, not as an appearance."""
    possible = page.select("#possible-table tbody tr")
    assert [tr.find_all("td")[2].get_text() for tr in possible] == ["MAX232"]
    assert "MAX232" not in [
        c.get_text() for c in page.select("#appearance-table tbody td:nth-of-type(5)")
    ]
    assert page.select_one("#card-possible .n").get_text() == "1"


def test_lots_link_to_first_buyers(run_files: list[Path], catalog: Catalog) -> None:
    """Lot codes link first; a row without a lot code links by date code and part."""
    runs, _ = read_runs(run_files)
    ledger = read_lot_ledger(LEDGER)
    view = build_manufacturer(
        "Analog Devices", runs, catalog, made_at=MADE_AT, ledger=ledger
    )
    linked = {
        (a.row["marking"], a.lot_basis): [e.buyer for e in a.lots]
        for a in view["appearances"]
        if a.lots
    }
    assert linked == {
        ("ADXL335BCPZ-RL7", "lot code"): ["Placeholder buyer A (illustrative)"],
        ("AD620ANZ", "lot code"): ["Placeholder buyer B (illustrative)"],
        ("AD7606BSTZ", "lot code"): ["Placeholder buyer A (illustrative)"],
        ("DS3231MZ/V+", "lot code"): ["Placeholder buyer C (illustrative)"],
        ("LT3652EMSE#PBF", "lot code"): ["Placeholder buyer B (illustrative)"],
        ("ADI\nADXL345\nBCCZ", "date code"): ["Placeholder buyer D (illustrative)"],
    }
    coded = [a for a in view["appearances"] if a.row["lot_code"] or a.row["date_code"]]
    figure = view["fig"]["lots_linked"]
    assert (figure.count, figure.of) == (6, len(coded))
    assert view["ledger_illustrative"]


def test_xlsx_holds_the_same_appearances(
    written: list[Path], page: BeautifulSoup
) -> None:
    """The compliance team's workbook lists the same appearances, as text, never formulas."""
    book = openpyxl.load_workbook(written[1])
    assert book.sheetnames == [
        "appearances",
        "possible",
        "lots",
        "teardowns",
        "reported",
        "brands",
        "about",
    ]
    sheet = book["appearances"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("teardown", "platform", "source_file")
    assert len(rows) - 1 == len(page.select("#appearance-table tbody tr"))
    about = {r[0]: r[1] for r in book["about"].iter_rows(values_only=True)}
    assert "ILLUSTRATIVE" in about
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_distributors_come_from_the_runs(page: BeautifulSoup) -> None:
    """Distributor listings are the runs' distributors column, entry by entry."""
    rows = page.select("#distributor-table tbody tr")
    assert rows
    for tr in rows:
        cells = [td.get_text() for td in tr.find_all("td")]
        assert cells[1].startswith("Digi-Key (US): lists this part as")
        assert cells[2] == "the run's distributors column"


def test_distributors_fall_back_to_catalog_order_codes(
    run_files: list[Path], catalog: Catalog, tmp_path: Path
) -> None:
    """A run without the distributors column gets the catalog's order codes, cited."""
    document = json.loads(run_files[1].read_text(encoding="utf-8"))
    document["rows"] = [drop_chain(r) for r in document["rows"]]
    document["columns"] = [c for c in document["columns"] if c not in CHAIN]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    runs, _ = read_runs([old])
    view = build_manufacturer("Analog Devices", runs, catalog, made_at=MADE_AT)
    listed = [a for a in view["appearances"] if a.distributors]
    assert listed
    for item in listed:
        assert item.distributor_basis == "catalog"
        assert all(
            d.startswith("Digi-Key: ") and "parts.csv:" in d for d in item.distributors
        )


def test_unknown_maker_is_a_clear_error(run_files: list[Path], tmp_path: Path) -> None:
    """A maker the catalogs do not know is refused with how to name it."""
    with pytest.raises(
        ReportInputError, match="maker 'Acme Chips' is not in the catalogs"
    ):
        write_manufacturer_report("Acme Chips", run_files, tmp_path)


def test_ledger_without_buyer_column_is_an_error(tmp_path: Path) -> None:
    """A ledger must have a code column and a buyer column."""
    ledger = tmp_path / "lots.csv"
    ledger.write_text("lot_code,quantity\nQ1,5\n", encoding="utf-8")
    with pytest.raises(
        ReportInputError,
        match=r"lot ledger lots.csv: no row with a lot or date code and a buyer",
    ):
        read_lot_ledger(ledger)


def test_manufacturer_html_is_deterministic(
    run_files: list[Path], tmp_path: Path, catalog: Catalog
) -> None:
    """The same runs, ledger and date give the same HTML bytes."""
    a = write_manufacturer_report(
        "ADI", run_files, tmp_path / "a", lots=LEDGER, catalog=catalog, made_at=MADE_AT
    )
    b = write_manufacturer_report(
        "ADI", run_files, tmp_path / "b", lots=LEDGER, catalog=catalog, made_at=MADE_AT
    )
    assert a[0].read_bytes() == b[0].read_bytes()
    assert a[0].name == "manufacturer_analog-devices.html"

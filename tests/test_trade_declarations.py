"""Customs declarations as investigators get them (#18), end to end.

A Russian declaration export (cp1251, ``;``, Russian headers, dd.mm.yyyy, 10-digit ТН
ВЭД, Russian country names) and an English vendor export (XLSX, title rows, Excel dates,
several sheets) link to a teardown without renaming a column. Fixtures:
``tests/data/build_trade_fixtures.py`` (illustrative, fictional companies and numbers).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.conftest import DATA
from typer.testing import CliRunner

from bomtrace import trace, write_outputs
from bomtrace.cli import app
from bomtrace.result import TraceResult

TRADE = DATA / "trade"
RU = TRADE / "declarations_ru.csv"
EN = TRADE / "vendor_en.xlsx"
LIST = TRADE / "targets.simple.csv"
KESTREL_INN = "0077001110"


def _run(*trade: Path) -> TraceResult:
    return trace(
        [TRADE / "teardown.csv"],
        trade=list(trade),
        sanctions=[LIST],
        recovered="2023-05-01",
        run_at="2024-01-01T00:00:00Z",
    )


def _rows(result: TraceResult) -> dict[str, dict[str, str]]:
    frame = result.to_frame()
    return {
        r["marking"]: r for r in frame.to_dict("records") if r["status"] != "skipped"
    }


@pytest.fixture(scope="module", params=[RU, EN], ids=["ru_declarations", "en_vendor"])
def rows(request: pytest.FixtureRequest) -> dict[str, dict[str, str]]:
    return _rows(_run(request.param))


def test_full_orderable_number_is_the_strongest_link(
    rows: dict[str, dict[str, str]],
) -> None:
    """NEO-M8N-0-10, read out of the description, links by its full number (not only NEO-M8N)."""
    row = rows["NEO-M8N-0-10"]
    assert row["mpn"] == "NEO-M8N"
    assert "[exact orderable number; 1 shipment" in row["intermediaries"]
    assert (
        "shipment declares 'NEO-M8N-0-10' (read out of the description"
        in row["chain_evidence"]
    )


def test_number_inside_a_description_links(rows: dict[str, dict[str, str]]) -> None:
    """SIM800L sits in the goods description between Russian or English words."""
    assert (
        "NORTHWIND COMPONENTS TRADING LIMITED (HK) ->"
        in rows["SIM800L"]["intermediaries"]
    )


def test_similar_part_and_late_shipment_do_not_link(
    rows: dict[str, dict[str, str]],
) -> None:
    """STM32F405RGT6 links to the shipment that declares it, never to one of STM32F103C8T6
    only, nor to one dated after the recovery."""
    evidence = rows["STM32F405RGT6"]["chain_evidence"]
    assert evidence.count("trade link [") == 1
    assert "STM32F405RGT6" in evidence.split("trade link [")[1]
    assert "2023" not in rows["STM32F405RGT6"]["intermediaries"]


def test_importer_flagged_through_its_tax_number(
    rows: dict[str, dict[str, str]],
) -> None:
    """The importer is listed only under another name; its ИНН finds it, and says so."""
    hits = rows["NEO-M8N-0-10"]["sanctioned_intermediaries"]
    assert (
        f"identifier match (ИНН {KESTREL_INN}) with 'Kestrel Instruments LLC'" in hits
    )
    assert f"ИНН {KESTREL_INN} of" in rows["NEO-M8N-0-10"]["chain_evidence"]


def test_russian_layout_junk_rows() -> None:
    """Blank dates are noted, look-alike letters and split numbers still link, a name match
    whose ИНН differs from the listed one is contradicted, not certain."""
    result = _run(RU)
    found = _rows(result)
    assert "АDХRS620ВВGZ" in found["ADXRS620BBGZ"]["chain_evidence"]
    w25 = found["W25Q128JVSIQ"]
    assert "[exact orderable number; 1 shipment, 10.10.2022]" in w25["intermediaries"]
    assert (
        "CONTRADICTED name match (identifiers differ)"
        in w25["sanctioned_intermediaries"]
    )
    parties = json.loads(w25["chain_parties"])["listed"]
    assert [(p["strength"], p["possible"]) for p in parties] == [("contradicted", True)]
    notes = [p.message for p in result.problems]
    assert any(n.startswith("1 record(s) without a readable date") for n in notes)


def test_vendor_workbook_reads_every_trade_sheet() -> None:
    """Every sheet with trade columns is read; a notes sheet is named and skipped."""
    result = _run(EN)
    (reference, _) = result.info.references
    assert reference.rows == 4
    assert 'sheet "Imports 2022": header row 3' in reference.layout
    assert 'sheet "Imports Q3": header row 1' in reference.layout
    assert any('sheet "About this data"' in p.message for p in result.problems)


def test_report_shows_the_declaration_beside_our_reading(tmp_path: Path) -> None:
    """The shipment table shows the description and parties as written, and our reading."""
    written = write_outputs(_run(RU), tmp_path, formats=["html"])
    page = BeautifulSoup(written[0].read_text(encoding="utf-8"), "html.parser")
    rows = page.select("#chain-links tbody tr")
    neo = next(
        r for r in rows if "NEO-M8N-0-10" in r.select_one(".declared").get_text()
    )
    declared = " ".join(neo.select_one(".declared").get_text(" ").split())
    reading = " ".join(neo.select_one(".reading").get_text(" ").split())
    assert "ГОНКОНГ" in declared and "МОДУЛЬ ПРИЕМНИКА ГНСС NEO-M8N-0-10" in declared
    assert f"ИНН получателя: {KESTREL_INN}" in declared
    assert "part numbers read: NEO-M8N-0-10" in reading
    assert "date: 2022-08-02" in reading and "HS: 8526.91" in reading
    assert "from HK" in reading


def test_unguessable_layout_is_read_with_a_mapping(tmp_path: Path) -> None:
    """A layout whose headers say nothing is read with --trade-columns; without it, the
    error says how to map the columns."""
    odd = tmp_path / "odd.csv"
    with odd.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["c1", "c2", "c3", "c4"])
        out.writerow(
            [
                "02.08.2022",
                "Fictional Sender Ltd",
                "Fictional Receiver OOO",
                "GNSS NEO-M8N-0-10",
            ]
        )
    args = [
        "trace",
        str(TRADE / "teardown.csv"),
        "--out",
        str(tmp_path),
        "-f",
        "csv",
        "--trade",
        str(odd),
    ]
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 2
    assert "Name the columns with a trade column mapping" in failed.output
    mapped = CliRunner().invoke(
        app,
        [
            *args,
            "--trade-columns",
            "header=1,date=A,sender=B,receiver=C,goods_description=D",
        ],
    )
    assert mapped.exit_code == 0, mapped.output
    with (tmp_path / "teardown.csv").open(encoding="utf-8-sig") as handle:
        neo = next(r for r in csv.DictReader(handle) if r["marking"] == "NEO-M8N-0-10")
    assert (
        "Fictional Sender Ltd -> Fictional Receiver OOO [exact orderable number"
        in neo["intermediaries"]
    )

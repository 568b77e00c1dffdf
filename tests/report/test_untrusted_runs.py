"""Run files are untrusted too: their text is escaped in the reports and the XLSX."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from bomtrace.catalog import Catalog
from bomtrace.publish import render_aggregate, write_manufacturer_report

HOSTILE = "</script><script>alert(1)</script><!--\u2028"


@pytest.fixture
def hostile_run(run_files: list[Path], tmp_path: Path) -> Path:
    """The Geran-2 run with hostile text in its platform, a marking and a chain cell."""
    document = json.loads(run_files[1].read_text(encoding="utf-8"))
    document["run"]["platform"] = HOSTILE
    for row in document["rows"]:
        if row["manufacturer"] == "Analog Devices":
            row["marking"] = '=HYPERLINK("http://x.example","x")' + HOSTILE
            row["intermediaries"] = (
                f"{HOSTILE} (HK) -> <img src=x onerror=alert(2)> (RU) [exact MPN]"
            )
            break
    target = tmp_path / "hostile.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def only_our_script(html: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    (script,) = page.find_all("script")
    assert "alert" not in script.get_text()
    assert page.find("img") is None
    assert html.count("<script") == 1


def test_aggregate_escapes_run_text(hostile_run: Path) -> None:
    """Platform names, markings and chain cells from a run file appear as text only."""
    html = render_aggregate([hostile_run], made_at="2024-01-01T00:00:00Z")
    only_our_script(html)
    assert HOSTILE.replace("\u2028", "") in BeautifulSoup(
        html, "html.parser"
    ).get_text().replace("\u2028", "")


def test_manufacturer_view_escapes_and_neutralises(
    hostile_run: Path, tmp_path: Path, catalog: Catalog
) -> None:
    """The HTML shows hostile cells as text; the XLSX stores them as text, never formulas."""
    html_path, xlsx_path = write_manufacturer_report(
        "Analog Devices",
        [hostile_run],
        tmp_path,
        catalog=catalog,
        made_at="2024-01-01T00:00:00Z",
    )
    only_our_script(html_path.read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(xlsx_path)["appearances"]
    markings = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(str(m).startswith("'=HYPERLINK") for m in markings)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

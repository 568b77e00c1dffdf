"""The methodology section shows the reliability table of the identification confidence."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from bomtrace import trace
from bomtrace.match.confidence import reliability_summary, reliability_table
from bomtrace.report import render_report
from bomtrace.report.reliability import reliability_view


def test_view_matches_the_shipped_table() -> None:
    """One view row per bucket, with the shipped counts, shares and ECE."""
    view = reliability_view()
    table = reliability_table("proposed")
    assert [b["bucket"] for b in view["buckets"]] == list(table)
    for row in view["buckets"]:
        rows, share, mean = table[row["bucket"]]
        assert (row["rows"], row["right"], row["confidence"]) == (
            rows,
            round(100 * share, 1),
            round(mean, 3),
        )
    assert view["ece"] == round(reliability_summary()["ece"], 3)


def test_report_shows_the_reliability_table(tmp_path: Path) -> None:
    """The report's methodology section holds the table, one row per bucket."""
    sheet = tmp_path / "one.csv"
    sheet.write_text("Marking,Qty\nSTM32F405RGT6,1\n", encoding="utf-8")
    page = BeautifulSoup(render_report(trace([sheet])), "html.parser")
    section = page.select_one("#method")
    assert section is not None
    rows = section.select("#reliability-table tbody tr")
    assert [r.find("td").get_text() for r in rows] == list(
        reliability_table("proposed")
    )
    assert "Expected calibration error" in section.get_text()

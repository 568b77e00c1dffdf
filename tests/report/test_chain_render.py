"""The report's provenance-chain section: shipments, sanctions hits, reported network, escaping."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from bomtrace import trace
from bomtrace.report import render_report
from bomtrace.report.chain_context import chain_context

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"


def _page(**kwargs: object) -> BeautifulSoup:
    result = trace([EXAMPLE], run_at="2024-01-01T00:00:00Z", **kwargs)  # type: ignore[arg-type]
    return BeautifulSoup(render_report(result), "html.parser")


def test_reported_chain_is_shown_with_sources_and_caveats() -> None:
    """The example shows the HS-only shipment, both sanctioned parties and the reported network."""
    page = _page(
        platform="Orlan-10",
        trade=[ROOT / "examples" / "trade_reported.csv"],
        sanctions=[ROOT / "examples" / "sanctions_reported.simple.csv"],
        recovered="2023-05-01",
    )
    (link,) = page.select("#chain-links tbody tr")
    assert link.select_one(".strength").get_text() == "HS only"
    assert "REPORTED FACT" in link.get_text()
    parties = [row.find("td").get_text() for row in page.select("#chain-hits tbody tr")]
    assert parties == ["Asia Pacific Links", "SMT-iLogic"]
    network = page.select("#reported-network li")
    assert len(network) == 5
    assert all("Source: Global News, 2025" in li.get_text() for li in network)
    text = page.select_one("#chain").get_text()
    assert "charges are not convictions" in text
    assert "implies no wrongdoing" in text


def test_chain_text_from_input_is_escaped(tmp_path: Path) -> None:
    """Spreadsheet and trade-file text is escaped in the chain section."""
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "date,sender,receiver,hs_code,mpn,source\n"
        "2022-07-01,<script>alert(1)</script>,B,854231,STM32F405RGT6,<b>fictional</b>\n",
        encoding="utf-8",
    )
    page = _page(trade=[trade])
    (script,) = page.find_all("script")  # only the report's own table script (#5)
    assert "alert" not in script.get_text()
    assert "<script>alert(1)</script>" in page.select_one("#chain-links").get_text()


def test_possible_hits_are_labelled(tmp_path: Path) -> None:
    """A possible sanctions hit is labelled 'possible match, to be checked' in the report."""
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "date,sender,receiver,hs_code,source\n2022-07-01,NCT,Fictional Receiver,851762,fictional\n",
        encoding="utf-8",
    )
    page = _page(
        trade=[trade],
        sanctions=[ROOT / "tests" / "data" / "chain" / "ofac" / "sdn.csv"],
    )
    (row,) = page.select("#chain-hits tbody tr")
    assert "possible match, to be checked" in row.get_text()
    assert row["class"] == ["possible"]


def test_no_reported_network_for_other_platforms() -> None:
    """The Orlan-10 reporting is not shown for a run about another platform."""
    result = trace([EXAMPLE], platform="Lancet", run_at="2024-01-01T00:00:00Z")
    assert chain_context(result)["network"] == []

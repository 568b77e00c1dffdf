"""The HTML report: figures equal the rows, untrusted text escaped, nothing loaded from outside."""

from __future__ import annotations

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup

from bomtrace import trace
from bomtrace.report import render_report
from bomtrace.report.render import SCRIPT_HASH


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    sheet = folder / "hostile.csv"
    sheet.write_text(
        "Orlan-10 <b>teardown</b>\nMarking,Manufacturer,Qty\n"
        '<script>alert(1)</script>,"<img src=x onerror=alert(1)>",1\n'
        '"</script><script>alert(2)</script>",<!--,1\n'
        "STM32F405RGT6,ST,1\nLM317T,,2\nQuectel EC25,,1\n",
        encoding="utf-8",
    )
    result = trace([sheet], platform="Orlan-10 <i>x</i>", run_at="2024-01-01T00:00:00Z")
    return render_report(result)


@pytest.fixture(scope="module")
def page(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_reconciliation_line_matches_rows(page: BeautifulSoup) -> None:
    """The reconciliation line equals the status counts of the table's rows."""
    rows = page.select("#parts-table tbody tr")
    statuses = [r["class"][0] for r in rows]
    line = page.select_one("#reconciliation").get_text()
    assert line == (
        f"{len(rows)} rows read = {statuses.count('matched')} matched + {statuses.count('ambiguous')} ambiguous"
        f" + {statuses.count('unmatched')} unmatched + {statuses.count('skipped')} skipped"
    )
    assert len(rows) == 7


def test_untrusted_text_is_escaped(page: BeautifulSoup) -> None:
    """Markup typed into cells or options appears as text, never as elements."""
    assert len(page.find_all("script")) == 1  # the report's own table script
    assert page.find("img") is None
    assert page.find("i") is None
    assert "<script>alert(1)</script>" in page.get_text()
    assert "</script><script>alert(2)</script>" in page.get_text()
    assert "Orlan-10 <i>x</i>" in page.find("h1").get_text()


def test_only_the_shipped_script_runs(html: str, page: BeautifulSoup) -> None:
    """The one inline script is ours (its hash is the one the CSP allows) and holds no cell text."""
    script = page.find("script")
    assert script.get("src") is None
    digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
    assert f"sha256-{digest}" == SCRIPT_HASH
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src '{SCRIPT_HASH}'" in csp
    assert "alert" not in script.string
    assert html.count("<script") == 1 and html.count("</script>") == 1


def test_no_external_resources(page: BeautifulSoup) -> None:
    """The report loads nothing: no external scripts, stylesheets, images or fonts."""
    for tag in page.find_all(["script", "link", "img", "iframe", "object", "embed"]):
        assert not tag.get("src") and not tag.get("href"), tag
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]
    for text in (str(page.find("style")), page.find("script").string):
        assert "http://" not in text and "https://" not in text
        assert "url(" not in text and "@import" not in text


def test_country_chart_counts_identified_rows(page: BeautifulSoup) -> None:
    """The country chart's bars add up to the identified rows."""
    chart = page.select("#origin svg")[0]
    values = [int(t.get_text().split()[0]) for t in chart.select("text.value")]
    matched = len(page.select("#parts-table tbody tr.matched"))
    assert sum(values) == matched

"""Security properties of a whole run: offline, outputs never half-written, input text
never executable in the report, links only to http(s)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import bomtrace
from bomtrace.export.cells import neutralise_text
from bomtrace.export.csv_file import write_csv
from bomtrace.export.table import OutputRows
from bomtrace.outputs import EXTRA_FORMATS, FORMATS, write_outputs
from bomtrace.report.render import http_url

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "orlan10_teardown.xlsx"
HOSTILE = DATA / "bad" / "injection_cells.xlsx"


def _no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args)[:80])
        raise OSError("network access attempted during a bomtrace run")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_a_full_run_opens_no_network_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Tracing (catalogs, matching, provenance) and writing every output format,
    hostile input included, never connects or resolves a host name."""
    attempts = _no_network(monkeypatch)
    result = bomtrace.trace([EXAMPLE, HOSTILE, DATA / "bad" / "xxe_workbook_part.xlsx"])
    formats = FORMATS + EXTRA_FORMATS
    written = write_outputs(result, tmp_path, formats=formats)
    assert attempts == []
    assert len(written) == len(formats)
    assert result.counts.read > 40


def _previous_run(tmp_path: Path) -> dict[str, bytes]:
    result = bomtrace.trace([EXAMPLE])
    write_outputs(result, tmp_path, formats=FORMATS, name="run")
    return {p.name: p.read_bytes() for p in tmp_path.iterdir()}


@pytest.mark.parametrize("fmt", FORMATS + EXTRA_FORMATS)
def test_an_interrupted_write_leaves_the_previous_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    """Ctrl-C after the new output is written but before it replaces the old one leaves
    the previous file byte for byte, and no temporary file behind."""
    before = _previous_run(tmp_path)
    result = bomtrace.trace([HOSTILE])

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("bomtrace.files.os.fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(result, tmp_path, formats=[fmt], name="run")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_failure_mid_table_leaves_the_previous_csv(tmp_path: Path) -> None:
    """An exception half-way through the rows (a bad record) keeps the old CSV whole."""
    target = tmp_path / "run.csv"
    target.write_text("previous report\n", encoding="utf-8")
    good = list(
        OutputRows(neutralise_text).csv_lines(bomtrace.trace([EXAMPLE]).outcomes)
    )

    def lines() -> Any:
        yield from good[:5]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv(lines(), target)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["run.csv"]


def test_hostile_cells_are_text_in_the_report(tmp_path: Path) -> None:
    """Script tags, event handlers and quote-breaking text from cells appear in the
    report as the same text, never as elements or attributes; the sheet name too."""
    result = bomtrace.trace([HOSTILE, DATA / "bad" / "hostile_sheet_name.xlsx"])
    (page,) = write_outputs(result, tmp_path, formats=["html"])
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    markings = [
        td.get_text() for td in soup.select("#parts-table tbody tr td:nth-of-type(3)")
    ]
    assert "<script>alert(1)</script>" in markings
    assert "</script><script>alert(3)</script>" in markings
    makers = [
        td.get_text() for td in soup.select("#parts-table tbody tr td:nth-of-type(4)")
    ]
    assert '"><img src=x onerror=alert(2)>' in makers
    sheets = {
        td.get_text() for td in soup.select("#parts-table tbody tr td:nth-of-type(1)")
    }
    assert "<svg onload=alert(5)>" in sheets
    assert not soup.find_all(["img", "iframe", "object", "embed"])
    # Links are the report's own anchors (and http(s) links, checked below), never cell text.
    assert all(
        a.get("href", "").startswith(("#", "http://", "https://"))
        for a in soup.find_all("a")
    )
    assert not [
        t.name for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)
    ]
    for script in soup.find_all("script"):
        # Inline data for a table script must keep input text inside a JSON string.
        assert "</script" not in script.get_text().lower()
        if script.get("type") == "application/json":
            json.loads(script.get_text())
    for tag in soup.find_all(href=True) + soup.find_all(src=True):
        assert (tag.get("href") or tag.get("src")).startswith(
            ("http://", "https://", "#", "data:")
        )


def test_exported_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    """CSV and XLSX cells that start like a formula get a leading quote (OWASP), and
    XLSX stores them as text; the JSON keeps the raw text."""
    from openpyxl import load_workbook

    result = bomtrace.trace([HOSTILE])
    write_outputs(result, tmp_path, formats=["csv", "xlsx", "json"], name="run")
    raw = [
        r["marking"]
        for r in json.loads((tmp_path / "run.json").read_text("utf-8"))["rows"]
    ]
    assert "=cmd|' /C calc'!A0" in raw
    book = load_workbook(tmp_path / "run.xlsx")
    sheet = book["bomtrace"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    assert not [
        c.value for c in cells if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert "'=cmd|' /C calc'!A0" in [c.value for c in cells]
    book.close()
    text = (tmp_path / "run.csv").read_text("utf-8")
    assert "'=cmd|' /C calc'!A0" in text
    assert "'+SUM(1,2)" in text
    assert "'@evil" in text


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.ti.com/lit/ds/symlink/lm358.pdf", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("https://a.example/x onmouseover=alert(1)", False),
        ("", False),
    ],
)
def test_links_only_to_http_urls(url: str, kept: bool) -> None:
    """The report's link filter keeps http(s) URLs and drops every other scheme."""
    assert http_url(url) == (url.strip() if kept else "")

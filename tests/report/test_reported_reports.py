"""Published records in the three reports: which is which at the top, "Reported before",
GUR's attribution beside ours, the policy numbers with their basis, the disagreements."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from bomtrace import TraceResult, trace, trace_reported, write_outputs
from bomtrace.catalog import Catalog
from bomtrace.publish import (
    render_aggregate,
    write_aggregate_report,
    write_manufacturer_report,
)
from bomtrace.report import render_report
from bomtrace.report import reported as rp

from .conftest import EXAMPLES

MADE_AT = "2026-12-02T00:00:00Z"
PAGE = re.compile(r"^https://war-sanctions\.gur\.gov\.ua/en/components/\d+$")


@pytest.fixture(scope="module")
def gur_orlan() -> TraceResult:
    return trace(
        [EXAMPLES / "gur_orlan10_elements.xlsx"], platform="Orlan-10", run_at=MADE_AT
    )


@pytest.fixture(scope="module")
def teardown(gur_orlan: TraceResult) -> BeautifulSoup:
    return BeautifulSoup(render_report(gur_orlan), "html.parser")


@pytest.fixture(scope="module")
def policy(catalog: Catalog) -> BeautifulSoup:
    return BeautifulSoup(
        render_aggregate([], made_at=MADE_AT, reported=True, catalog=catalog),
        "html.parser",
    )


@pytest.fixture(scope="module")
def reported_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        r
        for result in trace_reported(catalog=catalog, run_at=MADE_AT)
        for r in result.records()
    ]


def cells(page: BeautifulSoup, selector: str) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in page.select(f"{selector} tbody tr")
    ]


def test_a_published_listing_says_so_at_the_top(teardown: BeautifulSoup) -> None:
    """GUR's Orlan-10 listing opens with the published-records notice, not the illustrative one."""
    notice = teardown.select_one("#published")
    assert notice is not None and teardown.select_one("#illustrative") is None
    text = notice.get_text(" ", strip=True)
    assert text.startswith("Real published records. 121 of 121 part rows are copies")
    assert "GUR (Defence Intelligence of Ukraine), War & Sanctions portal" in text
    assert "source's claims" in text
    # It stands at the top, before the first section (the summary).
    first = notice.find_next("section")
    assert first is not None and first["id"] == "summary"


def test_the_illustrative_report_says_so_and_is_not_published(
    orlan: TraceResult,
) -> None:
    """The showcase example keeps its illustrative notice and gets no published one."""
    page = BeautifulSoup(render_report(orlan), "html.parser")
    assert page.select_one("#illustrative") is not None
    assert page.select_one("#published") is None
    assert page.select_one("#reported-summary") is not None


def test_reported_before_sentence_recounts(
    teardown: BeautifulSoup, gur_orlan: TraceResult
) -> None:
    """'N of M identified parts were already reported in other weapons' equals the rows."""
    records = gur_orlan.records()
    identified = [r for r in records if r["status"] == "matched"]
    reported = [r for r in identified if rp.elsewhere(r)]
    summary = teardown.select_one("#reported-summary")
    assert summary is not None
    assert summary.get_text().startswith(
        f"{len(reported)} of {len(identified)} identified parts were already reported in other weapons:"
    )
    assert 0 < len(reported) < len(identified)
    links = [a["href"] for a in summary.find_all("a")]
    assert links and all(PAGE.match(str(h)) for h in links)
    card = teardown.select_one("#card-reported_before .l")
    assert (
        card is not None
        and f"({len(reported)} of {len(identified)})" in card.get_text()
    )


def test_parts_table_shows_gurs_attribution_beside_ours(
    teardown: BeautifulSoup,
) -> None:
    """The "Reported before" column names GUR's maker for each row, as GUR's."""
    heads = [th.get_text(strip=True) for th in teardown.select("#parts-table thead th")]
    assert heads[-2:] == ["Reported before", "Why / evidence"]
    column = heads.index("Reported before") + 1
    texts = [
        td.get_text(" ", strip=True)
        for td in teardown.select(f"#parts-table tbody tr td:nth-of-type({column})")
    ]
    assert sum(1 for t in texts if t.startswith("this record : GUR says")) == 121
    assert any("STMicroelectronics (CH)" in t for t in texts)


def test_disagreements_in_the_teardown_are_listed(
    teardown: BeautifulSoup, gur_orlan: TraceResult
) -> None:
    """Every identified row whose own record names another maker or country is listed."""
    expected = rp.disagreements(
        [r for r in gur_orlan.records() if r["status"] == "matched"]
    )
    rows = cells(teardown, "#disagreement-table")
    assert len(rows) == len(expected) > 0
    # JST is Japanese by our catalog; GUR says US for the Orlan-10's power connector.
    assert any(
        "JST (JP)" in r[2] and "JST (US)" in r[3] and r[5] == "country" for r in rows
    )


def test_policy_numbers_recount_from_the_rows(
    policy: BeautifulSoup, reported_rows: list[dict[str, Any]]
) -> None:
    """Components, identified, and the country shares equal a recount of the runs' rows."""
    numbers = {r[0]: r[1] for r in cells(policy, "#policy-numbers")}
    matched = [r for r in reported_rows if r["status"] == "matched"]
    assert numbers["components listed"] == "4722"
    share = round(100 * len(matched) / 4722)
    assert numbers["identified by bomtrace"] == f"{len(matched)} ({share}%)"
    countries = {r[0]: r for r in cells(policy, "#policy-country-table")}
    ours = Counter(r["manufacturer_country"] for r in matched)
    theirs = Counter(
        json.loads(r["reported_in"])[0]["attributed_country"] for r in reported_rows
    )
    assert countries["United States"][1] == str(ours["US"])
    assert countries["United States"][5] == str(theirs["US"])
    assert countries["China"][5] == str(theirs["CN"])


def test_rusi_comparison_states_both_bases(policy: BeautifulSoup) -> None:
    """RUSI 2022's 450 / 27 / 318 stand beside our counts, and the differences are said."""
    rows = {r[0]: r for r in cells(policy, "#comparison-table")}
    assert rows["foreign components"][1] == "450 (RUSI 2022)"
    assert rows["weapon systems they were found in"][1] == "27 (RUSI 2022)"
    assert rows["of the foreign components, by US companies"][1] == "318 (RUSI 2022)"
    assert rows["US share of the foreign components"][1] == "71% (derived)"
    basis = policy.select_one("#basis-differences")
    assert basis is not None
    said = basis.get_text(" ", strip=True)
    for point in ("What was examined.", "What counts as a component.", "What “foreign” means.",
                  "What is identified.", "Time."):  # fmt: skip
        assert point in said
    assert "not the portal's totals" in policy.select_one("#policy-summary").get_text()  # type: ignore[union-attr]


def test_policy_disagreement_table_lists_every_one(
    policy: BeautifulSoup, reported_rows: list[dict[str, Any]]
) -> None:
    """One line per identified row whose own record's maker or country differs from ours."""
    expected = rp.disagreements(reported_rows)
    rows = cells(policy, "#disagreement-table")
    assert len(rows) == len(expected) > 20
    ids = {r[-1] for r in rows}
    assert "gur-125" in ids and "gur-353" in ids
    heading = policy.select_one("#disagreements")
    assert heading is not None and f"({len(expected)})" in heading.get_text()
    for a in policy.select("#disagreement-table a"):
        assert PAGE.match(str(a["href"]))


def test_published_banner_in_the_policy_report(policy: BeautifulSoup) -> None:
    """The policy report says at its top that its 195 teardowns are published records."""
    notice = policy.select_one("#published")
    assert notice is not None
    assert "195 of these 195 teardowns are components published" in notice.get_text(
        " ", strip=True
    )


def test_aggregate_of_illustrative_runs_has_no_published_section(
    run_files: list[Path],
) -> None:
    """Runs with no published-record row say the section is not available, not zero."""
    page = BeautifulSoup(render_aggregate(run_files, made_at=MADE_AT), "html.parser")
    assert page.select_one("#published-na") is not None
    assert page.select_one("#published") is None


def test_aggregate_name_and_mixed_runs(
    tmp_path: Path, run_files: list[Path], gur_orlan: TraceResult, catalog: Catalog
) -> None:
    """A published listing's run file beside illustrative ones: the banner names which is which."""
    (gur,) = write_outputs(gur_orlan, tmp_path, formats=["json"], name="gur_orlan10")
    (path,) = write_aggregate_report(
        [*run_files, gur], tmp_path, made_at=MADE_AT, name="mixed runs", catalog=catalog
    )
    assert path.name == "mixed-runs.html"
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    notice = page.select_one("#published")
    assert notice is not None
    assert "1 of these 3 teardowns" in notice.get_text(" ", strip=True)
    assert "The illustrative teardowns (T1, T2) are not." in notice.get_text(
        " ", strip=True
    )


def test_manufacturer_view_lists_reported_appearances(
    tmp_path: Path,
    run_files: list[Path],
    catalog: Catalog,
    reported_rows: list[dict[str, Any]],
) -> None:
    """Every published record bomtrace identifies as an Analog Devices group part is listed."""
    html, _xlsx = write_manufacturer_report(
        "Analog Devices", run_files, tmp_path, catalog=catalog, made_at=MADE_AT
    )
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    group = {
        "Analog Devices",
        "Linear Technology",
        "Maxim Integrated",
        "Hittite Microwave",
    }
    mine = [
        r for r in reported_rows
        if r["status"] == "matched" and (r["manufacturer"] in group or r["manufacturer_parent"] == "Analog Devices")
    ]  # fmt: skip
    rows = cells(page, "#reported-table")
    assert len(rows) == len(mine) > 100
    summary = page.select_one("#reported-summary")
    assert summary is not None and "Real published records." in summary.get_text()
    assert page.select_one("#attributed-table") is not None

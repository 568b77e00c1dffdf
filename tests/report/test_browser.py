"""The reports in a real browser: Debian's Chromium, headless, driven by Playwright.

Checks that sorting, filtering and search work, that evidence opens in place, that the
page works without JavaScript, that the print stylesheet applies, that no console error
occurs and that no request leaves the file. Saves screenshots under reports/screenshots/.
Run with ``make test-browser`` (part of ``make test``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    expect,
    sync_playwright,
)

from bomtrace import TraceResult, trace
from bomtrace.catalog import Catalog
from bomtrace.publish import write_aggregate_report, write_manufacturer_report
from bomtrace.report import write_report

from .conftest import EXAMPLES, LEDGER, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a root, offline, headless machine: no sandbox (root), no background traffic.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SHOTS = ROOT / "reports" / "screenshots"
MADE_AT = "2024-02-02T00:00:00Z"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed: run `make chromium` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory,
    orlan: TraceResult,
    run_files: list[Path],
    catalog: Catalog,
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("html")
    (aggregate,) = write_aggregate_report(run_files, out, made_at=MADE_AT)
    maker = write_manufacturer_report(
        "Analog Devices", run_files, out, lots=LEDGER, catalog=catalog, made_at=MADE_AT
    )
    published = trace(
        [EXAMPLES / "gur_orlan10_elements.xlsx"], platform="Orlan-10", run_at=MADE_AT
    )
    (policy,) = write_aggregate_report(
        [], out, made_at=MADE_AT, name="gur_all_weapons", reported=True, catalog=catalog
    )
    return {
        "teardown": write_report(orlan, out / "orlan10_teardown.html"),
        "aggregate": aggregate,
        "manufacturer": maker[0],
        "published": write_report(published, out / "gur_orlan10.html"),
        "policy": policy,
    }


@dataclass
class Opened:
    page: Page
    url: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def visible_rows(self, table: str) -> int:
        return int(self.page.locator(f"#{table} tbody tr:visible").count())

    def column(self, table: str, index: int) -> list[str]:
        return [
            t.strip()
            for t in self.page.locator(
                f"#{table} tbody tr:visible td:nth-child({index})"
            ).all_inner_texts()
        ]

    def check_clean(self) -> None:
        assert self.problems == []
        assert self.requests == [self.url]


def open_report(browser: Browser, path: Path, *, javascript: bool = True) -> Opened:
    context = browser.new_context(
        viewport={"width": 1300, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    opened = Opened(page=page, url=path.as_uri())

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            opened.problems.append(f"{message.type}: {message.text}")

    def on_request(request: Request) -> None:
        opened.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on("request", on_request)
    page.goto(opened.url)
    return opened


def shot(page: Page, name: str, selector: str = "") -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if selector:
        page.locator(selector).first.screenshot(path=str(SHOTS / name))
    else:
        page.screenshot(path=str(SHOTS / name))


def test_teardown_table_sorts_filters_and_searches(
    browser: Browser, reports: dict[str, Path], orlan: TraceResult
) -> None:
    """Clicking a head sorts (numbers as numbers), a filter and the search box narrow the rows."""
    view = open_report(browser, reports["teardown"])
    page = view.page
    total = orlan.counts.read
    assert page.locator(".table-tools[data-table=parts-table]").is_visible()
    assert (
        page.locator("[data-table=parts-table] output").inner_text()
        == f"{total} of {total} rows shown"
    )
    shot(page, "teardown_summary.png")

    page.get_by_role("button", name="Conf.").click()
    confidences = [float(c) for c in view.column("parts-table", 15) if c]
    assert confidences == sorted(confidences)
    page.get_by_role("button", name="Conf.").click()
    confidences = [float(c) for c in view.column("parts-table", 15) if c]
    assert confidences == sorted(confidences, reverse=True)
    assert (
        page.locator("#parts-table th[aria-sort=descending]")
        .inner_text()
        .startswith("Conf.")
    )

    page.locator("#parts-table").get_by_role("button", name="Row", exact=True).click()
    page.locator("select[data-col=Status]").select_option(label="matched")
    assert view.visible_rows("parts-table") == orlan.counts.matched
    assert set(view.column("parts-table", 7)) == {"matched"}
    assert (
        page.locator("[data-table=parts-table] output").inner_text()
        == f"{orlan.counts.matched} of {total} rows shown"
    )

    page.locator("select[data-col=Status]").select_option(label="Status: all")
    page.get_by_placeholder("Search rows").fill("adxl")
    # expect() polls from Playwright's own script; wait_for_function would need the
    # page to allow eval, which the report's CSP rightly refuses.
    expect(page.locator("[data-table=parts-table] output")).to_have_text(
        re.compile(r"^1 of")
    )
    assert view.column("parts-table", 8) == ["ADXL345BCCZ"]
    view.check_clean()


def test_evidence_opens_in_place(browser: Browser, reports: dict[str, Path]) -> None:
    """Opening a row's evidence shows candidates inside that same row."""
    view = open_report(browser, reports["teardown"])
    page = view.page
    row = page.locator("#parts-table tbody tr.ambiguous").first
    evidence = row.locator("details > p").first
    assert not evidence.is_visible()
    row.locator("summary").click()
    assert evidence.is_visible()
    assert "candidates" in evidence.inner_text().lower()
    row_box, evidence_box = row.bounding_box(), evidence.bounding_box()
    assert row_box and evidence_box
    assert row_box["y"] <= evidence_box["y"] <= row_box["y"] + row_box["height"]
    row.scroll_into_view_if_needed()
    shot(page, "teardown_evidence.png")
    view.check_clean()


def test_without_javascript_the_table_is_plain_and_complete(
    browser: Browser, reports: dict[str, Path], orlan: TraceResult
) -> None:
    """No script: every row shows, the tools stay hidden, evidence still opens."""
    view = open_report(browser, reports["teardown"], javascript=False)
    page = view.page
    assert view.visible_rows("parts-table") == orlan.counts.read
    assert not page.locator(".table-tools").first.is_visible()
    page.locator("#parts-table tbody tr.ambiguous summary").first.click()
    assert page.locator(
        "#parts-table tbody tr.ambiguous details > p"
    ).first.is_visible()
    view.check_clean()


def test_print_stylesheet_breaks_sections_and_keeps_rows_whole(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """In print, sections start on a new page, rows never split, tools are hidden; a PDF comes out."""
    view = open_report(browser, reports["teardown"])
    page = view.page
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => ({
          section: getComputedStyle(document.querySelector('#origin')).breakBefore,
          first: getComputedStyle(document.querySelector('#summary')).breakBefore,
          row: getComputedStyle(document.querySelector('#parts-table tbody tr')).breakInside,
          head: getComputedStyle(document.querySelector('#parts-table thead')).display,
          tools: getComputedStyle(document.querySelector('.table-tools')).display,
        })"""
    )
    assert styles == {
        "section": "page",
        "first": "avoid",
        "row": "avoid",
        "head": "table-header-group",
        "tools": "none",
    }
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= len(
        page.locator("section").all()
    )
    view.check_clean()


def test_aggregate_sorts_and_filters(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """The maker table of the aggregate sorts by count and narrows with search."""
    view = open_report(browser, reports["aggregate"])
    page = view.page
    counts = [int(c) for c in view.column("maker-table", 2)]
    page.locator("#maker-table").get_by_role("button", name="Identified parts").click()
    assert [int(c) for c in view.column("maker-table", 2)] == sorted(counts)
    page.locator("[data-table=maker-table] input[type=search]").fill("analog")
    # expect() polls from Playwright's own script; wait_for_function would need the
    # page to allow eval, which the report's CSP rightly refuses.
    expect(page.locator("[data-table=maker-table] output")).to_have_text(
        re.compile(r"^1 of")
    )
    assert view.column("maker-table", 1) == ["Analog Devices"]
    shot(page, "aggregate.png")
    view.check_clean()


def test_manufacturer_view_filters_by_brand(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """The appearance table of the manufacturer's view filters by brand."""
    view = open_report(browser, reports["manufacturer"])
    page = view.page
    page.locator("select[data-col=Brand]").select_option(label="Maxim Integrated")
    brands = set(view.column("appearance-table", 6))
    assert brands == {"Maxim Integrated"}
    assert view.visible_rows("appearance-table") >= 2
    shot(page, "manufacturer.png")
    page.locator("#appearances").scroll_into_view_if_needed()
    shot(page, "manufacturer_filtered.png")
    view.check_clean()


def test_published_listing_filters_its_reported_before_links(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """GUR's Orlan-10 listing: the notice shows first, the links filter by basis, no request leaves."""
    view = open_report(browser, reports["published"])
    page = view.page
    assert page.locator("#published").is_visible()
    assert page.locator("#illustrative").count() == 0
    total = view.visible_rows("reported-table")
    assert total > 10
    page.locator("select[data-col=Basis]").select_option(label="same base part")
    bases = view.column("reported-table", 5)
    assert bases and all(b.startswith("same base part") for b in bases)
    assert len(bases) < total
    page.locator("#reported").scroll_into_view_if_needed()
    shot(page, "published_reported_before.png")
    page.locator("select[data-col=Basis]").select_option(label="Basis: all")
    page.locator("[data-table=reported-table] input[type=search]").fill("RF3194")
    expect(page.locator("[data-table=reported-table] output")).to_have_text(
        re.compile(r"^[1-9]\d* of")
    )
    assert set(view.column("reported-table", 4)) == {
        "orlan-10-uav-no-14662",
        "uav-orlan-10-july-2022",
    }
    links = page.locator("#reported-table a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(
        h.startswith("https://war-sanctions.gur.gov.ua/en/components/") for h in links
    )
    view.check_clean()


def test_policy_report_lists_the_disagreements(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """The policy report across every weapon: the disagreement table filters by what differs."""
    view = open_report(browser, reports["policy"])
    page = view.page
    assert page.locator("#published").is_visible()
    total = view.visible_rows("disagreement-table")
    assert total > 20
    page.locator("select[data-col='Differs on']").select_option(label="maker")
    assert set(view.column("disagreement-table", 1)) == {"maker"}
    assert view.visible_rows("disagreement-table") < total
    page.locator("#policy-comparison").scroll_into_view_if_needed()
    shot(page, "policy_comparison.png")
    page.locator("#policy-country-table").get_by_role(
        "button", name="Source, all listed rows"
    ).click()
    counts = [int(c) for c in view.column("policy-country-table", 6)]
    assert counts == sorted(counts)
    view.check_clean()


def test_manufacturer_view_filters_its_published_records(
    browser: Browser, reports: dict[str, Path]
) -> None:
    """The maker's parts in published records filter by brand, as identified by bomtrace."""
    view = open_report(browser, reports["manufacturer"])
    page = view.page
    page.locator("select[data-col='Brand (bomtrace)']").select_option(
        label="Linear Technology"
    )
    assert set(view.column("reported-table", 4)) == {"Linear Technology"}
    assert view.visible_rows("reported-table") >= 5
    view.check_clean()

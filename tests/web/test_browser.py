"""A real browser (Debian's headless Chromium, driven by Playwright) goes through the app:
upload (drag and drop) -> confirm columns -> progress -> report -> review a row -> re-run
-> delete a run (after confirming); and a run with trade records and a sanctions list
whose report shows the chain, then the audit log (filter, export).

Runs `bomtrace serve` as a separate process, exactly as a researcher would start it, and
saves a screenshot of each step as reports/screenshots/web-*.png. Selected with `-m browser`.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bomtrace import trace
from bomtrace.match.decision_book import Action, Decision, DecisionBook

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"
TRADE = ROOT / "examples" / "trade_reported.csv"
SANCTIONS = ROOT / "examples" / "sanctions_reported.simple.csv"
SHOTS = ROOT / "reports" / "screenshots"
CHROMIUM = os.environ.get("BOMTRACE_CHROMIUM", "/usr/bin/chromium")
# The flags that let Debian's Chromium run headless here (no sandbox as root, no calls home).
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DROP_FILE = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name));
  const zone = document.getElementById("dropzone");
  zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
}"""

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`bomtrace serve` on a free loopback port with its own data folder."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "bomtrace",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path / "data"),
        "--workers",
        "1",
    ]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(
                "bomtrace serve did not start: " + (tmp_path / "serve.log").read_text()
            )
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("BOMTRACE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"BOMTRACE_REQUIRE_BROWSER=1 but {CHROMIUM} does not exist")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        errors: list[str] = []
        tab = context.new_page()
        tab.on(
            "console", lambda m: errors.append(m.text) if m.type == "error" else None
        )
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        context.close()
        browser.close()
    assert errors == [], errors  # no script error and no CSP violation on any page


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"web-{name}.png"), full_page=False)  # type: ignore[attr-defined]


def test_upload_confirm_progress_report_review_rerun(server: str, page: object) -> None:
    """The whole researcher's path works in a real browser, the decision shows up in the
    re-run, and a run is deleted after its confirmation page (the decision stays)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    decision = Decision(
        marking="LM358DR",
        action=Action.ACCEPT,
        mpn="LM358DR",
        maker="Texas Instruments",
    )
    before, after = (
        trace([EXAMPLE]),
        trace([EXAMPLE], decisions=DecisionBook.of([decision])),
    )
    assert after.counts.matched == before.counts.matched + 1
    page.goto(f"{server}/upload")
    page.evaluate(
        DROP_FILE, [EXAMPLE.name, base64.b64encode(EXAMPLE.read_bytes()).decode()]
    )
    expect(page.locator("#chosen li")).to_have_text([f"{EXAMPLE.name} (9 KB)"])
    page.fill("#platform", "Orlan-10")
    page.fill("#name", "Orlan-10 teardown")
    _shot(page, "1-upload")
    page.click("#upload-button")

    expect(page.locator("h1")).to_contain_text("Confirm the columns")
    expect(page.locator(".header-row").first).to_have_text("5")
    _shot(page, "2-confirm-columns")
    page.click("#start-button")

    expect(page.locator("#status")).to_be_visible()
    _shot(page, "3-progress")
    expect(page.locator("#reconciliation")).to_have_text(
        before.counts.line(),
        timeout=60_000,
    )
    _shot(page, "4-run-done")
    run_url = page.url

    page.click("#report-link")
    expect(page.locator("#reconciliation")).to_contain_text(before.counts.line())
    _shot(page, "5-report")
    page.goto(run_url)

    page.click("#review-link")
    group = page.locator(
        "section.group", has=page.locator("code.marking", has_text="LM358DR")
    )
    group.get_by_label("pick Texas Instruments LM358DR").check()
    group.locator('input[name="note"]').fill("TI logo on the photo")
    _shot(page, "6-review")
    group.locator(".decide-button").click()
    decided = page.locator(
        "section.group", has=page.locator("code.marking", has_text="LM358DR")
    )
    expect(decided.locator(".decision")).to_contain_text("accept")
    expect(decided.locator(".decision")).to_contain_text("Texas Instruments LM358DR")

    page.goto(run_url)
    page.click("#rerun-button")
    expect(page.locator("#reconciliation")).to_have_text(
        after.counts.line(),
        timeout=60_000,
    )
    expect(page.locator("body")).to_contain_text(
        "1 reviewer decision(s) in force for this run"
    )
    _shot(page, "7-rerun")
    run_id = page.url.rsplit("/", 1)[1]
    with urllib.request.urlopen(
        f"{server}/api/runs/{run_id}/rows?status=matched"
    ) as answer:
        rows = json.load(answer)["rows"]
    lm358 = next(r for r in rows if r["marking"] == "LM358DR")
    assert (lm358["match_method"], lm358["manufacturer"]) == (
        "human",
        "Texas Instruments",
    )

    page.goto(run_url)
    page.click("#delete-link")
    expect(page.locator("h1")).to_contain_text("Delete run #")
    page.click("#delete-button")
    expect(page.locator("h1")).not_to_contain_text("Delete run")
    assert page.url == f"{server}/"
    expect(page.locator(f'a[href="{run_url.removeprefix(server)}"]')).to_have_count(0)
    with urllib.request.urlopen(f"{server}/api/decisions") as answer:
        kept = json.load(answer)["decisions"]
    assert [d["marking"] for d in kept] == ["LM358DR"]


def test_a_run_with_a_trade_file_and_the_audit_log(server: str, page: object) -> None:
    """Trade records, a sanctions list and the recovery date go in beside the sheet; the
    run reads them and its report shows the chain; the audit log lists the upload and
    the confirmation, filters them and exports them as CSV."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    expected = trace(
        [EXAMPLE], platform="Orlan-10", trade=[TRADE], sanctions=[SANCTIONS],
        recovered="2023-05-01",
    )  # fmt: skip
    page.goto(f"{server}/upload")
    page.evaluate(
        DROP_FILE, [EXAMPLE.name, base64.b64encode(EXAMPLE.read_bytes()).decode()]
    )
    page.fill("#platform", "Orlan-10")
    page.set_input_files("#trade", str(TRADE))
    page.set_input_files("#sanctions", str(SANCTIONS))
    page.fill("#recovered", "2023-05-01")
    _shot(page, "8-upload-chain-files")
    page.click("#upload-button")

    expect(page.locator("#chain-files")).to_contain_text(TRADE.name)
    expect(page.locator("#chain-files")).to_contain_text("Recovered on 2023-05-01")
    page.click("#start-button")
    expect(page.locator("#reconciliation")).to_have_text(
        expected.counts.line(), timeout=60_000
    )
    files = page.locator("#chain-files tbody tr")
    expect(files).to_have_count(2)
    expect(files.nth(0)).to_contain_text("trade records")
    expect(files.nth(1)).to_contain_text("OpenSanctions targets.simple.csv")
    _shot(page, "9-run-with-chain")
    page.click("#report-link")
    chain = page.locator("#chain")
    expect(chain).to_contain_text("Provenance chain")
    expect(chain).to_contain_text(TRADE.name)
    expect(chain).to_contain_text("Asia Pacific Links")
    chain.scroll_into_view_if_needed()
    _shot(page, "10-report-chain")

    page.goto(f"{server}/")
    page.click("#audit-link")
    rows = page.locator("#audit tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-action", "run.confirm")
    expect(rows.nth(1)).to_have_attribute("data-action", "run.upload")
    expect(rows.nth(1)).to_contain_text(TRADE.name)
    page.select_option("#audit-action", "run.upload")
    page.click("#audit-filter-button")
    expect(rows).to_have_count(1)
    _shot(page, "11-audit-log")
    with page.expect_download() as download:
        page.click("#audit-export")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["actor"], r["action"]) for r in table] == [("local", "run.upload")]
    assert TRADE.name in table[0]["detail"] and SANCTIONS.name in table[0]["detail"]


def test_chromium_is_the_system_one() -> None:
    """The browser tests use Debian's Chromium, never a downloaded build."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed")
    assert shutil.which("chromium") == CHROMIUM or Path(CHROMIUM).resolve().is_file()

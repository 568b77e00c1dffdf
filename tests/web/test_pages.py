"""The HTML pages: upload -> confirm columns -> run -> report, escaping and security headers."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_of, wait_done

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"
NO_PART_COLUMN = ROOT / "tests" / "data" / "sheets" / "no_part_column.xlsx"
ODD_HEADERS = "Item,Text on top,Who,Count\n1,STM32F405RGT6,ST,1\n2,LM358DR,,2\n3,ADXRS620BBGZ,Analog Devices,3\n"
HOSTILE = "marking,manufacturer,qty\n<script>alert(1)</script>,<img src=x onerror=alert(2)>,1\nLM358DR,,2\n"


def _upload_form(
    client: TestClient, files: list[tuple[str, bytes]], **fields: str
) -> object:
    token = csrf_of(client, "/upload")
    return client.post(
        "/upload",
        data={"csrf_token": token, **fields},
        files=[("files", f) for f in files],
        follow_redirects=False,
    )


def test_upload_confirm_and_run(client: TestClient) -> None:
    """An upload shows the detected header row and columns; starting the run leads to its page."""
    answer = _upload_form(
        client, [(EXAMPLE.name, EXAMPLE.read_bytes())], platform="Orlan-10"
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    confirm_url = answer.headers["location"]  # type: ignore[attr-defined]
    page = BeautifulSoup(client.get(confirm_url).text, "html.parser")
    assert [h.get_text() for h in page.select(".header-row")] == ["5", "4", "3"]
    first = {
        span["data-role"]: span.strong.get_text()
        for span in page.select("section.input")[0]
        .select("p.mapping")[0]
        .select(".role-map")
    }  # type: ignore[union-attr]
    assert first["marking"] == "C" and first["manufacturer"] == "D"
    token = page.select_one('input[name="csrf_token"]')["value"]  # type: ignore[index]
    started = client.post(
        confirm_url,
        data={"csrf_token": token, "action": "start"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    run_id = int(started.headers["location"].rsplit("/", 1)[1])
    run = wait_done(client, run_id)
    page = BeautifulSoup(client.get(f"/runs/{run_id}").text, "html.parser")
    assert page.select_one("#reconciliation").get_text() == run["reconciliation"]  # type: ignore[union-attr]
    assert {a.get_text() for a in page.select("a.download")} == {
        "HTML",
        "CSV",
        "XLSX",
        "JSON",
        "FollowTheMoney",
    }


def test_columns_can_be_corrected_before_the_run(client: TestClient) -> None:
    """A wrongly detected column is corrected on the confirmation form (the CLI's --columns)."""
    answer = _upload_form(client, [("odd.csv", ODD_HEADERS.encode())])
    confirm_url = answer.headers["location"]  # type: ignore[attr-defined]
    page = BeautifulSoup(client.get(confirm_url).text, "html.parser")
    detected = {s["data-role"]: s.strong.get_text() for s in page.select(".role-map")}  # type: ignore[union-attr]
    assert detected["marking"] == "A"  # "Item" read as the marking: wrong
    token = csrf_of(client, confirm_url)
    fix = {"csrf_token": token, "col_marking": "B", "col_manufacturer": "C"}
    preview = client.post(confirm_url, data={**fix, "action": "preview"})
    assert "Same as <code>--columns marking=B,manufacturer=C</code>" in preview.text
    started = client.post(
        confirm_url, data={**fix, "action": "start"}, follow_redirects=False
    )
    run_id = int(started.headers["location"].rsplit("/", 1)[1])
    run = wait_done(client, run_id)
    assert run["columns"] == "marking=B,manufacturer=C"
    assert (run["counts"]["matched"], run["counts"]["ambiguous"]) == (2, 1)


def test_sheet_without_part_column_asks_for_one(client: TestClient) -> None:
    """A sheet with no recognisable part column says so on the form; a wrong header row is a 422."""
    answer = _upload_form(client, [(NO_PART_COLUMN.name, NO_PART_COLUMN.read_bytes())])
    confirm_url = answer.headers["location"]  # type: ignore[attr-defined]
    assert (
        "No part-number or marking column was recognised"
        in client.get(confirm_url).text
    )
    token = csrf_of(client, confirm_url)
    refused = client.post(
        confirm_url, data={"csrf_token": token, "header": "0", "action": "preview"}
    )
    assert refused.status_code == 422 and "header=0 is not a row number" in refused.text


def test_bad_upload_page_names_each_file(client: TestClient) -> None:
    """Uploading only unusable files shows each file's problem, with a 422."""
    answer = _upload_form(
        client, [("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)]
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    errors = BeautifulSoup(answer.text, "html.parser").select("#upload-errors li")  # type: ignore[attr-defined]
    assert [e.get_text() for e in errors] == [
        "photo.xlsx: the file is a PNG image (though named .xlsx), not a spreadsheet. Export the sheet from your spreadsheet program as .xlsx or CSV"
    ]


def test_cell_text_is_escaped_everywhere(client: TestClient) -> None:
    """Markup typed into a sheet is shown as text on the confirmation, run, review and report pages."""
    answer = _upload_form(client, [("hostile.csv", HOSTILE.encode())])
    confirm_url = answer.headers["location"]  # type: ignore[attr-defined]
    pages = [client.get(confirm_url).text]
    token = csrf_of(client, confirm_url)
    run_id = int(
        client.post(
            confirm_url,
            data={"csrf_token": token, "action": "start"},
            follow_redirects=False,
        )
        .headers["location"]
        .rsplit("/", 1)[1]
    )
    wait_done(client, run_id)
    pages += [
        client.get(f"/runs/{run_id}{suffix}").text
        for suffix in ("", "/review", "/report")
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert BeautifulSoup(html, "html.parser").find("img", src="x") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]


def test_security_headers_and_no_external_origin(client: TestClient) -> None:
    """Every page has a CSP allowing no external origin, nosniff and frame denial; it loads only local files."""
    upload_page = client.get("/upload")
    for answer in (
        client.get("/"),
        upload_page,
        client.get("/decisions"),
        client.get("/api/docs"),
        client.get("/healthz"),
    ):
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "http" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
    page = BeautifulSoup(upload_page.text, "html.parser")
    sources = [
        t.get("src") or t.get("href") for t in page.find_all(["script", "link", "img"])
    ]
    assert sources and all(str(s).startswith("/static/") for s in sources)
    assert not page.find_all("script", src=None)
    assert client.get("/static/app.js").status_code == 200


def test_host_header_must_be_loopback_without_login(client: TestClient) -> None:
    """A loopback instance answers only to this machine's names (DNS rebinding defence)."""
    assert (
        client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    )
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200


def test_api_docs_page_lists_the_endpoints(client: TestClient) -> None:
    """/api/docs renders the OpenAPI schema as a page: every API route is on it."""
    page = client.get("/api/docs").text
    for endpoint in (
        "POST /api/runs",
        "GET /api/runs/{run_id}",
        "GET /api/runs/{run_id}/rows",
        "GET /api/runs/{run_id}/report.{fmt}",
        "GET /api/decisions",
        "POST /api/decisions",
        "DELETE /api/decisions/{decision_id}",
        "GET /healthz",
    ):
        assert f"<code>{endpoint}</code>" in page, endpoint
    assert client.get("/api/openapi.json").json()["info"]["title"] == "bomtrace"


def test_report_policy_adds_only_missing_directives() -> None:
    """The report's own CSP is kept; frame denial is added, directives it has are not repeated."""
    from bomtrace.web.pages import report_policy

    assert report_policy(
        "default-src 'none'; script-src 'sha256-x'; base-uri 'none'"
    ) == (
        "default-src 'none'; script-src 'sha256-x'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )

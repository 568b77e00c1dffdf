"""The JSON API on SQLite and PostgreSQL: upload, progress, rows, downloads, bad files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from fastapi.testclient import TestClient
from tests.web.conftest import upload, wait_done

from bomtrace import COLUMNS, trace
from bomtrace.report.render import render_report
from bomtrace.web.settings import Settings

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"
DATA = ROOT / "tests" / "data"


def test_upload_runs_and_every_row_comes_back(client: TestClient) -> None:
    """An upload answers 202 with an id; the run finishes with the same rows the library gives."""
    answer = upload(
        client,
        EXAMPLE,
        DATA / "delimited" / "utf8.csv",
        platform="Orlan-10",
        name="board 1",
    )
    assert answer.status_code == 202
    created = answer.json()
    assert set(created) == {"id", "status", "errors"} and created["errors"] == []
    run = wait_done(client, created["id"])
    expected = trace([EXAMPLE, DATA / "delimited" / "utf8.csv"], platform="Orlan-10")
    assert run["status"] == "done"
    assert run["counts"] == {
        "read": expected.counts.read, "matched": expected.counts.matched,
        "ambiguous": expected.counts.ambiguous, "unmatched": expected.counts.unmatched,
        "skipped": expected.counts.skipped,
    }  # fmt: skip
    assert run["reconciliation"] == expected.counts.line()
    assert run["progress"] == {
        "rows_done": expected.counts.read,
        "rows_total": expected.counts.read,
    }
    assert [i["name"] for i in run["inputs"]] == ["orlan10_teardown.xlsx", "utf8.csv"]
    rows = client.get(f"/api/runs/{created['id']}/rows").json()
    assert rows["columns"] == list(COLUMNS)
    assert rows["rows"] == expected.records()


def test_downloads_are_attachments_with_safe_names(client: TestClient) -> None:
    """HTML, CSV, XLSX, JSON and the FollowTheMoney export come as attachments named after the run."""
    run_id = upload(client, EXAMPLE, name='../../etc/passwd "x"; y').json()["id"]
    run = wait_done(client, run_id)
    assert set(run["downloads"]) == {"html", "csv", "xlsx", "json", "ftm"}
    got = {fmt: client.get(url) for fmt, url in run["downloads"].items()}
    for fmt, answer in got.items():
        assert answer.status_code == 200
        disposition = answer.headers["content-disposition"]
        assert disposition.startswith("attachment;"), disposition
        suffix = "ftm.json" if fmt == "ftm" else fmt
        assert f'filename="etc_passwd_x_y.{suffix}"' in disposition
    table = list(csv.DictReader(io.StringIO(got["csv"].content.decode("utf-8-sig"))))
    assert len(table) == run["counts"]["read"]
    book = openpyxl.load_workbook(io.BytesIO(got["xlsx"].content), read_only=True)
    assert book.sheetnames[0] in ("rows", "parts", book.sheetnames[0])
    document = json.loads(got["json"].content)
    assert document["counts"] == run["counts"]
    assert "<html" in got["html"].text
    entities = [json.loads(line) for line in got["ftm"].text.splitlines()]
    assert entities and all({"id", "schema", "properties"} <= set(e) for e in entities)
    assert client.get(f"/api/runs/{run_id}/report.pdf").status_code == 404


def test_report_is_the_one_the_cli_writes(
    client: TestClient, tmp_path: Path, monkeypatch: object
) -> None:
    """The served report is byte for byte the report the library renders for the same input."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_id = upload(client, EXAMPLE, platform="Orlan-10", name="orlan").json()["id"]
    wait_done(client, run_id)
    served = client.get(f"/runs/{run_id}/report")
    expected = render_report(trace([EXAMPLE], platform="Orlan-10", name="orlan"))
    assert served.text == expected
    assert "frame-ancestors 'none'" in served.headers["content-security-policy"]


def test_all_bad_files_get_422_naming_each_file(client: TestClient) -> None:
    """An upload where no file can be traced is refused with each file's problem, not a 500."""
    answer = upload(
        client,
        DATA / "bad" / "password.xlsx",
        DATA / "bad" / "legacy.xls",
        DATA / "bad" / "binary.csv",
    )
    assert answer.status_code == 422
    body = answer.json()
    assert [e["file"] for e in body["errors"]] == [
        "password.xlsx",
        "legacy.xls",
        "binary.csv",
    ]
    assert "password-protected" in body["errors"][0]["problem"]
    assert "Excel 97-2003" in body["errors"][1]["problem"]
    assert body["detail"].startswith(
        "no usable file in the upload: password.xlsx: the workbook is password-protected"
    )
    assert "Traceback" not in answer.text


def test_one_bad_file_does_not_lose_the_good_files_rows(client: TestClient) -> None:
    """A truncated workbook beside a good one: the run goes on, the bad file is a per-file error."""
    answer = upload(
        client, DATA / "bad" / "truncated.xlsx", DATA / "sheets" / "uk_headers.xlsx"
    )
    assert answer.status_code == 202
    created = answer.json()
    assert [e["file"] for e in created["errors"]] == ["truncated.xlsx"]
    run = wait_done(client, created["id"])
    assert (
        run["counts"]["read"]
        == trace([DATA / "sheets" / "uk_headers.xlsx"]).counts.read
    )
    assert [e["file"] for e in run["errors"]] == ["truncated.xlsx"]
    rows = client.get(f"/api/runs/{created['id']}/rows").json()["rows"]
    assert {r["source_file"] for r in rows} == {"uk_headers.xlsx"}


def test_sheet_without_part_column_is_refused_unless_columns_given(
    client: TestClient,
) -> None:
    """A sheet with no recognisable part column: 422 with the remedy; with columns= it runs."""
    sheet = DATA / "sheets" / "no_part_column.xlsx"
    refused = upload(client, sheet)
    assert refused.status_code == 422
    assert (
        "no sheet has a part-number or marking column. Name it with columns=marking=<letter>"
        in refused.json()["detail"]
    )
    accepted = upload(client, sheet, columns="marking=B")
    assert accepted.status_code == 202
    assert wait_done(client, accepted.json()["id"])["status"] == "done"


def test_bad_column_spec_is_a_422(client: TestClient) -> None:
    """A columns value that cannot be understood is refused with the CLI's message."""
    answer = upload(client, EXAMPLE, columns="colour=B")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("columns: 'colour' is not a column role")


def test_uploaded_names_never_become_paths(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    """'../../x.csv' is stored under its SHA-256 in the upload folder and shown as 'x.csv'."""
    content = (DATA / "delimited" / "utf8.csv").read_bytes()
    answer = client.post("/api/runs", files=[("files", ("../../evil.csv", content))])
    run = wait_done(client, answer.json()["id"])
    assert run["inputs"][0]["name"] == "evil.csv"
    assert (
        not (tmp_path / "evil.csv").exists()
        and not (settings.data_dir / "evil.csv").exists()
    )
    sha = run["inputs"][0]["sha256"]
    assert (settings.blob_dir / sha[:2] / f"{sha}.csv").read_bytes() == content
    rows = client.get(f"/api/runs/{run['id']}/rows").json()["rows"]
    assert {r["source_file"] for r in rows} == {"evil.csv"}
    assert {r["source_sheet"] for r in rows} == {"evil"}


def test_file_over_the_size_cap_is_named(
    client: TestClient, settings: Settings
) -> None:
    """A file over the cap is refused with its name and the limit; the request never 500s."""
    big = b"marking,qty\n" + b"LM317T,1\n" * (settings.max_file_bytes // 9 + 10)
    answer = client.post("/api/runs", files=[("files", ("huge.csv", big))])
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "file": "huge.csv",
            "problem": "the file is over the 20 MB limit for one upload. Split the workbook, or ask the administrator to raise the upload limit",
        }
    ]


def test_request_over_the_body_cap_gets_413(
    client: TestClient, settings: Settings
) -> None:
    """A request body larger than the cap is refused with 413 before it is parsed."""
    answer = client.post(
        "/api/runs",
        content=b"x" * 100,
        headers={
            "content-length": str(settings.max_request_bytes + 1),
            "content-type": "multipart/form-data; boundary=x",
        },
    )
    assert answer.status_code == 413
    assert "limit" in answer.json()["detail"]


def test_unknown_run_is_404_json(client: TestClient) -> None:
    """Asking for a run that does not exist is a 404 with a JSON message."""
    answer = client.get("/api/runs/999")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "run 999 not found"}


def test_runs_list_and_health(client: TestClient) -> None:
    """/healthz answers, and /api/runs lists runs newest first."""
    assert client.get("/healthz").json()["status"] == "ok"
    first = upload(client, EXAMPLE).json()["id"]
    second = upload(client, DATA / "delimited" / "utf8.csv").json()["id"]
    wait_done(client, first)
    wait_done(client, second)
    assert [r["id"] for r in client.get("/api/runs").json()["runs"]] == [second, first]

"""Trade records, sanctions lists and the recovery date uploaded beside teardown sheets, on
SQLite and PostgreSQL: the run gives the library's rows and report, and the library's
own checks name a file it cannot use (#14)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from tests.web.conftest import LOCAL, csrf_of, wait_done

from bomtrace import trace
from bomtrace.web.app import create_app
from bomtrace.web.settings import Settings

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"
TRADE = ROOT / "examples" / "trade_reported.csv"
SANCTIONS = ROOT / "examples" / "sanctions_reported.simple.csv"
# An OFAC-layout list of one made-up entity (not a real listing), with its alias and
# address files, as OFAC publishes them side by side.
SDN = b'9001,"EXAMPLE FICTITIOUS TRADING LTD","-0-","RUSSIA-EO14024","-0-","-0-","-0-","-0-","-0-","-0-","-0-","made up for a test"\n'
ALT = b'9001,1,"aka","FICTITIOUS TRADING","-0-"\n'
ADD = b'9001,1,"-0-","Nowhere","Hong Kong","-0-"\n'


def _post(
    client: TestClient, files: list[tuple[str, tuple[str, bytes]]], **form: str
) -> Any:
    return client.post("/api/runs", files=files, data=form)


def _sheet() -> tuple[str, tuple[str, bytes]]:
    return ("files", (EXAMPLE.name, EXAMPLE.read_bytes()))


def test_a_run_with_trade_and_sanctions_files_is_the_librarys(
    client: TestClient,
) -> None:
    """The run's rows are exactly what `bomtrace.trace` gives for the same files and
    date; the run lists how each file was read; the report shows the chain."""
    answer = _post(
        client,
        [_sheet(), ("trade", (TRADE.name, TRADE.read_bytes())),
         ("sanctions", (SANCTIONS.name, SANCTIONS.read_bytes()))],
        platform="Orlan-10", recovered="2023-05-01",
    )  # fmt: skip
    assert answer.status_code == 202, answer.text
    run = wait_done(client, answer.json()["id"])
    expected = trace(
        [EXAMPLE], platform="Orlan-10", trade=[TRADE], sanctions=[SANCTIONS],
        recovered="2023-05-01",
    )  # fmt: skip
    rows = client.get(f"/api/runs/{run['id']}/rows").json()["rows"]
    assert rows == expected.records()
    assert any(r["intermediaries"] for r in rows)
    assert run["recovered"] == "2023-05-01"
    # How each file was read is the library's own description of it.
    assert [(i["name"], i["role"], i["sheets"]) for i in run["inputs"][1:]] == [
        (f.name, f.role, [{"layout": f.layout, "rows": f.rows}])
        for f in expected.info.references
    ]
    assert [i["name"] for i in run["inputs"][1:]] == [TRADE.name, SANCTIONS.name]
    assert run["errors"] == []
    report = BeautifulSoup(client.get(f"/runs/{run['id']}/report").text, "html.parser")
    chain = report.select_one("#chain")
    assert chain is not None
    assert TRADE.name in chain.get_text() and SANCTIONS.name in chain.get_text()
    assert "Recovery date: 2023-05-01" in chain.get_text()
    page = BeautifulSoup(client.get(f"/runs/{run['id']}").text, "html.parser")
    listed = page.select("#chain-files tbody tr")
    assert [r.td.get_text() for r in listed if r.td] == [TRADE.name, SANCTIONS.name]


def test_files_the_library_cannot_use_are_named_and_the_sheets_still_traced(
    client: TestClient,
) -> None:
    """An image named like a CSV as trade records and an empty sanctions list: the run is
    done with every teardown row, and each file carries the library's own message."""
    answer = _post(
        client,
        [_sheet(), ("trade", ("shipments.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")),
         ("sanctions", ("list.csv", b""))],
    )  # fmt: skip
    assert answer.status_code == 202
    run = wait_done(client, answer.json()["id"])
    assert (run["status"], run["counts"]["read"]) == ("done", 51)
    assert [(e["file"], e["problem"]) for e in run["errors"]] == [
        (
            "shipments.csv",
            "the file is a PNG image (though named .csv), not a spreadsheet",
        ),
        ("list.csv", "the sanctions-list file is empty"),
    ]
    text = client.get(f"/runs/{run['id']}").text
    assert "not used: the file is a PNG image (though named .csv)" in text


def test_an_ofac_list_reads_its_alias_and_address_files(client: TestClient) -> None:
    """sdn.csv, alt.csv and add.csv uploaded together: the list is read (OFAC layout) and
    the other two are read beside it, not refused as lists of their own."""
    answer = _post(
        client,
        [_sheet(), ("sanctions", ("sdn.csv", SDN)), ("sanctions", ("alt.csv", ALT)),
         ("sanctions", ("add.csv", ADD))],
    )  # fmt: skip
    run = wait_done(client, answer.json()["id"])
    assert run["errors"] == []
    assert [(i["name"], i["sheets"]) for i in run["inputs"][1:]] == [
        ("sdn.csv", [{"layout": "OFAC SDN CSV", "rows": 1}]),
        ("alt.csv", [{"layout": "read beside the sanctions list", "rows": 0}]),
        ("add.csv", [{"layout": "read beside the sanctions list", "rows": 0}]),
    ]


def test_same_limits_as_the_sheets(settings: Settings) -> None:
    """A trade file over the size cap is refused by name, as a sheet would be; the
    sheets are traced; files over the count are left out and said so."""
    small = replace(settings, max_file_bytes=20 * 1024, max_files=3)
    with TestClient(create_app(small), base_url=LOCAL) as client:
        answer = _post(
            client,
            [_sheet(), ("trade", ("big.csv", b"date,sender,receiver,source\n" + b"x" * 30_000)),
             ("trade", (TRADE.name, TRADE.read_bytes())),
             ("sanctions", (SANCTIONS.name, SANCTIONS.read_bytes()))],
        )  # fmt: skip
        assert answer.status_code == 202
        assert answer.json()["errors"] == [
            {"file": "big.csv", "problem": "the file is over the 0 MB limit for one upload."
             " Split the workbook, or ask the administrator to raise the upload limit"},
            {"file": "", "problem": "1 more file(s) ignored: at most 3 per upload"},
        ]  # fmt: skip
        run = wait_done(client, answer.json()["id"])
    assert [i["name"] for i in run["inputs"]] == [EXAMPLE.name, "big.csv", TRADE.name]
    assert run["counts"]["read"] == 51


def test_a_recovery_date_that_is_no_date_is_refused(client: TestClient) -> None:
    """`recovered` must be YYYY-MM-DD; the answer says so and nothing is stored."""
    answer = _post(client, [_sheet()], recovered="last spring")
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": "recovered: 'last spring' is not a date: write it as YYYY-MM-DD, e.g. 2023-05-01"
    }
    assert client.get("/api/runs").json()["runs"] == []


def test_files_with_the_same_name_keep_apart(client: TestClient) -> None:
    """Two trade files named alike are both read, the second as 'name (2).csv'."""
    content = TRADE.read_bytes()
    answer = _post(
        client,
        [_sheet(), ("trade", (TRADE.name, content)),
         ("trade", (TRADE.name, content.replace(b"800", b"900")))],
    )  # fmt: skip
    run = wait_done(client, answer.json()["id"])
    names = [i["name"] for i in run["inputs"] if i["role"] == "trade"]
    assert names == [TRADE.name, "trade_reported (2).csv"]
    assert run["errors"] == []


def test_rerun_keeps_the_chain_files_and_date(client: TestClient) -> None:
    """A re-run traces the same trade and sanctions files with the same recovery date."""
    first = _post(
        client,
        [_sheet(), ("trade", (TRADE.name, TRADE.read_bytes())),
         ("sanctions", (SANCTIONS.name, SANCTIONS.read_bytes()))],
        platform="Orlan-10", recovered="2023-05-01",
    ).json()["id"]  # fmt: skip
    wait_done(client, first)
    second = client.post(f"/api/runs/{first}/rerun").json()["id"]
    run = wait_done(client, second)
    assert run["recovered"] == "2023-05-01"
    rows = [client.get(f"/api/runs/{i}/rows").json()["rows"] for i in (first, second)]
    assert rows[0] == rows[1]


def test_the_upload_page_takes_chain_files(client: TestClient) -> None:
    """The page's form sends trade and sanctions files and the date; the confirmation
    page lists them, and the started run reads them."""
    form = BeautifulSoup(client.get("/upload").text, "html.parser")
    assert {i["name"] for i in form.select("#upload-form input[type=file]")} == {
        "files", "trade", "sanctions",
    }  # fmt: skip
    answer = client.post(
        "/upload",
        data={"csrf_token": csrf_of(client, "/upload"), "recovered": "2023-05-01"},
        files=[_sheet(), ("trade", (TRADE.name, TRADE.read_bytes()))],
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303
    confirm = client.get(answer.headers["location"]).text
    assert "Recovered on <strong>2023-05-01</strong>" in confirm
    assert f"{TRADE.name} <span class" in confirm
    client.post(
        answer.headers["location"],
        data={"csrf_token": csrf_of(client, "/upload"), "action": "start"},
    )
    run = wait_done(client, int(answer.headers["location"].split("/")[2]))
    assert [i["role"] for i in run["inputs"]] == ["teardown", "trade"]
    assert run["errors"] == []

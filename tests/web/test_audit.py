"""The audit log on SQLite and PostgreSQL: what is recorded, who may read it, filters,
the CSV export, and the database refusing to change an entry (#14)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests.web.conftest import sign_in, user_form, wait_done
from typer.testing import CliRunner

from bomtrace.cli import app as cli
from bomtrace.web.audit import ACTIONS
from bomtrace.web.db import Database, migrate
from bomtrace.web.models import AuditEntry
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"
MakeClient = Callable[[], TestClient]
AddUser = Callable[[str, str], None]


def _log(client: TestClient, **params: str) -> list[dict[str, str]]:
    answer = client.get("/api/audit", params=params)
    assert answer.status_code == 200, answer.text
    return list(reversed(answer.json()["entries"]))  # oldest first


def test_what_people_do_is_recorded(team_app: MakeClient, add_user: AddUser) -> None:
    """Uploads, confirmations, re-runs, deletions, decisions, imports, tokens, sign-ins
    and account changes are recorded with who, how, from where and on what."""
    add_user("adam", "admin")
    add_user("ana", "researcher")
    admin, ana = team_app(), team_app()
    adam_csrf, csrf = sign_in(admin, "adam"), sign_in(ana, "ana")
    confirm = ana.post(
        "/upload", data={"csrf_token": csrf}, follow_redirects=False,
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))],
    ).headers["location"]  # fmt: skip
    run_id = int(confirm.split("/")[2])
    ana.post(
        confirm, data={"csrf_token": csrf, "col_manufacturer": "C", "action": "start"}
    )
    wait_done(ana, run_id)
    page = ana.post("/account/tokens", data={"csrf_token": csrf, "name": "laptop"}).text
    token = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    bearer = {"Authorization": f"Bearer {token}"}
    again = ana.post(f"/api/runs/{run_id}/rerun", headers=bearer).json()["id"]
    wait_done(ana, again)
    decided = ana.post(
        "/api/decisions", headers=bearer,
        json={"marking": "LM358DR", "decision": "accept", "mpn": "LM358DR", "manufacturer": "Texas Instruments"},
    ).json()["id"]  # fmt: skip
    ana.delete(f"/api/decisions/{decided}", headers=bearer)
    ana.post(
        "/api/decisions/import", headers=bearer,
        files={"file": ("d.csv", b"marking,decision\nTP3,not_a_part\n")},
    )  # fmt: skip
    assert ana.delete(f"/api/runs/{again}", headers=bearer).status_code == 200
    admin.post(
        "/admin/users",
        data={"csrf_token": adam_csrf, "name": "rita", "role": "reader", "password": "0123456789ab"},
    )  # fmt: skip
    entries = _log(admin)
    seen = [(e["actor"], e["via"], e["action"]) for e in entries]
    assert seen == [
        ("adam", "session", "sign-in"),
        ("ana", "session", "sign-in"),
        ("ana", "session", "run.upload"),
        ("ana", "session", "run.confirm"),
        ("ana", "session", "token.create"),
        ("ana", "token", "run.rerun"),
        ("ana", "token", "decision.record"),
        ("ana", "token", "decision.undo"),
        ("ana", "token", "decision.import"),
        ("ana", "token", "run.delete"),
        ("adam", "session", "user.add"),
    ]
    by_action = {e["action"]: e for e in entries}
    assert {e["address"] for e in entries} == {"testclient"}
    assert by_action["run.upload"]["target"] == f"run {run_id}"
    assert by_action["run.upload"]["detail"].startswith(
        f"{EXAMPLE.name} (teardown, sha256 "
    )
    assert by_action["run.confirm"]["detail"] == "columns: manufacturer=C"
    assert (
        by_action["run.rerun"]["detail"] == f"re-run of run {run_id} (orlan10_teardown)"
    )
    assert by_action["decision.record"]["detail"] == (
        "accept 'LM358DR' -> Texas Instruments LM358DR"
    )
    assert by_action["run.delete"]["target"] == f"run {again}"
    assert by_action["token.create"]["detail"] == f"token {token[:10]}… (laptop)"
    assert by_action["user.add"]["target"] == "user rita"
    admin.post(
        user_form(admin, "rita"),
        data={"csrf_token": adam_csrf, "role": "researcher", "password": "another password", "disabled": "on"},
    )  # fmt: skip
    [change] = _log(admin, action="user.change")
    assert (change["target"], change["detail"]) == (
        "user rita",
        "role reader -> researcher; password reset (signed out everywhere);"
        " disabled (signed out, API tokens revoked)",
    )


def test_only_admins_read_the_log(team_app: MakeClient, add_user: AddUser) -> None:
    """Researchers and readers are refused the page, the API and the export."""
    add_user("ana", "researcher")
    add_user("rita", "reader")
    for name in ("ana", "rita"):
        client = team_app()
        sign_in(client, name)
        for path in ("/admin/audit", "/api/audit", "/api/audit?format=csv"):
            assert client.get(path).status_code == 403, (name, path)
        assert 'id="audit-link"' not in client.get("/").text


def test_filters_and_the_csv_export(client: TestClient) -> None:
    """The log filters by person, action, text and dates; the export holds the same
    entries with every formula cell neutralised; a bad filter is named."""
    hostile = "=cmd|' -C calc'!A0.csv"
    client.post("/api/runs", files=[("files", (hostile, (Path(__file__).parents[2] / "tests/data/delimited/utf8.csv").read_bytes()))])  # fmt: skip
    client.post("/api/decisions", json={"marking": "TP3", "decision": "not_a_part"})
    today = dt.date.today()
    assert [e["action"] for e in _log(client)] == ["run.upload", "decision.record"]
    assert [e["action"] for e in _log(client, action="decision.record")] == [
        "decision.record"
    ]
    assert [e["action"] for e in _log(client, text="calc")] == ["run.upload"]
    assert _log(client, actor="someone else") == []
    assert len(_log(client, since=today.isoformat(), until=today.isoformat())) == 2
    assert _log(client, since=(today + dt.timedelta(days=1)).isoformat()) == []
    bad = client.get("/api/audit", params={"since": "last week"})
    assert bad.status_code == 422
    assert (
        bad.json()["detail"]
        == "since: 'last week' is not a date: write it as YYYY-MM-DD"
    )
    assert client.get("/api/audit", params={"action": "run.burn"}).status_code == 422
    exported = client.get("/api/audit", params={"format": "csv", "text": "calc"})
    assert exported.headers["content-disposition"] == (
        'attachment; filename="audit-log.csv"'
    )
    [row] = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert row["action"] == "run.upload" and row["actor"] == "local"
    assert row["detail"].startswith("'" + hostile)


def test_the_page_filters_and_escapes(client: TestClient) -> None:
    """The page lists entries in a table, offers every action as a filter, escapes the
    text it shows and links the export with the same filters."""
    client.post(
        "/api/runs",
        files=[
            ("files", ("<img src=x onerror=alert(1)>.csv", b"marking,qty\nLM317T,1\n"))
        ],
    )
    page = client.get("/admin/audit", params={"action": "run.upload"})
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    rows = soup.select("#audit tbody tr")
    assert [r["data-action"] for r in rows] == ["run.upload"]
    assert "<img src=x onerror=alert(1)>.csv" in rows[0].get_text()
    assert rows[0].find("img") is None
    options = [o["value"] for o in soup.select("#audit-action option") if o["value"]]
    assert options == list(ACTIONS)
    export = soup.select_one("#audit-export")
    assert export is not None
    assert export["href"] == "/api/audit?action=run.upload&format=csv"
    assert client.get("/admin/audit", params={"until": "soon"}).status_code == 422


def test_the_database_refuses_to_change_the_log(database_url: str) -> None:
    """An UPDATE or DELETE of an entry, from any client of the database, is refused."""
    db = Database(database_url)
    migrate(db.engine)
    with db.session() as session:
        session.add(AuditEntry(actor="ana", action="sign-in", target="user ana"))
    statements = ["UPDATE audit_log SET actor = 'adam'", "DELETE FROM audit_log"]
    if database_url.startswith("postgresql"):
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db.session() as session:
            session.execute(text(statement))
    with db.reading() as session:
        assert session.scalar(text("SELECT actor FROM audit_log")) == "ana"
    db.dispose()


def test_command_line_changes_are_recorded(settings: Settings) -> None:
    """`bomtrace users add` and `users token` are recorded as done on the command line."""
    runner = CliRunner()
    folder = [
        "--data-dir",
        str(settings.data_dir),
        "--database-url",
        settings.database_url,
    ]
    added = runner.invoke(
        cli, ["users", "add", "ana", "--role", "admin", "--password-stdin", *folder],
        input="a long password\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert runner.invoke(cli, ["users", "token", "ana", *folder]).exit_code == 0
    db = Database(settings.database_url)
    with db.reading() as session:
        entries = list(session.query(AuditEntry).order_by(AuditEntry.id))
    db.dispose()
    assert [(e.via, e.action, e.target) for e in entries] == [
        ("command line", "user.add", "user ana"),
        ("command line", "token.create", "user ana"),
    ]
    assert entries[0].detail == "role admin"

"""Deleting runs on SQLite and PostgreSQL: rows and files go, decisions stay, rights hold."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import csrf_of, sign_in, upload, wait_done

from bomtrace.web import worker
from bomtrace.web.db import Database
from bomtrace.web.models import DecisionRow, RowResult, Run, RunInput
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"
MakeClient = Callable[[], TestClient]


def _files(settings: Settings, run_id: int) -> tuple[list[Path], list[Path]]:
    """The run's stored uploads and report files, as the database and disk have them."""
    db = Database(settings.database_url)
    with db.session() as session:
        stored = list(
            session.scalars(select(RunInput.stored_as).where(RunInput.run_id == run_id))
        )
    db.dispose()
    outputs = settings.runs_dir / str(run_id)
    return [settings.blob_dir / s for s in stored], sorted(outputs.glob("*"))


def _count(settings: Settings, table: Any, run_id: int) -> int:
    db = Database(settings.database_url)
    with db.session() as session:
        found = session.scalar(
            select(func.count()).select_from(table).where(table.run_id == run_id)
        )
    db.dispose()
    return found or 0


def test_delete_removes_rows_and_files_and_keeps_decisions(
    client: TestClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """DELETE /api/runs/{id} removes the run's rows, upload and report files; decisions stay in force."""
    run_id = upload(client, EXAMPLE).json()["id"]
    assert wait_done(client, run_id)["status"] == "done"
    decided = client.post(
        "/api/decisions",
        json={"marking": "LM358DR", "decision": "accept", "mpn": "LM358DR",
              "manufacturer": "Texas Instruments", "note": f"seen in run {run_id}"},
    )  # fmt: skip
    assert decided.status_code == 201
    blobs, outputs = _files(settings, run_id)
    assert len(blobs) == 1 and blobs[0].is_file()
    assert {p.name for p in outputs} >= {"report.html", "report.csv", "report.xlsx"}
    assert _count(settings, RowResult, run_id) == 51

    with caplog.at_level(logging.INFO, logger="bomtrace.web.retention"):
        answer = client.delete(f"/api/runs/{run_id}")

    assert answer.status_code == 200, answer.text
    assert f"run {run_id} deleted by local: 51 rows, files uploads/" in caplog.text
    body = answer.json()
    assert body["id"] == run_id and body["rows"] == 51
    sha_name = blobs[0].relative_to(settings.data_dir).as_posix()
    assert sorted(body["files"]) == sorted(
        [sha_name] + [f"runs/{run_id}/{p.name}" for p in outputs]
    )
    assert not blobs[0].exists() and not (settings.runs_dir / str(run_id)).exists()
    assert _count(settings, RowResult, run_id) == 0
    assert _count(settings, RunInput, run_id) == 0
    assert client.get(f"/api/runs/{run_id}").status_code == 404
    assert client.get(f"/api/runs/{run_id}/report.csv").status_code == 404
    assert client.delete(f"/api/runs/{run_id}").status_code == 404
    listed = client.get("/api/decisions").json()["decisions"]
    assert [(d["id"], d["marking"]) for d in listed] == [
        (decided.json()["id"], "LM358DR")
    ]
    again = upload(client, EXAMPLE).json()["id"]
    assert wait_done(client, again)["decisions_applied"] == 1
    rows = client.get(f"/api/runs/{again}/rows").json()["rows"]
    lm358 = next(r for r in rows if r["marking"] == "LM358DR")
    assert (lm358["match_method"], lm358["manufacturer"]) == (
        "human",
        "Texas Instruments",
    )


def test_shared_upload_stays_until_its_last_run_is_deleted(
    client: TestClient, settings: Settings
) -> None:
    """A re-run shares the stored upload: deleting the first run keeps the file and the re-run intact."""
    first = upload(client, EXAMPLE).json()["id"]
    wait_done(client, first)
    second = client.post(f"/api/runs/{first}/rerun").json()["id"]
    wait_done(client, second)
    blobs, _ = _files(settings, first)

    assert client.delete(f"/api/runs/{first}").status_code == 200

    assert blobs[0].is_file()
    kept = client.get(f"/api/runs/{second}").json()
    assert kept["status"] == "done" and kept["rerun_of"] is None
    assert client.get(f"/api/runs/{second}/report.csv").status_code == 200
    third = client.post(f"/api/runs/{second}/rerun").json()["id"]
    assert wait_done(client, third)["counts"]["read"] == 51
    client.delete(f"/api/runs/{third}")
    answer = client.delete(f"/api/runs/{second}")
    assert answer.status_code == 200
    assert not blobs[0].exists()


def test_running_run_is_refused_until_it_ends(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queued or running run answers 409 with advice; once done it can be deleted."""
    release = threading.Event()
    real_trace = worker.trace

    def held_trace(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(60)
        return real_trace(*args, **kwargs)

    monkeypatch.setattr(worker, "trace", held_trace)
    # Two workers: the first two runs are held running, the third waits in the queue.
    ids = [upload(client, EXAMPLE).json()["id"] for _ in range(3)]
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and [_status(client, i) for i in ids] != [
            "running",
            "running",
            "queued",
        ]:
            time.sleep(0.05)
        for run_id, status in zip(ids[1:], ("running", "queued"), strict=True):
            refused = client.delete(f"/api/runs/{run_id}")
            assert refused.status_code == 409
            assert refused.json() == {
                "detail": f"run {run_id} is {status}: wait until it is done or failed, then delete it"
            }
    finally:
        release.set()
    for run_id in ids:
        assert wait_done(client, run_id)["status"] == "done"
    blobs, outputs = _files(settings, ids[0])
    assert blobs[0].is_file() and outputs
    for run_id in ids:
        assert client.delete(f"/api/runs/{run_id}").status_code == 200
    assert not blobs[0].exists()


def _status(client: TestClient, run_id: int) -> str:
    return str(client.get(f"/api/runs/{run_id}").json()["status"])


def test_only_the_owner_and_admins_may_delete(
    team_app: MakeClient, add_user: Callable[[str, str], None], team_settings: Settings
) -> None:
    """Another researcher or a reader gets 403 (API and page); the owner and an admin may delete."""
    for name, role in (("ana", "researcher"), ("ben", "researcher"),
                       ("rita", "reader"), ("adam", "admin")):  # fmt: skip
        add_user(name, role)
    ana, ben, rita, adam = team_app(), team_app(), team_app(), team_app()
    tokens = {c: sign_in(c, n) for c, n in ((ana, "ana"), (ben, "ben"), (rita, "rita"), (adam, "adam"))}  # fmt: skip
    ids = []
    for _ in range(2):
        made = upload_as(ana, tokens[ana])
        ids.append(made)
        wait_done(ana, made)
    first, second = ids

    refused = ben.delete(f"/api/runs/{first}", headers={"X-CSRF-Token": tokens[ben]})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": f"run {first} was started by ana: only they or an admin may delete it"
    }
    assert ben.get(f"/runs/{first}/delete").status_code == 403
    assert 'id="delete-link"' not in ben.get(f"/runs/{first}").text
    reader = rita.delete(f"/api/runs/{first}", headers={"X-CSRF-Token": tokens[rita]})
    assert reader.status_code == 403
    assert ana.delete(f"/api/runs/{first}").status_code == 403  # no CSRF header
    assert 'id="delete-link"' in ana.get(f"/runs/{first}").text

    assert ana.delete(f"/api/runs/{first}", headers={"X-CSRF-Token": tokens[ana]}).status_code == 200  # fmt: skip
    assert adam.delete(f"/api/runs/{second}", headers={"X-CSRF-Token": tokens[adam]}).status_code == 200  # fmt: skip
    assert ana.get("/api/runs").json()["runs"] == []
    assert not any(team_settings.blob_dir.rglob("*.xlsx"))


def upload_as(client: TestClient, csrf: str) -> int:
    answer = client.post(
        "/api/runs",
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))],
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 202, answer.text
    return int(answer.json()["id"])


def test_delete_button_asks_for_confirmation(
    client: TestClient, settings: Settings
) -> None:
    """The run page links to a confirmation page; its form (with the CSRF token) deletes the run."""
    run_id = upload(client, EXAMPLE, name="sensitive board").json()["id"]
    wait_done(client, run_id)
    page = client.get(f"/runs/{run_id}").text
    assert f'href="/runs/{run_id}/delete" id="delete-link"' in page
    confirm = client.get(f"/runs/{run_id}/delete")
    assert confirm.status_code == 200
    assert f"Delete run #{run_id}: sensitive board?" in confirm.text
    assert EXAMPLE.name in confirm.text
    assert client.get(f"/api/runs/{run_id}").status_code == 200  # nothing deleted yet

    forged = client.post(f"/runs/{run_id}/delete", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert client.get(f"/api/runs/{run_id}").status_code == 200
    token = csrf_of(client, f"/runs/{run_id}/delete")
    done = client.post(
        f"/runs/{run_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert client.get(f"/api/runs/{run_id}").status_code == 404
    assert f"/runs/{run_id}" not in client.get("/").text
    docs = client.get("/api/docs").text
    assert "<code>DELETE /api/runs/{run_id}</code>" in docs
    assert "409 the run is queued or running" in docs
    assert not (settings.runs_dir / str(run_id)).exists()


def test_decision_rows_are_untouched_by_deletion(
    client: TestClient, settings: Settings
) -> None:
    """Every decision row, revoked ones included, is the same before and after a run is deleted."""
    run_id = upload(client, EXAMPLE).json()["id"]
    wait_done(client, run_id)
    for marking in ("LM358DR", "BSS138"):
        client.post(
            "/api/decisions", json={"marking": marking, "decision": "not_a_part"}
        )
    undone = client.get("/api/decisions").json()["decisions"][0]["id"]
    assert client.delete(f"/api/decisions/{undone}").status_code == 200

    def snapshot() -> list[tuple[Any, ...]]:
        db = Database(settings.database_url)
        with db.session() as session:
            rows = [
                (r.id, r.marking, r.action, r.reviewer, r.revoked_at is not None)
                for r in session.scalars(select(DecisionRow).order_by(DecisionRow.id))
            ]
        db.dispose()
        return rows

    before = snapshot()
    assert client.delete(f"/api/runs/{run_id}").status_code == 200
    assert snapshot() == before and len(before) == 2
    db = Database(settings.database_url)
    with db.session() as session:
        assert session.get(Run, run_id) is None
    db.dispose()

"""Concurrent use: first requests racing, uploads arriving together, one upload being
read while others work, a database another connection keeps busy."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import LOCAL, upload, wait_done

from bomtrace.web import auth, worker
from bomtrace.web import runs as web_runs
from bomtrace.web.app import create_app
from bomtrace.web.db import Database, migrate
from bomtrace.web.models import User
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"


def test_local_user_created_once_by_racing_requests(database_url: str) -> None:
    """Two requests that both find no local user end up with the same one, no error."""
    db = Database(database_url)
    migrate(db.engine)
    found: list[int] = []
    first_inside = threading.Event()

    def first() -> None:
        with db.session() as session:
            found.append(auth.local_user(session).id)
            first_inside.set()
            time.sleep(0.3)

    def second() -> None:
        first_inside.wait(5)
        with db.session() as session:
            found.append(auth.local_user(session).id)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    db.dispose()
    assert len(found) == 2 and found[0] == found[1]


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """`bomtrace serve` in its own process on the test database, with two workers."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable, "-m", "bomtrace", "serve", "--port", str(port),
        "--data-dir", str(settings.data_dir), "--database-url", settings.database_url,
    ]  # fmt: skip
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=60)
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def _post(base: str, path: Path) -> tuple[int, dict[str, object]]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n\r\n'.encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(f"{base}/api/runs", data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, json.load(answer)


def _get(base: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base}{path}", timeout=60) as answer:
        result: dict[str, object] = json.load(answer)
        return result


def test_concurrent_uploads_to_a_fresh_server(served: str) -> None:
    """Eight uploads at once to a server that has never been used: all accepted, all traced."""
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _n: _post(served, EXAMPLE), range(8)))
        pages = list(pool.map(lambda _n: _get(served, "/api/runs"), range(8)))
    assert [status for status, _ in answers] == [202] * 8
    assert all("runs" in page for page in pages)
    deadline = time.monotonic() + 180
    for _, created in answers:
        while True:
            run = _get(served, f"/api/runs/{created['id']}")
            if run["status"] in ("done", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert run["status"] == "done"
        rows = _get(served, f"/api/runs/{created['id']}/rows")["rows"]
        assert isinstance(rows, list) and len(rows) == 51


def test_an_upload_being_checked_blocks_nobody(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one upload's files are read and checked (held here for as long as the test
    needs), others list runs, record decisions, upload, and a run is traced to the end
    (#14, finding 1: a large upload held the write lock; others got 500s, a run failed)."""
    reading, release = threading.Event(), threading.Event()
    real_inspect = web_runs.inspect_upload

    def slow_inspect(stored: Any, *args: Any, **kwargs: Any) -> Any:
        if stored.name == "slow.xlsx":
            reading.set()
            assert release.wait(180)
        return real_inspect(stored, *args, **kwargs)

    monkeypatch.setattr(web_runs, "inspect_upload", slow_inspect)
    pool = ThreadPoolExecutor(4)
    slow = pool.submit(
        client.post,
        "/api/runs",
        files=[("files", ("slow.xlsx", EXAMPLE.read_bytes()))],
    )
    try:
        assert reading.wait(30)
        listed = pool.submit(client.get, "/api/runs").result(timeout=10)
        assert listed.status_code == 200
        decision = {"marking": "TP3", "decision": "not_a_part"}
        decided = pool.submit(client.post, "/api/decisions", json=decision)
        assert decided.result(timeout=10).status_code == 201
        other = pool.submit(upload, client, EXAMPLE).result(timeout=30)
        assert other.status_code == 202
        run = pool.submit(wait_done, client, other.json()["id"], 60).result(timeout=90)
        assert (run["status"], run["counts"]["read"]) == ("done", 51)
        assert not slow.done()  # all of that happened while the upload was being read
    finally:
        release.set()
        pool.shutdown(wait=False)
    assert slow.result(timeout=120).status_code == 202


@pytest.fixture
def hog(database_url: str) -> Iterator[threading.Event]:
    """Another SQLite connection that keeps the write lock 1 s at a time, with short
    gaps, until the test sets the event it yields."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no database-wide write lock")
    path = database_url.partition(":///")[2]
    migrate_db = Database(database_url)
    migrate(migrate_db.engine)
    migrate_db.dispose()
    stop = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(path, timeout=60, isolation_level=None)
        while not stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            stop.wait(1.0)
            connection.execute("COMMIT")
            time.sleep(0.02)
        connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    time.sleep(0.2)
    yield stop
    stop.set()
    holder.join(10)


def test_writes_wait_out_a_busy_database(
    database_url: str, hog: threading.Event
) -> None:
    """A write that meets the lock for longer than its busy timeout is tried again, not lost."""
    db = Database(database_url, busy_timeout=0.1)
    db.write(lambda s: s.add(User(name="ana", role="reader", password_hash="")))
    with db.reading() as session:
        assert session.query(User).filter_by(name="ana").count() == 1
    db.dispose()


def test_a_run_survives_a_busy_database(
    settings: Settings, hog: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose progress and rows keep meeting the lock (held longer than the
    worker's busy timeout) still ends done with every row; pages answer meanwhile."""
    monkeypatch.setattr(worker, "_databases", {})
    monkeypatch.setattr(worker, "Database", lambda url: Database(url, busy_timeout=0.1))
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        run_id = upload(client, EXAMPLE).json()["id"]
        run = wait_done(client, run_id, timeout=120)
        rows = client.get(f"/api/runs/{run_id}/rows").json()["rows"]
    assert (run["status"], len(rows)) == ("done", 51)

"""Concurrent use of a real server: first requests racing, uploads arriving together."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bomtrace.web import auth
from bomtrace.web.db import Database, migrate
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

"""Run leases on SQLite and PostgreSQL: one worker traces a run, whichever server it
belongs to; a run whose worker died is taken over (#14, finding 11)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.web.conftest import LOCAL, upload, wait_done

from bomtrace.web import worker
from bomtrace.web.app import create_app
from bomtrace.web.db import Database
from bomtrace.web.models import Run
from bomtrace.web.settings import Settings
from bomtrace.web.worker import RunQueue

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"


class HeldTrace:
    """Stands in for ``trace`` in the worker: records each call, holds the first one
    until released, then traces for real."""

    def __init__(self) -> None:
        self.calls = 0
        self.first_inside = threading.Event()
        self.release = threading.Event()
        self.real = worker.trace

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == 1:
            self.first_inside.set()
            assert self.release.wait(120)
        return self.real(*args, **kwargs)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldTrace]:
    stand_in = HeldTrace()
    monkeypatch.setattr(worker, "trace", stand_in)
    yield stand_in
    stand_in.release.set()


def test_a_second_server_leaves_a_running_run_alone(
    settings: Settings, held: HeldTrace
) -> None:
    """A second server started on the same database and data folder does not trace the
    run the first is tracing; when the first's lease runs out (as if it had died), the
    second takes the run over; the first then stores nothing, and every row is there once."""
    with TestClient(create_app(settings), base_url=LOCAL) as first:
        run_id = upload(first, EXAMPLE).json()["id"]
        assert held.first_inside.wait(30)
        with TestClient(create_app(settings), base_url=LOCAL) as second:
            time.sleep(0.5)  # its start-up sweep has run
            assert held.calls == 1
            queue: RunQueue = second.app.app.state.queue  # type: ignore[attr-defined]
            db = second.app.app.state.db  # type: ignore[attr-defined]
            assert queue.sweep(db) == []
            assert queue.submit(run_id).result(30) == "running"  # the lease is taken
            assert held.calls == 1
            with db.session() as session:
                session.execute(
                    update(Run).where(Run.id == run_id).values(lease_expires=1.0)
                )
            assert queue.sweep(db) == [run_id]
            assert queue.wait(run_id, 120) == "done"
            assert held.calls == 2
            held.release.set()
            first_queue: RunQueue = first.app.app.state.queue  # type: ignore[attr-defined]
            assert first_queue.wait(run_id, 120) == "running"  # it stopped, lease lost
            run = wait_done(second, run_id)
            rows = second.get(f"/api/runs/{run_id}/rows").json()["rows"]
    assert (run["status"], run["counts"]["read"]) == ("done", 51)
    assert len({(r["source_sheet"], r["source_row"]) for r in rows}) == len(rows) == 51


def test_a_long_run_keeps_its_lease(
    settings: Settings, held: HeldTrace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker renews its lease while it works, so a run longer than a lease is not
    taken over by another server's sweep."""
    monkeypatch.setattr(worker, "LEASE_SECONDS", 1.0)
    monkeypatch.setattr(worker, "LEASE_RENEW", 0.1)
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        run_id = upload(client, EXAMPLE).json()["id"]
        assert held.first_inside.wait(30)
        other = RunQueue(settings.database_url, settings.data_dir, 1, "thread")
        db = Database(settings.database_url)
        try:
            for _ in range(12):  # three lease lengths
                assert other.sweep(db) == []
                time.sleep(0.25)
        finally:
            held.release.set()
            other.shutdown()
            db.dispose()
        assert wait_done(client, run_id)["status"] == "done"
    assert held.calls == 1

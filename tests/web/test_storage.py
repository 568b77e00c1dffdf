"""Storage and workers: migrations match the models, runs in worker processes, restart recovery."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from tests.web.conftest import LOCAL, upload, wait_done

from bomtrace.web.app import create_app
from bomtrace.web.db import Database, migrate
from bomtrace.web.models import Base, Run, RunInput
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"


def test_migrations_create_exactly_the_models(database_url: str) -> None:
    """After `upgrade head` the schema has nothing the models lack and lacks nothing they have."""
    db = Database(database_url)
    migrate(db.engine)
    migrate(db.engine)  # a second upgrade is a no-op
    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection), Base.metadata
        )
    db.dispose()
    assert differences == []


def test_runs_in_worker_processes(settings: Settings) -> None:
    """With the process pool `serve` uses, a run finishes and every row is stored."""
    with TestClient(
        create_app(replace(settings, executor="process", workers=1)), base_url=LOCAL
    ) as client:
        run_id = upload(client, EXAMPLE).json()["id"]
        run = wait_done(client, run_id, timeout=120)
        rows = client.get(f"/api/runs/{run_id}/rows").json()["rows"]
    assert run["status"] == "done"
    assert len(rows) == run["counts"]["read"] == 51


def test_unfinished_run_is_queued_again_at_start(settings: Settings) -> None:
    """A run a stopped server left 'running' is traced again when the server starts."""
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        run_id = upload(client, EXAMPLE).json()["id"]
        wait_done(client, run_id)
    db = Database(settings.database_url)
    with db.session() as session:
        done = session.get_one(Run, run_id)
        stuck = Run(
            name="interrupted", status="running", rows_done=10, rows_total=51, problems=[], catalogs=[], outputs=[],
            inputs=[RunInput(position=0, name=i.name, sha256=i.sha256, stored_as=i.stored_as, size=i.size, kind=i.kind, sheets=i.sheets) for i in done.inputs],
        )  # fmt: skip
        session.add(stuck)
        session.flush()
        stuck_id = stuck.id
    db.dispose()
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        run = wait_done(client, stuck_id)
        assert run["status"] == "done" and run["counts"]["read"] == 51
        assert len(client.get(f"/api/runs/{stuck_id}/rows").json()["rows"]) == 51

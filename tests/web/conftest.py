"""Web app fixtures: an app on a fresh SQLite file or a fresh PostgreSQL database, clients.

PostgreSQL tests need ``BOMTRACE_TEST_DATABASE_URL`` (a server URL whose user may create
databases; ``.ci/run`` starts one). Without it they are skipped, unless
``BOMTRACE_REQUIRE_POSTGRES=1`` says they must run (CI), in which case they fail.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bomtrace.web.app import create_app
from bomtrace.web.db import Database, engine_url, migrate
from bomtrace.web.settings import Settings, sqlite_url

PG_URL = os.environ.get("BOMTRACE_TEST_DATABASE_URL", "")
PG_REQUIRED = os.environ.get("BOMTRACE_REQUIRE_POSTGRES", "") == "1"
LOCAL = "http://127.0.0.1"
TEAM = "https://bomtrace.example"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "data")
        return
    if not PG_URL:
        if PG_REQUIRED:
            pytest.fail(
                "BOMTRACE_REQUIRE_POSTGRES=1 but BOMTRACE_TEST_DATABASE_URL is not set"
            )
        pytest.skip("no PostgreSQL server (set BOMTRACE_TEST_DATABASE_URL)")
    name = f"bomtrace_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(engine_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = PG_URL.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """A loopback instance without login, runs traced in threads."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        executor="thread",
        workers=2,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture
def team_settings(settings: Settings) -> Settings:
    """An instance that asks people to sign in (as on a non-loopback address)."""
    return replace(settings, require_login=True, host="0.0.0.0")


@pytest.fixture
def team_app(team_settings: Settings) -> Iterator[Callable[[], TestClient]]:
    """Makes clients (one per person) of one login-required app, behind HTTPS."""
    app = create_app(team_settings)
    clients: list[TestClient] = []

    def make() -> TestClient:
        test_client = TestClient(app, base_url=TEAM)
        test_client.__enter__()
        clients.append(test_client)
        return test_client

    yield make
    for test_client in reversed(clients):
        test_client.__exit__(None, None, None)


@pytest.fixture
def add_user(team_settings: Settings) -> Callable[[str, str], None]:
    """Adds a user straight into the team database (password: '<name> password!')."""
    from bomtrace.web.auth import add_user as add

    def make(name: str, role: str) -> None:
        db = Database(team_settings.database_url)
        migrate(db.engine)
        with db.session() as session:
            add(session, name, role, f"{name} password!")
        db.dispose()

    return make


def post_login(client: TestClient, name: str, password: str) -> Any:
    """Fills in the sign-in form as a browser does (its page first, for the form's token)."""
    found = re.search(r'name="login_token" value="([^"]*)"', client.get("/login").text)
    return client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "login_token": found[1] if found else "",
        },
        follow_redirects=False,
    )


def sign_in(client: TestClient, name: str) -> str:
    """Signs ``name`` in; returns the CSRF token of the session."""
    answer = post_login(client, name, f"{name} password!")
    assert answer.status_code == 303, answer.text
    return csrf_of(client, "/account")


def field_of(client: TestClient, page: str, name: str) -> str:
    """The value of the hidden field ``name`` on ``page``."""
    html = client.get(page).text
    marker = f'name="{name}" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def csrf_of(client: TestClient, page: str) -> str:
    return field_of(client, page, "csrf_token")


def user_form(admin: TestClient, name: str) -> str:
    """The address of the form that changes ``name`` on an admin's People page."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(admin.get("/admin/users").text, "html.parser")
    row = next(
        tr for tr in page.select("tbody tr") if tr.td and tr.td.get_text() == name
    )
    form = row.find("form")
    assert form is not None
    return str(form["action"])


def wait_done(
    client: TestClient, run_id: int, timeout: float = 60, **kwargs: Any
) -> dict[str, Any]:
    """Polls a run until it is done or failed; returns its JSON."""
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}", **kwargs).json()
        if run["status"] in ("done", "failed") or time.monotonic() > deadline:
            return run
        time.sleep(0.05)


def upload(client: TestClient, *paths: Path, **fields: str) -> Any:
    """POSTs files to /api/runs as a script would."""
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    return client.post("/api/runs", files=files, data=fields)

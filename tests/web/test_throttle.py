"""Login throttling on SQLite and PostgreSQL, with a clock the tests move (no sleeping)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import TEAM, post_login

from bomtrace.web.app import create_app
from bomtrace.web.auth import create_token
from bomtrace.web.db import Database
from bomtrace.web.models import LoginFailures, User
from bomtrace.web.settings import LoginLimits, Settings
from bomtrace.web.throttle import counter_key

PER_NAME, PER_ADDRESS = 5, 10
Client = Callable[..., TestClient]


class Clock:
    """Seconds since the epoch, moved forward by the test."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def team_settings(settings: Settings, clock: Clock) -> Settings:
    """A login-required instance whose throttle reads the test's clock."""
    limits = LoginLimits(per_name=PER_NAME, per_address=PER_ADDRESS, clock=clock)
    return replace(settings, require_login=True, host="0.0.0.0", login_limits=limits)


@pytest.fixture
def browser(team_settings: Settings) -> Iterator[Client]:
    """Makes clients of one app (or of a second app on the same database, as another
    server process would be) from a given client address."""
    apps = [create_app(team_settings), create_app(team_settings)]
    made: list[TestClient] = []

    def make(address: str = "10.0.0.1", server: int = 0) -> TestClient:
        client = TestClient(apps[server], base_url=TEAM, client=(address, 50000))
        client.__enter__()
        made.append(client)
        return client

    yield make
    for client in reversed(made):
        client.__exit__(None, None, None)


def login(client: TestClient, name: str, password: str = "") -> int:
    answer = post_login(client, name, password or f"{name} password!")
    return int(answer.status_code)


def test_name_is_blocked_after_five_failures_on_any_server(
    browser: Client, add_user: Callable[[str, str], None], clock: Clock
) -> None:
    """Five wrong passwords (spread over two servers) block the name with 429 and
    Retry-After, even for the right password; after the wait it signs in."""
    add_user("ana", "researcher")
    one, two = browser(server=0), browser(server=1)
    codes = [login(c, "ana", "wrong guess!") for c in (one, two, one, two, one)]
    assert codes == [401] * 5

    refused = post_login(one, "ana", "ana password!")

    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert "Too many failed sign-ins. Try again in 60 seconds." in refused.text
    assert login(two, "ana") == 429
    clock.now += 59
    assert post_login(two, "ana", "x").headers["retry-after"] == "1"
    clock.now += 1
    assert login(two, "ana") == 303


def test_backoff_doubles_with_each_further_failure(
    browser: Client, add_user: Callable[[str, str], None], clock: Clock
) -> None:
    """Each failure after the block ends blocks again for twice as long (60, 120, 240 s)."""
    add_user("ana", "researcher")
    client = browser()
    for _ in range(PER_NAME):
        login(client, "ana", "wrong guess!")
    waits = []
    for _ in range(3):
        answer = post_login(client, "ana", "x")
        assert answer.status_code == 429
        wait = int(answer.headers["retry-after"])
        waits.append(wait)
        clock.now += wait
        assert login(client, "ana", "wrong guess!") == 401
    assert waits == [60, 120, 240]


def test_unknown_and_known_names_are_answered_alike(
    browser: Client, add_user: Callable[[str, str], None]
) -> None:
    """A name with no account is throttled exactly like a real one: same codes, pages, waits."""
    add_user("ana", "researcher")
    seen = {}
    for address, name in (("10.0.0.1", "ana"), ("10.0.0.2", "nobody")):
        client = browser(address)
        answers = [
            post_login(client, name, "wrong guess!") for _ in range(PER_NAME + 2)
        ]
        seen[name] = [
            (a.status_code, a.headers.get("retry-after"), _without_token(a.text))
            for a in answers
        ]
    assert seen["ana"] == seen["nobody"]
    assert [code for code, _, _ in seen["ana"]] == [401] * PER_NAME + [429, 429]


def _without_token(page: str) -> str:
    """The page with its sign-in form's token (fresh on every page) blanked."""
    return re.sub(r'name="login_token" value="[^"]*"', "", page)


def test_success_clears_the_name_and_old_failures_are_forgotten(
    browser: Client, add_user: Callable[[str, str], None], clock: Clock
) -> None:
    """Signing in resets the name's count; failures 15 minutes apart never add up to a block."""
    add_user("ana", "researcher")
    client = browser()
    for _ in range(PER_NAME - 1):
        assert login(client, "ana", "wrong guess!") == 401
    assert login(client, "ana") == 303
    for _ in range(PER_NAME - 1):
        assert login(browser("10.0.0.2"), "ana", "wrong guess!") == 401
    clock.now += 15 * 60 + 1
    assert login(browser("10.0.0.3"), "ana", "wrong guess!") == 401
    assert login(browser("10.0.0.3"), "ana") == 303


def test_one_address_guessing_many_names_is_blocked(
    browser: Client, add_user: Callable[[str, str], None]
) -> None:
    """Ten failures from one address across names block that address, not the names."""
    add_user("ana", "researcher")
    attacker = browser("203.0.113.9")
    codes = [login(attacker, f"user{n}", "wrong guess!") for n in range(PER_ADDRESS)]
    assert codes == [401] * PER_ADDRESS
    assert login(attacker, "ana") == 429
    assert login(browser("10.0.0.2"), "ana") == 303
    assert login(browser("10.0.0.3"), "user1", "wrong guess!") == 401


def test_one_name_guessed_from_many_addresses_is_blocked(
    browser: Client, add_user: Callable[[str, str], None]
) -> None:
    """Failures for one name count together whatever address they come from."""
    add_user("ana", "researcher")
    add_user("ben", "researcher")
    for n in range(PER_NAME):
        assert login(browser(f"198.51.100.{n}"), "ana", "wrong guess!") == 401
    fresh = browser("198.51.100.99")
    assert login(fresh, "ana") == 429
    assert login(fresh, "ben") == 303


def test_api_tokens_are_not_throttled(
    browser: Client, add_user: Callable[[str, str], None], team_settings: Settings
) -> None:
    """A blocked name's API token still works: scripts do not depend on the password."""
    add_user("ana", "researcher")
    db = Database(team_settings.database_url)
    with db.session() as session:
        token = create_token(
            session, session.scalars(select(User).where(User.name == "ana")).one(), "ci"
        )
    client = browser()
    for _ in range(PER_NAME):
        login(client, "ana", "wrong guess!")
    assert login(client, "ana") == 429
    answer = client.get("/api/runs", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    with db.session() as session:
        keys = list(session.scalars(select(LoginFailures.key)))
    db.dispose()
    assert len(keys) == 2 and all(len(k) == 64 and "ana" not in k for k in keys)


def test_forgotten_counters_are_purged_on_sign_in(
    browser: Client,
    add_user: Callable[[str, str], None],
    team_settings: Settings,
    clock: Clock,
) -> None:
    """Counters quiet for the whole window are deleted when someone signs in; recent ones stay."""
    add_user("ana", "researcher")
    login(browser("10.0.0.1"), "ana", "wrong guess!")
    login(browser("10.0.0.2"), "nobody", "wrong guess!")
    clock.now += 15 * 60 + 1
    login(browser("10.0.0.3"), "ben", "wrong guess!")
    assert login(browser("10.0.0.4"), "ana") == 303
    db = Database(team_settings.database_url)
    with db.session() as session:
        keys = set(session.scalars(select(LoginFailures.key)))
    db.dispose()
    assert keys == {counter_key("name", "ben"), counter_key("address", "10.0.0.3")}

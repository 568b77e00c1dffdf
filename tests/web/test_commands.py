"""`bomtrace serve` refuses an open address without an admin; `bomtrace users` manages people."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bomtrace.cli import app
from bomtrace.web.settings import Settings


def test_serve_refuses_a_public_address_until_an_admin_exists(
    runner: CliRunner, tmp_path: Path
) -> None:
    """On 0.0.0.0 with no admin, serve exits 2 and says which command creates one."""
    result = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: bomtrace on 0.0.0.0 asks people to sign in, and no admin exists yet."
        f" Create one first: bomtrace users add NAME --role admin --data-dir {tmp_path}"
    )


def test_no_login_is_refused_off_loopback(runner: CliRunner, tmp_path: Path) -> None:
    """--no-login cannot be combined with an address other machines can reach."""
    result = runner.invoke(
        app, ["serve", "--host", "192.0.2.7", "--no-login", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --no-login is only allowed on a loopback address"
        " (127.0.0.1, 127.x.y.z, ::1, localhost), not 192.0.2.7"
    )


def test_users_add_list_and_token(runner: CliRunner, tmp_path: Path) -> None:
    """users add (password on stdin), users list and users token work on the data folder's database."""
    folder = ["--data-dir", str(tmp_path)]
    added = runner.invoke(
        app,
        ["users", "add", "ana", "--role", "admin", "--password-stdin", *folder],
        input="correct horse battery\n",
    )
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "added ana (admin)"
    listed = runner.invoke(app, ["users", "list", *folder])
    assert listed.stdout.strip() == "ana\tadmin"
    token = runner.invoke(app, ["users", "token", "ana", *folder])
    assert token.exit_code == 0 and token.stdout.startswith("bt_")
    again = runner.invoke(
        app,
        ["users", "add", "ana", "--password-stdin", *folder],
        input="another password\n",
    )
    assert (again.exit_code, again.stderr.strip()) == (
        2,
        "error: a user named 'ana' already exists",
    )
    short = runner.invoke(
        app, ["users", "add", "bo", "--password-stdin", *folder], input="short\n"
    )
    assert (
        short.stderr.strip()
        == "error: the password is too short: use at least 10 characters"
    )
    role = runner.invoke(
        app,
        ["users", "add", "cy", "--role", "boss", "--password-stdin", *folder],
        input="long enough pw\n",
    )
    assert (
        role.stderr.strip()
        == "error: 'boss' is not a role: use admin, researcher or reader"
    )
    missing = runner.invoke(app, ["users", "token", "zed", *folder])
    assert (
        missing.stderr.strip()
        == "error: no user named 'zed'. Add one with: bomtrace users add zed"
    )


def test_bad_database_url_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    """An unreachable database is one error line naming it (password hidden), exit 1, no traceback."""
    url = f"postgresql://bob:secret@/nodb?host={tmp_path}&port=1"
    result = runner.invoke(app, ["users", "list", "--database-url", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot open the database postgresql://bob:***@/nodb?host={tmp_path}&port=1: "
    )
    assert "secret" not in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("host", "login"),
    [
        ("127.0.0.1", False), ("127.0.0.2", False), ("127.255.255.254", False),
        ("::1", False), ("[::1]", False), ("localhost", False),
        ("0.0.0.0", True), ("192.0.2.7", True), ("::", True), ("bomtrace.example", True),
    ],
)  # fmt: skip
def test_login_is_asked_off_loopback_addresses(
    host: str, login: bool, tmp_path: Path
) -> None:
    """Every loopback address (127.0.0.0/8, ::1, localhost) runs without login, any other
    asks everyone to sign in: what the README says (#14, finding 11)."""
    settings = Settings.for_serve(
        host=host, port=8000, data_dir=tmp_path, database_url=None
    )
    assert settings.require_login is login


def test_readme_says_which_addresses_run_without_login() -> None:
    """The README names the whole loopback range, not only 127.0.0.1."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    web = readme.split("## Web app", 1)[1].split("\n## ", 1)[0]
    assert (
        "On a loopback address (`127.0.0.1`, any `127.x.y.z` of 127.0.0.0/8, `::1`,"
        " `localhost`: addresses only this machine can reach) it runs as one local user"
        " with no login" in " ".join(web.split())
    )
    assert "Bound to any other address the app asks everyone to sign in" in " ".join(
        web.split()
    )
    assert "other than `127.0.0.1`" not in web

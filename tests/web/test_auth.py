"""People and rights: login, argon2 hashes, roles, CSRF on forms and API calls, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import (
    LOCAL,
    csrf_of,
    field_of,
    post_login,
    sign_in,
    user_form,
    wait_done,
)

from bomtrace.web.db import Database
from bomtrace.web.models import LoginSession, User
from bomtrace.web.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"
MakeClient = Callable[[], TestClient]
AddUser = Callable[[str, str], None]


def test_nothing_is_reachable_without_signing_in(team_app: MakeClient) -> None:
    """Pages redirect to the sign-in page; API calls and downloads answer 401."""
    client = team_app()
    for page in (
        "/",
        "/upload",
        "/runs/1",
        "/runs/1/report",
        "/decisions",
        "/admin/users",
        "/account",
    ):
        answer = client.get(page, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (
            303,
            f"/login?next={page}",
        ), page
    for call in (
        "/api/runs",
        "/api/runs/1",
        "/api/runs/1/rows",
        "/api/runs/1/report.csv",
        "/api/decisions",
    ):
        answer = client.get(call)
        assert answer.status_code == 401, call
        assert answer.json() == {"detail": "sign in first"}
    assert (
        client.post(
            "/api/runs", files=[("files", ("a.csv", b"marking\nLM317\n"))]
        ).status_code
        == 401
    )
    assert client.get("/healthz").status_code == 200


def test_passwords_are_argon2_hashes(
    team_app: MakeClient, add_user: AddUser, team_settings: Settings
) -> None:
    """The database holds an argon2id hash, never the password; a wrong password is refused."""
    add_user("ana", "researcher")
    db = Database(team_settings.database_url)
    with db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.name == "ana"))
    db.dispose()
    assert (
        stored is not None
        and stored.startswith("$argon2id$")
        and "ana password!" not in stored
    )
    client = team_app()
    wrong = post_login(client, "ana", "guess guess")
    assert wrong.status_code == 401 and "Wrong name or password." in wrong.text
    assert post_login(client, "nobody", "x").status_code == 401


def test_session_cookie_is_secure_httponly_samesite(
    team_app: MakeClient, add_user: AddUser
) -> None:
    """Signing in sets a __Host- cookie that is Secure, HttpOnly and SameSite=Lax; signing out ends it."""
    add_user("ana", "researcher")
    client = team_app()
    answer = post_login(client, "ana", "ana password!")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("__Host-bomtrace_session=")
    assert all(
        flag in cookie for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/")
    )
    token = csrf_of(client, "/account")
    assert (
        client.post(
            "/logout", data={"csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    assert client.get("/api/runs").status_code == 401


def test_login_over_plain_http_is_refused_with_advice(
    team_settings: Settings, add_user: AddUser
) -> None:
    """Where cookies must be Secure, signing in over http says how to fix it instead of failing silently."""
    from bomtrace.web.app import create_app

    add_user("ana", "admin")
    with TestClient(
        create_app(team_settings), base_url="http://bomtrace.example"
    ) as client:
        answer = client.post(
            "/login", data={"name": "ana", "password": "ana password!"}
        )
    assert answer.status_code == 400
    assert "Signing in needs HTTPS" in answer.text


def test_roles(team_app: MakeClient, add_user: AddUser) -> None:
    """Readers view runs and reports; researchers also upload and decide; only admins manage people."""
    for name, role in (("rita", "reader"), ("ana", "researcher"), ("adam", "admin")):
        add_user(name, role)
    researcher, reader, admin = team_app(), team_app(), team_app()
    ana_csrf = sign_in(researcher, "ana")
    rita_csrf = sign_in(reader, "rita")
    adam_csrf = sign_in(admin, "adam")
    headers = {"X-CSRF-Token": ana_csrf}
    created = researcher.post(
        "/api/runs",
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))],
        headers=headers,
    )
    assert created.status_code == 202
    run_id = created.json()["id"]
    assert wait_done(reader, run_id)["status"] == "done"
    assert reader.get(f"/api/runs/{run_id}/report.csv").status_code == 200
    assert reader.get(f"/runs/{run_id}/report").status_code == 200
    refused = reader.post(
        "/api/runs",
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))],
        headers={"X-CSRF-Token": rita_csrf},
    )
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "this needs the researcher role; rita is a reader"
    }
    assert (
        reader.post(
            "/api/decisions",
            json={"marking": "X", "decision": "not_a_part"},
            headers={"X-CSRF-Token": rita_csrf},
        ).status_code
        == 403
    )
    assert reader.get("/upload").status_code == 403
    assert researcher.get("/admin/users").status_code == 403
    assert (
        researcher.post(
            "/admin/users",
            data={
                "csrf_token": ana_csrf,
                "name": "eve",
                "role": "admin",
                "password": "0123456789",
            },
        ).status_code
        == 403
    )
    added = admin.post(
        "/admin/users",
        data={
            "csrf_token": adam_csrf,
            "name": "eve",
            "role": "reader",
            "password": "0123456789ab",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert "eve" in admin.get("/admin/users").text
    made = researcher.post(
        "/api/decisions",
        json={"marking": "LM358DR", "decision": "not_a_part"},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["reviewer"] == "ana"


def test_forms_need_the_csrf_token(team_app: MakeClient, add_user: AddUser) -> None:
    """A form post without the session's token (or with another) is refused with 403."""
    add_user("ana", "researcher")
    client = team_app()
    token = sign_in(client, "ana")
    form = {"marking": "LM358DR", "choice": "not_a_part", "back": "/decisions"}
    assert client.post("/decisions", data=form).status_code == 403
    assert (
        client.post("/decisions", data={**form, "csrf_token": "forged"}).status_code
        == 403
    )
    assert (
        client.post(
            "/decisions", data={**form, "csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )


def test_api_calls_with_a_cookie_need_the_csrf_header(
    team_app: MakeClient, add_user: AddUser
) -> None:
    """A browser session calling the API must send X-CSRF-Token; a form-encoded body is not enough."""
    add_user("ana", "researcher")
    client = team_app()
    token = sign_in(client, "ana")
    body = {"marking": "LM358DR", "decision": "not_a_part"}
    assert client.post("/api/decisions", json=body).status_code == 403
    assert (
        client.post(
            "/api/decisions", json=body, headers={"X-CSRF-Token": token}
        ).status_code
        == 201
    )


def test_api_tokens(team_app: MakeClient, add_user: AddUser) -> None:
    """A token created on the account page works as a Bearer header without CSRF; revoked, it is refused."""
    add_user("ana", "researcher")
    browser = team_app()
    csrf = sign_in(browser, "ana")
    page = browser.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "laptop"}
    ).text
    token = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert token.startswith("bt_")
    script = team_app()
    bearer = {"Authorization": f"Bearer {token}"}
    answer = script.post(
        "/api/runs",
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))],
        headers=bearer,
    )
    assert answer.status_code == 202
    assert wait_done(script, answer.json()["id"], headers=bearer)["created_by"] == "ana"
    assert (
        script.get(
            "/api/runs", headers={"Authorization": "Bearer bt_wrong"}
        ).status_code
        == 401
    )
    token_id = (
        browser.get("/account")
        .text.split('action="/account/tokens/', 1)[1]
        .split("/", 1)[0]
    )
    browser.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})
    assert script.get("/api/runs", headers=bearer).status_code == 401


def test_local_instance_refuses_cross_site_posts(client: TestClient) -> None:
    """Without login, a script may post, but a page from another site (its Origin) may not."""
    files = [("files", (EXAMPLE.name, EXAMPLE.read_bytes()))]
    assert (
        client.post(
            "/api/runs", files=files, headers={"Origin": "https://evil.example"}
        ).status_code
        == 403
    )
    same = client.post("/api/runs", files=files, headers={"Origin": LOCAL})
    assert same.status_code == 202
    wait_done(client, same.json()["id"])
    form = {"marking": "X", "choice": "not_a_part"}
    assert client.post("/decisions", data=form).status_code == 403


def test_disabled_user_cannot_sign_in(team_app: MakeClient, add_user: AddUser) -> None:
    """An admin disables a person: their open session ends and they cannot sign in again."""
    add_user("adam", "admin")
    add_user("ana", "researcher")
    admin, other = team_app(), team_app()
    csrf = sign_in(admin, "adam")
    sign_in(other, "ana")
    changed = admin.post(
        user_form(admin, "ana"),
        data={"csrf_token": csrf, "role": "researcher", "disabled": "on"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert other.get("/api/runs").status_code == 401
    assert post_login(other, "ana", "ana password!").status_code == 401


def test_only_the_starter_or_an_admin_confirms_or_reruns(
    team_app: MakeClient, add_user: AddUser
) -> None:
    """Another researcher can neither change nor start someone's draft, nor re-run their
    run (#14, finding 4); the starter and admins can, and the run page offers it only to them."""
    for name, role in (("ana", "researcher"), ("bob", "researcher"), ("adam", "admin")):
        add_user(name, role)
    ana, bob, adam = team_app(), team_app(), team_app()
    ana_csrf, bob_csrf, adam_csrf = (
        sign_in(ana, "ana"), sign_in(bob, "bob"), sign_in(adam, "adam")
    )  # fmt: skip
    drafted = ana.post(
        "/upload", data={"csrf_token": ana_csrf},
        files=[("files", (EXAMPLE.name, EXAMPLE.read_bytes()))], follow_redirects=False,
    )  # fmt: skip
    confirm = drafted.headers["location"]
    run_id = int(confirm.split("/")[2])
    assert bob.get(confirm).status_code == 403
    started = bob.post(
        confirm, data={"csrf_token": bob_csrf, "col_marking": "C", "action": "start"}
    )
    assert started.status_code == 403
    assert f"run {run_id} was started by ana: only they or an admin may confirm it" in (
        started.text
    )
    assert ana.get(f"/api/runs/{run_id}").json()["status"] == "draft"
    assert ana.get(f"/api/runs/{run_id}").json()["columns"] == ""
    ana.post(confirm, data={"csrf_token": ana_csrf, "action": "start"})
    assert wait_done(ana, run_id)["status"] == "done"

    refused = bob.post(f"/api/runs/{run_id}/rerun", headers={"X-CSRF-Token": bob_csrf})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": f"run {run_id} was started by ana: only they or an admin may re-run it"
    }
    page = bob.post(f"/runs/{run_id}/rerun", data={"csrf_token": bob_csrf})
    assert page.status_code == 403
    assert 'id="rerun-button"' not in bob.get(f"/runs/{run_id}").text
    assert 'id="rerun-button"' in ana.get(f"/runs/{run_id}").text
    for client, csrf in ((ana, ana_csrf), (adam, adam_csrf)):
        again = client.post(f"/api/runs/{run_id}/rerun", headers={"X-CSRF-Token": csrf})
        assert again.status_code == 202
        assert wait_done(client, again.json()["id"])["status"] == "done"


def test_login_form_from_another_site_signs_nobody_in(
    team_app: MakeClient, add_user: AddUser
) -> None:
    """A sign-in posted by another site's page (no form token, or one from another
    browser's form) is refused and sets no session (#14, finding 7: login CSRF)."""
    add_user("mallory", "researcher")
    victim, attacker = team_app(), team_app()
    forged = victim.post(
        "/login",
        data={"name": "mallory", "password": "mallory password!"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "The sign-in form has expired or did not come from this site" in forged.text
    assert "bomtrace_session" not in forged.headers.get("set-cookie", "")
    stolen = field_of(attacker, "/login", "login_token")  # the attacker's own form
    replayed = victim.post(
        "/login",
        data={
            "name": "mallory",
            "password": "mallory password!",
            "login_token": stolen,
        },
        follow_redirects=False,
    )
    assert replayed.status_code == 403
    assert victim.get("/api/runs").status_code == 401
    assert post_login(victim, "mallory", "mallory password!").status_code == 303


def test_password_reset_and_disabling_end_sessions_for_good(
    team_app: MakeClient, add_user: AddUser
) -> None:
    """An admin's password reset signs the person out everywhere; disabling ends their
    sessions and tokens, and re-enabling brings none back (#14, finding 8)."""
    add_user("adam", "admin")
    add_user("ana", "researcher")
    admin, laptop, phone, script = team_app(), team_app(), team_app(), team_app()
    csrf = sign_in(admin, "adam")
    laptop_csrf = sign_in(laptop, "ana")
    page = laptop.post("/account/tokens", data={"csrf_token": laptop_csrf}).text
    token = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    bearer = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/runs", headers=bearer).status_code == 200
    address = user_form(admin, "ana")

    def change(**form: str) -> None:
        answer = admin.post(
            address,
            data={"csrf_token": csrf, "role": "researcher", **form},
            follow_redirects=False,
        )
        assert answer.status_code == 303

    change(password="a new password 1")
    assert laptop.get("/api/runs").status_code == 401
    assert post_login(phone, "ana", "ana password!").status_code == 401
    assert post_login(phone, "ana", "a new password 1").status_code == 303
    assert script.get("/api/runs", headers=bearer).status_code == 200  # tokens stay
    change(disabled="on")
    change()  # enabled again
    assert phone.get("/api/runs").status_code == 401
    assert script.get("/api/runs", headers=bearer).status_code == 401
    assert post_login(phone, "ana", "a new password 1").status_code == 303


def test_loopback_requests_write_no_session_rows(
    client: TestClient, settings: Settings
) -> None:
    """On a loopback instance, cookieless page and API requests add no row to the
    sessions table (#14, finding 10); a browser's signed cookie still carries a CSRF
    token that forms need, and a forged cookie gets a new one."""
    for _ in range(30):
        client.cookies.clear()
        assert client.get("/").status_code == 200
        client.cookies.clear()
        assert client.get("/api/runs").status_code == 200
    db = Database(settings.database_url)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(LoginSession)) == 0
    db.dispose()
    token = csrf_of(client, "/decisions")
    form = {"marking": "TP3", "choice": "not_a_part", "back": "/decisions"}
    assert client.post("/decisions", data=form).status_code == 403
    decided = client.post(
        "/decisions", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert decided.status_code == 303
    client.cookies.clear()
    client.cookies.set("bomtrace_session", "forged.0000")
    assert (
        client.post(
            "/decisions", data={**form, "csrf_token": token}, follow_redirects=False
        ).status_code
        == 403
    )

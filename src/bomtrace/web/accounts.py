"""Pages for people: sign in and out, API tokens, and (admins) managing users.

Thin over ``auth``. Signing in starts a server-side session whose cookie is HttpOnly,
SameSite=Lax and, when login is required, Secure with the ``__Host-`` prefix. The sign-in
form carries a token bound to a cookie the form's page set, so a page on another site
cannot sign a browser into someone else's account (login CSRF).
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.web import audit, auth, throttle
from bomtrace.web.auth import Principal, Role, UserError
from bomtrace.web.db import get_by_id
from bomtrace.web.deps import (
    Admin,
    Db,
    Reader,
    cookie_name,
    current,
    set_cookie,
    settings_of,
)
from bomtrace.web.models import ApiToken, User, utcnow
from bomtrace.web.templating import render

router = APIRouter(include_in_schema=False)


LOGIN_COOKIE = "bomtrace_login"
LOGIN_PURPOSE = "login"
LOGIN_FORM_SECONDS = 3600
STALE_LOGIN_FORM = (
    "The sign-in form has expired or did not come from this site: reload the page and"
    " sign in again."
)


def _next(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/"


def _login_page(
    request: Request, status: int = 200, *, next_url: str = "/", error: str = ""
) -> Response:
    """The sign-in form, with a fresh token bound to a fresh cookie."""
    key: bytes = request.app.state.signing_key
    nonce, value = auth.new_signed(key, LOGIN_PURPOSE)
    set_cookie(request, value, LOGIN_FORM_SECONDS, LOGIN_COOKIE, "Strict")
    return render(
        request, "login.html.j2", status, next=_next(next_url), error=error,
        login_token=auth.sign(key, LOGIN_PURPOSE + "-form", nonce),
    )  # fmt: skip


def _login_form_is_ours(request: Request, token: str) -> bool:
    key: bytes = request.app.state.signing_key
    cookie = request.cookies.get(cookie_name(settings_of(request), LOGIN_COOKIE), "")
    nonce = auth.signed_nonce(key, LOGIN_PURPOSE, cookie)
    return nonce is not None and auth.same_secret(
        token, auth.sign(key, LOGIN_PURPOSE + "-form", nonce)
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next_url: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    if not settings_of(request).require_login:
        return RedirectResponse("/", status_code=303)
    return _login_page(request, next_url=next_url)


@router.post("/login")
def login(
    request: Request,
    session: Db,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next_url: Annotated[str, Form(alias="next")] = "/",
    login_token: Annotated[str, Form()] = "",
) -> Response:
    settings = settings_of(request)
    if settings.secure_cookies and request.url.scheme != "https":
        message = (
            "Signing in needs HTTPS: serve bomtrace behind a TLS proxy, or start it with"
            " --insecure-cookies on a network you trust"
        )
        return _login_page(request, 400, next_url=next_url, error=message)
    if not _login_form_is_ours(request, login_token):
        return _login_page(request, 403, next_url=next_url, error=STALE_LOGIN_FORM)
    address = request.client.host if request.client else ""
    attempt = throttle.begin_attempt(session, name, address, settings.login_limits)
    if wait := attempt.retry_after:
        page = _login_page(
            request, 429, next_url=next_url,
            error=f"Too many failed sign-ins. Try again in {_duration(wait)}.",
        )  # fmt: skip
        page.headers["Retry-After"] = str(wait)
        return page
    user = auth.authenticate(session, name, password)
    if user is None:
        attempt.failed()
        return _login_page(
            request, 401, next_url=next_url, error="Wrong name or password."
        )
    attempt.succeeded()
    auth.purge_sessions(session)
    token, _row = auth.start_session(session, user, settings.session_hours)
    audit.record(
        session, request, Principal(user.id, user.name, Role(user.role), "session"),
        "sign-in", f"user {user.name}",
    )  # fmt: skip
    set_cookie(request, token, settings.session_hours * 3600)
    set_cookie(request, "", 0, LOGIN_COOKIE, "Strict")
    return RedirectResponse(_next(next_url), status_code=303)


def _duration(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{seconds} seconds" if seconds < 120 else f"{minutes} minutes"


@router.post("/logout")
def logout(request: Request, _: Reader, session: Db) -> Response:
    settings = settings_of(request)
    auth.end_session(session, request.cookies.get(cookie_name(settings), ""))
    set_cookie(request, "", 0)
    return RedirectResponse(
        "/login" if settings.require_login else "/", status_code=303
    )


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, me: Reader, session: Db) -> Response:
    return render(request, "account.html.j2", tokens=_tokens(session, me), new_token="")


def _tokens(session: Session, me: Principal) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == me.user_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id)
        )
    )


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request, me: Reader, session: Db, name: Annotated[str, Form()] = ""
) -> Response:
    user = session.get_one(User, me.user_id)
    token = auth.create_token(session, user, name)
    audit.record(
        session, request, me, "token.create", f"user {user.name}",
        f"token {token[:10]}… ({name.strip()[:100] or 'token'})",
    )  # fmt: skip
    return render(
        request, "account.html.j2", tokens=_tokens(session, me), new_token=token
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, request: Request, me: Reader, session: Db) -> Response:
    token = get_by_id(session, ApiToken, token_id)
    if token is None or (token.user_id != me.user_id and not me.may(Role.ADMIN)):
        raise HTTPException(404, "no such token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            session, request, me, "token.revoke", f"user {token.user.name}",
            f"token {token.prefix}… ({token.name})",
        )  # fmt: skip
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, _: Admin, session: Db) -> Response:
    return render(request, "users.html.j2", users=_users(session), error="")


def _users(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User).where(User.name != auth.LOCAL_USER).order_by(User.name)
        )
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    me: Admin,
    session: Db,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    try:
        user = auth.add_user(session, name, role, password)
    except UserError as exc:
        session.rollback()
        return render(
            request, "users.html.j2", 422, users=_users(session), error=str(exc)
        )
    audit.record(
        session, request, me, "user.add", f"user {user.name}", f"role {user.role}"
    )
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}")
def change_user(
    user_id: int,
    request: Request,
    me: Admin,
    session: Db,
    role: Annotated[str, Form()] = "",
    disabled: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    user = get_by_id(session, User, user_id)
    if user is None:
        raise HTTPException(404, "no such user")
    before = (user.role, user.disabled)
    try:
        if role:
            user.role = Role(role).value
        if password:
            auth.set_password(session, user, password)
    except (ValueError, UserError) as exc:
        session.rollback()
        return render(
            request, "users.html.j2", 422, users=_users(session), error=str(exc)
        )
    auth.set_disabled(session, user, disabled == "on" and user.id != me.user_id)
    if not auth.has_admin(session):
        session.rollback()
        return render(
            request,
            "users.html.j2",
            422,
            users=_users(session),
            error="At least one admin must remain.",
        )
    changes = [f"role {before[0]} -> {user.role}"] if user.role != before[0] else []
    changes += ["password reset (signed out everywhere)"] if password else []
    if user.disabled != before[1]:
        changes.append(
            "disabled (signed out, API tokens revoked)" if user.disabled else "enabled"
        )
    if changes:
        audit.record(
            session, request, me, "user.change", f"user {user.name}", "; ".join(changes)
        )
    return RedirectResponse("/admin/users", status_code=303)


__all__ = ["current", "router"]

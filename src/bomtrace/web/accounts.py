"""Pages for people: sign in and out, API tokens, and (admins) managing users.

Thin over ``auth``. Signing in starts a server-side session whose cookie is HttpOnly,
SameSite=Lax and, when login is required, Secure with the ``__Host-`` prefix.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.web import auth, throttle
from bomtrace.web.auth import Principal, Role, UserError
from bomtrace.web.deps import cookie_name, current, get_session, require, set_cookie
from bomtrace.web.models import ApiToken, User, utcnow
from bomtrace.web.templating import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Role.READER))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Db = Annotated[Session, Depends(get_session)]


def _next(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next_url: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    if not request.app.state.settings.require_login:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html.j2", next=_next(next_url), error="")


@router.post("/login")
def login(
    request: Request,
    session: Db,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next_url: Annotated[str, Form(alias="next")] = "/",
) -> Response:
    settings = request.app.state.settings
    if settings.secure_cookies and request.url.scheme != "https":
        message = (
            "Signing in needs HTTPS: serve bomtrace behind a TLS proxy, or start it with"
            " --insecure-cookies on a network you trust"
        )
        return render(
            request, "login.html.j2", 400, next=_next(next_url), error=message
        )
    address = request.client.host if request.client else ""
    attempt = throttle.begin_attempt(session, name, address, settings.login_limits)
    if wait := attempt.retry_after:
        page = render(
            request, "login.html.j2", 429, next=_next(next_url),
            error=f"Too many failed sign-ins. Try again in {_duration(wait)}.",
        )  # fmt: skip
        page.headers["Retry-After"] = str(wait)
        return page
    user = auth.authenticate(session, name, password)
    if user is None:
        attempt.failed()
        return render(
            request,
            "login.html.j2",
            401,
            next=_next(next_url),
            error="Wrong name or password.",
        )
    attempt.succeeded()
    token, _row = auth.start_session(session, user, settings.session_hours)
    set_cookie(request, token, settings.session_hours * 3600)
    return RedirectResponse(_next(next_url), status_code=303)


def _duration(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{seconds} seconds" if seconds < 120 else f"{minutes} minutes"


@router.post("/logout")
def logout(request: Request, _: Reader, session: Db) -> Response:
    settings = request.app.state.settings
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
    return render(
        request, "account.html.j2", tokens=_tokens(session, me), new_token=token
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, me: Reader, session: Db) -> Response:
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != me.user_id and not me.may(Role.ADMIN)):
        raise HTTPException(404, "no such token")
    token.revoked_at = utcnow()
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
    _: Admin,
    session: Db,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    try:
        auth.add_user(session, name, role, password)
    except UserError as exc:
        session.rollback()
        return render(
            request, "users.html.j2", 422, users=_users(session), error=str(exc)
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
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(404, "no such user")
    try:
        if role:
            user.role = Role(role).value
        if password:
            auth.set_password(user, password)
    except (ValueError, UserError) as exc:
        session.rollback()
        return render(
            request, "users.html.j2", 422, users=_users(session), error=str(exc)
        )
    user.disabled = disabled == "on" and user.id != me.user_id
    if not auth.has_admin(session):
        session.rollback()
        return render(
            request,
            "users.html.j2",
            422,
            users=_users(session),
            error="At least one admin must remain.",
        )
    return RedirectResponse("/admin/users", status_code=303)


__all__ = ["current", "router"]

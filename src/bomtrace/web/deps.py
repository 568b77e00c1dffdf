"""Who is asking and may they: the request dependencies every route declares.

Resolves the principal of a request from an API token (``Authorization: Bearer``), a
session cookie, or, on a loopback instance without login, the one local user; checks
their role; and checks CSRF on every state-changing request made with a cookie: forms
carry the session's token in a hidden field, scripts in the ``X-CSRF-Token`` header.
A request with neither cookie nor token on a loopback instance (a local script) is let
through only when no browser sent it from another site (its ``Origin``).

Finding the principal is a transaction of its own, ended before the handler runs, and
it only reads: GET requests never write (a token's last use is recorded in a separate
short transaction, at most once a minute), and a handler that reads uploads first
holds no lock while it does.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bomtrace.web import auth
from bomtrace.web.auth import Principal, Role
from bomtrace.web.db import Database
from bomtrace.web.settings import Settings

log = logging.getLogger(__name__)
COOKIE = "bomtrace_session"
LOCAL_SESSION = "local-session"
LOCAL_CSRF = "local-csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def get_session(request: Request) -> Iterator[Session]:
    """A database session for the request, committed when the handler returns (handlers
    that hand work to the run queue commit first themselves). GET requests get a session
    that only reads (on SQLite: no lock)."""
    db: Database = request.app.state.db
    factory = db.readers if request.method in SAFE_METHODS else db.sessions
    session: Session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def cookie_name(settings: Settings, base: str = COOKIE) -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this host only.
    return f"__Host-{base}" if settings.secure_cookies else base


def set_cookie(
    request: Request,
    value: str,
    max_age: int,
    base: str = COOKIE,
    same_site: str = "Lax",
) -> None:
    """Queues a Set-Cookie header for the hardening middleware to send."""
    settings = settings_of(request)
    attributes = f"Path=/; Max-Age={max_age}; HttpOnly; SameSite={same_site}"
    if settings.secure_cookies:
        attributes += "; Secure"
    request.state.cookies = [
        *getattr(request.state, "cookies", []),
        f"{cookie_name(settings, base)}={value}; {attributes}",
    ]


def resolve(request: Request, session: Session) -> Principal | None:
    """The principal of a request, or None when nobody is signed in (only reads)."""
    settings = settings_of(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = auth.find_token(session, header[7:])
        if token is None:
            raise HTTPException(401, "the API token is unknown or revoked")
        if auth.token_needs_touch(token):
            request.state.touch_token = token.id
        return Principal(token.user.id, token.user.name, Role(token.user.role), "token")
    cookie = request.cookies.get(cookie_name(settings), "")
    login = auth.find_session(session, cookie)
    if login is not None:
        user = login.user
        return Principal(
            user.id, user.name, Role(user.role), "session", login.csrf_token
        )
    if settings.require_login:
        return None
    return _local(request, session, cookie)


def _local(request: Request, session: Session, cookie: str) -> Principal:
    """The local user: a browser gets a signed cookie (no database row), a script
    without one is let in as "local" (its Origin is checked on writes)."""
    settings = settings_of(request)
    key: bytes = request.app.state.signing_key
    local = auth.local_user(session)
    nonce = auth.signed_nonce(key, LOCAL_SESSION, cookie)
    if nonce is None:
        if request.url.path.startswith("/api/"):
            return Principal(local.id, local.name, Role.ADMIN, "local")
        nonce, value = auth.new_signed(key, LOCAL_SESSION)
        set_cookie(request, value, settings.session_hours * 3600)
    csrf = auth.sign(key, LOCAL_CSRF, nonce)
    return Principal(local.id, local.name, Role.ADMIN, "session", csrf)


def _touch(db: Database, token_id: int) -> None:
    """Records a token's use in a transaction of its own; a busy database skips it."""
    try:
        db.write(lambda s: auth.touch_token(s, token_id), patience=5)
    except SQLAlchemyError:
        log.warning("could not record the use of API token %s", token_id)


def current(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> Principal | None:
    """Who is asking; the transaction that found out ends here, before the handler."""
    principal = resolve(request, session)
    session.commit()
    if token_id := getattr(request.state, "touch_token", None):
        _touch(request.app.state.db, token_id)  # after the commit: no lock held
    request.state.principal = principal
    return principal


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets in only principals with ``role`` (or a higher one), and
    checks CSRF on every state-changing request."""

    async def dependency(
        request: Request, principal: Annotated[Principal | None, Depends(current)]
    ) -> Principal:
        if principal is None:
            raise HTTPException(401, "sign in first")
        if not principal.may(role):
            raise HTTPException(
                403,
                f"this needs the {role.value} role; {principal.name} is a {principal.role.value}",
            )
        if request.method not in SAFE_METHODS:
            await check_csrf(request, principal)
        return principal

    return dependency


async def check_csrf(request: Request, principal: Principal) -> None:
    """Refuses a state-changing request that a browser could have been tricked into sending."""
    if principal.via == "token":
        return
    if principal.via == "local":
        origin = request.headers.get("origin", "")
        if origin and origin != _own_origin(request):
            raise HTTPException(403, "cross-site request refused")
        return
    if request.url.path.startswith("/api/"):
        given = request.headers.get("x-csrf-token", "")
        if not auth.same_secret(given, principal.csrf_token):
            raise HTTPException(403, "missing or wrong X-CSRF-Token header")
        return
    form = await request.form()
    field = form.get("csrf_token")
    if not isinstance(field, str) or not auth.same_secret(field, principal.csrf_token):
        raise HTTPException(
            403,
            "the form has expired or did not come from this site: reload the page and try again",
        )


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


# The dependencies routes declare, defined once (FastAPI's ``Annotated`` aliases).
Db = Annotated[Session, Depends(get_session)]
Reader = Annotated[Principal, Depends(require(Role.READER))]
Researcher = Annotated[Principal, Depends(require(Role.RESEARCHER))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Visitor = Annotated[Principal | None, Depends(current)]

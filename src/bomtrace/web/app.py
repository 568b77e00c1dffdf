"""The ASGI application: routes, error pages, hardening, and the run queue's lifetime.

``create_app(settings)`` builds a FastAPI app. At start-up it brings the database schema
up to date (Alembic), starts the worker pool and queues again any run nobody is tracing
(left unfinished by a stopped server; see ``worker``); at shutdown it waits for the pool. Errors never show a traceback: the
JSON API answers ``{"detail": ...}``, pages answer a short HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from bomtrace.version import __version__
from bomtrace.web import accounts, api, auth, pages, runs, throttle
from bomtrace.web.db import Database, is_transient, migrate
from bomtrace.web.security import Hardening
from bomtrace.web.settings import Settings
from bomtrace.web.templating import render
from bomtrace.web.worker import RunQueue

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def create_app(settings: Settings) -> Any:
    """The web app for ``settings``, wrapped in the hardening middleware."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url)
        migrate(db.engine)
        queue = RunQueue(
            settings.database_url,
            settings.data_dir,
            settings.workers,
            settings.executor,
        )
        app.state.db, app.state.queue = db, queue
        app.state.signing_key = auth.signing_key(settings.data_dir)
        with db.session() as session:
            auth.purge_sessions(session)
            throttle.purge_counters(session, settings.login_limits)
            if not settings.require_login:
                auth.local_user(session)
        queue.start_sweeping(db)
        try:
            yield
        finally:
            queue.shutdown()
            db.dispose()

    app = FastAPI(
        title="bomtrace",
        version=__version__,
        summary="Upload teardown spreadsheets, follow runs, review identifications.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(accounts.router)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(runs.RunGone, _run_gone)
    app.add_exception_handler(runs.NotYours, _not_yours)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    hosts = () if settings.require_login else (*LOOPBACK_HOSTS, settings.host)
    return Hardening(app, max_body=settings.max_request_bytes, allowed_hosts=hosts)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/healthz"))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)
    if exc.status_code == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html.j2", exc.status_code, message=str(exc.detail))


async def _run_gone(request: Request, exc: Exception) -> Response:
    return await _http_error(request, HTTPException(404, str(exc)))


async def _not_yours(request: Request, exc: Exception) -> Response:
    return await _http_error(request, HTTPException(403, str(exc)))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
        for e in exc.errors()
    ]
    detail = "; ".join(problems) or "the request could not be understood"
    if _wants_json(request):
        return JSONResponse({"detail": detail}, 422)
    return render(request, "error.html.j2", 400, message=detail)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    if is_transient(
        exc
    ):  # a write that waited out the busy timeout: say so, kept whole
        log.warning("database busy on %s: %s", request.url.path, exc)
        detail, status = "the database is busy: try again in a few seconds", 503
    else:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        detail, status = "internal error: the server log has the details", 500
    headers = {"Retry-After": "5"} if status == 503 else None
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status, headers=headers)
    page = render(request, "error.html.j2", status, message=detail)
    page.headers.update(headers or {})
    return page

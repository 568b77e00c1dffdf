"""The HTML pages: upload, confirm columns, follow a run, read its report, review, decide.

Thin, like ``api.py``: each route checks the role (and, for forms, the CSRF token, in the
``require`` dependency), calls the same functions as the API and renders a template.
Forms answer with a redirect (post/redirect/get) so a reload never posts twice.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.errors import ColumnSpecError
from bomtrace.web import decisions, retention, runs
from bomtrace.web.auth import Principal, Role
from bomtrace.web.deps import current, get_session, require
from bomtrace.web.models import Run
from bomtrace.web.review import review_queue
from bomtrace.web.templating import render
from bomtrace.web.uploads import StoredFile, inspect_upload
from bomtrace.web.worker import DRAFT, QUEUED

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
Reader = Annotated[Principal, Depends(require(Role.READER))]
Researcher = Annotated[Principal, Depends(require(Role.RESEARCHER))]
Db = Annotated[Session, Depends(get_session)]
# The report's own policy, read from its <meta>, is served as the header too.
_META_CSP = re.compile(
    r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.I
)
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REPORT_EXTRA = ("frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'")


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _run(session: Session, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise HTTPException(404, f"run {run_id} not found")
    return run


@router.get("/", response_class=HTMLResponse)
def home(request: Request, _: Reader, session: Db) -> Response:
    found = list(
        session.scalars(
            select(Run).where(Run.status != DRAFT).order_by(Run.id.desc()).limit(200)
        )
    )
    return render(request, "runs.html.j2", runs=[runs.run_json(r) for r in found])


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, _: Researcher) -> Response:
    settings = request.app.state.settings
    return render(
        request,
        "upload.html.j2",
        max_mb=settings.max_file_bytes // (1024 * 1024),
        errors=[],
    )


@router.post("/upload")
def upload(
    request: Request,
    principal: Researcher,
    session: Db,
    files: Annotated[list[UploadFile], File()],
    platform: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    settings = request.app.state.settings
    uploads = [runs.Upload(f.filename, f.file) for f in files if f.filename]
    try:
        run, _errors = runs.create_run(
            session, uploads, settings, name=name, platform=platform, notes=notes,
            user_id=principal.user_id, draft=True,
        )  # fmt: skip
    except runs.NoUsableFile as exc:
        return render(
            request, "upload.html.j2", 422, errors=exc.errors,
            max_mb=settings.max_file_bytes // (1024 * 1024),
        )  # fmt: skip
    return see_other(f"/runs/{run.id}/confirm")


@router.get("/runs/{run_id}/confirm", response_class=HTMLResponse)
def confirm_form(run_id: int, request: Request, _: Researcher, session: Db) -> Response:
    run = _run(session, run_id)
    if run.status != DRAFT:
        return see_other(f"/runs/{run.id}")
    return render(
        request, "confirm.html.j2", run=run, chosen=_chosen(run.columns), error=""
    )


def _chosen(spec: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in spec.split(",") if "=" in item)


def column_spec(form: dict[str, Any]) -> str:
    """The ``--columns`` spec a confirmation form stands for (only what the user set)."""
    parts = (
        [f"header={form['header'].strip()}"]
        if str(form.get("header", "")).strip()
        else []
    )
    parts += [
        f"{key[4:]}={value.strip()}"
        for key, value in form.items()
        if key.startswith("col_") and isinstance(value, str) and value.strip()
    ]
    return ",".join(parts)


@router.post("/runs/{run_id}/confirm")
async def confirm(
    run_id: int, request: Request, _: Researcher, session: Db
) -> Response:
    run = _run(session, run_id)
    if run.status != DRAFT:
        return see_other(f"/runs/{run.id}")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    spec = column_spec(form)
    blob_dir = request.app.state.settings.blob_dir
    try:
        for stored in run.inputs:
            if stored.stored_as and not stored.error:
                seen = inspect_upload(
                    StoredFile(name=stored.name, stored_as=stored.stored_as),
                    blob_dir,
                    spec,
                )
                stored.sheets = seen.sheets
    except ColumnSpecError as exc:
        session.rollback()
        return render(
            request,
            "confirm.html.j2",
            422,
            run=run,
            chosen=_chosen(spec),
            error=str(exc),
        )
    run.columns = spec
    if form.get("action") != "start":
        return render(
            request, "confirm.html.j2", run=run, chosen=_chosen(spec), error=""
        )
    run.status = QUEUED
    session.commit()
    request.app.state.queue.submit(run.id)
    return see_other(f"/runs/{run.id}")


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(run_id: int, request: Request, principal: Reader, session: Db) -> Response:
    run = _run(session, run_id)
    if run.status == DRAFT:
        return see_other(f"/runs/{run.id}/confirm")
    return render(
        request, "run.html.j2", run=runs.run_json(run),
        can_delete=retention.may_delete(principal, run),
    )  # fmt: skip


def _deletable(session: Session, run_id: int, principal: Principal) -> Run:
    run = _run(session, run_id)
    if not retention.may_delete(principal, run):
        raise HTTPException(403, retention.refusal(run))
    return run


@router.get("/runs/{run_id}/delete", response_class=HTMLResponse)
def delete_form(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    """Asks for confirmation before a run and its files are deleted."""
    run = _deletable(session, run_id, principal)
    return render(request, "delete.html.j2", run=runs.run_json(run))


@router.post("/runs/{run_id}/delete")
def delete(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    run = _deletable(session, run_id, principal)
    settings = request.app.state.settings
    try:
        retention.delete_run(session, run, settings, principal.name)
    except retention.RunBusy as exc:
        return render(
            request, "error.html.j2", 409, message=str(exc), back=f"/runs/{run_id}"
        )
    return see_other("/")


@router.get("/runs/{run_id}/report")
def report(run_id: int, request: Request, _: Reader, session: Db) -> Response:
    """The run's HTML report, exactly the file the CLI would write, under its own policy."""
    run = _run(session, run_id)
    if not runs.output_file(run, "html"):
        raise HTTPException(404, f"run {run_id} has no report yet")
    path: Path = request.app.state.settings.runs_dir / str(run.id) / "report.html"
    page = path.read_text(encoding="utf-8")
    found = _META_CSP.search(page[:4096])
    return HTMLResponse(
        page,
        headers={
            "Content-Security-Policy": report_policy(
                found.group(1) if found else REPORT_CSP
            )
        },
    )


def report_policy(own: str) -> str:
    """The report's own policy plus the directives a <meta> cannot carry or it left out."""
    named = {d.split()[0] for d in own.split(";") if d.strip()}
    extra = [d for d in REPORT_EXTRA if d.split()[0] not in named]
    return "; ".join([own.strip().rstrip(";"), *extra])


@router.post("/runs/{run_id}/rerun")
def rerun(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    try:
        run = runs.rerun(session, _run(session, run_id), principal.user_id)
    except runs.RunGone as exc:
        raise HTTPException(404, str(exc)) from None
    session.commit()
    request.app.state.queue.submit(run.id)
    return see_other(f"/runs/{run.id}")


@router.get("/runs/{run_id}/review", response_class=HTMLResponse)
def review_page(
    run_id: int, request: Request, _: Reader, session: Db, below: float | None = None
) -> Response:
    run = _run(session, run_id)
    threshold = request.app.state.settings.review_threshold if below is None else below
    groups = review_queue(session, run_id, threshold)
    return render(
        request,
        "review.html.j2",
        run=runs.run_json(run),
        groups=groups,
        threshold=threshold,
    )


@router.post("/decisions")
async def decide(request: Request, principal: Researcher, session: Db) -> Response:
    """Records the choice made in a review group: a candidate, a typed part, or not a part."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    choice = form.get("choice", "")
    mpn, maker, action = form.get("mpn", ""), form.get("manufacturer", ""), "accept"
    if choice == "not_a_part":
        action, mpn, maker = "not_a_part", "", ""
    elif choice.startswith(("candidate:", "reject:")):
        action = "accept" if choice.startswith("candidate:") else "reject"
        maker, _, mpn = choice.partition(":")[2].partition("|")
    back = _back(form.get("back", ""))
    try:
        decisions.record(
            session, marking=form.get("marking", ""), decision=action, reviewer=principal.name,
            user_id=principal.user_id, manufacturer_given=form.get("manufacturer_given", ""),
            mpn=mpn, manufacturer=maker, note=form.get("note", ""),
        )  # fmt: skip
    except decisions.DecisionInputError as exc:
        return render(request, "error.html.j2", 422, message=str(exc), back=back)
    return see_other(back)


def _back(url: str) -> str:
    """A local path to return to (never another site)."""
    return url if url.startswith("/") and not url.startswith("//") else "/decisions"


@router.post("/decisions/{decision_id}/undo")
async def undo(
    decision_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    form = await request.form()
    decisions.revoke(session, decision_id, principal.name)
    return see_other(_back(str(form.get("back", ""))))


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, _: Reader, session: Db) -> Response:
    return render(
        request, "decisions.html.j2", decisions=decisions.active(session), error=""
    )


@router.post("/decisions/import")
def import_decisions(
    request: Request,
    principal: Researcher,
    session: Db,
    file: Annotated[UploadFile, File()],
) -> Response:
    name = file.filename or "decisions.csv"
    try:
        decisions.import_file(
            session,
            decisions.read_upload(file.file, name),
            name,
            principal.user_id,
            principal.name,
        )
    except (decisions.DecisionsFileError, decisions.DecisionInputError) as exc:
        session.rollback()
        return render(
            request,
            "decisions.html.j2",
            422,
            decisions=decisions.active(session),
            error=str(exc),
        )
    return see_other("/decisions")


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for on every page, including the report."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(
    request: Request, _: Annotated[Principal | None, Depends(current)]
) -> Response:
    """The API reference, generated from the OpenAPI schema (no external script)."""
    schema = request.app.openapi()
    return render(request, "apidocs.html.j2", schema=schema, quote=quote)

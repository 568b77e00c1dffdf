"""The HTML pages: upload, confirm columns, follow a run, read its report, review, decide.

Thin, like ``api.py``: each route checks the role (and, for forms, the CSRF token, in the
``require`` dependency), calls the same functions as the API and renders a template.
Forms answer with a redirect (post/redirect/get) so a reload never posts twice.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import (
    APIRouter,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bomtrace.errors import ColumnSpecError
from bomtrace.web import audit, decision_store, retention, runs
from bomtrace.web.auth import Principal
from bomtrace.web.deps import (
    Admin,
    Db,
    Reader,
    Researcher,
    Visitor,
    settings_of,
)
from bomtrace.web.models import Run
from bomtrace.web.review import review_queue
from bomtrace.web.templating import render
from bomtrace.web.uploads import StoredFile, inspect_upload
from bomtrace.web.wording import WEB_WORDS
from bomtrace.web.worker import DRAFT, QUEUED

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
# The report's own policy, read from its <meta>, is served as the header too.
_META_CSP = re.compile(
    r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.I
)
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REPORT_EXTRA = ("frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'")


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


_run = runs.find_run
Threshold = Annotated[float | None, Query(ge=0, le=1)]


def _draft(session: Session, run_id: int, principal: Principal) -> Run:
    """The run, if ``principal`` may confirm it (its starter or an admin)."""
    run = _run(session, run_id)
    if not runs.may_manage(principal, run):
        raise runs.NotYours(runs.not_yours(run, "confirm"))
    return run


@router.get("/", response_class=HTMLResponse)
def home(request: Request, _: Reader, session: Db) -> Response:
    found = list(
        session.scalars(
            select(Run).where(Run.status != DRAFT).order_by(Run.id.desc()).limit(200)
        )
    )
    return render(request, "runs.html.j2", runs=[runs.run_json(r) for r in found])


def _upload_page(
    request: Request, status: int = 200, errors: list[dict[str, str]] | None = None
) -> Response:
    settings = settings_of(request)
    return render(
        request, "upload.html.j2", status, errors=errors or [],
        max_mb=settings.max_file_bytes // (1024 * 1024), max_files=settings.max_files,
    )  # fmt: skip


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, _: Researcher) -> Response:
    return _upload_page(request)


@router.post("/upload")
def upload(
    request: Request,
    principal: Researcher,
    session: Db,
    files: Annotated[list[UploadFile], File()],
    trade: Annotated[list[UploadFile] | None, File()] = None,
    sanctions: Annotated[list[UploadFile] | None, File()] = None,
    platform: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
    recovered: Annotated[str, Form()] = "",
) -> Response:
    uploads = runs.uploads_of(files, trade, sanctions)
    try:
        run, _errors = runs.record_upload(
            session, request, principal, uploads, draft=True, name=name,
            platform=platform, notes=notes, recovered=recovered,
        )  # fmt: skip
    except runs.NoUsableFile as exc:
        return _upload_page(request, 422, exc.errors)
    except runs.RecoveredDateError as exc:
        return _upload_page(request, 422, [{"file": "", "problem": str(exc)}])
    return see_other(f"/runs/{run.id}/confirm")


@router.get("/runs/{run_id}/confirm", response_class=HTMLResponse)
def confirm_form(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    run = _draft(session, run_id, principal)
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
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    run = _draft(session, run_id, principal)
    if run.status != DRAFT:
        return see_other(f"/runs/{run.id}")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    spec = column_spec(form)
    sheets = {
        i.id: StoredFile(name=i.name, stored_as=i.stored_as)
        for i in run.inputs
        if i.role == runs.TEARDOWN and i.stored_as and not i.error
    }
    session.commit()  # the files are read with no transaction open
    blob_dir = settings_of(request).blob_dir
    try:
        for stored in sheets.values():
            inspect_upload(stored, blob_dir, spec)
    except ColumnSpecError as exc:
        return render(
            request, "confirm.html.j2", 422, run=run, chosen=_chosen(spec),
            error=exc.text(WEB_WORDS),
        )  # fmt: skip
    session.expire_all()  # read the run again: it may have changed meanwhile
    run = _draft(session, run_id, principal)
    if run.status != DRAFT:  # started meanwhile (a second click)
        return see_other(f"/runs/{run.id}")
    for stored_input in run.inputs:
        if stored_input.id in sheets:
            stored_input.sheets = sheets[stored_input.id].sheets
    run.columns = spec
    if form.get("action") != "start":
        return render(
            request, "confirm.html.j2", run=run, chosen=_chosen(spec), error=""
        )
    run.status = QUEUED
    audit.record(
        session, request, principal, "run.confirm", f"run {run.id}",
        f"columns: {spec}" if spec else "columns as found",
    )  # fmt: skip
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
        can_manage=runs.may_manage(principal, run),
    )  # fmt: skip


@router.get("/runs/{run_id}/delete", response_class=HTMLResponse)
def delete_form(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    """Asks for confirmation before a run and its files are deleted."""
    run = retention.deletable(session, principal, run_id)
    return render(request, "delete.html.j2", run=runs.run_json(run))


@router.post("/runs/{run_id}/delete")
def delete(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Response:
    try:
        retention.delete_for(session, request, principal, run_id)
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
    path: Path = settings_of(request).runs_dir / str(run.id) / "report.html"
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
    run = runs.rerun(session, request, principal, run_id)
    return see_other(f"/runs/{run.id}")


@router.get("/runs/{run_id}/review", response_class=HTMLResponse)
def review_page(
    run_id: int, request: Request, _: Reader, session: Db, below: Threshold = None
) -> Response:
    run = _run(session, run_id)
    threshold = settings_of(request).review_threshold if below is None else below
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
        decision_store.record_by(
            session, request, principal, marking=form.get("marking", ""), decision=action,
            manufacturer_given=form.get("manufacturer_given", ""), mpn=mpn,
            manufacturer=maker, note=form.get("note", ""),
        )  # fmt: skip
    except decision_store.DecisionInputError as exc:
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
    decision_store.revoke_by(session, request, principal, decision_id)
    return see_other(_back(str(form.get("back", ""))))


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, _: Reader, session: Db) -> Response:
    return render(
        request, "decisions.html.j2", decisions=decision_store.active(session), error=""
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
        decision_store.import_by(
            session,
            request,
            principal,
            decision_store.read_upload(file.file, name),
            name,
        )
    except (
        decision_store.DecisionsFileError,
        decision_store.DecisionInputError,
    ) as exc:
        session.rollback()
        return render(
            request,
            "decisions.html.j2",
            422,
            decisions=decision_store.active(session),
            error=str(exc),
        )
    return see_other("/decisions")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    _: Admin,
    session: Db,
    actor: str = "",
    action: str = "",
    text: str = "",
    since: str = "",
    until: str = "",
    before: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The audit log for admins: filter by person, action, text and dates; export as CSV."""
    filters = audit.Filters(actor, action, text, since, until, before)
    try:
        entries = audit.search(session, filters, audit.PAGE + 1)
        error = ""
    except audit.AuditFilterError as exc:
        entries, error = [], str(exc)
    more = len(entries) > audit.PAGE
    entries = entries[: audit.PAGE]
    params = filters.as_params()
    older = urlencode({**params, "before": entries[-1].id}) if more else ""
    return render(
        request, "audit.html.j2", 422 if error else 200, entries=entries,
        filters=filters, actions=audit.ACTIONS, error=error, older=older,
        export=urlencode({**params, "format": "csv"}),
    )  # fmt: skip


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for on every page, including the report."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request, _: Visitor) -> Response:
    """The API reference, generated from the OpenAPI schema (no external script)."""
    schema = request.app.openapi()
    return render(request, "apidocs.html.j2", schema=schema, quote=quote)

"""The JSON API for scripts and tests (documented at ``/api/docs``).

Thin: each route checks the caller's role, then calls ``runs``, ``review``,
``decisions`` or ``audit``. Uploads answer 202 with the run's id; a run's progress,
counts and per-file errors are read back with ``GET /api/runs/{id}``. Every error is a
4xx with ``{"detail": ...}`` naming the file and the problem; a traceback never leaves
the server. Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from bomtrace.errors import ColumnSpecError
from bomtrace.export import COLUMNS
from bomtrace.version import __version__
from bomtrace.web import audit, decision_store, retention, runs
from bomtrace.web.db import get_by_id
from bomtrace.web.deps import (
    Admin,
    Db,
    Reader,
    Researcher,
    settings_of,
)
from bomtrace.web.models import DecisionRow, Run, RunStatus
from bomtrace.web.review import review_queue
from bomtrace.web.uploads import download_name
from bomtrace.web.wording import WEB_WORDS

router = APIRouter()
Threshold = Annotated[
    float | None, Query(ge=0, le=1, description="confidence threshold, 0..1")
]


class RunCreated(BaseModel):
    """A run accepted for tracing; ``errors`` names uploaded files that were left out."""

    id: int
    status: str
    errors: list[dict[str, str]] = Field(default_factory=list)


class DecisionIn(BaseModel):
    """A reviewer's decision, in the decisions file's columns."""

    marking: str
    decision: str = Field(description="accept, reject or not_a_part")
    manufacturer_given: str = ""
    mpn: str = ""
    manufacturer: str = ""
    note: str = ""


@router.get("/healthz", tags=["service"])
def healthz() -> dict[str, str]:
    """Liveness: answers while the server runs."""
    return {"status": "ok", "version": __version__}


@router.post("/api/runs", status_code=202, response_model=RunCreated, tags=["runs"])
def create_run(
    request: Request,
    principal: Researcher,
    session: Db,
    files: Annotated[
        list[UploadFile], File(description=".xlsx, .xlsm, .csv or .tsv files")
    ],
    trade: Annotated[
        list[UploadFile] | None,
        File(description="trade records (CSV or XLSX) linked to the parts"),
    ] = None,
    sanctions: Annotated[
        list[UploadFile] | None,
        File(
            description="sanctions lists: OFAC sdn.csv (alt.csv, add.csv beside it),"
            " Consolidated Screening List CSV, OpenSanctions targets.simple.csv,"
            " FollowTheMoney JSON lines"
        ),
    ] = None,
    platform: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    columns: Annotated[str, Form(description="e.g. marking=B,manufacturer=C")] = "",
    notes: Annotated[str, Form()] = "",
    recovered: Annotated[
        str, Form(description="when the weapon was recovered, YYYY-MM-DD")
    ] = "",
) -> Any:
    """Uploads teardown sheets (and trade records and sanctions lists) and queues a run.

    Files are checked by content. When no teardown sheet can be traced the answer is
    422 with one error per file; otherwise the run is queued (202) and bad files are
    listed in ``errors`` (their rows cannot be read; the good files' rows are all
    traced). Trade records and sanctions lists are read when the run starts; a file the
    run cannot use is named in the run's ``errors``.
    """
    uploads = runs.uploads_of(files, trade, sanctions)
    try:
        run, errors = runs.record_upload(
            session, request, principal, uploads, name=name, platform=platform,
            notes=notes, columns=columns, recovered=recovered,
        )  # fmt: skip
    except ColumnSpecError as exc:
        raise HTTPException(422, f"columns: {exc.text(WEB_WORDS)}") from None
    except runs.RecoveredDateError as exc:
        raise HTTPException(422, str(exc)) from None
    except runs.NoUsableFile as exc:
        return JSONResponse(
            {"detail": _upload_detail(exc.errors), "errors": exc.errors}, 422
        )
    request.app.state.queue.submit(run.id)
    return RunCreated(id=run.id, status=run.status, errors=errors)


def _upload_detail(errors: list[dict[str, str]]) -> str:
    named = "; ".join(
        f"{e['file']}: {e['problem']}" if e["file"] else e["problem"] for e in errors
    )
    return f"no usable file in the upload: {named}"


@router.get("/api/runs", tags=["runs"])
def list_runs(
    _: Reader, session: Db, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> dict[str, Any]:
    """The latest runs, newest first (at most ``limit``, 1..1000)."""
    found = session.scalars(select(Run).order_by(Run.id.desc()).limit(limit))
    return {"runs": [runs.run_json(r) for r in found if r.status != RunStatus.DRAFT]}


_run = runs.find_run


@router.get("/api/runs/{run_id}", tags=["runs"])
def get_run(run_id: int, _: Reader, session: Db) -> dict[str, Any]:
    """A run's status, progress (rows done / total), counts and per-file errors."""
    return runs.run_json(_run(session, run_id))


@router.get("/api/runs/{run_id}/rows", tags=["runs"])
def get_rows(run_id: int, _: Reader, session: Db, status: str = "") -> dict[str, Any]:
    """The run's output rows in the row contract's columns, in input order."""
    run = _run(session, run_id)
    return {
        "id": run.id,
        "status": run.status,
        "columns": list(COLUMNS),
        "rows": runs.run_rows(session, run_id, status),
    }


@router.get(
    "/api/runs/{run_id}/report.{fmt}", tags=["runs"], response_class=FileResponse
)
def download(
    run_id: int, fmt: str, request: Request, _: Reader, session: Db
) -> Response:
    """The run's report (html), output table (csv, xlsx, json) or FollowTheMoney export
    (ftm, JSON lines, where the run has a chain), as an attachment."""
    run = _run(session, run_id)
    if fmt not in runs.DOWNLOADS:
        choices = ", ".join(runs.DOWNLOADS)
        raise HTTPException(404, f"no '{fmt}' output: choose one of {choices}")
    name = runs.output_file(run, fmt)
    if not name:
        code = 404 if run.status == RunStatus.DONE else 409
        raise HTTPException(
            code, f"run {run_id} has no {fmt} output (status {run.status})"
        )
    path = settings_of(request).runs_dir / str(run.id) / name
    return FileResponse(
        path, media_type=runs.MEDIA_TYPES.get(fmt, "application/octet-stream"),
        filename=download_name(run.name, name.partition(".")[2]),
        content_disposition_type="attachment",
    )  # fmt: skip


@router.post(
    "/api/runs/{run_id}/rerun",
    status_code=202,
    response_model=RunCreated,
    tags=["runs"],
)
def rerun(run_id: int, request: Request, principal: Researcher, session: Db) -> Any:
    """Queues the run again with the current catalogs and decisions (a new run).
    Allowed to whoever started the run and to admins."""
    run = runs.rerun(session, request, principal, run_id)
    return RunCreated(id=run.id, status=run.status)


class RunDeleted(BaseModel):
    """What deleting a run removed: its output rows and its files in the data folder."""

    id: int
    rows: int
    files: list[str]


@router.delete(
    "/api/runs/{run_id}",
    response_model=RunDeleted,
    tags=["runs"],
    responses={
        403: {"description": "neither the run's starter nor an admin"},
        404: {"description": "no such run"},
        409: {"description": "the run is queued or running"},
    },
)
def delete_run(
    run_id: int, request: Request, principal: Researcher, session: Db
) -> Any:
    """Deletes a run: its rows and review queue, its uploaded files (unless another run
    uses the same file) and its report files. Allowed to whoever started the run and to
    admins; a queued or running run is refused with 409. Reviewers' decisions stay."""
    try:
        gone = retention.delete_for(session, request, principal, run_id)
    except retention.RunBusy as exc:
        raise HTTPException(409, str(exc)) from None
    return RunDeleted(id=gone.run_id, rows=gone.rows, files=gone.files)


@router.get("/api/runs/{run_id}/review", tags=["review"])
def review(
    run_id: int, request: Request, _: Reader, session: Db, below: Threshold = None
) -> dict[str, Any]:
    """The run's review queue: ambiguous rows and matched rows under the confidence threshold."""
    _run(session, run_id)
    threshold = settings_of(request).review_threshold if below is None else below
    groups = review_queue(session, run_id, threshold)
    return {
        "id": run_id,
        "threshold": threshold,
        "groups": [g.as_json() for g in groups],
    }


@router.get("/api/decisions", tags=["decisions"])
def list_decisions(
    _: Reader, session: Db, fmt: Annotated[str, Query(alias="format")] = "json"
) -> Response:
    """The decisions in force: JSON, or ``?format=csv`` for the CLI's decisions file."""
    if fmt == "csv":
        with tempfile.TemporaryDirectory() as folder:
            path = decision_store.export_file(session, Path(folder) / "decisions.csv")
            content = path.read_bytes()
        return Response(
            content, media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
        )  # fmt: skip
    return JSONResponse(
        {
            "decisions": [
                decision_store.as_json(r) for r in decision_store.active(session)
            ]
        }
    )


@router.post("/api/decisions", status_code=201, tags=["decisions"])
def add_decision(
    body: DecisionIn, request: Request, principal: Researcher, session: Db
) -> dict[str, Any]:
    """Records a decision; later runs apply it before any matching (method ``human``)."""
    try:
        row = decision_store.record_by(
            session, request, principal, marking=body.marking, decision=body.decision,
            manufacturer_given=body.manufacturer_given, mpn=body.mpn,
            manufacturer=body.manufacturer, note=body.note,
        )  # fmt: skip
    except decision_store.DecisionInputError as exc:
        raise HTTPException(422, str(exc)) from None
    return decision_store.as_json(row)


@router.post("/api/decisions/import", status_code=201, tags=["decisions"])
def import_decisions(
    request: Request,
    principal: Researcher,
    session: Db,
    file: Annotated[UploadFile, File(description="a decisions file (CSV)")],
) -> dict[str, Any]:
    """Imports a decisions file (the CLI's ``--decisions`` format). Its decisions are
    filed under the importer's name, dated today; the reviewer and date the file gives
    are kept in each decision's note."""
    name = file.filename or "decisions.csv"
    try:
        content = decision_store.read_upload(file.file, name)
    except decision_store.DecisionsFileTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    try:
        rows = decision_store.import_by(session, request, principal, content, name)
    except (
        decision_store.DecisionsFileError,
        decision_store.DecisionInputError,
    ) as exc:
        raise HTTPException(422, str(exc)) from None
    return {
        "imported": len(rows),
        "decisions": [decision_store.as_json(r) for r in rows],
    }


@router.delete("/api/decisions/{decision_id}", tags=["decisions"])
def undo_decision(
    decision_id: int, request: Request, principal: Researcher, session: Db
) -> dict[str, Any]:
    """Undoes a decision: later runs no longer apply it (it stays recorded as revoked)."""
    row = decision_store.revoke_by(session, request, principal, decision_id)
    if row is None:
        found = get_by_id(session, DecisionRow, decision_id)
        raise HTTPException(
            404 if found is None else 409,
            f"decision {decision_id} is {'not found' if found is None else 'already undone'}",
        )
    return decision_store.as_json(row)


@router.get(
    "/api/audit",
    tags=["audit"],
    responses={
        200: {"content": {"text/csv": {}}},
        403: {"description": "not an admin"},
    },
)
def audit_log(
    _: Admin,
    session: Db,
    actor: str = "",
    action: str = "",
    text: Annotated[str, Query(description="in the target or detail")] = "",
    since: Annotated[str, Query(description="YYYY-MM-DD")] = "",
    until: Annotated[str, Query(description="YYYY-MM-DD, inclusive")] = "",
    before: Annotated[int, Query(ge=0, description="entries older than this id")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    fmt: Annotated[str, Query(alias="format")] = "json",
) -> Response:
    """The audit log, newest first, filtered (admins). ``?format=csv``: every matching
    entry as a CSV file, formula cells neutralised."""
    filters = audit.Filters(actor, action, text, since, until, before)
    try:
        found = audit.search(session, filters, None if fmt == "csv" else limit)
    except audit.AuditFilterError as exc:
        raise HTTPException(422, str(exc)) from None
    if fmt == "csv":
        return Response(
            audit.csv_bytes(found), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
        )  # fmt: skip
    return JSONResponse({"entries": [audit.as_json(e) for e in found]})

"""Runs as the web app keeps them: created from uploads, queued, shown, re-run.

I/O (database and the blob store). The functions here are what the JSON API and the HTML
pages share, so the two cannot drift: ``check_uploads`` stages and reads the uploaded
files (no database: the slow part), ``create_run`` records the run in a short
transaction; ``run_json`` is the run as ``GET /api/runs/{id}`` returns it; ``rerun``
queues a copy of a run with the current catalogs and decisions.

Besides teardown sheets a run may have trade-records files and sanctions lists. They
are stored like the sheets but not opened here: the run hands them to the library
(``bomtrace.trace(trade=..., sanctions=...)``), whose own checks and messages apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bomtrace.api import read_column_overrides
from bomtrace.ingest import NAME_THE_MARKING_COLUMN
from bomtrace.outputs import EXTRA_FORMATS, FORMATS
from bomtrace.result import Counts
from bomtrace.web import audit
from bomtrace.web.auth import Principal, Role
from bomtrace.web.db import get_by_id, lock_blob_store
from bomtrace.web.deps import settings_of
from bomtrace.web.models import RowResult, Run, RunInput
from bomtrace.web.settings import Settings
from bomtrace.web.uploads import (
    StoredFile,
    UploadTooLarge,
    discard_staged,
    display_name,
    inspect_upload,
    keep_staged,
    stage_upload,
    unique_file_name,
    usable,
)
from bomtrace.web.wording import WEB_WORDS
from bomtrace.web.worker import DONE, DRAFT, QUEUED, REPORT_STEM

TEARDOWN, TRADE, SANCTIONS = "teardown", "trade", "sanctions"
ROLES = (TEARDOWN, TRADE, SANCTIONS)

# Every output a run can have; the FollowTheMoney export only where the run has a chain.
DOWNLOADS = (*FORMATS, *EXTRA_FORMATS)
MEDIA_TYPES = {
    "ftm": "application/json",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


NO_PART_COLUMN = "no sheet has a part-number or marking column"


class NoUsableFile(ValueError):
    """None of the uploaded files can be traced; ``errors`` names each file's problem."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("no usable file in the upload")
        self.errors = errors


class RunGone(LookupError):
    """No such run (or it was deleted while the request was handled): a 404."""


class NotYours(PermissionError):
    """Only the run's starter or an admin may do this (the message says who): a 403."""


class RecoveredDateError(ValueError):
    """The recovery date of an upload is not a date."""


@dataclass(frozen=True, slots=True)
class Upload:
    """One file of a multipart upload: the name the browser sent, its content and what it
    is (a teardown sheet, trade records or a sanctions list)."""

    filename: str | None
    content: BinaryIO
    role: str = TEARDOWN


@dataclass(slots=True)
class CheckedUpload:
    """The files of an upload, staged and read, before any database work."""

    files: list[StoredFile] = field(default_factory=list)
    ignored: int = 0

    def errors(self) -> list[dict[str, str]]:
        """One entry per file that cannot be used, and one for files over the count."""
        errors = [{"file": f.name, "problem": f.error} for f in self.files if f.error]
        if self.ignored:
            errors.append(
                {
                    "file": "",
                    "problem": f"{self.ignored} more file(s) ignored: at most {len(self.files)} per upload",
                }
            )
        return errors

    def discard(self) -> None:
        """Removes what was staged and not kept (call it whatever happened)."""
        discard_staged(self.files)


def check_uploads(
    uploads: Sequence[Upload], settings: Settings, columns: str = ""
) -> CheckedUpload:
    """Stages every upload (hash, size cap, content) and reads the teardown sheets as a
    run would; bad files carry an error.

    Touches no database: this is the slow part of an upload (up to twenty files of
    20 MB), and it must not hold the database's write lock. Raises ``ColumnSpecError``
    for a column mapping that cannot be understood, before reading anything.
    """
    read_column_overrides(columns or None)
    checked = CheckedUpload(ignored=max(0, len(uploads) - settings.max_files))
    taken: set[str] = set()
    try:
        for upload in uploads[: settings.max_files]:
            try:
                staged = stage_upload(
                    upload.content, upload.filename, settings.blob_dir,
                    settings.max_file_bytes,
                )  # fmt: skip
            except UploadTooLarge as exc:
                staged = StoredFile(
                    name=display_name(upload.filename), error=exc.text(WEB_WORDS)
                )
            staged.role = upload.role
            if upload.role == TEARDOWN:
                if not staged.error:
                    inspect_upload(staged, settings.blob_dir, columns)
            else:
                staged.name = unique_file_name(staged.name, taken)
            checked.files.append(staged)
    except BaseException:
        checked.discard()
        raise
    return checked


def _has_part_column(stored: StoredFile) -> bool:
    return any(sheet["columns"] for sheet in stored.sheets)


def recovered_date(value: str) -> str:
    """The recovery date as ``YYYY-MM-DD`` ("" when not given)."""
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise RecoveredDateError(
            f"recovered: '{value[:40]}' is not a date: write it as YYYY-MM-DD, e.g. 2023-05-01"
        ) from None


def create_run(
    session: Session,
    checked: CheckedUpload,
    settings: Settings,
    *,
    name: str = "",
    platform: str = "",
    notes: str = "",
    columns: str = "",
    recovered: str = "",
    user_id: int | None = None,
    draft: bool = False,
) -> tuple[Run, list[dict[str, str]]]:
    """Records a run of the usable uploaded files (queued, or a draft to confirm), moving
    them to their place in the store. Quick: the files were read by ``check_uploads``.

    Raises ``NoUsableFile`` when no teardown sheet can be traced. Returns the run and
    the per-file errors.
    """
    files = checked.files
    errors = checked.errors()
    sheets = usable(f for f in files if f.role == TEARDOWN)
    if not sheets:
        raise NoUsableFile(
            errors or [{"file": "", "problem": "no teardown sheet was uploaded"}]
        )
    if not draft and not any(_has_part_column(f) for f in sheets):
        raise NoUsableFile(errors + [
            {"file": f.name, "problem": f"{NO_PART_COLUMN}. {WEB_WORDS(NAME_THE_MARKING_COLUMN)}"}
            for f in sheets
        ])  # fmt: skip
    lock_blob_store(session, exclusive=False)
    for kept in usable(files):
        keep_staged(kept, settings.blob_dir)
    run = Run(
        name=(name.strip() or sheets[0].name.rsplit(".", 1)[0])[:200],
        platform=platform.strip()[:200],
        notes=notes.strip(),
        columns=columns.strip(),
        recovered=recovered,
        status=DRAFT if draft else QUEUED,
        created_by=user_id,
        problems=[],
        catalogs=[],
        outputs=[],
        inputs=[
            RunInput(
                position=n, name=f.name, sha256=f.sha256, size=f.size, kind=f.kind,
                stored_as="" if f.error else f.stored_as, error=f.error, sheets=f.sheets,
                role=f.role,
            )
            for n, f in enumerate(files)
        ],
    )  # fmt: skip
    session.add(run)
    session.flush()
    return run, errors


def uploads_of(
    files: Sequence[Any],
    trade: Sequence[Any] | None = None,
    sanctions: Sequence[Any] | None = None,
) -> list[Upload]:
    """The files of a multipart request (``UploadFile``s) with their roles; file fields a
    browser sends empty (nothing chosen) are left out."""
    return [
        Upload(f.filename, f.file, role)
        for role, group in ((TEARDOWN, files), (TRADE, trade), (SANCTIONS, sanctions))
        for f in group or ()
        if f.filename
    ]


def record_upload(
    session: Session,
    request: Request,
    principal: Principal,
    uploads: Sequence[Upload],
    *,
    draft: bool = False,
    **options: str,
) -> tuple[Run, list[dict[str, str]]]:
    """Checks the uploaded files (no transaction open), then records the run and its
    audit entry in one short transaction and commits. ``options``: ``name``,
    ``platform``, ``notes``, ``columns``, ``recovered``."""
    recovered = recovered_date(options.pop("recovered", ""))
    settings: Settings = settings_of(request)
    session.commit()  # nothing may hold the write lock while the files are read
    checked = check_uploads(uploads, settings, options.get("columns", ""))
    try:
        run, errors = create_run(
            session, checked, settings, recovered=recovered, user_id=principal.user_id,
            draft=draft, **options,
        )  # fmt: skip
        audit.record(
            session, request, principal, "run.upload", f"run {run.id}",
            audit.files_detail(checked.files) + (" (draft: columns to confirm)" if draft else ""),
        )  # fmt: skip
        session.commit()
    finally:
        checked.discard()
    return run, errors


def rerun(session: Session, request: Request, principal: Principal, run_id: int) -> Run:
    """Queues a new run of run ``run_id``'s inputs and options with today's catalogs and
    decisions, for its starter or an admin: recorded, audited, committed, then queued.
    What both the JSON API and the pages do to re-run."""
    original = find_run(session, run_id)
    if not may_manage(principal, original):
        raise NotYours(not_yours(original, "re-run"))
    lock_blob_store(session, exclusive=False)
    if session.scalar(select(Run.id).where(Run.id == original.id)) is None:
        raise RunGone(f"run {original.id} not found")
    run = Run(
        name=original.name, platform=original.platform, notes=original.notes,
        columns=original.columns, recovered=original.recovered, status=QUEUED,
        created_by=principal.user_id, rerun_of=original.id, problems=[], catalogs=[],
        outputs=[],
        inputs=[
            RunInput(
                position=i.position, name=i.name, sha256=i.sha256, size=i.size, kind=i.kind,
                stored_as=i.stored_as, error=i.error, sheets=i.sheets, role=i.role,
            )
            for i in original.inputs
        ],
    )  # fmt: skip
    session.add(run)
    session.flush()
    audit.record(
        session, request, principal, "run.rerun", f"run {run.id}",
        f"re-run of run {original.id} ({original.name})",
    )  # fmt: skip
    session.commit()
    request.app.state.queue.submit(run.id)
    return run


def find_run(session: Session, run_id: int) -> Run:
    """The run with this id; raises ``RunGone`` when there is none."""
    run = get_by_id(session, Run, run_id)
    if run is None:
        raise RunGone(f"run {run_id} not found")
    return run


def may_manage(principal: Principal, run: Run) -> bool:
    """Whoever started a run may confirm, re-run and delete it, and any admin."""
    return principal.may(Role.ADMIN) or (
        run.created_by is not None and run.created_by == principal.user_id
    )


def not_yours(run: Run, doing: str) -> str:
    """Why someone who did not start ``run`` may not do ``doing`` to it."""
    who = run.creator.name if run.creator else "someone else"
    return f"run {run.id} was started by {who}: only they or an admin may {doing} it"


def counts_of(run: Run) -> Counts:
    return Counts(
        read=run.read, matched=run.matched, ambiguous=run.ambiguous,
        unmatched=run.unmatched, skipped=run.skipped,
    )  # fmt: skip


def run_errors(run: Run) -> list[dict[str, str]]:
    """Per-file errors: files that could not be read, and sheets that could not be used."""
    errors = [
        {"file": i.name, "sheet": "", "problem": i.error} for i in run.inputs if i.error
    ]
    seen = {(e["file"], e["problem"]) for e in errors}
    for p in run.problems:
        if p["severity"] == "error" and (p["file"], p["message"]) not in seen:
            problem = f"{p['message']}. {p['remedy']}" if p["remedy"] else p["message"]
            errors.append({"file": p["file"], "sheet": p["sheet"], "problem": problem})
    return errors


def run_json(run: Run) -> dict[str, Any]:
    """A run as the API shows it: status, progress, counts, per-file errors, inputs, links."""
    done = run.status == DONE
    counts = counts_of(run)
    return {
        "id": run.id,
        "name": run.name,
        "platform": run.platform,
        "notes": run.notes,
        "columns": run.columns,
        "status": run.status,
        "progress": {"rows_done": run.rows_done, "rows_total": run.rows_total},
        "counts": {
            "read": counts.read, "matched": counts.matched, "ambiguous": counts.ambiguous,
            "unmatched": counts.unmatched, "skipped": counts.skipped,
        },
        "reconciliation": counts.line() if done else "",
        "errors": run_errors(run),
        "problems": run.problems,
        "error": run.error,
        "recovered": run.recovered,
        "inputs": [
            {"name": i.name, "role": i.role, "sha256": i.sha256, "size": i.size,
             "kind": i.kind, "error": i.error, "sheets": i.sheets}
            for i in run.inputs
        ],
        "catalogs": run.catalogs,
        "decisions_applied": run.decisions_applied,
        "tool_version": run.tool_version,
        "created_by": run.creator.name if run.creator else "",
        "created_at": _iso(run.created_at),
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "rerun_of": run.rerun_of,
        "downloads": {
            fmt: f"/api/runs/{run.id}/report.{fmt}" for fmt in DOWNLOADS if output_file(run, fmt)
        },
    }  # fmt: skip


def output_file(run: Run, fmt: str) -> str:
    """The file name of a run's output in format ``fmt`` ("" when it has none)."""
    for name in run.outputs:
        if name == f"{REPORT_STEM}.{fmt}" or name.startswith(f"{REPORT_STEM}.{fmt}."):
            return name
    return ""


def run_rows(session: Session, run_id: int, status: str = "") -> list[dict[str, Any]]:
    """The output rows of a run in input order (optionally only one status)."""
    query = select(RowResult.record).where(RowResult.run_id == run_id)
    if status:
        query = query.where(RowResult.status == status)
    return list(session.scalars(query.order_by(RowResult.position)))


def row_count(session: Session, run_id: int) -> int:
    return session.scalar(select(func.count()).where(RowResult.run_id == run_id)) or 0


def _iso(moment: Any) -> str:
    return moment.isoformat() if moment else ""

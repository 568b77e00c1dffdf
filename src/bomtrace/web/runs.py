"""Runs as the web app keeps them: created from uploads, queued, shown, re-run.

I/O (database and the blob store). The functions here are what the JSON API and the HTML
pages share, so the two cannot drift: ``create_run`` stores and checks uploads and records
the run; ``run_json`` is the run as ``GET /api/runs/{id}`` returns it; ``rerun`` queues a
copy of a run with the current catalogs and decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bomtrace.api import Counts, read_column_overrides
from bomtrace.export import EXTRA_FORMATS, FORMATS
from bomtrace.web.db import lock_blob_store
from bomtrace.web.models import RowResult, Run, RunInput
from bomtrace.web.settings import Settings
from bomtrace.web.uploads import (
    StoredFile,
    UploadTooLarge,
    display_name,
    inspect_upload,
    store_upload,
    usable,
)
from bomtrace.web.worker import DONE, DRAFT, QUEUED, REPORT_STEM

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
    """The run was deleted while the request was handled."""


@dataclass(frozen=True, slots=True)
class Upload:
    """One file of a multipart upload: the name the browser sent and its content."""

    filename: str | None
    content: BinaryIO


def store_files(
    uploads: Sequence[Upload], settings: Settings, columns: str = ""
) -> list[StoredFile]:
    """Stores every upload by hash and reads it as a run would; bad files carry an error."""
    stored: list[StoredFile] = []
    for upload in uploads[: settings.max_files]:
        try:
            kept = store_upload(
                upload.content,
                upload.filename,
                settings.blob_dir,
                settings.max_file_bytes,
            )
        except UploadTooLarge as exc:
            stored.append(
                StoredFile(name=display_name(upload.filename), error=str(exc))
            )
            continue
        stored.append(inspect_upload(kept, settings.blob_dir, columns))
    return stored


def _has_part_column(stored: StoredFile) -> bool:
    return any(sheet["columns"] for sheet in stored.sheets)


def file_errors(files: Sequence[StoredFile], extra: int = 0) -> list[dict[str, str]]:
    errors = [{"file": f.name, "problem": f.error} for f in files if f.error]
    if extra:
        errors.append(
            {
                "file": "",
                "problem": f"{extra} more file(s) ignored: at most {len(files)} per upload",
            }
        )
    return errors


def create_run(
    session: Session,
    uploads: Sequence[Upload],
    settings: Settings,
    *,
    name: str = "",
    platform: str = "",
    notes: str = "",
    columns: str = "",
    user_id: int | None = None,
    draft: bool = False,
) -> tuple[Run, list[dict[str, str]]]:
    """Stores the uploads and records a run of the usable ones (queued, or a draft to confirm).

    Raises ``ColumnSpecError`` for a column mapping that cannot be understood and
    ``NoUsableFile`` when no file can be traced. Returns the run and the per-file errors.
    """
    read_column_overrides(columns or None)
    lock_blob_store(session, exclusive=False)
    files = store_files(uploads, settings, columns)
    errors = file_errors(files, max(0, len(uploads) - settings.max_files))
    if not usable(files):
        raise NoUsableFile(errors or [{"file": "", "problem": "no file was uploaded"}])
    if not draft and not any(_has_part_column(f) for f in usable(files)):
        raise NoUsableFile(errors + [
            {"file": f.name, "problem": f"{NO_PART_COLUMN}. Name it with columns=marking=<letter>"}
            for f in usable(files)
        ])  # fmt: skip
    first = next(f for f in files if not f.error)
    run = Run(
        name=(name.strip() or first.name.rsplit(".", 1)[0])[:200],
        platform=platform.strip()[:200],
        notes=notes.strip(),
        columns=columns.strip(),
        status=DRAFT if draft else QUEUED,
        created_by=user_id,
        problems=[],
        catalogs=[],
        outputs=[],
        inputs=[
            RunInput(
                position=n, name=f.name, sha256=f.sha256, size=f.size, kind=f.kind,
                stored_as="" if f.error else f.stored_as, error=f.error, sheets=f.sheets,
            )
            for n, f in enumerate(files)
        ],
    )  # fmt: skip
    session.add(run)
    session.flush()
    return run, errors


def rerun(session: Session, original: Run, user_id: int | None) -> Run:
    """A new queued run of the same inputs and options, with today's catalogs and decisions."""
    lock_blob_store(session, exclusive=False)
    if session.scalar(select(Run.id).where(Run.id == original.id)) is None:
        raise RunGone(f"run {original.id} not found")
    run = Run(
        name=original.name, platform=original.platform, notes=original.notes,
        columns=original.columns, status=QUEUED, created_by=user_id, rerun_of=original.id,
        problems=[], catalogs=[], outputs=[],
        inputs=[
            RunInput(
                position=i.position, name=i.name, sha256=i.sha256, size=i.size, kind=i.kind,
                stored_as=i.stored_as, error=i.error, sheets=i.sheets,
            )
            for i in original.inputs
        ],
    )  # fmt: skip
    session.add(run)
    session.flush()
    return run


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
        "inputs": [
            {"name": i.name, "sha256": i.sha256, "size": i.size, "kind": i.kind,
             "error": i.error, "sheets": i.sheets}
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

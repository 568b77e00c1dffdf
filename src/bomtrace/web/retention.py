"""Deleting a run: its database rows, its uploaded files and its report files.

I/O (database and files). A run's inputs, output rows and review queue go with it (the
foreign keys cascade); re-runs made from it keep their own copies and lose only the
link. Reviewers' decisions are not tied to runs (they are filed by marking) and stay in
force. An uploaded file is stored once per content and may be shared with other runs,
so it is removed only when no remaining run uses it, under the upload store's lock.
A queued or running run is refused: a worker is reading its inputs and would write its
report files after they were deleted. Only the run's starter or an admin may delete it,
and each deletion is written to the audit log.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bomtrace.web import audit
from bomtrace.web.auth import Principal
from bomtrace.web.db import lock_blob_store
from bomtrace.web.deps import settings_of
from bomtrace.web.models import RowResult, Run, RunInput
from bomtrace.web.runs import NotYours, find_run, may_manage, not_yours, row_count
from bomtrace.web.settings import Settings
from bomtrace.web.worker import DONE, DRAFT, FAILED

log = logging.getLogger(__name__)
DELETABLE = (DONE, FAILED, DRAFT)


class RunBusy(Exception):
    """The run is queued or running; the message says to wait."""


@dataclass(frozen=True, slots=True)
class DeletedRun:
    """What deleting a run removed: output rows, and files from the data folder."""

    run_id: int
    rows: int
    files: list[str]


def deletable(session: Session, principal: Principal, run_id: int) -> Run:
    """The run, if ``principal`` may delete it (raises ``RunGone``, ``NotYours``)."""
    run = find_run(session, run_id)
    if not may_manage(principal, run):
        raise NotYours(not_yours(run, "delete"))
    return run


def delete_for(
    session: Session, request: Request, principal: Principal, run_id: int
) -> DeletedRun:
    """Deletes run ``run_id`` for its starter or an admin, with its audit entry."""
    run = deletable(session, principal, run_id)
    name = run.name
    gone = delete_run(session, run, settings_of(request), principal.name)
    audit.record(
        session, request, principal, "run.delete", f"run {gone.run_id}",
        f"{name}: {gone.rows} rows; files {', '.join(gone.files) or 'none'}",
    )  # fmt: skip
    return gone


def delete_run(session: Session, run: Run, settings: Settings, by: str) -> DeletedRun:
    """Deletes ``run``'s rows and the files only it used (the caller commits).

    Raises ``RunBusy`` for a run that is queued or running.
    """
    busy = (
        f"run {run.id} is {run.status}: wait until it is done or failed, then delete it"
    )
    if run.status not in DELETABLE:
        raise RunBusy(busy)
    lock_blob_store(session, exclusive=True)
    run_id, blobs = run.id, {i.stored_as for i in run.inputs if i.stored_as}
    rows = row_count(session, run_id)
    gone = session.execute(
        delete(Run).where(Run.id == run_id, Run.status.in_(DELETABLE))
    )
    if not gone.rowcount:  # type: ignore[attr-defined]  # a DML result has rowcount
        raise RunBusy(busy)
    # The database removes them itself (ON DELETE CASCADE); said again for any backend
    # whose foreign keys are off.
    session.execute(delete(RunInput).where(RunInput.run_id == run_id))
    session.execute(delete(RowResult).where(RowResult.run_id == run_id))
    session.flush()
    kept = set(
        session.scalars(select(RunInput.stored_as).where(RunInput.stored_as.in_(blobs)))
    )
    files = _remove_blobs(settings.blob_dir, sorted(blobs - kept))
    files += _remove_outputs(settings.runs_dir / str(run_id))
    log.info(
        "run %s deleted by %s: %s rows, files %s", run_id, by, rows, ", ".join(files)
    )
    return DeletedRun(run_id=run_id, rows=rows, files=files)


def _remove_blobs(blob_dir: Path, names: list[str]) -> list[str]:
    removed = []
    root = blob_dir.resolve()
    for name in names:
        path = (blob_dir / name).resolve()
        # Stored names are made by the app, never from an upload's name; checked anyway.
        if not path.is_relative_to(root):
            continue
        if path.exists():
            path.unlink()
            removed.append(f"uploads/{name}")
        if path.parent != root:
            with contextlib.suppress(OSError):  # kept while other uploads share it
                path.parent.rmdir()
    return removed


def _remove_outputs(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    removed = [f"runs/{folder.name}/{p.name}" for p in sorted(folder.iterdir())]
    shutil.rmtree(folder)
    return removed

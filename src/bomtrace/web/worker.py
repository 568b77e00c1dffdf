"""Running traces off the request thread: a pool of worker processes fed by run ids.

I/O. The web process only records a run as ``queued`` and hands its id to the pool; a
worker opens its own database connection, calls ``bomtrace.trace`` with the run's stored
inputs, its column mapping and the reviewers' current decisions, reports progress
(rows done / total) into the run's row, stores every output row and writes the outputs
with ``write_outputs`` beside the other runs' files. A run therefore survives a page
reload, and one the server was stopped in the middle of is queued again at start-up.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from bomtrace.api import TraceResult, trace
from bomtrace.errors import BomtraceError
from bomtrace.export import EXTRA_FORMATS, FORMATS, write_outputs
from bomtrace.match.decisions import decision_text
from bomtrace.model import RowOutcome
from bomtrace.web.db import Database
from bomtrace.web.decisions import decision_book
from bomtrace.web.models import RowResult, Run, utcnow

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, DRAFT = "queued", "running", "done", "failed", "draft"
# Progress is written at most this often (seconds), so a fast run is not slowed by it.
PROGRESS_INTERVAL = 0.3
REPORT_STEM = "report"

_databases: dict[str, Database] = {}


def _database(url: str) -> Database:
    """One engine per worker process and database, made on first use."""
    if url not in _databases:
        _databases[url] = Database(url)
    return _databases[url]


def execute_run(database_url: str, data_dir: str, run_id: int) -> str:
    """Traces one queued run to the end; returns its final status. Never raises."""
    db = _database(database_url)
    try:
        return _execute(db, Path(data_dir), run_id)
    except Exception as exc:
        log.exception("run %s failed", run_id)
        message = str(exc) if isinstance(exc, BomtraceError) else "internal error"
        with db.session() as s:
            s.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(status=FAILED, error=message, finished_at=utcnow())
            )
        return FAILED


def _execute(db: Database, data_dir: Path, run_id: int) -> str:
    with db.session() as s:
        run = s.get(Run, run_id)
        if run is None or run.status not in (QUEUED, RUNNING):
            return run.status if run else FAILED
        run.status, run.started_at, run.rows_done, run.rows_total = (
            RUNNING,
            utcnow(),
            0,
            0,
        )
        s.execute(delete(RowResult).where(RowResult.run_id == run_id))
        good = [i for i in run.inputs if not i.error and i.stored_as]
        paths = [data_dir / "uploads" / i.stored_as for i in good]
        names = [i.name for i in good]
        options = (run.columns, run.platform, run.name)
        book = decision_book(s)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        with db.session() as s:
            s.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(rows_done=done, rows_total=total)
            )

    columns, platform, name = options
    result = trace(
        paths, names=names, columns=columns or None, platform=platform, name=name,
        decisions=book, progress=progress,
    )  # fmt: skip
    out_dir = data_dir / "runs" / str(run_id)
    written = write_outputs(
        result, out_dir, formats=(*FORMATS, *EXTRA_FORMATS), name=REPORT_STEM
    )
    outputs = [p.name for p in written if p.stat().st_size > 0]
    _store(db, run_id, result, outputs, len(book))
    return DONE


def _store(
    db: Database, run_id: int, result: TraceResult, outputs: list[str], decisions: int
) -> None:
    counts = result.counts
    rows = [_row(run_id, n, o, r) for n, (o, r) in enumerate(zip(result.outcomes, result.records(), strict=True))]  # fmt: skip
    with db.session() as s:
        if rows:
            s.execute(insert(RowResult), rows)
        run = s.get_one(Run, run_id)
        errors = {
            p.file: p.message for p in result.problems if p.severity.value == "error"
        }
        for stored in run.inputs:
            if (
                not stored.error
                and stored.name in errors
                and not _read(result, stored.name)
            ):
                stored.error = errors[stored.name]
        run.status, run.finished_at, run.outputs = DONE, utcnow(), outputs
        run.rows_done = run.rows_total = counts.read
        run.read, run.matched, run.ambiguous = (
            counts.read,
            counts.matched,
            counts.ambiguous,
        )
        run.unmatched, run.skipped = counts.unmatched, counts.skipped
        run.decisions_applied = decisions
        run.tool_version = result.info.tool_version
        run.problems = [
            {"file": p.file, "sheet": p.sheet, "severity": p.severity.value,
             "message": p.message, "remedy": p.remedy, "text": str(p)}
            for p in result.problems
        ]  # fmt: skip
        run.catalogs = [
            {"name": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256}
            for f in result.info.catalogs
        ]


def _read(result: TraceResult, name: str) -> bool:
    return any(i.name == name and i.sha256 for i in result.info.inputs)


def _row(
    run_id: int, position: int, outcome: RowOutcome, record: dict[str, Any]
) -> dict[str, Any]:
    ident = outcome.identification
    candidates = [
        {"maker": c.maker, "mpn": c.mpn, "method": c.method.value, "score": round(c.score, 3),
         "evidence": c.evidence, "catalog_ref": str(c.catalog_ref) if c.catalog_ref else "",
         "category": c.category, "description": c.description}
        for c in (ident.candidates if ident else ())
    ]  # fmt: skip
    return {
        "run_id": run_id,
        "position": position,
        "status": record["status"],
        "confidence": record["confidence"],
        "marking": decision_text(record["marking"], record["part_number_given"]),
        "manufacturer_given": record["manufacturer_given"],
        "record": record,
        "candidates": candidates,
    }


class RunQueue:
    """Hands queued runs to a pool of worker processes (or threads, in tests)."""

    def __init__(
        self, database_url: str, data_dir: Path, workers: int, kind: str
    ) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self._pool: Executor = (
            ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn")
            )
            if kind == "process"
            else ThreadPoolExecutor(workers, thread_name_prefix="bomtrace-run")
        )
        self.futures: dict[int, Future[str]] = {}

    def submit(self, run_id: int) -> Future[str]:
        future = self._pool.submit(
            execute_run, self.database_url, str(self.data_dir), run_id
        )
        self.futures[run_id] = future
        future.add_done_callback(lambda _f: self.futures.pop(run_id, None))
        return future

    def resume(self, db: Database) -> list[int]:
        """Queues again every run left queued or running when the server last stopped."""
        with db.session() as s:
            ids = list(
                s.scalars(
                    select(Run.id)
                    .where(Run.status.in_((QUEUED, RUNNING)))
                    .order_by(Run.id)
                )
            )
            if ids:
                s.execute(update(Run).where(Run.id.in_(ids)).values(status=QUEUED))
        for run_id in ids:
            self.submit(run_id)
        return ids

    def wait(self, run_id: int, timeout: float = 60) -> str | None:
        """Waits for a run handed to this queue (tests); None when it is not in flight."""
        future = self.futures.get(run_id)
        return future.result(timeout) if future else None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

"""Running traces off the request thread: a pool of worker processes fed by run ids.

I/O. The web process only records a run as ``queued`` and hands its id to the pool; a
worker opens its own database connection, takes the run's lease, calls
``bomtrace.trace`` with the run's stored inputs (teardown sheets, trade records,
sanctions lists), its column mapping and the reviewers' current decisions, reports
progress (rows done / total) into the run's row, stores every output row and writes the
outputs with ``write_outputs`` beside the other runs' files. A run therefore survives a
page reload, and one the server was stopped in the middle of is traced again.

Only one worker traces a run, whichever server it belongs to: a worker first takes the
run's lease (its name and an expiry, ``LEASE_SECONDS`` ahead) in one conditional update,
renews it while it works, and writes nothing once the lease is someone else's. A lease
that expires (its server died) lets the next server that looks take the run over; every
server looks at start-up and then every ``SWEEP_SECONDS``. Servers sharing a database
must agree on the time to within a minute (NTP).

Every write a worker makes is retried while the database is busy (``Database.write``),
rows are stored in chunks so that no transaction holds SQLite's write lock for long, and
a progress report that cannot be written is skipped: another user's request never makes
a run fail.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bomtrace.api import trace
from bomtrace.errors import BomtraceError
from bomtrace.ingest.sanctions import companion_files
from bomtrace.match.decision_book import decision_text
from bomtrace.model import RowOutcome
from bomtrace.outputs import EXTRA_FORMATS, FORMATS, write_outputs
from bomtrace.result import TraceResult
from bomtrace.web.db import Database
from bomtrace.web.decision_store import decision_book
from bomtrace.web.models import RowResult, Run, RunInput, RunStatus, utcnow
from bomtrace.web.wording import WEB_WORDS

log = logging.getLogger(__name__)

# Run statuses, by their short names here (the enum is models.RunStatus).
QUEUED, RUNNING, DONE, FAILED, DRAFT = (
    RunStatus.QUEUED,
    RunStatus.RUNNING,
    RunStatus.DONE,
    RunStatus.FAILED,
    RunStatus.DRAFT,
)
# Progress is written at most this often (seconds), so a fast run is not slowed by it.
PROGRESS_INTERVAL = 0.3
REPORT_STEM = "report"
# A lease lasts this long unless renewed; it is renewed every LEASE_RENEW seconds.
LEASE_SECONDS = 120.0
LEASE_RENEW = 20.0
# How often a server looks for runs nobody traces (queued, or with an expired lease).
SWEEP_SECONDS = 30.0
# Output rows stored per transaction: a few hundred milliseconds of SQLite's write lock.
ROWS_PER_CHUNK = 2000

_databases: dict[str, Database] = {}


class LeaseLost(Exception):
    """Another worker holds the run now (this one was too slow to renew its lease)."""


def _database(url: str) -> Database:
    """One engine per worker process and database, made on first use."""
    if url not in _databases:
        _databases[url] = Database(url)
    return _databases[url]


def worker_name() -> str:
    """A name for one attempt at a run: the machine, the process and a random part."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(session: Session, run_id: int, owner: str, now: float) -> bool:
    """Takes the run's lease if it is queued, or running under an expired lease."""
    taken = session.execute(
        update(Run)
        .where(
            Run.id == run_id,
            Run.status.in_((QUEUED, RUNNING)),
            or_(Run.lease_owner == "", Run.lease_expires < now),
        )
        .values(
            status=RUNNING,
            lease_owner=owner,
            lease_expires=now + LEASE_SECONDS,
            started_at=utcnow(),
            rows_done=0,
            rows_total=0,
        )
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]  # a DML result has rowcount


def _renew(session: Session, run_id: int, owner: str, **values: Any) -> None:
    """Renews the lease (and sets ``values``); raises ``LeaseLost`` if it is not ours."""
    kept = session.execute(
        update(Run)
        .where(Run.id == run_id, Run.lease_owner == owner)
        .values({"lease_expires": time.time() + LEASE_SECONDS, **values})
    )
    if not kept.rowcount:  # type: ignore[attr-defined]  # a DML result has rowcount
        raise LeaseLost(f"run {run_id} is no longer leased to {owner}")


@dataclass(slots=True)
class Lease:
    """A run's lease held by this worker, renewed by a background thread."""

    db: Database
    run_id: int
    owner: str
    lost: threading.Event
    stop: threading.Event

    def renew(self, **values: Any) -> None:
        """Renews the lease now (setting ``values`` on the run with it)."""
        self.check()
        try:
            self.db.write(
                lambda s: _renew(s, self.run_id, self.owner, **values), patience=60
            )
        except LeaseLost:
            self.lost.set()
            raise

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(f"run {self.run_id} is no longer leased to {self.owner}")

    def keep_alive(self) -> None:
        """Renews the lease every ``LEASE_RENEW`` seconds until stopped or lost."""
        while not self.stop.wait(LEASE_RENEW):
            try:
                self.renew()
            except LeaseLost:
                log.warning("run %s: lease lost to another worker", self.run_id)
                return
            except SQLAlchemyError:
                log.warning("run %s: lease not renewed (database busy)", self.run_id)


def execute_run(database_url: str, data_dir: str, run_id: int) -> str:
    """Traces one queued run to the end; returns its final status. Never raises.

    Returns the run's status unchanged when another worker holds its lease.
    """
    db = _database(database_url)
    owner = worker_name()
    try:
        claimed = db.write(lambda s: claim(s, run_id, owner, time.time()))
    except SQLAlchemyError:
        log.exception("run %s could not be claimed; it is tried again later", run_id)
        return QUEUED
    if not claimed:
        with db.reading() as s:
            status = s.scalar(select(Run.status).where(Run.id == run_id))
        return status or FAILED
    lease = Lease(db, run_id, owner, threading.Event(), threading.Event())
    keeper = threading.Thread(target=lease.keep_alive, daemon=True)
    keeper.start()
    try:
        return _execute(lease, Path(data_dir))
    except LeaseLost:
        log.warning("run %s: another worker took it over; this attempt stops", run_id)
        return RUNNING
    except Exception as exc:
        log.exception("run %s failed", run_id)
        message = (
            exc.text(WEB_WORDS) if isinstance(exc, BomtraceError) else "internal error"
        )
        try:
            lease.renew(
                status=FAILED, error=message, finished_at=utcnow(), lease_expires=0.0
            )
        except (LeaseLost, SQLAlchemyError):
            log.exception("run %s: its failure could not be recorded", run_id)
        return FAILED
    finally:
        lease.stop.set()
        keeper.join()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a run traces: the stored files by role, and its options."""

    sheets: list[tuple[Path, str]]
    trade: list[tuple[Path, str]]
    sanctions: list[tuple[Path, str]]
    columns: str
    platform: str
    name: str
    recovered: str


def _plan(session: Session, run_id: int, uploads: Path) -> _Plan:
    run = session.get_one(Run, run_id)
    files: dict[str, list[tuple[Path, str]]] = {}
    for i in run.inputs:
        if i.stored_as and not i.error:
            files.setdefault(i.role, []).append((uploads / i.stored_as, i.name))
    return _Plan(
        files.get("teardown", []), files.get("trade", []), files.get("sanctions", []),
        run.columns, run.platform, run.name, run.recovered,
    )  # fmt: skip


def _execute(lease: Lease, data_dir: Path) -> str:
    run_id = lease.run_id

    def start(s: Session) -> tuple[_Plan, Any]:
        _renew(s, run_id, lease.owner)
        s.execute(delete(RowResult).where(RowResult.run_id == run_id))
        return _plan(s, run_id, data_dir / "uploads"), decision_book(s)

    plan, book = lease.db.write(start)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        lease.check()
        try:
            lease.db.write(
                lambda s: _renew(s, run_id, lease.owner, rows_done=done, rows_total=total),
                patience=2,
            )  # fmt: skip
        except LeaseLost:
            lease.lost.set()
            raise
        except SQLAlchemyError:  # progress is only shown: a busy database skips it
            log.info("run %s: progress %s/%s not written (database busy)", run_id, done, total)  # fmt: skip

    with _named_copies(data_dir, run_id, plan) as (trade, sanctions):
        result = trace(
            [p for p, _ in plan.sheets], names=[n for _, n in plan.sheets],
            columns=plan.columns or None, platform=plan.platform, name=plan.name,
            decisions=book, progress=progress, trade=trade, sanctions=sanctions,
            recovered=plan.recovered or None,
        )  # fmt: skip
    # The report, the outputs and the run page say what fixes a problem in the app's words.
    result = replace(result, problems=[p.worded(WEB_WORDS) for p in result.problems])
    lease.check()
    out_dir = data_dir / "runs" / str(run_id)
    written = write_outputs(
        result, out_dir, formats=(*FORMATS, *EXTRA_FORMATS), name=REPORT_STEM
    )
    outputs = [p.name for p in written if p.stat().st_size > 0]
    _store(lease, result, outputs, len(book))
    return DONE


@contextmanager
def _named_copies(
    data_dir: Path, run_id: int, plan: _Plan
) -> Iterator[tuple[list[Path], list[Path]]]:
    """The run's trade and sanctions files under their uploaded names, in a folder of
    their own for the length of the trace: the library names files in its messages and
    the report, and finds an OFAC list's ``alt.csv``/``add.csv`` beside it by name.
    The copies are hard links where the file system allows."""
    root = data_dir / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root, prefix=f"run{run_id}-"))
    try:
        trade = _link_all(plan.trade, folder / "trade")
        sanctions = _link_all(plan.sanctions, folder / "sanctions")
        beside = {c for path in sanctions for c in companion_files(path)}
        yield trade, [p for p in sanctions if p not in beside]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _link_all(files: Sequence[tuple[Path, str]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for stored, name in files:
        target = folder / name
        try:
            os.link(stored, target)
        except OSError:  # no hard links here (or across devices): copy instead
            shutil.copyfile(stored, target)
        made.append(target)
    return made


def _store(
    lease: Lease, result: TraceResult, outputs: list[str], decisions: int
) -> None:
    """Stores the output rows chunk by chunk, then the run's counts and status."""
    run_id = lease.run_id
    rows = [_row(run_id, n, o, r) for n, (o, r) in enumerate(zip(result.outcomes, result.records(), strict=True))]  # fmt: skip
    for start in range(0, len(rows), ROWS_PER_CHUNK):
        chunk = rows[start : start + ROWS_PER_CHUNK]

        def add(s: Session, chunk: list[dict[str, Any]] = chunk) -> None:
            _renew(s, run_id, lease.owner)
            s.execute(insert(RowResult), chunk)

        lease.check()
        lease.db.write(add)
    lease.check()
    lease.db.write(lambda s: _finish(s, lease, result, outputs, decisions))


def _finish(
    s: Session, lease: Lease, result: TraceResult, outputs: list[str], decisions: int
) -> None:
    _renew(s, lease.run_id, lease.owner, lease_expires=0.0)
    counts = result.counts
    run = s.get_one(Run, lease.run_id)
    errors = {
        p.file: WEB_WORDS(p.message)
        for p in result.problems
        if p.severity.value == "error"
    }
    unread = _unread(result)
    for stored in run.inputs:
        if not stored.error and stored.name in errors and stored.name in unread:
            stored.error = errors[stored.name]
        _describe_reference(stored, result)
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
         "message": WEB_WORDS(p.message), "remedy": WEB_WORDS(p.remedy),
         "text": p.text(WEB_WORDS)}
        for p in result.problems
    ]  # fmt: skip
    run.catalogs = [
        {"name": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256}
        for f in result.info.catalogs
    ]


def _unread(result: TraceResult) -> set[str]:
    """The names of the inputs the run could not read at all."""
    read = {i.name for i in result.info.inputs if i.sha256}
    read |= {f.name for f in result.info.references if not f.error}
    named = {i.name for i in result.info.inputs} | {
        f.name for f in result.info.references
    }
    return named - read


def _describe_reference(stored: RunInput, result: TraceResult) -> None:
    """Records how a trade or sanctions file was read (its layout and rows), or that it
    was read beside a sanctions list (an OFAC ``alt.csv``/``add.csv``)."""
    if stored.role == "teardown" or stored.error:
        return
    found = next(
        (f for f in result.info.references if f.name == stored.name and f.role == stored.role),
        None,
    )  # fmt: skip
    if found is None:
        stored.sheets = [{"layout": "read beside the sanctions list", "rows": 0}]
    else:
        stored.sheets = [{"layout": found.layout, "rows": found.rows}]


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
    """Hands runs to a pool of worker processes (or threads, in tests), and every
    ``SWEEP_SECONDS`` looks for runs nobody traces (see ``sweep``)."""

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
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    def submit(self, run_id: int) -> Future[str]:
        with self._lock:
            running = self.futures.get(run_id)
            if running is not None:
                return running
            future = self._pool.submit(
                execute_run, self.database_url, str(self.data_dir), run_id
            )
            self.futures[run_id] = future
        future.add_done_callback(lambda _f: self._forget(run_id, future))
        return future

    def _forget(self, run_id: int, future: Future[str]) -> None:
        with self._lock:
            if self.futures.get(run_id) is future:
                del self.futures[run_id]

    def sweep(self, db: Database) -> list[int]:
        """Hands the pool every run nobody traces: queued without a lease (also another
        server's, which may be busy), or running under an expired lease (its worker or
        server died). Runs already in this pool are left alone."""
        now = time.time()
        with db.reading() as s:
            ids = list(
                s.scalars(
                    select(Run.id)
                    .where(
                        Run.status.in_((QUEUED, RUNNING)),
                        or_(Run.lease_owner == "", Run.lease_expires < now),
                    )
                    .order_by(Run.id)
                )
            )
        with self._lock:
            fresh = [i for i in ids if i not in self.futures]
        for run_id in fresh:
            self.submit(run_id)
        return fresh

    def start_sweeping(self, db: Database) -> None:
        """Sweeps now and then every ``SWEEP_SECONDS`` until ``shutdown``."""

        def loop() -> None:
            while True:
                try:
                    found = self.sweep(db)
                    if found:
                        log.info("queued runs nobody was tracing: %s", found)
                except SQLAlchemyError:
                    log.warning("could not look for unfinished runs (database busy)")
                if self._stop.wait(SWEEP_SECONDS):
                    return

        self._sweeper = threading.Thread(
            target=loop, daemon=True, name="bomtrace-sweep"
        )
        self._sweeper.start()

    def wait(self, run_id: int, timeout: float = 60) -> str | None:
        """Waits for a run handed to this queue (tests); None when it is not in flight."""
        future = self.futures.get(run_id)
        return future.result(timeout) if future else None

    def shutdown(self) -> None:
        self._stop.set()
        if self._sweeper is not None:
            self._sweeper.join()
        self._pool.shutdown(wait=True, cancel_futures=True)

"""Finding and reading the run files a report is over: files and folders of the JSON
runs ``bomtrace trace`` writes -> ``RunDocument`` records, each teardown once.

I/O. The reports across teardowns (``bomtrace report aggregate``, ``bomtrace report
manufacturer``) read runs from their JSON outputs, so they can be made later, elsewhere,
from files kept under version control. A folder stands for the run files in it; a file
named explicitly must be a run file. The same teardown given twice (the same input
files by SHA-256) is counted once, and the report says so. Each file is read, and its
format version checked, by ``export.run_document``, the module that writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from bomtrace.errors import ReportInputError
from bomtrace.export.run_document import RunDocument, is_run_file, read_run
from bomtrace.report.text_parties import with_chain_parties


def find_run_files(paths: Iterable[str | Path]) -> list[Path]:
    """The run files named: files as given, folders as the run files in them (by name)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.glob("*.json")) if p.is_file() and is_run_file(p)
            )
        else:
            found.append(path)
    return found


def read_runs(paths: Sequence[str | Path]) -> tuple[list[RunDocument], list[str]]:
    """Reads every run named (files or folders); returns them and notes on what was left out."""
    files = find_run_files(paths)
    if not files:
        raise ReportInputError(
            f"no bomtrace run files in {', '.join(str(p) for p in paths) or '(nothing given)'}",
            remedy="Give the .json files bomtrace trace wrote, or the folder that holds them",
        )
    runs: list[RunDocument] = []
    notes: list[str] = []
    seen_paths: set[Path] = set()
    seen: dict[tuple[str, ...], RunDocument] = {}
    for path in files:
        resolved = path.resolve()
        if resolved in seen_paths:
            continue
        seen_paths.add(resolved)
        run = with_parties(read_run(path))
        earlier = seen.get(run.fingerprint) if any(run.fingerprint) else None
        if earlier is not None:
            notes.append(
                f"{run.path} traces the same input files as {earlier.path} (same SHA-256); counted once"
            )
            continue
        seen[run.fingerprint] = run
        runs.append(run)
    return runs, notes


def with_parties(run: RunDocument) -> RunDocument:
    """The run with ``chain_parties`` on every row: runs written before that column
    have it made from their text cells, once, so the reports read one form."""
    return replace(run, rows=tuple(with_chain_parties(row) for row in run.rows))

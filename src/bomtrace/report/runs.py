"""Reading runs back: the JSON files ``bomtrace trace`` writes -> ``RunDocument`` records.

I/O. The reports across teardowns (``bomtrace report aggregate``, ``bomtrace report
manufacturer``) read runs from their JSON outputs, so they can be made later, elsewhere,
from files kept under version control. A folder stands for the run files in it; a file
named explicitly must be a run file. The same teardown given twice (the same input
files by SHA-256) is counted once, and the report says so. A row without a readable
``chain_parties`` cell (a run from before it) is given one from its text cells.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bomtrace.errors import ReportInputError
from bomtrace.export.json_file import FORMAT, FORMAT_VERSION
from bomtrace.remedies import Phrase, Setting, Text
from bomtrace.report.text_parties import with_chain_parties


@dataclass(frozen=True, slots=True, kw_only=True)
class RunDocument:
    """One run as its JSON file records it: metadata, columns and rows."""

    path: str
    name: str
    platform: str
    run_at: str
    tool_version: str
    inputs: tuple[Mapping[str, Any], ...]
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    format_version: int = FORMAT_VERSION
    # When the weapon was recovered (ISO date, '' when the run was not told).
    recovered: str = ""

    @property
    def label(self) -> str:
        """How reports name the run's platform: the platform, else the run's name."""
        return self.platform or self.name

    @property
    def fingerprint(self) -> tuple[str, ...]:
        """The SHA-256 of its inputs (and the rows chosen of them): two runs with the
        same are the same teardown."""
        return tuple(
            sorted(
                str(i.get("sha256", ""))
                + (f"#{i['selection']}" if i.get("selection") else "")
                for i in self.inputs
            )
        )


def _fail(path: Path, problem: str, remedy: Text) -> ReportInputError:
    return ReportInputError(f"run file {path}: {problem}", remedy=remedy)


def read_run(path: Path) -> RunDocument:
    """Reads one JSON run file, checking that it is one and that it is whole."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "not found", "Check the path") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(
            path,
            f"cannot be read as JSON ({exc})",
            "Give the .json file bomtrace trace wrote",
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(
            path,
            "is not a bomtrace run file",
            Phrase(
                "Give the .json file a trace wrote ({setting})", Setting.FORMATS, "json"
            ),
        )
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(
            path,
            f"has format version {version!r}, newer than this bomtrace reads ({FORMAT_VERSION})",
            "Upgrade bomtrace",
        )
    run, rows = document.get("run"), document.get("rows")
    if not isinstance(run, dict) or not isinstance(rows, list):
        raise _fail(path, "lacks its run or rows section", "Trace the teardown again")
    if not all(isinstance(r, dict) for r in rows):
        raise _fail(path, "has rows that are not records", "Trace the teardown again")
    counts = document.get("counts") or {}
    if isinstance(counts, dict) and counts.get("read", len(rows)) != len(rows):
        raise _fail(
            path,
            f"holds {len(rows)} rows but says it read {counts.get('read')}",
            "The file is damaged or was edited; trace the teardown again",
        )
    # Runs from before the chain_parties column: their text cells say it instead.
    document["rows"] = [with_chain_parties(row) for row in rows]
    return run_of(document, str(path), version)


def run_of(
    document: Mapping[str, Any], path: str, version: int = FORMAT_VERSION
) -> RunDocument:
    """A run document (``TraceResult.document()`` or a checked JSON file) as a record."""
    run, rows = document["run"], document["rows"]
    columns = document.get("columns") or (list(rows[0]) if rows else [])
    return RunDocument(
        path=path,
        name=str(run.get("name", "") or Path(path).stem),
        platform=str(run.get("platform", "")),
        run_at=str(run.get("run_at", "")),
        tool_version=str(run.get("tool_version", "")),
        inputs=tuple(i for i in run.get("inputs", []) if isinstance(i, dict)),
        columns=tuple(str(c) for c in columns),
        rows=tuple(rows),
        format_version=version,
        recovered=str(run.get("recovered", "") or ""),
    )


def _is_run_file(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return f'"format": "{FORMAT}"' in head


def find_run_files(paths: Iterable[str | Path]) -> list[Path]:
    """The run files named: files as given, folders as the run files in them (by name)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.glob("*.json"))
                if p.is_file() and _is_run_file(p)
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
        run = read_run(path)
        earlier = seen.get(run.fingerprint) if any(run.fingerprint) else None
        if earlier is not None:
            notes.append(
                f"{run.path} traces the same input files as {earlier.path} (same SHA-256); counted once"
            )
            continue
        seen[run.fingerprint] = run
        runs.append(run)
    return runs, notes

"""The run as one JSON document, both ways: built from a ``TraceResult`` and written
(``bomtrace trace --format json``), and read back as a ``RunDocument`` (the reports
across teardowns, ``bomtrace trade link``).

I/O. The layout is versioned (``FORMAT_VERSION``) so reports across runs (``bomtrace
report aggregate``) can read files written by older versions; the check lives here,
beside the version it checks and the code that writes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bomtrace.errors import ReportInputError
from bomtrace.export.table import COLUMNS
from bomtrace.files import atomic_write
from bomtrace.remedies import LIBRARY_WORDS, Phrase, Setting, Text

if TYPE_CHECKING:
    from bomtrace.result import TraceResult

FORMAT = "bomtrace-run"
FORMAT_VERSION = 1


def run_document(result: TraceResult, *, rows: bool = True) -> dict[str, Any]:
    """The run as one JSON-ready document: metadata, counts, problems and rows.

    ``rows=False`` leaves the rows out (the JSON writer streams them after).
    """
    info = result.info
    counts = result.counts
    return {
        "run": {
            "tool": "bomtrace",
            "tool_version": info.tool_version,
            "run_at": info.run_at,
            "name": info.name,
            "platform": info.platform,
            "column_overrides": dict(info.column_overrides),
            "inputs": [
                {
                    "name": i.name, "path": i.path, "sha256": i.sha256, "size": i.size, "kind": i.kind,
                    "error": i.error, **({"selection": i.selection} if i.selection else {}),
                    "sheets": [
                        {"name": s.name, "header_row": s.header_row, "columns": dict(s.columns),
                         "rows": s.rows, "notes": list(s.notes)}
                        for s in i.sheets
                    ],
                }
                for i in info.inputs
            ],
            "catalogs": {
                "directory": _shown_path(info.catalog_dir),
                "files": [
                    {"name": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256} for f in info.catalogs
                ],
            },
            "recovered": info.recovered,
            "references": [
                {"role": f.role, "name": f.name, "layout": f.layout, "rows": f.rows, "sha256": f.sha256,
                 "error": f.error}
                for f in info.references
            ],
        },
        "counts": {
            "read": counts.read, "matched": counts.matched, "ambiguous": counts.ambiguous,
            "unmatched": counts.unmatched, "skipped": counts.skipped,
        },
        "problems": [
            {"file": p.file, "sheet": p.sheet, "severity": p.severity.value,
             "message": LIBRARY_WORDS(p.message), "remedy": LIBRARY_WORDS(p.remedy)}
            for p in result.problems
        ],
        "columns": list(COLUMNS),
        **({"rows": result.records()} if rows else {}),
    }  # fmt: skip


def _shown_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it (stable across machines)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def write_json(
    document: Mapping[str, Any],
    target: Path,
    rows: Iterable[Mapping[str, Any]] | None = None,
) -> Path:
    """Writes the run document to ``target`` (UTF-8, indented, keys in contract order).

    With ``rows``, the rows are streamed into the document's ``rows`` list one at a time,
    one row per line, so a million-row run never holds them all and diffs show rows.
    """
    whole = {"format": FORMAT, "format_version": FORMAT_VERSION, **document}
    with atomic_write(target, "w", encoding="utf-8") as handle:
        if rows is None:
            json.dump(whole, handle, ensure_ascii=False, indent=1)
        else:
            head = json.dumps({**whole, "rows": []}, ensure_ascii=False, indent=1)
            before, _, after = head.rpartition('"rows": []')
            handle.write(before + '"rows": [')
            count = 0
            for row in rows:
                text = json.dumps(row, ensure_ascii=False)
                handle.write(("\n  " if count == 0 else ",\n  ") + text)
                count += 1
            handle.write(("\n ]" if count else "]") + after)
        handle.write("\n")
    return target


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


def is_run_file(path: Path) -> bool:
    """True when the file opens as a run document (its first bytes name the format)."""
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return f'"format": "{FORMAT}"' in head

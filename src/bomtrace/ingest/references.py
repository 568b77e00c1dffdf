"""Loading the provenance chain's reference files: trade records and sanctions lists.

I/O at the edge. Each file is read with its reader (``trade``, ``sanctions``); a file
that cannot be used becomes a ``Problem`` and the others are still read, as for
teardown sheets. Every file is described (layout, rows, SHA-256) for the run's metadata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.errors import InputError
from bomtrace.files import sha256_of
from bomtrace.ingest.sanctions import read_sanctions_file
from bomtrace.ingest.trade import read_trade_file
from bomtrace.model import Problem, SanctionEntry, Severity, TradeRecord


@dataclass(frozen=True, slots=True)
class ReferenceFile:
    """One trade or sanctions file as the run read it."""

    role: str
    name: str
    path: str
    layout: str = ""
    rows: int = 0
    sha256: str = ""
    error: str = ""


@dataclass(slots=True)
class References:
    """The trade records and list entries of a run, the files they came from, problems."""

    trade: list[TradeRecord] = field(default_factory=list)
    sanctions: list[SanctionEntry] = field(default_factory=list)
    files: list[ReferenceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_references(
    trade: Sequence[str | Path] = (),
    sanctions: Sequence[str | Path] = (),
    *,
    trade_columns: Mapping[str, str] | None = None,
    logos: Mapping[str, str] | None = None,
) -> References:
    """Reads every trade-records and sanctions-list file; problems are collected.

    ``trade_columns``: the column mapping of trade files whose headers are not
    recognised; ``logos``: makers' names and logos, so descriptions are read with them.
    """
    loaded = References()
    for item in trade:
        path = Path(item)
        try:
            found = read_trade_file(path, columns=trade_columns, logos=logos)
        except InputError as exc:
            loaded.problems.append(exc.to_problem())
            loaded.files.append(
                ReferenceFile("trade", path.name, str(path), error=exc.message)
            )
            continue
        loaded.trade.extend(found.records)
        loaded.problems.extend(
            Problem(file=path.name, message=note, severity=Severity.NOTE)
            for note in found.notes
        )
        loaded.files.append(
            ReferenceFile(
                "trade",
                path.name,
                str(path),
                "trade records (" + "; ".join(found.layouts) + ")",
                len(found.records),
                sha256_of(path),
            )
        )
    for item in sanctions:
        path = Path(item)
        try:
            layout, entries = read_sanctions_file(path)
        except InputError as exc:
            loaded.problems.append(exc.to_problem())
            loaded.files.append(
                ReferenceFile("sanctions", path.name, str(path), error=exc.message)
            )
            continue
        loaded.sanctions.extend(entries)
        loaded.files.append(
            ReferenceFile(
                "sanctions", path.name, str(path), layout, len(entries), sha256_of(path)
            )
        )
    return loaded

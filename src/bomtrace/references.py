"""Loading the provenance chain's reference files: trade records and sanctions lists.

I/O at the edge. Each file is read with its ingest reader (``ingest.trade``,
``ingest.sanctions``); a file that cannot be used becomes a ``Problem`` and the others
are still read, as for teardown sheets. Every file is described (layout, rows, SHA-256)
for the run's metadata. Trade records may also be a store folder (``bomtrace trade
import``): it is opened (``trade.store``), not read; the linking engine reads it where
it lies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.errors import InputError, TradeStoreError
from bomtrace.files import sha256_of
from bomtrace.ingest.sanctions import read_sanctions_file
from bomtrace.ingest.trade import read_trade_file
from bomtrace.model import Problem, SanctionEntry, Severity
from bomtrace.remedies import LIBRARY_WORDS
from bomtrace.result import ReferenceFile
from bomtrace.trade.linking import TradeSource
from bomtrace.trade.store import MANIFEST, open_store


@dataclass(slots=True)
class References:
    """The trade records and list entries of a run, the files they came from, problems."""

    source: TradeSource = field(default_factory=TradeSource)
    sanctions: list[SanctionEntry] = field(default_factory=list)
    files: list[ReferenceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, kind: str, path: Path, problem: Problem) -> None:
        """Records a file that cannot be used: its problem, and its entry with the error."""
        self.problems.append(problem)
        self.files.append(
            ReferenceFile(
                kind, path.name, str(path), error=LIBRARY_WORDS(problem.message)
            )
        )


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
        if path.is_dir():
            try:
                store = open_store(path)
            except TradeStoreError as exc:
                problem = Problem(
                    file=path.name, message=exc.message, remedy=exc.remedy
                )
                loaded.refuse("trade", path, problem)
                continue
            loaded.source.add_store(store)
            loaded.files.append(
                ReferenceFile(
                    "trade", path.name, str(path), store.describe(), store.records,
                    sha256_of(path / MANIFEST),
                )
            )  # fmt: skip
            continue
        try:
            found = read_trade_file(path, columns=trade_columns, logos=logos)
        except InputError as exc:
            loaded.refuse("trade", path, exc.to_problem())
            continue
        loaded.source.add_records(found.records)
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
            loaded.refuse("sanctions", path, exc.to_problem())
            continue
        loaded.sanctions.extend(entries)
        loaded.files.append(
            ReferenceFile(
                "sanctions", path.name, str(path), layout, len(entries), sha256_of(path)
            )
        )
    return loaded

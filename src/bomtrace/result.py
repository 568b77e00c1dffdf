"""What a run produced: ``TraceResult`` (one outcome per input row, problems, run
metadata) and the records of its metadata (``RunInfo``, ``InputInfo``, ``SheetInfo``,
``ReferenceFile``) and row counts (``Counts``).

The types every later stage reads: ``bomtrace.api`` builds them, the export writers
and the reports take them. Their rows in the output row contract come from
``export.table`` and the run as one JSON document from ``export.run_document``, the
module that also reads run files back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bomtrace.catalog import Catalog
from bomtrace.catalog.records import CatalogFile
from bomtrace.export.run_document import run_document
from bomtrace.export.table import COLUMNS, OutputRows
from bomtrace.model import Problem, RowOutcome, Severity, Status

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """How one sheet was read: header row, column letters per role, row count, notes."""

    name: str
    header_row: int
    columns: Mapping[str, str]
    rows: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InputInfo:
    """One input file as the run saw it (name, size, SHA-256, sheets)."""

    path: str
    name: str
    sha256: str = ""
    size: int = 0
    kind: str = ""
    sheets: tuple[SheetInfo, ...] = ()
    error: str = ""
    # The rows of the file this run covers, when not all of them (a run per weapon of a
    # reported-components catalog: "weapons: orlan-10-uav-no-14662").
    selection: str = ""


@dataclass(frozen=True, slots=True)
class Counts:
    """Rows read, and how they split: read = matched + ambiguous + unmatched + skipped."""

    read: int = 0
    matched: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    skipped: int = 0

    @property
    def parts(self) -> int:
        """Rows that are parts (everything not skipped)."""
        return self.read - self.skipped

    def reconciles(self) -> bool:
        return (
            self.read == self.matched + self.ambiguous + self.unmatched + self.skipped
        )

    def line(self) -> str:
        """The reconciliation line the CLI prints and the report shows."""
        return (
            f"{self.read} rows read = {self.matched} matched + {self.ambiguous} ambiguous"
            f" + {self.unmatched} unmatched + {self.skipped} skipped"
        )


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


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run was: tool version, date, platform, inputs with hashes, catalogs with hashes."""

    tool_version: str
    run_at: str
    name: str
    platform: str
    inputs: tuple[InputInfo, ...]
    catalogs: tuple[CatalogFile, ...]
    catalog_dir: str
    column_overrides: Mapping[str, str] = field(default_factory=dict)
    references: tuple[ReferenceFile, ...] = ()
    recovered: str = ""


@dataclass(slots=True)
class TraceResult:
    """Everything a run produced: one outcome per input row, problems and run metadata."""

    outcomes: list[RowOutcome]
    problems: list[Problem]
    info: RunInfo
    catalog: Catalog

    @property
    def counts(self) -> Counts:
        tally = Counter(o.status for o in self.outcomes)
        return Counts(
            read=len(self.outcomes),
            matched=tally[Status.MATCHED],
            ambiguous=tally[Status.AMBIGUOUS],
            unmatched=tally[Status.UNMATCHED],
            skipped=tally[Status.SKIPPED],
        )

    @property
    def has_errors(self) -> bool:
        """True when an input or a sheet could not be used (the CLI exits 2)."""
        return any(p.severity is Severity.ERROR for p in self.problems)

    def records(self) -> list[dict[str, Any]]:
        """The output rows as dicts in the row contract's column order."""
        return list(self.iter_records())

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """The output rows one at a time (writers stream them instead of holding a list)."""
        return OutputRows().records(self.outcomes)

    def to_frame(self) -> pd.DataFrame:
        """The output rows as a pandas DataFrame with the row contract's columns."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=list(COLUMNS))

    def document(self, *, rows: bool = True) -> dict[str, Any]:
        """The run as one JSON-ready document: metadata, counts, problems and rows.

        ``rows=False`` leaves the rows out (the JSON writer streams them after).
        """
        return run_document(self, rows=rows)


def run_timestamp() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds and golden files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")

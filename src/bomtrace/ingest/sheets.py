"""A sheet as read from a file: its name and its rows of displayed cell text, streamed.

Records shared by the workbook and delimited-text readers. Rows are read once, as they
are used (``RowStream``), so a sheet of a million rows never sits in memory whole; the
first rows are kept for header detection. ``guard_rows`` puts the ingest limits between
a reader and its user: it cuts enormous cells (with a note), stops at the row and cell
limits (with an error naming the option that raises them), turns a reader's mid-sheet
failure into a problem on that sheet (rows read before it are kept), and drops the
blank rows at the end of a sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bomtrace.errors import InputError
from bomtrace.ingest.headers import column_letter
from bomtrace.ingest.limits import Limits
from bomtrace.model import Problem, Severity
from bomtrace.remedies import Phrase, Setting, extended

Row = tuple[int, Sequence[str]]
CUT_MARK = " …[cut]"
# Blank rows tolerated past the row limit before the sheet is called too long.
_BLANK_SLACK = 10_000
_SHOWN_CUTS = 5


class RowStream:
    """The rows of a sheet, read once, with the first rows kept for header detection."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._source = iter(rows)
        self._head: list[Row] = []
        self._started = False

    def head(self, count: int) -> list[Row]:
        """The first ``count`` rows (fewer when the sheet is shorter)."""
        while len(self._head) < count and not self._started:
            try:
                self._head.append(next(self._source))
            except StopIteration:
                break
        return self._head[:count]

    def __iter__(self) -> Iterator[Row]:
        if self._started:
            raise RuntimeError("the rows of a sheet can be read only once")
        self._started = True
        yield from self._head
        yield from self._source


@dataclass(slots=True)
class RawSheet:
    """The rows of one sheet (1-based row number, cells as displayed) and reader notes.

    ``problems`` fills in while the rows are read: read them all before looking.
    """

    name: str
    rows: RowStream
    notes: list[str] = field(default_factory=list)
    hidden: bool = False
    problems: list[Problem] = field(default_factory=list)
    reader: str = ""
    """How a workbook sheet was read: "whole" (calamine) or "streamed" (openpyxl)."""


def guard_rows(
    rows: Iterable[Row], *, file: str, sheet: RawSheet, limits: Limits
) -> Iterator[Row]:
    """Applies the ingest limits to a reader's rows; see the module docstring."""
    cells_seen = 0
    blank_from = 0  # first of the blank rows not yet passed on (0: none)
    cuts: list[str] = []
    last = 0
    try:
        for number, cells in rows:
            cells_seen += max(1, len(cells))
            blank = not any(cells)
            if number > limits.max_rows and (
                not blank or number > limits.max_rows + _BLANK_SLACK
            ):
                sheet.problems.append(_too_many_rows(file, sheet.name, limits))
                return
            if cells_seen > limits.max_cells:
                sheet.problems.append(_too_many_cells(file, sheet.name, last, limits))
                return
            if blank:
                if not blank_from and number <= limits.max_rows:
                    blank_from = number
                continue
            if blank_from:
                for blank_number in range(blank_from, number):
                    yield blank_number, ()
                blank_from = 0
            if cells and max(map(len, cells)) > limits.max_cell_chars:
                cells = _cut(number, cells, limits.max_cell_chars, cuts)
            last = number
            yield number, cells
    except InputError as exc:
        sheet.problems.append(
            Problem(
                file=file,
                sheet=sheet.name,
                message=extended(
                    exc.message, f"; the rows up to {last} were read" if last else ""
                ),
                remedy=exc.remedy,
            )
        )
    finally:
        if cuts:
            sheet.problems.append(_cut_note(file, sheet.name, cuts, limits))


def _cut(number: int, cells: Sequence[str], limit: int, cuts: list[str]) -> list[str]:
    kept = []
    for index, cell in enumerate(cells):
        if len(cell) > limit:
            cuts.append(f"{column_letter(index)}{number} ({len(cell):,} characters)")
            cell = cell[:limit] + CUT_MARK
        kept.append(cell)
    return kept


def _cut_note(file: str, sheet: str, cuts: list[str], limits: Limits) -> Problem:
    shown = ", ".join(cuts[:_SHOWN_CUTS]) + (
        f" and {len(cuts) - _SHOWN_CUTS} more" if len(cuts) > _SHOWN_CUTS else ""
    )
    return Problem(
        file=file,
        sheet=sheet,
        message=f"{len(cuts)} cell{'s' if len(cuts) > 1 else ''} longer than"
        f" {limits.max_cell_chars:,} characters (Excel's limit) cut to that length"
        f" and marked '{CUT_MARK.strip()}': {shown}",
        severity=Severity.NOTE,
    )


def _too_many_rows(file: str, sheet: str, limits: Limits) -> Problem:
    return Problem(
        file=file,
        sheet=sheet,
        message=f"the sheet has more than {limits.max_rows:,} rows; the rows after"
        f" {limits.max_rows:,} were not read",
        remedy=Phrase(
            "If they are genuine, raise the limit with {setting}",
            Setting.MAX_ROWS,
            str(limits.max_rows * 2),
        ),
    )


def _too_many_cells(file: str, sheet: str, last: int, limits: Limits) -> Problem:
    return Problem(
        file=file,
        sheet=sheet,
        message=f"the sheet has more than {limits.max_cells:,} cells (rows times"
        f" columns, blank ones included); the rows after {last:,} were not read",
        remedy=Phrase(
            "If they are genuine, raise the limit with {setting}",
            Setting.MAX_CELLS,
            str(limits.max_cells * 2),
        ),
    )

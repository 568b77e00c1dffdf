"""The output row contract: one record per input row, columns in one fixed order.

Pure. ``CONTRACT_COLUMNS`` are an interface other people's scripts depend on: later
versions add columns after them and never rename or drop one. ``OutputRows`` turns a
``RowOutcome`` into its cells in that order; every writer (CSV, XLSX, JSON, the HTML
table, ``TraceResult.to_frame``) goes through it, or through ``to_record`` (the same
cells as a dict). Sheets repeat parts, so the cells that come from the identification,
the maker's origin and the provenance chain are made once per distinct value and
reused; only the row's own cells are made for every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from bomtrace.column_roles import ROLE_TABLE, ROLES
from bomtrace.export.cells import csv_field
from bomtrace.export.chain_columns import (
    CHAIN_COLUMNS,
    blank_chain_cells,
    chain_parties,
    joined_evidence,
    maker_then_evidence,
    part_cells,
    part_evidence,
    window_cells,
    window_evidence,
)
from bomtrace.export.reported_column import REPORTED_IN, entries_cell
from bomtrace.model import (
    Candidate,
    Chain,
    Identification,
    Origin,
    ReportedEntry,
    RowOutcome,
    Status,
)

# The columns issue #2 fixed, in order. Never rename or drop one.
CONTRACT_COLUMNS: tuple[str, ...] = (
    "source_file", "source_sheet", "source_row", "marking", "manufacturer_given", "quantity",
    "date_code", "status", "reason", "mpn", "manufacturer", "manufacturer_parent",
    "manufacturer_country", "coalition_origin", "category", "match_method", "confidence",
    "candidates", "evidence",
)  # fmt: skip

# Columns added since, in the order they were added.
ADDED_COLUMNS: tuple[str, ...] = (
    "part_number_given", "designator", "description_given", "lot_code", "notes",
    "marking_normalised", "description", "manufacturer_parent_country", "origin_source",
    "quantity_value", "extra",
    *CHAIN_COLUMNS,  # issue #4: produced_from ... chain_evidence
    "chain_parties",  # the chain's parties as JSON, for programs (#5)
    "maker_at_production",  # who made the part when it was made (#12)
    REPORTED_IN,  # published records of the same part in weapons, as JSON (#13)
)  # fmt: skip

# The columns of roles added to ``column_roles.ROLE_TABLE`` since: last, in table order.
# (A column added later goes after them, so no column ever moves; the golden CSV's header
# line checks that.)
ROLE_COLUMNS_ADDED: tuple[str, ...] = tuple(
    ROLE_TABLE[r].column
    for r in ROLES
    if ROLE_TABLE[r].column not in CONTRACT_COLUMNS + ADDED_COLUMNS
)

COLUMNS: tuple[str, ...] = CONTRACT_COLUMNS + ADDED_COLUMNS + ROLE_COLUMNS_ADDED

_QUANTITY = re.compile(r"^\s*(\d+(?:[.,]0+)?)\s*(pcs|шт\.?|pc|x)?\s*$", re.IGNORECASE)


def parse_quantity(text: str) -> int | None:
    """Reads a quantity cell ('2', '2.0', '3 pcs', '4 шт') as a whole number, else None."""
    found = _QUANTITY.match(text)
    if not found:
        return None
    return int(float(found[1].replace(",", ".")))


def format_candidate(candidate: Candidate) -> str:
    """'Maker: MPN' (or just the maker when the part number is unknown)."""
    return f"{candidate.maker}: {candidate.mpn}" if candidate.mpn else candidate.maker


def to_record(outcome: RowOutcome) -> dict[str, Any]:
    """One output row in contract order (strings, an int row number, a float confidence)."""
    return dict(zip(COLUMNS, OutputRows().cells(outcome), strict=True))


Text = Callable[[str], Any]
S = TypeVar("S")
T = TypeVar("T")
# The row's own cells: each role's as read, in the order of their columns, then "extra"
# (the unmapped cells). The first four are contract columns, the next five were added
# before ROLE_COLUMNS_ADDED; ``OutputRows.cells`` places them so.
_OWN_ROLES = (
    *sorted(ROLES, key=lambda role: COLUMNS.index(ROLE_TABLE[role].column)),
    "extra",
)
_BLANKS = ("",) * len(_OWN_ROLES)


def _same(text: str) -> str:
    return text


class OutputRows:
    """Output rows as lists of cells in ``COLUMNS`` order.

    ``text`` is applied to every text cell (the writers neutralise formulas with it);
    numbers and blanks (None) are left as they are. The cells shared by many rows are
    cached for the life of the object: keep one per run being written.
    """

    def __init__(self, text: Text = _same) -> None:
        self.text = text
        # Keyed by id() (the run shares one object per distinct identification, origin
        # and chain); the value keeps the object, so the id cannot be reused.
        self._idents: dict[tuple[int, Status], tuple[object, tuple[Any, ...]]] = {}
        self._origins: dict[tuple[int, bool], tuple[object, tuple[Any, ...]]] = {}
        self._chains: dict[int, tuple[Chain, tuple[Any, ...]]] = {}
        self._window_cells: dict[int, tuple[object, tuple[Any, ...], str]] = {}
        self._part_cells: dict[
            tuple[tuple[int, ...], tuple[str, ...]],
            tuple[object, tuple[Any, ...], str, Any],
        ] = {}
        self._quantities: dict[str, int | None] = {}
        self._where: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._status = {s: text(s.value) for s in Status}
        self._reported_empty = text(entries_cell(()))
        self._reported: dict[int, tuple[object, Any]] = {}
        # CSV text of the shared cells, by id() (each entry keeps its object).
        self._csv_groups: dict[int, tuple[object, tuple[str, ...]]] = {}
        self._csv_runs: dict[int, tuple[object, str]] = {}
        self._csv_cells: dict[int, tuple[object, str]] = {}
        self._chains_csv: dict[int, tuple[Chain, str]] = {}
        self._blank_chain = {
            skipped: self._fitted((*blank_chain_cells(skipped), "", ""))
            for skipped in (True, False)
        }

    def records(self, outcomes: Iterable[RowOutcome]) -> Iterator[dict[str, Any]]:
        """The rows as dicts (the JSON file and the DataFrame)."""
        for outcome in outcomes:
            yield dict(zip(COLUMNS, self.cells(outcome), strict=True))

    def rows(self, outcomes: Iterable[RowOutcome]) -> Iterator[list[Any]]:
        """The rows as lists of cells (the CSV and XLSX files)."""
        return map(self.cells, outcomes)

    def cells(self, outcome: RowOutcome) -> list[Any]:
        """One output row in ``COLUMNS`` order."""
        return self._layout(outcome, as_csv=False)

    def csv_lines(self, outcomes: Iterable[RowOutcome]) -> Iterator[str]:
        """The rows as CSV lines, as the csv module's excel dialect writes ``cells``;
        the cells rows share (identification, origin, chain) are quoted once."""
        for outcome in outcomes:
            yield ",".join(self._layout(outcome, as_csv=True)) + "\r\n"

    def _layout(self, outcome: RowOutcome, *, as_csv: bool) -> list[Any]:
        """The row's cells in ``COLUMNS`` order; ``as_csv``: each one as CSV text, and
        the chain's cells as one joined field."""
        row = outcome.row
        ref = row.ref
        text = self.text
        skipped = outcome.status is Status.SKIPPED
        ident: Sequence[Any] = self._ident_cells(outcome.identification, outcome.status)
        origin: Sequence[Any] = self._origin_cells(outcome.origin, skipped)
        chain = outcome.chain
        place = self._where.get((ref.file, ref.sheet))
        if place is None:
            place = self._where[(ref.file, ref.sheet)] = (
                text(ref.file),
                text(ref.sheet),
            )
        where: Sequence[Any] = place
        chained: Sequence[Any] = (
            (self._chain_csv(chain, skipped),)
            if as_csv
            else self._blank_chain[skipped]
            if chain is None
            else self._chain_cells(chain)
        )
        # The role cells in column order, then extra: blank when the sheet has none.
        own: list[Any] = [
            text(v) if v else v for v in map(row.values.get, _OWN_ROLES, _BLANKS)
        ]
        number: Any = ref.row
        status = self._status[outcome.status]
        reason = text(outcome.reason) if outcome.reason else ""
        quantity: Any = (
            None if skipped else self._quantity(row.values.get("quantity", ""))
        )
        reported = self._reported_cell(outcome.reported)
        blank: Any = None
        if as_csv:
            ident, origin, where = (
                self._quoted(ident),
                self._quoted(origin),
                self._quoted(place),
            )
            own = [csv_field(v) if v else "" for v in own]
            number, reason, quantity = (
                str(number),
                csv_field(reason),
                csv_field(quantity),
            )
            status, reported = self._quoted_one(status), self._quoted_one(reported)
            blank = ""
        return [
            where[0], where[1], number, own[0], own[1], own[2], own[3], status, reason,
            ident[0], ident[1], origin[0], origin[1], origin[2], ident[2], ident[3],
            blank if skipped else ident[4], ident[5], ident[6],
            own[4], own[5], own[6], own[7], own[8], ident[7], ident[8], origin[3], origin[4],
            quantity, own[-1], *chained, reported, *own[9:-1],
        ]  # fmt: skip

    def _quoted(self, cells: Sequence[Any]) -> tuple[str, ...]:
        """A shared tuple of cells as CSV fields, quoted once per tuple."""
        return _once(self._csv_groups, cells, _csv_fields)

    def _joined(self, cells: Sequence[Any]) -> str:
        """A shared run of cells as one stretch of a CSV line, joined once per tuple."""
        return _once(self._csv_runs, cells, lambda c: ",".join(self._quoted(c)))

    def _quoted_one(self, cell: Any) -> str:
        """A shared cell (a status, a reported_in list) as a CSV field, quoted once."""
        return _once(self._csv_cells, cell, csv_field)

    def _ident_cells(
        self, ident: Identification | None, status: Status
    ) -> tuple[Any, ...]:
        """mpn, maker, category, method, confidence, candidates, evidence,
        marking_normalised, description."""
        key = (id(ident), status)
        cached = self._idents.get(key)
        if cached is not None:
            return cached[1]
        if ident is None:
            cells: tuple[Any, ...] = ("", "", "", "", 0.0, "", "", "", "")
        else:
            shown = (
                ident.candidates[1:] if status is Status.MATCHED else ident.candidates
            )
            candidates = "; ".join(dict.fromkeys(format_candidate(c) for c in shown))
            cells = (
                ident.mpn, ident.maker, ident.category, ident.method.value,
                ident.confidence, candidates, ident.evidence, ident.marking_normalised,
                ident.description,
            )  # fmt: skip
        cells = self._fitted(cells)
        self._idents[key] = (ident, cells)
        return cells

    def _origin_cells(self, origin: Origin | None, skipped: bool) -> tuple[Any, ...]:
        """parent, country, coalition, parent country, source."""
        key = (id(origin), skipped)
        cached = self._origins.get(key)
        if cached is not None:
            return cached[1]
        if origin is None:
            cells: tuple[Any, ...] = ("", "", "" if skipped else "unknown", "", "")
        else:
            cells = (
                origin.parent, origin.country, origin.coalition.value,
                origin.parent_country, origin.source,
            )  # fmt: skip
        cells = self._fitted(cells)
        self._origins[key] = (origin, cells)
        return cells

    def _chain_cells(self, chain: Chain) -> tuple[Any, ...]:
        """The chain columns and chain_parties, from the window's cells and the rest's,
        each made once (rows share their parts even where the whole chain differs)."""
        cached = self._chains.get(id(chain))
        if cached is not None:
            return cached[1]
        window, rest, tail = self._chain_pieces(chain)
        full = (*window, *rest, *tail)
        self._chains[id(chain)] = (chain, full)
        return full

    def _chain_pieces(
        self, chain: Chain
    ) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
        """The chain's cells in three shared pieces: the window's (one per production
        window), the rest's (one per export control, distributors, links, hits and
        notes), and the chain's own (evidence, chain_parties, maker at production)."""
        window = self._window_cells.get(id(chain.window))
        if window is None:
            window = self._window_cells[id(chain.window)] = (
                chain.window,
                self._fitted(window_cells(chain)),
                window_evidence(chain.window),
            )
        key = (
            id(chain.control),
            id(chain.distributors),
            id(chain.links),
            id(chain.hits),
        )
        rest = self._part_cells.get((key, chain.notes))
        if rest is None:
            parts = (chain.control, chain.distributors, chain.links, chain.hits)
            rest = self._part_cells[(key, chain.notes)] = (
                parts,
                self._fitted(part_cells(chain)),
                part_evidence(chain),
                self.text(chain_parties(chain)),
            )
        evidence = joined_evidence(window[2], maker_then_evidence(chain), rest[2])
        text = self.text
        return window[1], rest[1], (text(evidence), rest[3], text(chain.maker_then))

    def _chain_csv(self, chain: Chain | None, skipped: bool) -> str:
        """The chain's cells as one stretch of a CSV line, its shared pieces quoted once."""
        if chain is None:
            return self._joined(self._blank_chain[skipped])
        return _once(self._chains_csv, chain, self._chain_line)

    def _chain_line(self, chain: Chain) -> str:
        window, rest, (evidence, parties, then) = self._chain_pieces(chain)
        return ",".join(
            (
                self._joined(window),
                self._joined(rest),
                csv_field(evidence),
                self._quoted_one(parties),
                self._quoted_one(then),
            )
        )

    def _reported_cell(self, entries: tuple[ReportedEntry, ...]) -> Any:
        """The reported_in cell, made once per entries object (rows share them)."""
        if not entries:
            return self._reported_empty
        return _once(self._reported, entries, lambda e: self.text(entries_cell(e)))

    def _quantity(self, quantity: str) -> int | None:
        value = self._quantities.get(quantity, -1)
        if value == -1:
            value = self._quantities[quantity] = parse_quantity(quantity)
        return value

    def _fitted(self, cells: Iterable[Any]) -> tuple[Any, ...]:
        text = self.text
        return tuple(text(c) if isinstance(c, str) else c for c in cells)


def _once(cache: dict[int, tuple[Any, T]], shared: S, make: Callable[[S], T]) -> T:
    """``make(shared)``, once per object the rows share (kept by id(); the entry holds the
    object, so its id is not reused)."""
    known = cache.get(id(shared))
    if known is None:
        known = cache[id(shared)] = (shared, make(shared))
    return known[1]


def _csv_fields(cells: Sequence[Any]) -> tuple[str, ...]:
    return tuple(csv_field(c) for c in cells)

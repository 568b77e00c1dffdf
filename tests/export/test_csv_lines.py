"""CSV lines made from cached, pre-quoted cells are the csv module's own output (#15).

``OutputRows.csv_lines`` quotes the cells rows share once and joins the rest per row;
whatever it writes must be byte for byte what ``csv.writer`` (excel dialect) writes for
``OutputRows.cells``, on real sheets, hostile ones and every awkward character.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields

import pytest
from tests.conftest import DATA, EXAMPLE

import bomtrace
from bomtrace.api import with_provenance
from bomtrace.export.cells import csv_field, neutralise_text
from bomtrace.export.table import OutputRows
from bomtrace.model import RowOutcome

AWKWARD = [
    None, "", " ", "  leading", "trailing  ", "plain", "a,b", 'say "hi"', '"', '""',
    "line\nbreak", "cr\rreturn", "crlf\r\n", "tab\there", "nul\x00byte", "bell\x07",
    "del\x7f", "unicode ü 中文 ✓", "'=1+1", "=cmd|' /C calc'!A0", ",", "\n", 0, 7,
    -3, 0.0, 0.955, 1.0, 1e-7, 123456789.125, True, False,
]  # fmt: skip


def _by_csv_module(cells: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


@pytest.mark.parametrize("value", AWKWARD)
def test_a_field_is_quoted_as_the_csv_module_quotes_it(value: object) -> None:
    # Two fields, so the csv module's rule for a lone empty field does not apply.
    assert csv_field(value) + ",x\r\n" == _by_csv_module([value, "x"])


@pytest.mark.parametrize(
    "sheet",
    [
        EXAMPLE,
        DATA / "bad" / "injection_cells.xlsx",
        DATA / "bad" / "hostile_sheet_name.xlsx",
        EXAMPLE.parent / "gur_orlan10_elements.xlsx",
    ],
    ids=lambda p: p.name,
)
def test_csv_lines_are_the_csv_modules_rows(sheet) -> None:  # type: ignore[no-untyped-def]
    result = bomtrace.trace([sheet])
    expected = io.StringIO()
    csv.writer(expected).writerows(OutputRows(neutralise_text).rows(result.outcomes))
    lines = "".join(OutputRows(neutralise_text).csv_lines(result.outcomes))
    assert lines == expected.getvalue()
    assert len(lines.splitlines()) >= len(result.outcomes)


def test_with_provenance_carries_every_field() -> None:
    """The run adds the chain and published records to a row by building a new outcome
    field by field (it is done once per row): no field may be left behind."""
    result = bomtrace.trace([EXAMPLE])
    # Rows whose chain adds no reason of its own, so the new outcome equals the old.
    rows = [
        o
        for o in result.outcomes
        if o.chain is not None and not (o.chain.window and o.chain.window.reason)
    ]
    assert len(rows) > 5
    for outcome in rows:
        again = with_provenance(outcome, _NoChains(), None)  # type: ignore[arg-type]
        assert {f.name for f in fields(RowOutcome)} == {
            "row", "status", "reason", "identification", "origin", "chain", "reported",
        }  # fmt: skip
        for field in fields(RowOutcome):
            assert getattr(again, field.name) == getattr(outcome, field.name)


class _NoChains:
    """A chain builder that gives every row the chain it already has."""

    def chain(self, outcome: RowOutcome, linked: object = None) -> object:
        return outcome.chain

    def query(self, outcome: RowOutcome) -> None:
        return None

"""Output rows made with shared cells are the rows made one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bomtrace import trace
from bomtrace.export.cells import excel_text, neutralise_text
from bomtrace.export.table import COLUMNS, OutputRows, to_record

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def test_cached_cells_are_the_cells_of_each_row(tmp_path: Path) -> None:
    """Rows that share a part, a maker or a chain but differ in date code, quantity or
    designator each get their own cells: one ``OutputRows`` for the whole run gives,
    row for row, what a fresh one gives (the example with trade records and a list)."""
    sheet = tmp_path / "repeats.csv"
    lines = ["Marking,Manufacturer,Qty,Date code,Designator"]
    for number in range(60):
        marking = ("STM32F405RGT6", "LM358DR", "ADXL345BCCZ", "=HYPERLINK(1)")[
            number % 4
        ]
        lines.append(f"{marking},,{number % 3 + 1},{2201 + number % 5},U{number}")
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = trace(
        [EXAMPLES / "orlan10_teardown.xlsx", sheet],
        trade=[EXAMPLES / "trade_reported.csv"],
        sanctions=[EXAMPLES / "sanctions_reported.simple.csv"],
        recovered=dt.date(2023, 5, 1),
    )
    for text in (str, neutralise_text, excel_text):
        shared = OutputRows(text)
        for outcome in result.outcomes:
            assert shared.cells(outcome) == OutputRows(text).cells(outcome)
    records = list(result.iter_records())
    assert records == [to_record(o) for o in result.outcomes]
    assert all(list(r) == list(COLUMNS) for r in records)
    assert {r["date_code"] for r in records if r["marking"] == "LM358DR"} >= {
        "2202",
        "2205",
    }
    hostile = [
        r
        for r in OutputRows(neutralise_text).rows(result.outcomes)
        if r[3].startswith("'=")
    ]
    assert len(hostile) == 15

"""The reported_in column on real rows: GUR's Orlan-10 listings and the illustrative example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bomtrace import COLUMNS, TraceResult, trace, write_outputs
from bomtrace.export.table import ADDED_COLUMNS

ROOT = Path(__file__).parent.parent.parent
ORLAN = ROOT / "examples" / "gur_orlan10_elements.xlsx"


@pytest.fixture(scope="module")
def orlan() -> TraceResult:
    return trace([ORLAN], platform="Orlan-10", run_at="2026-12-01T00:00:00Z")


def test_the_column_is_added_after_the_others() -> None:
    """reported_in is a new column, right after the last one before it; no existing one
    moved (the columns of roles added since come after it)."""
    assert ADDED_COLUMNS[-1] == "reported_in"
    assert COLUMNS.index("reported_in") == COLUMNS.index("maker_at_production") + 1


def test_every_row_has_a_json_list(orlan: TraceResult) -> None:
    """Skipped rows hold [], every part row of a published listing at least its own record."""
    for record in orlan.records():
        entries = json.loads(record["reported_in"])
        if record["status"] == "skipped":
            assert entries == []
        else:
            assert entries[0]["basis"] == "this record"
            assert entries[0]["url"].startswith(
                "https://war-sanctions.gur.gov.ua/en/components/"
            )


def test_matched_and_unmatched_rows_alike(orlan: TraceResult) -> None:
    """Matched STM32F103VCT6 and unmatched RF3194 both name other weapons, with pages."""
    by_status: dict[str, set[str]] = {}
    for record in orlan.records():
        others = [
            e for e in json.loads(record["reported_in"]) if e["basis"] != "this record"
        ]
        if others:
            by_status.setdefault(record["status"], set()).update(
                e["basis"] for e in others
            )
    assert "same base part" in by_status["matched"]
    assert "same marking" in by_status["unmatched"]
    rf = [r for r in orlan.records() if "RF3194" in r["marking"]]
    assert rf and all(r["status"] == "unmatched" for r in rf)
    weapons = {e["weapon"] for r in rf for e in json.loads(r["reported_in"])}
    assert weapons == {"orlan-10-uav-no-14662", "uav-orlan-10-july-2022"}


def test_illustrative_rows_are_looked_up_too() -> None:
    """A sheet that cites no page: its STM32F405RGT6 is linked by part number, [] elsewhere."""
    result = trace(
        [ROOT / "examples" / "orlan10_teardown.xlsx"], run_at="2024-01-01T00:00:00Z"
    )
    stm = [r for r in result.records() if r["mpn"] == "STM32F405RGT6"]
    entries = [e for r in stm for e in json.loads(r["reported_in"])]
    assert {e["basis"] for e in entries} == {"same part number"}
    assert {e["attributed_maker"] for e in entries} == {"STMicroelectronics"}
    assert any(
        json.loads(r["reported_in"]) == []
        for r in result.records()
        if r["status"] == "matched"
    )


def test_csv_and_xlsx_carry_the_cell(orlan: TraceResult, tmp_path: Path) -> None:
    """The CSV holds the same JSON text as the run."""
    import csv

    (path,) = write_outputs(orlan, tmp_path, formats=["csv"])
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["reported_in"] for r in rows] == [
        r["reported_in"] for r in orlan.records()
    ]

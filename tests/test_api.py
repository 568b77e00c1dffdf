"""The library API: the row contract and the accounting of every input row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import bomtrace
from bomtrace import CONTRACT_COLUMNS, trace
from bomtrace.model import Severity

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "orlan10_teardown.xlsx"


def test_every_row_present_in_order_with_source_rows() -> None:
    """Each sheet row from the first to the last filled one appears once, in order."""
    result = trace(
        [DATA / "sheets" / "junk_rows.xlsx", DATA / "sheets" / "multi_sheet.xlsx"]
    )
    frame = result.to_frame()
    assert list(frame.columns[: len(CONTRACT_COLUMNS)]) == list(CONTRACT_COLUMNS)
    junk = frame[frame.source_file == "junk_rows.xlsx"]
    assert list(junk.source_row) == list(range(1, 10))
    multi = frame[frame.source_file == "multi_sheet.xlsx"]
    assert list(zip(multi.source_sheet, multi.source_row, strict=True)) == [
        ("Board A", 1), ("Board A", 2), ("Board A", 3),
        ("Board B", 1), ("Board B", 2), ("Board B", 3),
        ("Spare", 1), ("Spare", 2),
    ]  # fmt: skip


def test_counts_reconcile() -> None:
    """rows read = matched + ambiguous + unmatched + skipped, and the frame agrees."""
    result = trace([EXAMPLE])
    counts = result.counts
    assert counts.reconciles()
    frame = result.to_frame()
    assert counts.read == len(frame)
    assert counts.matched == (frame.status == "matched").sum()
    assert counts.skipped == (frame.status == "skipped").sum()


def test_bad_input_does_not_lose_good_rows() -> None:
    """A missing file and a password-protected one are problems; the good file's rows are all there."""
    result = trace(
        [
            DATA / "bad" / "missing.xlsx",
            DATA / "sheets" / "uk_headers.xlsx",
            DATA / "bad" / "password.xlsx",
        ]
    )
    assert [p.file for p in result.problems if p.severity is Severity.ERROR] == [
        "missing.xlsx",
        "password.xlsx",
    ]
    assert result.has_errors
    assert result.counts.read == 5
    assert {i.name: bool(i.error) for i in result.info.inputs} == {
        "missing.xlsx": True,
        "uk_headers.xlsx": False,
        "password.xlsx": True,
    }


def test_column_override_from_mapping_file(tmp_path: Path) -> None:
    """A mapping file names the columns when the headers say nothing useful."""
    sheet = tmp_path / "odd.csv"
    sheet.write_text("x,y,z\nSTM32F405RGT6,ST,2\n", encoding="utf-8")
    mapping = tmp_path / "columns.csv"
    mapping.write_text(
        "role,column\nmarking,A\nmanufacturer,B\nquantity,C\nheader,1\n",
        encoding="utf-8",
    )
    frame = trace([sheet], columns=mapping).to_frame()
    assert list(frame.status) == ["skipped", "matched"]
    assert frame.loc[1, "manufacturer"] == "STMicroelectronics"
    assert frame.loc[1, "quantity"] == "2"


def test_frame_is_a_dataframe_and_metadata_is_kept() -> None:
    """A notebook gets a DataFrame and the run's inputs, hashes and catalog versions."""
    result = trace(EXAMPLE, platform="Orlan-10")
    assert isinstance(result.to_frame(), pd.DataFrame)
    assert result.info.platform == "Orlan-10"
    assert result.info.inputs[0].sha256
    assert any(c.name == "parts.csv" for c in result.info.catalogs)
    assert bomtrace.__version__ == result.info.tool_version

"""Ingest limits and the XML defences: clear errors, good rows kept, no unsafe parser."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException
from typer.testing import CliRunner

from bomtrace.cli import app
from bomtrace.errors import InputTooLarge
from bomtrace.export.cells import fit_excel_cell
from bomtrace.ingest import Limits, ingest_file
from bomtrace.model import RowKind, Severity
from bomtrace.remedies import Phrase, Setting

BAD = Path(__file__).parent.parent / "data" / "bad"


def _csv(tmp_path: Path, rows: int, columns: int = 2) -> Path:
    path = tmp_path / "parts.csv"
    lines = [",".join(["Marking", *(f"c{i}" for i in range(1, columns))])]
    lines += [",".join([f"PART{n}", *("1" * (columns - 1))]) for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_row_limit_keeps_the_rows_before_it(tmp_path: Path) -> None:
    """Past max_rows the sheet stops with an error naming the limit and the setting;
    the rows up to the limit are still read."""
    result = ingest_file(_csv(tmp_path, 10), limits=Limits(max_rows=5))
    (sheet,) = result.sheets
    assert [r.ref.row for r in sheet.rows] == [1, 2, 3, 4, 5]
    (problem,) = result.problems
    assert str(problem) == (
        'parts.csv, sheet "parts": the sheet has more than 5 rows; the rows after 5 were'
        " not read. If they are genuine, raise the limit with max_rows=10"
    )
    assert problem.setting is Setting.MAX_ROWS
    assert problem.severity is Severity.ERROR


def test_cell_limit_counts_blank_cells(tmp_path: Path) -> None:
    """max_cells counts every cell scanned (rows times columns)."""
    result = ingest_file(_csv(tmp_path, 10, columns=4), limits=Limits(max_cells=20))
    assert [r.ref.row for r in result.sheets[0].rows] == [1, 2, 3, 4, 5]
    (problem,) = result.problems
    assert str(problem.message).startswith("the sheet has more than 20 cells")
    assert problem.remedy == Phrase(
        "If they are genuine, raise the limit with {setting}", Setting.MAX_CELLS, "40"
    )


def test_trailing_blank_rows_are_not_rows(tmp_path: Path) -> None:
    """Blank rows between parts are kept (and skipped); blank rows at the end are not."""
    path = tmp_path / "gaps.csv"
    path.write_text("Marking\nA1B2\n\n,\nC3D4\n\n\n,,\n", encoding="utf-8")
    (sheet,) = ingest_file(path).sheets
    assert [(r.ref.row, r.kind) for r in sheet.rows] == [
        (1, RowKind.HEADER),
        (2, RowKind.PART),
        (3, RowKind.BLANK),
        (4, RowKind.BLANK),
        (5, RowKind.PART),
    ]


def test_unpacked_size_limit(tmp_path: Path) -> None:
    """A workbook unpacking past max_unzipped_mb is refused before it is parsed."""
    with pytest.raises(InputTooLarge) as caught:
        ingest_file(
            BAD.parent / "sheets" / "en_title_rows.xlsx",
            limits=Limits(max_unzipped_mb=0),
        )
    assert str(caught.value.message).startswith("the workbook would unpack to 0 MiB")
    assert caught.value.setting is Setting.MAX_UNZIPPED_MB


def test_cli_limit_options(runner: CliRunner, tmp_path: Path) -> None:
    """--max-rows reaches the reader; the run still writes the rows it read."""
    result = runner.invoke(
        app,
        [
            "trace",
            str(_csv(tmp_path, 10)),
            "-o",
            str(tmp_path / "o"),
            "--max-rows",
            "3",
            "-q",
        ],
    )
    assert result.exit_code == 2
    assert "the sheet has more than 3 rows" in result.stderr
    assert result.stdout.startswith("3 rows read = ")


def test_openpyxl_parses_through_defusedxml() -> None:
    """The second layer: openpyxl is configured with defusedxml, so a DTD that got past
    the container check would still be refused by the parser itself."""
    assert openpyxl.xml.DEFUSEDXML
    for name in ("billion_laughs.xlsx", "xxe_local_file.xlsx"):
        with (
            (BAD / name).open("rb") as handle,
            pytest.raises(ValueError, match="Unable to read workbook") as caught,
        ):
            openpyxl.load_workbook(handle, read_only=True)
        assert isinstance(caught.value.__context__, DefusedXmlException)


def test_excel_cells_fit_excel() -> None:
    """XLSX cells lose nothing silently: control characters become visible escapes and
    text past Excel's 32,767 characters is cut with a mark."""
    assert fit_excel_cell("\x1b[31mRED\x07") == "\\x1b[31mRED\\x07"
    long = fit_excel_cell("x" * 40_000)
    assert isinstance(long, str)
    assert len(long) == 32_767
    assert long.endswith("…[cut]")
    assert fit_excel_cell(3) == 3

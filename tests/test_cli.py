"""The command line: exit codes, one-line messages, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bomtrace.cli import app

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "orlan10_teardown.xlsx"


def test_trace_writes_four_outputs(runner: CliRunner, tmp_path: Path) -> None:
    """The default run writes HTML, CSV, XLSX and JSON named after the first input."""
    result = runner.invoke(
        app, ["trace", str(EXAMPLE), "--out", str(tmp_path), "--platform", "Orlan-10"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "orlan10_teardown.csv",
        "orlan10_teardown.html",
        "orlan10_teardown.json",
        "orlan10_teardown.xlsx",
    ]
    assert "rows read =" in result.stdout


def test_format_and_name_options(runner: CliRunner, tmp_path: Path) -> None:
    """--format picks the outputs and --name their stem."""
    result = runner.invoke(
        app,
        [
            "trace",
            str(DATA / "sheets" / "uk_headers.xlsx"),
            "-o",
            str(tmp_path),
            "-f",
            "csv,json",
            "--name",
            "run1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run1.csv", "run1.json"]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "bad/missing.xlsx",
            "error: missing.xlsx: file not found. Check the path and the file name",
        ),
        (
            "bad/password.xlsx",
            "error: password.xlsx: the workbook is password-protected. Open it in Excel, remove the password"
            " (File > Info > Protect Workbook) and save a copy",
        ),
        (
            "bad/legacy.xls",
            "error: legacy.xls: old Excel 97-2003 (.xls) workbooks are not read. Open it in Excel or"
            " LibreOffice and save it as .xlsx (or CSV UTF-8)",
        ),
        (
            "bad/empty.csv",
            "error: empty.csv: the file is empty. Check that the right file was exported",
        ),
        (
            "sheets/empty_sheet.xlsx",
            'error: empty_sheet.xlsx, sheet "Sheet": the sheet is empty. Check that the parts list was saved in this file',
        ),
        (
            "sheets/no_part_column.xlsx",
            'error: no_part_column.xlsx, sheet "Sheet1": no part-number or marking column found (first cells:'
            " 'Notes about the dron', 'Photos in folder 3', 'Weight 14 kg'). Name it with --columns marking=<letter>",
        ),
    ],
)
def test_error_cases_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, name: str, line: str
) -> None:
    """Each unusable input gives one line naming file, sheet and remedy, exit code 2, no traceback."""
    result = runner.invoke(
        app, ["trace", str(DATA / name), "--out", str(tmp_path), "-q"]
    )
    assert result.exit_code == 2
    assert line in result.stderr.splitlines()
    assert "Traceback" not in result.output + result.stderr


def test_other_inputs_still_processed(runner: CliRunner, tmp_path: Path) -> None:
    """A bad input beside a good one: exit 2, and the good rows are in the outputs."""
    result = runner.invoke(
        app,
        [
            "trace",
            str(DATA / "bad" / "legacy.xls"),
            str(DATA / "sheets" / "ru_headers.xlsx"),
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "5 rows read = " in result.stdout
    assert (tmp_path / "legacy.csv").read_text(encoding="utf-8").count(
        "ru_headers.xlsx"
    ) == 5


def test_bad_columns_option(runner: CliRunner, tmp_path: Path) -> None:
    """A --columns value that cannot be understood is a one-line error with exit 2."""
    result = runner.invoke(
        app, ["trace", str(EXAMPLE), "-o", str(tmp_path), "--columns", "colour=B"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(
        "error: 'colour' is not a column role. Use one of: marking,"
    )


def test_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    """An unknown format is refused before anything is read."""
    result = runner.invoke(
        app, ["trace", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf"]
    )
    assert result.exit_code == 2
    assert "unknown format pdf" in result.output + result.stderr


def test_catalog_commands(runner: CliRunner) -> None:
    """catalog check passes on the shipped catalogs; catalog stats prints their size."""
    check = runner.invoke(app, ["catalog", "check"])
    assert check.exit_code == 0, check.output
    assert " 0 errors" in check.stdout
    stats = runner.invoke(app, ["catalog", "stats"])
    assert stats.exit_code == 0
    assert "parts.csv" in stats.stdout


def test_catalog_check_finds_errors(runner: CliRunner, tmp_path: Path) -> None:
    """catalog check reports an unknown maker, a bad country code and a missing source."""
    (tmp_path / "makers.csv").write_text(
        "name,hq_country,source\nAcme,XX,\n", encoding="utf-8"
    )
    (tmp_path / "parts.csv").write_text(
        "mpn,maker,source\nACME1,Nobody,test\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["catalog", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: makers.csv:2: maker 'Acme' has no source",
        "error: makers.csv:2: 'XX' is not an ISO 3166 alpha-2 country code",
        "error: parts.csv:2: part 'ACME1' names unknown maker 'Nobody'",
    ]


def test_version(runner: CliRunner) -> None:
    """--version prints the version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("bomtrace ")


def test_report_commands_write_from_run_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    """trace -> JSON, then report aggregate and report manufacturer read it back."""
    runs = tmp_path / "runs"
    traced = runner.invoke(
        app, ["trace", str(EXAMPLE), "-o", str(runs), "-f", "json", "-q"]
    )
    assert traced.exit_code == 0, traced.output
    result = runner.invoke(
        app, ["report", "aggregate", str(runs), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {tmp_path / 'aggregate.html'}"
    lots = EXAMPLE.parent / "adi_lot_ledger_illustrative.csv"
    result = runner.invoke(
        app,
        ["report", "manufacturer", "Analog Devices", str(runs / "orlan10_teardown.json"),
         "--lots", str(lots), "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "manufacturer_analog-devices.html").is_file()
    assert (tmp_path / "manufacturer_analog-devices.xlsx").is_file()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["report", "aggregate", "{tmp}/none.json"], "error: run file {tmp}/none.json: not found. Check the path"),
        (["report", "aggregate", "{tmp}"], "error: no bomtrace run files in {tmp}. Give the .json files bomtrace trace wrote, or the folder that holds them"),
        (["report", "manufacturer", "Acme Chips", "{runs}"],
         "error: maker 'Acme Chips' is not in the catalogs. Name it as catalogs/makers.csv does (or one of its aliases), e.g. \"Analog Devices\""),
        (["report", "manufacturer", "ADI", "{runs}", "--lots", "{tmp}/lots.csv"],
         "error: lot ledger lots.csv: file not found. Check the path and the file name"),
        (["report", "aggregate"],
         "error: no run files given. Give the .json files bomtrace trace wrote, or --reported for the reported components"),
    ],
)  # fmt: skip
def test_report_errors_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, args: list[str], line: str
) -> None:
    """Bad run files, unknown makers and missing ledgers: one line, exit 2, no traceback."""
    runs = tmp_path / "runs"
    runner.invoke(app, ["trace", str(EXAMPLE), "-o", str(runs), "-f", "json", "-q"])
    empty = tmp_path / "empty"
    empty.mkdir()
    fill = {"tmp": str(empty), "runs": str(runs)}
    result = runner.invoke(app, [a.format(**fill) for a in args])
    assert result.exit_code == 2
    assert result.stderr.strip() == line.format(**fill)
    assert "Traceback" not in result.output


def test_report_aggregate_of_the_published_records(
    runner: CliRunner, tmp_path: Path
) -> None:
    """--reported alone reports on every weapon of the published records, under --name."""
    result = runner.invoke(
        app,
        ["report", "aggregate", "--reported", "--name", "gur_all_weapons", "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = tmp_path / "gur_all_weapons.html"
    assert result.stdout.strip() == f"wrote {written}"
    assert "195 of these 195 teardowns" in written.read_text(encoding="utf-8")

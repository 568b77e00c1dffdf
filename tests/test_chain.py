"""The provenance chain through the API and the CLI: columns, reported example, errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from bomtrace import trace
from bomtrace.cli import app
from bomtrace.export.chain_columns import CHAIN_COLUMNS
from bomtrace.export.table import COLUMNS

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"
TRADE = ROOT / "examples" / "trade_reported.csv"
SANCTIONS = ROOT / "examples" / "sanctions_reported.simple.csv"


def _row(result: object, marking_part: str) -> dict[str, object]:
    rows = result.records()  # type: ignore[attr-defined]
    return next(r for r in rows if marking_part in r["marking"])


def test_chain_columns_follow_the_existing_ones() -> None:
    """The eleven chain columns come after every earlier column, in the issue's order."""
    start = COLUMNS.index("produced_from")
    assert COLUMNS[start : start + len(CHAIN_COLUMNS)] == CHAIN_COLUMNS
    assert COLUMNS.index("extra") < start
    # Added since, in order: chain_parties (#5), maker_at_production (#12), ...
    assert COLUMNS[start + len(CHAIN_COLUMNS) :][:2] == (
        "chain_parties",
        "maker_at_production",
    )


def test_reported_shipment_is_an_hs_only_link_with_sanctioned_parties() -> None:
    """The SIM800C row links to the reported shipment by HS code only, and both parties hit."""
    result = trace(
        [EXAMPLE], trade=[TRADE], sanctions=[SANCTIONS], recovered="2023-05-01",
        run_at="2024-01-01T00:00:00Z",
    )  # fmt: skip
    row = _row(result, "SIM800C")
    assert row["hs_code"] == "851762" and row["chpl_tier"] == "2"
    assert row["intermediaries"] == (
        "Asia Pacific Links (HK) -> SMT-iLogic (RU) [HS only; 1 shipment, 2022-06/2022-08]"
    )
    hits = str(row["sanctioned_intermediaries"])
    assert "Asia Pacific Links: match with" in hits and "listed 2023-05" in hits
    assert "SMT-iLogic: match with" in hits and "listed 2016" in hits
    assert "the weakest link" in str(row["chain_evidence"])
    assert "REPORTED FACT" in str(row["chain_evidence"])
    stm = _row(result, "STM32F405RGT6")
    assert (stm["produced_from"], stm["produced_to"]) == ("2022-04-03", "2022-04-17")
    assert (stm["after_2014_controls"], stm["after_2022_controls"]) == ("yes", "yes")
    assert (
        stm["intermediaries"] == ""
    )  # the reported shipment was cellular modules only
    assert result.info.recovered == "2023-05-01"
    assert [f.layout for f in result.info.references] == [
        'trade records (sheet "trade_reported": header row 1: date=A, sender=B, '
        "sender_country=C, receiver=D, receiver_country=E, goods_description=F, "
        "hs_code=G, manufacturer=H, mpn=I, quantity=J, value=K, currency=L, source=M)",
        "OpenSanctions targets.simple.csv",
    ]


def test_date_code_printed_in_marking_is_used() -> None:
    """A blank date-code cell falls back to the code printed in the marking ('1515')."""
    row = _row(trace([EXAMPLE], run_at="2024-01-01T00:00:00Z"), "ADXRS620")
    assert row["produced_from"] == "2015-04-05"
    assert "printed in the marking" in str(row["chain_evidence"])


def test_refused_date_code_reason_joins_the_row_reason(tmp_path: Path) -> None:
    """A refused date code says why in the reason column; the flags stay unknown."""
    sheet = tmp_path / "t.csv"
    sheet.write_text("Marking,Date code\nSTM32F405RGT6,22+\n", encoding="utf-8")
    row = trace([sheet], run_at="2024-01-01T00:00:00Z").records()[1]
    assert row["status"] == "matched"
    assert row["reason"].startswith("date code not decoded: '22+' is a broker's")
    assert (row["after_2014_controls"], row["after_2022_controls"]) == (
        "unknown",
        "unknown",
    )


def test_cli_writes_chain_columns(tmp_path: Path) -> None:
    """The CLI passes --trade, --sanctions and --recovered; the JSON lists the reference files."""
    result = CliRunner().invoke(app, [
        "trace", str(EXAMPLE), "--out", str(tmp_path), "--format", "csv,json", "-q",
        "--trade", str(TRADE), "--sanctions", str(SANCTIONS), "--recovered", "2023-05-01",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    with (tmp_path / "orlan10_teardown.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(COLUMNS)
    document = json.loads(
        (tmp_path / "orlan10_teardown.json").read_text(encoding="utf-8")
    )
    assert document["run"]["recovered"] == "2023-05-01"
    assert [r["name"] for r in document["run"]["references"]] == [
        TRADE.name,
        SANCTIONS.name,
    ]


def test_cli_bad_recovered_date(tmp_path: Path) -> None:
    """A --recovered value that is not a date is a one-line error with exit code 2."""
    result = CliRunner().invoke(
        app, ["trace", str(EXAMPLE), "--out", str(tmp_path), "--recovered", "May 2023"]
    )
    assert result.exit_code == 2
    assert (
        "error: --recovered 'May 2023' is not a date. Write the recovery date as YYYY-MM-DD"
        in result.output
    )
    assert "Traceback" not in result.output


def test_cli_bad_trade_file_is_a_problem_and_the_run_goes_on(tmp_path: Path) -> None:
    """An unusable trade file is reported in one line (exit 2) and the outputs are still written."""
    bad = tmp_path / "bad.csv"
    bad.write_text("date,sender\n2022,A\n", encoding="utf-8")
    result = CliRunner().invoke(app, [
        "trace", str(EXAMPLE), "--out", str(tmp_path), "--format", "csv", "--trade", str(bad),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert (
        'error: bad.csv: no sheet has the columns of trade records (sheet "bad": no'
        " header row names the columns of trade records (first cells: 'date', 'sender',"
        " '2022', 'A')). Name the columns with a trade column mapping" in result.output
    )
    assert (tmp_path / "orlan10_teardown.csv").is_file()

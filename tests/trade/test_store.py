"""The trade-record store (#15): import streams declaration files into partitioned
Parquet, and a store, a Parquet file and the CSV/XLSX files link the same."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import DATA
from typer.testing import CliRunner

from bomtrace import trace
from bomtrace.cli import app
from bomtrace.ingest.trade import read_trade_file
from bomtrace.model import Severity
from bomtrace.result import TraceResult
from bomtrace.trade.api import import_trade
from bomtrace.trade.store import MANIFEST, import_files, open_store

TRADE = DATA / "trade"
RU = TRADE / "declarations_ru.csv"
EN = TRADE / "vendor_en.xlsx"
LIST = TRADE / "targets.simple.csv"


def _run(*trade: Path) -> TraceResult:
    return trace(
        [TRADE / "teardown.csv"], trade=list(trade), sanctions=[LIST],
        recovered="2023-05-01", run_at="2024-01-01T00:00:00Z",
    )  # fmt: skip


def _chains(result: TraceResult) -> list[tuple[object, ...]]:
    """Each row's chain columns (what linking decides), in row order."""
    return [
        (r["marking"], r["intermediaries"], r["sanctioned_intermediaries"],
         r["chain_evidence"], r["chain_parties"])
        for r in result.records()
    ]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trade") / "store"
    result = import_trade([RU, EN], folder)
    assert [f.name for f in result.added] == ["declarations_ru.csv", "vendor_en.xlsx"]
    return folder


def test_import_writes_a_store_partitioned_by_year(store: Path) -> None:
    """Every record read is in the store once, under its declaration year."""
    opened = open_store(store)
    expected = len(read_trade_file(RU).records) + len(read_trade_file(EN).records)
    assert opened.records == expected
    years = {p.parent.name for p in opened.parquet("records")}
    assert {"year=2022", "year=2023", "year=undated"} <= years
    table = pq.read_table([str(p) for p in opened.parquet("records")])
    assert sorted(table["record_id"].to_pylist()) == list(range(expected))
    described = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    assert [f["rows"] for f in described["files"]] == [
        len(read_trade_file(RU).records),
        len(read_trade_file(EN).records),
    ]
    assert described["readings"]["numbers"] > 0


def test_store_links_as_the_files_do(store: Path) -> None:
    """Tracing with the store gives the same links, evidence and hits as the files."""
    assert _chains(_run(store)) == _chains(_run(RU, EN))


def test_a_file_already_in_the_store_is_not_imported_again(
    store: Path, tmp_path: Path
) -> None:
    """Importing the same file twice adds nothing and says why."""
    copy = tmp_path / "store"
    import_trade([RU], copy)
    again = import_trade([RU], copy)
    assert again.added == []
    assert [(p.severity, p.message) for p in again.problems] == [
        (Severity.NOTE, "already in the store (same SHA-256); not imported again")
    ]
    assert open_store(copy).records == len(read_trade_file(RU).records)


def test_small_batches_write_the_same_store(tmp_path: Path) -> None:
    """Records go to Parquet a batch at a time; the batch size changes nothing."""

    def rows(folder: Path) -> list[dict[str, object]]:
        opened = open_store(folder)
        table = pq.read_table([str(p) for p in opened.parquet("records")])
        return sorted(table.to_pylist(), key=lambda r: int(str(r["record_id"])))

    def readings(numbers: object) -> pa.Table:
        from bomtrace.trade.linking import read_numbers

        return read_numbers(list(numbers), None)  # type: ignore[call-overload]

    import_files([RU], tmp_path / "one", readings=readings, catalogs="x")
    import_files([RU], tmp_path / "two", readings=readings, catalogs="x", batch_rows=2)
    assert rows(tmp_path / "one") == rows(tmp_path / "two")


def test_parquet_trade_file_links_as_its_csv(tmp_path: Path) -> None:
    """A Parquet file of declarations is read like a CSV: column names as the header."""
    import csv

    with RU.open(encoding="cp1251", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    start = next(i for i, line in enumerate(lines) if len(line) > 5)  # below the titles
    header, body = lines[start], lines[start + 1 :]
    table = pa.table(
        {
            h: [row[i] if i < len(row) else "" for row in body]
            for i, h in enumerate(header)
        }
    )
    parquet = tmp_path / "declarations_ru.parquet"
    pq.write_table(table, parquet)
    from_parquet = [c[1:4] for c in _chains(_run(parquet))]
    from_csv = [c[1:3] for c in _chains(_run(RU))]
    assert [c[:2] for c in from_parquet] == from_csv
    assert any("declarations_ru.parquet row" in str(c[2]) for c in from_parquet)


def test_a_folder_that_is_not_a_store_is_a_problem(tmp_path: Path) -> None:
    """A plain folder as trade records is a one-line error saying to import into it."""
    result = _run(tmp_path)
    messages = [str(p) for p in result.problems if p.severity is Severity.ERROR]
    assert messages == [
        f"{tmp_path.name}: {tmp_path} is not a trade-record store (no {MANIFEST} in it)."
        f" Make one by importing declaration files into it (store={tmp_path})"
    ]


def test_cli_import_says_what_it_added(tmp_path: Path) -> None:
    """The command prints the records added and the store's size; bad files exit 2."""
    runner = CliRunner()
    done = runner.invoke(
        app,
        ["trade", "import", str(RU), str(LIST), "--store", str(tmp_path / "s"), "-q"],
    )
    assert done.exit_code == 2, done.output
    count = len(read_trade_file(RU).records)
    assert (
        f"{count} records from 1 file(s) added; trade-record store: 1 file(s),"
        f" {count} records (declarations_ru.csv)"
    ) in done.output
    assert (
        "error: targets.simple.csv: no sheet has the columns of trade records"
        in done.output
    )
    assert "Traceback" not in done.output

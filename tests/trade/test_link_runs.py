"""``bomtrace trade link`` (#15): the links of runs' rows as Parquet and CSV, read back
by ``bomtrace trace --links`` into the same chains as linking in the run."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import DATA
from typer.testing import CliRunner

from bomtrace.cli import app
from bomtrace.trade.api import import_trade
from bomtrace.trade.links_file import COLUMNS

TRADE = DATA / "trade"
TEARDOWN = TRADE / "teardown.csv"
RU = TRADE / "declarations_ru.csv"
EN = TRADE / "vendor_en.xlsx"


def _trace(runner: CliRunner, out: Path, *options: str) -> list[dict[str, str]]:
    done = runner.invoke(
        app,
        ["trace", str(TEARDOWN), "--recovered", "2023-05-01", "--format", "csv,json",
         "--out", str(out), "-q", *options],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    with (out / "teardown.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run traced without trade records, then linked to a store by the command."""
    folder = tmp_path_factory.mktemp("link")
    import_trade([RU, EN], folder / "store")
    runner = CliRunner()
    _trace(runner, folder / "run")
    done = runner.invoke(
        app,
        ["trade", "link", str(folder / "run" / "teardown.json"), "--trade",
         str(folder / "store"), "--out", str(folder / "links")],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "6 matched rows in 1 run(s), 5 linked to shipments" in done.output
    return folder


def test_links_are_written_as_parquet_and_csv(linked: Path) -> None:
    """The same rows in both files: every matched row, its links in rank order."""
    table = pq.read_table(linked / "links" / "links.parquet").to_pylist()
    with (linked / "links" / "links.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["source_row"], r["rank"], r["evidence"]) for r in rows] == [
        (str(r["source_row"]), str(r["rank"]), r["evidence"]) for r in table
    ]
    unlinked = [r for r in table if r["rank"] == 0]
    assert len(unlinked) == 1 and unlinked[0]["total"] == 0
    orderable = [r for r in table if r["strength"] == "exact orderable number"]
    assert orderable and orderable[0]["marking"] == "NEO-M8N-0-10"
    assert "NEO-M8N-0-10" in orderable[0]["goods_description"]


def test_trace_reads_the_links_back(linked: Path, tmp_path: Path) -> None:
    """trace --links gives every row the chain that trace --trade gives it."""
    runner = CliRunner()
    chained = ("intermediaries", "chain_evidence", "chain_parties")
    from_files = _trace(runner, tmp_path / "a", "--trade", str(RU), "--trade", str(EN))
    from_links = _trace(runner, tmp_path / "b", "--links", str(linked / "links"))
    assert [[r[c] for c in chained] for r in from_links] == [
        [r[c] for c in chained] for r in from_files
    ]
    assert any(r["intermediaries"] for r in from_links)


def test_rows_the_links_do_not_cover_are_said(linked: Path, tmp_path: Path) -> None:
    """Another recovery date makes other lookups: the rows are named, not guessed."""
    runner = CliRunner()
    done = runner.invoke(
        app,
        ["trace", str(TEARDOWN), "--recovered", "2024-01-01", "--format", "csv",
         "--out", str(tmp_path), "--links", str(linked / "links")],
    )  # fmt: skip
    assert done.exit_code == 0
    assert (
        "note: links: 6 matched row(s) have no shipments in the links folder (their part, dates"
        " or run differ): link the run again with bomtrace trade link"
    ) in done.output


def test_a_links_folder_that_is_not_one_exits_2(tmp_path: Path) -> None:
    """A folder without links.parquet is a one-line error, exit code 2."""
    done = CliRunner().invoke(
        app, ["trace", str(TEARDOWN), "--out", str(tmp_path), "--links", str(tmp_path)]
    )
    assert done.exit_code == 2
    assert "cannot be read as links" in done.output
    assert "Give the folder bomtrace trade link wrote (--out)" in done.output
    assert "Traceback" not in done.output

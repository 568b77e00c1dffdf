"""The hostile and broken input corpus: every file in tests/data/bad/ has its outcome.

``tests/data/bad/manifest.csv`` is the specification, one row per case: the file (made
by ``tests/data/build_bad_inputs.py``), the name to run it under (``run_as``, for the
unusual-path cases), the exit code, the start of the line the CLI must print, how many
rows the outputs hold and which of them are skipped (``sheet!row``, ``|``-separated;
``all`` when every row is). Each case runs the real CLI with every output format.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from typer.testing import CliRunner

from bomtrace.cli import app

BAD = Path(__file__).parent / "data" / "bad"
MANIFEST = BAD / "manifest.csv"


def _cases() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _cases()


def _case_id(case: dict[str, str]) -> str:
    return case["run_as"].replace("\\n", "_") or case["file"]


def test_corpus_is_complete() -> None:
    """Every file in tests/data/bad/ has a manifest row, and there are at least 40."""
    files = {p.name for p in BAD.iterdir()} - {"manifest.csv"}
    listed = {c["file"] for c in CASES}
    assert files - listed == set()
    assert listed - files == {"missing.csv"}
    assert len(files) >= 40


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_bad_input_outcome(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: dict[str, str],
) -> None:
    """Each bad input gives its exact exit code and message, never a traceback, and
    every row it holds is in every output exactly once, the named ones skipped."""
    source = BAD / case["file"]
    name = case["run_as"].replace("\\n", "\n") or case["file"]
    inputs = tmp_path / "in"
    inputs.mkdir()
    if source.exists():
        shutil.copyfile(source, inputs / name)
    monkeypatch.chdir(inputs)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["trace", "-o", str(out), "-q", "--name", "run", "--", name]
    )
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == int(case["exit"]), result.stderr
    lines = result.stderr.splitlines()
    if case["message"]:
        assert any(line.startswith(case["message"]) for line in lines), lines
    assert all(line.startswith(("error: ", "note: ")) for line in lines), lines
    assert "\x1b" not in result.stderr
    read = int(case["read"])
    assert result.stdout.startswith(f"{read} rows read = ")
    assert len(_csv_rows(out / "run.csv")) == read
    document = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert document["counts"]["read"] == read
    rows = document["rows"]
    assert len(rows) == read
    keys = [(r["source_sheet"], r["source_row"]) for r in rows]
    assert len(set(keys)) == len(keys)
    skipped = [
        f"{r['source_sheet']}!{r['source_row']}"
        for r in rows
        if r["status"] == "skipped"
    ]
    expected = case["skipped"]
    if expected == "all":
        assert skipped == [f"{sheet}!{row}" for sheet, row in keys]
    else:
        assert skipped == [s.replace("\\n", "\n") for s in expected.split("|") if s]
    book = load_workbook(out / "run.xlsx", read_only=True)
    assert sum(1 for _ in book["bomtrace"].iter_rows()) == read + 1
    book.close()
    soup = BeautifulSoup((out / "run.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("#parts-table tbody tr")) == read
    assert not soup.find_all(["img", "iframe", "object", "embed"])
    assert all("chart" in (svg.get("class") or []) for svg in soup.find_all("svg"))
    assert not [
        t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)
    ]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))

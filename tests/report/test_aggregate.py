"""The policy report across teardowns: the same cuts over several runs, each line naming
the teardowns it comes from, read back from the JSON run files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bomtrace.errors import ReportInputError
from bomtrace.publish import render_aggregate, write_aggregate_report
from bomtrace.report import read_runs
from bomtrace.report.aggregate import build_aggregate

from .conftest import CHAIN, RUN_AT, drop_chain, load_rows

MADE_AT = "2024-02-02T00:00:00Z"


@pytest.fixture(scope="module")
def page(run_files: list[Path]) -> BeautifulSoup:
    return BeautifulSoup(render_aggregate(run_files, made_at=MADE_AT), "html.parser")


def table(page: BeautifulSoup, selector: str) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in page.select(f"{selector} tbody tr")
    ]


def test_teardowns_are_numbered_with_their_inputs(
    page: BeautifulSoup, run_files: list[Path]
) -> None:
    """T1, T2 in the order given, each with its platform, run date and input hash."""
    rows = table(page, "#teardown-list")
    assert [r[0] for r in rows] == ["T1", "T2"]
    assert rows[0][2] == "Orlan-10" and rows[1][2] == "Geran-2 (Shahed-136 type)"
    assert rows[0][3] == RUN_AT
    for row, path in zip(rows, run_files, strict=True):
        sha = json.loads(path.read_text(encoding="utf-8"))["run"]["inputs"][0]["sha256"]
        assert sha in row[5]


def test_maker_lines_recount_with_their_teardowns(
    page: BeautifulSoup, run_files: list[Path]
) -> None:
    """Each maker line equals the identified rows of that maker, split by teardown."""
    per_run = [
        Counter(
            r["manufacturer"]
            for r in load_rows(p)
            if r["status"] == "matched" and r["manufacturer"]
        )
        for p in run_files
    ]
    total = per_run[0] + per_run[1]
    for label, count, _share, teardowns in table(page, "#maker-table"):
        assert int(count) == total[label], label
        expected = " · ".join(
            f"T{i}: {c[label]}" for i, c in enumerate(per_run, start=1) if c[label]
        )
        assert teardowns == expected


def test_country_lines_sum_to_all_identified_rows(
    page: BeautifulSoup, run_files: list[Path]
) -> None:
    """The country cut covers every identified row of every run exactly once."""
    identified = sum(
        1
        for p in run_files
        for r in load_rows(p)
        if r["status"] == "matched" and r["manufacturer"]
    )
    assert sum(int(r[1]) for r in table(page, "#country-table")) == identified
    assert page.select_one("#card-identified .n").get_text() == str(identified)


def test_platform_lines_and_figure_sources(
    page: BeautifulSoup, run_files: list[Path]
) -> None:
    """Per platform figures equal each run's rows, and every figure lists its teardowns."""
    platforms = {r[0]: r for r in table(page, "#platform-table")}
    orlan = load_rows(run_files[0])
    assert platforms["Orlan-10"][1] == "T1"
    assert platforms["Orlan-10"][2] == str(
        sum(1 for r in orlan if r["status"] != "skipped")
    )
    sources = table(page, "#figure-sources")
    assert len(sources) == len(page.select(".cards .card"))
    for row in sources:
        assert row[4], row  # computed from
        assert row[5] == "T1, T2" or row[6] == "T1, T2", row


def old_run(path: Path, folder: Path) -> Path:
    """A copy of a run file as written before the chain columns existed."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["rows"] = [drop_chain(r) for r in document["rows"]]
    document["columns"] = [c for c in document["columns"] if c not in CHAIN]
    target = folder / f"old_{path.name}"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def test_missing_columns_are_not_available(
    run_files: list[Path], tmp_path: Path
) -> None:
    """Runs without the chain columns give "not available" for tiers, years, intermediaries."""
    old = [old_run(p, tmp_path) for p in run_files]
    page = BeautifulSoup(render_aggregate(old, made_at=MADE_AT), "html.parser")
    for marker in ("#chpl-na", "#years-na", "#intermediaries-na"):
        assert page.select_one(marker) is not None, marker
    assert (
        page.select_one("#card-chpl_share .n").get_text()
        == "not available in these runs"
    )
    row = page.select_one("#src-chpl_share").find_all("td")
    assert row[6].get_text() == "T1, T2"  # left out: the column is missing


def test_a_run_without_a_column_is_left_out_of_that_figure(
    run_files: list[Path], tmp_path: Path
) -> None:
    """With one old run, chain figures come from the other run only, and say so."""
    runs, _ = read_runs([old_run(run_files[0], tmp_path), run_files[1]])
    view = build_aggregate(runs, made_at=MADE_AT)
    fig = view["fig"]["chpl_share"]
    assert (fig["teardowns"], fig["left_out"]) == (["T2"], ["T1"])
    geran = load_rows(run_files[1])
    identified = [r for r in geran if r["status"] == "matched" and r["manufacturer"]]
    with_hs = [r for r in identified if r["hs_code"]]
    assert (fig["figure"].count, fig["figure"].of) == (
        sum(1 for r in with_hs if r["chpl_tier"]),
        len(with_hs),
    )
    assert view["year"]["left_out"] == ["T1"]
    assert view["intermediaries"]["available"] and view["intermediaries"][
        "left_out"
    ] == ["T1"]


def test_illustrative_teardowns_are_flagged(page: BeautifulSoup) -> None:
    """Both bundled examples say they are illustrative, and so does the report, at the top."""
    notice = page.select_one("#illustrative").get_text()
    assert "T1" in notice and "T2" in notice and "ILLUSTRATIVE" in notice


def test_chain_cuts_recount_the_runs(run_files: list[Path]) -> None:
    """Tiers, production years and intermediaries recount the chain columns of both runs."""
    runs, _ = read_runs(run_files)
    view = build_aggregate(runs, made_at=MADE_AT)
    rows = [r for p in run_files for r in load_rows(p)]
    identified = [r for r in rows if r["status"] == "matched" and r["manufacturer"]]
    expected = Counter(
        f"tier {r['chpl_tier']}"
        if r["chpl_tier"]
        else ("not on the list" if r["hs_code"] else "HS heading unknown")
        for r in identified
    )
    assert {line.label: line.count for line in view["chpl"]} == dict(expected)
    years = Counter(
        int(r["produced_from"][:4])
        for r in rows
        if r["status"] != "skipped"
        and r["produced_from"]
        and r["produced_from"][:4] == r["produced_to"][:4]
    )
    assert view["year"]["years"] == sorted(years.items())
    (chain,) = view["intermediaries"][
        "chains"
    ]  # the reported shipment of the Orlan-10 example
    assert (chain.shown, chain.listed, chain.platforms) == (
        "Asia Pacific Links (HK)",
        True,
        {"Orlan-10 (T1)"},
    )
    assert chain.importers == {"SMT-iLogic": "SMT-iLogic (RU)"}


def test_folder_and_duplicates(run_files: list[Path]) -> None:
    """A folder stands for its run files; the same teardown given twice is counted once."""
    runs, notes = read_runs([run_files[0].parent, run_files[0]])
    assert [r.name for r in runs] == ["geran2_teardown", "orlan10_teardown"]
    assert notes == []
    copy = run_files[0].parent / "copy" / "again.json"
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(run_files[0].read_bytes())
    runs, notes = read_runs([run_files[0], copy])
    assert len(runs) == 1
    assert notes == [
        f"{copy} traces the same input files as {run_files[0]} (same SHA-256); counted once"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read as JSON"),
        ('{"format": "something-else"}', "is not a bomtrace run file"),
        ('{"format": "bomtrace-run", "format_version": 99, "run": {}, "rows": []}', "newer than this bomtrace reads"),
        ('{"format": "bomtrace-run", "format_version": 1, "run": {}, "rows": [{}], "counts": {"read": 5}}',
         "holds 1 rows but says it read 5"),
    ],
)  # fmt: skip
def test_bad_run_files_are_clear_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    """A file that is not a whole run file is refused with what is wrong and what to do."""
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ReportInputError, match=message):
        read_runs([bad])


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    """A folder with no run files says so."""
    with pytest.raises(ReportInputError, match="no bomtrace run files"):
        read_runs([tmp_path])


def test_aggregate_is_deterministic(run_files: list[Path], tmp_path: Path) -> None:
    """The same runs and date give the same bytes."""
    (first,) = write_aggregate_report(run_files, tmp_path / "a", made_at=MADE_AT)
    (second,) = write_aggregate_report(run_files, tmp_path / "b", made_at=MADE_AT)
    assert first.read_bytes() == second.read_bytes()
    assert first.name == "aggregate.html"

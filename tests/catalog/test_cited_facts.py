"""Facts the reports cite that are catalog rows: control dates and parts libraries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from bomtrace import trace
from bomtrace.catalog import Catalog, load_catalogs
from bomtrace.catalog.schema import check_catalog
from bomtrace.report import render_report

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"


def _stm32(catalog: Catalog) -> dict[str, object]:
    """The example's STM32F405 row (date code 2214: made 2022-04-03 to 2022-04-17)."""
    result = trace([EXAMPLE], catalog=catalog, run_at="2024-01-01T00:00:00Z")
    return next(r for r in result.records() if "STM32F405RGT6" in str(r["marking"]))


def test_shipped_control_dates_and_libraries(catalog: Catalog) -> None:
    """One sourced date per flag column, and the two KiCad libraries at their commits."""
    assert [(c.flag, c.date, c.label) for c in catalog.control_dates] == [
        ("after_2014_controls", "2014-08-01", "2014 controls"),
        ("after_2022_controls", "2022-02-24", "2022 controls"),
    ]
    assert "833/2014" in catalog.control_dates[0].source
    assert "87 FR 12226" in catalog.control_dates[1].source
    assert [(x.library, x.commit) for x in catalog.part_libraries] == [
        ("KiCad symbol library", "4e17d75"),
        ("Digi-Key KiCad library", "d4bd68f"),
    ]
    assert all(x.source and x.licence == "CC-BY-SA 4.0" for x in catalog.part_libraries)


def test_the_flags_compare_with_the_catalogs_dates(catalog: Catalog) -> None:
    """Move the 2022 date past the window and the flag turns; without dates it is unknown."""
    row = _stm32(catalog)
    assert (row["after_2014_controls"], row["after_2022_controls"]) == ("yes", "yes")
    first, second = catalog.control_dates
    later = replace(catalog, control_dates=(first, replace(second, date="2022-05-01")))
    assert _stm32(later)["after_2022_controls"] == "no"
    none = _stm32(replace(catalog, control_dates=()))
    assert (none["after_2014_controls"], none["after_2022_controls"]) == (
        "unknown",
        "unknown",
    )


def test_the_report_cites_the_catalog_rows(catalog: Catalog) -> None:
    """The sources list and the chart's control lines come from the catalog's rows."""
    result = trace([EXAMPLE], catalog=catalog, run_at="2024-01-01T00:00:00Z")
    page = BeautifulSoup(render_report(result), "html.parser").get_text()
    assert "KiCad symbol library (commit 4e17d75) and Digi-Key KiCad library" in page
    assert "Council Regulation (EU) No 833/2014" in page
    bare = replace(catalog, part_libraries=(), control_dates=())
    result = trace([EXAMPLE], catalog=bare, run_at="2024-01-01T00:00:00Z")
    page = BeautifulSoup(render_report(result), "html.parser").get_text()
    assert "KiCad symbol library" not in page and "833/2014" not in page


def test_check_reports_bad_control_dates(tmp_path: Path) -> None:
    """An unknown flag, a date that is not one, a repeated flag; a missing flag warns."""
    (tmp_path / "control_dates.csv").write_text(
        "flag,label,date,source\n"
        "after_2014_controls,2014 controls,1 August 2014,test\n"
        "after_2014_controls,2014 controls,2014-08-01,test\n"
        "after_2030_controls,2030 controls,2030-01-01,test\n",
        encoding="utf-8",
    )
    findings = check_catalog(load_catalogs(tmp_path))
    assert sorted(str(f) for f in findings if f.error) == [
        "error: control_dates.csv:2: control date '1 August 2014' is not a date (YYYY-MM-DD)",
        "error: control_dates.csv:3: control date 'after_2014_controls' repeats row control_dates.csv:2",
        "error: control_dates.csv:4: control date flag 'after_2030_controls' is not one of"
        " after_2014_controls, after_2022_controls",
    ]
    assert [str(f) for f in findings if not f.error] == [
        "warning: control_dates.csv: no control date for after_2022_controls: the column says unknown"
    ]

"""GUR's published listings traced as runs: one per weapon, every record accounted for."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bomtrace import TraceResult, trace_reported
from bomtrace.catalog import Catalog
from bomtrace.errors import ReportInputError

RUN_AT = "2026-12-01T00:00:00Z"


@pytest.fixture(scope="module")
def runs(catalog: Catalog) -> list[TraceResult]:
    return trace_reported(catalog=catalog, run_at=RUN_AT)


def test_every_record_is_a_row_of_its_weapon(runs: list[TraceResult]) -> None:
    """195 weapons, 4,722 rows, each run reconciling; the weapon is the run's platform."""
    assert len(runs) == 195
    assert sum(r.counts.read for r in runs) == 4722
    assert all(r.counts.reconciles() and r.counts.skipped == 0 for r in runs)
    orlan = next(r for r in runs if r.info.platform == "orlan-10-uav-no-14662")
    assert orlan.counts.read == 49
    (source,) = orlan.info.inputs
    assert (source.name, source.selection) == (
        "reported_gur.csv",
        "weapons: orlan-10-uav-no-14662",
    )


def test_rows_carry_their_record_and_never_gurs_maker(runs: list[TraceResult]) -> None:
    """Each row's reported_in starts with its own record (GUR's attribution); the row's
    own cells hold only the printed text and the page, so the identification is ours."""
    for result in runs[:40]:
        for record in result.records():
            entries = json.loads(record["reported_in"])
            assert entries[0]["basis"] == "this record"
            assert entries[0]["url"] in record["extra"]
            assert record["manufacturer_given"] == ""


def test_identified_rows_and_disagreements_on_the_dev_file(
    runs: list[TraceResult],
) -> None:
    """The figures the demo's policy report states, recounted from the rows."""
    rows = [r for result in runs for r in result.records()]
    status = Counter(r["status"] for r in rows)
    assert status["matched"] + status["ambiguous"] + status["unmatched"] == 4722
    assert status["matched"] >= 500
    own = [json.loads(r["reported_in"])[0] for r in rows if r["status"] == "matched"]
    makers = Counter(e["maker_agrees"] for e in own)
    # gur-125 (ADM709 TARZ credited to AMD) is one of the rows where we differ.
    differing = {e["component_id"] for e in own if e["maker_agrees"] == "no"}
    assert "gur-125" in differing and "gur-785" not in differing
    assert makers["no"] == len(differing) and makers["yes"] > 10 * makers["no"]


def test_unknown_weapon_is_an_error(catalog: Catalog) -> None:
    """A weapon no record names is a clear error naming it."""
    with pytest.raises(
        ReportInputError, match="no reported components name the weapon"
    ):
        trace_reported(catalog=catalog, weapons=["orlan-11"], run_at=RUN_AT)

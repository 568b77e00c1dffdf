"""Figures: each equals a recount of the rows, and a missing column is "not available", never 0."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bomtrace.report import figures as fg


def row(status: str = "matched", **values: Any) -> dict[str, Any]:
    base = {"status": status, "manufacturer": "Maker A" if status == "matched" else ""}
    return {**base, **values}


def parties(
    shipments: list[tuple[str, str]], listed: tuple[tuple[str, bool], ...] = ()
) -> str:
    """A chain_parties cell: (sender, receiver) pairs and (party, possible) hits."""
    return json.dumps({
        "distributors": [],
        "shipments": [{"sender": s, "receiver": r, "basis": "HS only", "shipments": 1}
                      for s, r in shipments],
        "listed": [{"party": p, "possible": possible, "detail": "test"} for p, possible in listed],
    })  # fmt: skip


ROWS = [
    row("skipped"),
    row(coalition_origin="yes", chpl_tier="1", hs_code="854231", after_2022_controls="yes",
        intermediaries="Alpha Ltd (HK) -> Beta LLC (RU) [maker + HS; 1 shipment, 2022-06]",
        sanctioned_intermediaries="Alpha Ltd: match with 'ALPHA LIMITED' on SDN (RUSSIA-EO14024; listed 2023-05), score 0.98; "
        "Beta LLC: POSSIBLE match, to be checked with 'Beta' on SDN (RUSSIA-EO14024), score 0.84",
        chain_parties=parties([("Alpha Ltd", "Beta LLC")], (("Alpha Ltd", False), ("Beta LLC", True)))),
    row(coalition_origin="yes", chpl_tier="", hs_code="853400", after_2022_controls="no",
        intermediaries="Alpha Ltd (HK) -> Gamma GmbH (DE) [HS only; 2 shipments, 2022-07 to 2022-08]",
        chain_parties=parties([("Alpha Ltd", "Gamma GmbH")])),
    row(coalition_origin="no", chpl_tier="", hs_code="", after_2022_controls="unknown"),
    row("ambiguous", after_2022_controls="yes"),
    row("unmatched"),
]  # fmt: skip
ALL_COLUMNS = ["status", "manufacturer", "coalition_origin", "chpl_tier", "hs_code",
               "after_2022_controls", "intermediaries", "sanctioned_intermediaries"]  # fmt: skip


def test_counts_and_shares_equal_a_recount() -> None:
    """Each figure counts the rows its source sentence describes."""
    figures = fg.by_key(fg.teardown_figures(ROWS, ALL_COLUMNS))
    assert figures["rows_read"].count == 6
    assert figures["part_rows"].count == 5
    assert figures["identified"].count == 3
    assert (figures["ambiguous"].count, figures["unmatched"].count) == (1, 1)
    assert (figures["coalition_share"].count, figures["coalition_share"].of) == (2, 3)
    assert figures["coalition_share"].value == "67%"
    # Two identified rows have an HS code; one of them is on a tier.
    assert (figures["chpl_share"].count, figures["chpl_share"].of) == (1, 2)
    # Dated part rows: yes, no, yes (the ambiguous row counts: a date code is on any chip).
    assert (figures["after_2022_share"].count, figures["after_2022_share"].of) == (2, 3)
    # Alpha, Beta and Gamma are named; only Alpha is confirmed on a list, Beta is possible.
    assert figures["intermediaries"].value == "3"
    sanctioned = figures["sanctioned_intermediaries"]
    assert (sanctioned.count, sanctioned.of) == (1, 3)
    assert "1 more possible" in sanctioned.label


def test_missing_columns_are_not_available_rather_than_zero() -> None:
    """A run without the chain columns shows "not available in this run" for those figures."""
    figures = fg.by_key(
        fg.teardown_figures(ROWS, ["status", "manufacturer", "coalition_origin"])
    )
    for key in (
        "chpl_share",
        "after_2022_share",
        "intermediaries",
        "sanctioned_intermediaries",
    ):
        assert not figures[key].available
        assert figures[key].value == fg.NOT_AVAILABLE
        assert figures[key].count is None
        assert "does not have" in figures[key].source
    assert figures["coalition_share"].available


def test_every_figure_states_its_source_and_columns() -> None:
    """No figure is without the sentence saying what it counts and the columns it reads."""
    for figure in fg.teardown_figures(ROWS, ALL_COLUMNS):
        assert figure.source and figure.columns, figure.key


def test_chpl_share_without_hs_column_uses_identified_rows() -> None:
    """When a run has tiers but no HS codes, the share is over every identified row."""
    figures = fg.by_key(
        fg.teardown_figures(ROWS, ["status", "manufacturer", "chpl_tier"])
    )
    assert (figures["chpl_share"].count, figures["chpl_share"].of) == (1, 3)


def test_production_years_count_whole_windows_only() -> None:
    """A window inside one year counts in it; one across a new year is counted apart."""
    rows = [
        {"produced_from": "2021-04-26", "produced_to": "2021-05-02"},
        {"produced_from": "2021-12-27", "produced_to": "2022-01-02"},
        {"produced_from": "2019-01-07", "produced_to": ""},
        {"produced_from": "", "produced_to": ""},
    ]
    assert fg.production_years(rows) == ([(2019, 1), (2021, 1)], 1)


def test_count_by_is_ordered_by_count_then_label() -> None:
    """Ties are broken by label so the same rows always draw the same chart."""
    rows = [{"m": "b"}, {"m": "a"}, {"m": "c"}, {"m": "c"}, {"m": ""}]
    assert fg.count_by(rows, lambda r: r["m"]) == [
        ("c", 2),
        ("a", 1),
        ("b", 1),
        ("not given", 1),
    ]


def test_confidence_by_method_recounts_rows() -> None:
    """Per method: rows, lowest, mean and highest confidence of matched and ambiguous rows."""
    from bomtrace.report.legend import confidence_by_method

    rows = [
        {"status": "matched", "match_method": "exact", "confidence": 0.99},
        {"status": "matched", "match_method": "exact", "confidence": 0.97},
        {"status": "ambiguous", "match_method": "family_prefix", "confidence": 0.3},
        {"status": "skipped", "match_method": "", "confidence": None},
    ]
    assert confidence_by_method(rows) == [
        {
            "method": "exact",
            "rows": 2,
            "low": 0.97,
            "mean": pytest.approx(0.98),
            "high": 0.99,
        },
        {"method": "family_prefix", "rows": 1, "low": 0.3, "mean": 0.3, "high": 0.3},
    ]

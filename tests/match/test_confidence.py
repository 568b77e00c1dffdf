"""Confidence: the fitted calibration maps raw scores to probabilities, and says how well."""

from __future__ import annotations

import hashlib
import json

import pytest
from tests.conftest import DATA

from bomtrace.match.confidence import (
    Calibration,
    calibrate,
    calibration_document,
    load_calibration,
    reliability_summary,
    reliability_table,
)
from bomtrace.model import MatchMethod

TABLE = Calibration(
    version="test",
    tables={MatchMethod.FUZZY: ((0.4, 0.5, 0.2), (0.6, 0.7, 0.6), (0.8, 0.8, 0.9))},
)


@pytest.mark.parametrize(
    ("raw", "confidence"),
    [
        (0.1, 0.2),  # below the first block: its value
        (0.45, 0.2),  # inside a block: the block's value
        (0.55, 0.4),  # between blocks: a straight line
        (0.65, 0.6),
        (0.75, 0.75),
        (0.95, 0.9),  # above the last block: its value
    ],
)
def test_calibration_steps_and_interpolates(raw: float, confidence: float) -> None:
    """Inside a fitted block the block's share; between blocks a straight line."""
    assert TABLE(MatchMethod.FUZZY, raw) == pytest.approx(confidence)


def test_unfitted_method_and_human_keep_the_raw_score() -> None:
    """A method without a table keeps its raw score; a reviewer's decision is certain."""
    assert TABLE(MatchMethod.EXACT, 0.97) == 0.97
    assert TABLE(MatchMethod.HUMAN, 1.0) == 1.0
    assert Calibration.identity()(MatchMethod.FUZZY, 1.3) == 1.0


def test_shipped_calibration_is_fitted_on_the_committed_dev_set() -> None:
    """calibration.json names the dev set it was fitted on; refit when either changes."""
    document = calibration_document()
    digest = hashlib.sha256((DATA / "identify_dev.csv").read_bytes()).hexdigest()
    assert document["dev_set"]["sha256"] == digest, "run `make calibrate`"
    assert load_calibration().version == document["version"]
    assert document["version"].startswith(f"dev-{digest[:6]}-real-")
    for blocks in document["tables"].values():
        values = [b["confidence"] for b in blocks]
        assert values == sorted(values)
        assert all(0 < v < 1 for v in values)


def test_calibrate_uses_the_shipped_tables() -> None:
    """The module-level calibrate applies the shipped tables."""
    assert calibrate(MatchMethod.EXACT, 0.99) == load_calibration()(
        MatchMethod.EXACT, 0.99
    )


@pytest.mark.parametrize(
    ("scope", "rows", "ece"),
    [("matched", "matched_rows", "ece"), ("proposed", "proposed_rows", "proposed_ece")],
)
def test_reliability_table_for_the_report(scope: str, rows: str, ece: str) -> None:
    """bucket -> (rows, share correct, mean confidence), as measured on held-out rows."""
    table = reliability_table(scope)
    assert table
    summary = reliability_summary()
    assert sum(n for n, _, _ in table.values()) == summary[rows]
    for bucket, (n, share, mean) in table.items():
        low, high = (float(x) for x in bucket.split("-"))
        assert n > 0
        assert 0 <= share <= 1
        assert low <= mean <= high
    assert summary[ece] <= 0.05


def test_frozen_bench_results_agree_with_the_shipped_table() -> None:
    """make bench measured the same reliability table that the report shows."""
    frozen = json.loads(
        (DATA.parent.parent / "bench" / "results" / "identify.json").read_text("utf-8")
    )
    assert frozen["calibration_version"] == reliability_summary()["version"]
    assert {
        b["bucket"]: (b["n"], b["share_correct"], b["mean_confidence"])
        for b in frozen["reliability"]
    } == reliability_table()
    assert {
        b["bucket"]: (b["n"], b["share_correct"], b["mean_confidence"])
        for b in frozen["proposals"]["reliability"]
    } == reliability_table("proposed")

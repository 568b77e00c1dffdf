"""Scoring identifications against their truth: verdicts, reliability, ECE, isotonic fit."""

from __future__ import annotations

import sys

import pytest
from tests.conftest import ROOT

from bomtrace.catalog import Catalog
from bomtrace.model import Candidate, Identification, MatchMethod, Status

sys.path.insert(0, str(ROOT / "bench"))
from evaluation import (
    Bucket,
    claims,
    expected_calibration_error,
    heldout_catalog,
    isotonic_fit,
    judge,
    mpn_consistent,
    reliability,
)


def row(**fields: str) -> dict[str, str]:
    base = {
        "kind": "part",
        "split": "holdout",
        "expected_status": "matched",
        "truth_maker": "Analog Devices",
        "truth_mpn": "ADXL345BCCZ",
        "truth_printed": "ADXL345BCCZ",
    }
    return {**base, **fields}


def found(
    status: Status, maker: str = "", mpn: str = "", conf: float = 0.9
) -> Identification:
    return Identification(
        status=status, maker=maker, mpn=mpn, confidence=conf, method=MatchMethod.EXACT
    )


def test_right_maker_and_part(catalog: Catalog) -> None:
    """A matched row with the true maker and number is right in every sense."""
    v = judge(row(), found(Status.MATCHED, "Analog Devices", "ADXL345BCCZ"), catalog)
    assert (v.maker_correct, v.claim_correct, v.mpn_correct) == (True, True, True)


def test_same_group_counts_as_the_maker(catalog: Catalog) -> None:
    """Linear Technology for a part the catalog lists under Analog Devices is its maker."""
    v = judge(row(), found(Status.MATCHED, "Linear Technology"), catalog)
    assert v.maker_correct and v.claim_correct
    assert not v.mpn_correct  # no part number was given


def test_wrong_part_number_is_a_wrong_claim(catalog: Catalog) -> None:
    """The right maker with a sibling's number is a wrong identification."""
    v = judge(row(), found(Status.MATCHED, "Analog Devices", "ADXL346"), catalog)
    assert v.maker_correct and not v.claim_correct


def test_silent_pick_of_an_ambiguous_number_is_wrong(catalog: Catalog) -> None:
    """When the truth is ambiguous, only an ambiguous answer listing the maker is right."""
    truth = row(expected_status="ambiguous", truth_maker="Texas Instruments")
    picked = judge(truth, found(Status.MATCHED, "Texas Instruments", "LM358"), catalog)
    assert not picked.maker_correct and not picked.claim_correct
    listed = Identification(
        status=Status.AMBIGUOUS,
        candidates=(
            Candidate(
                maker="Texas Instruments",
                mpn="LM358",
                method=MatchMethod.EXACT,
                score=0.99,
                evidence="",
            ),
        ),
    )
    assert judge(truth, listed, catalog).maker_correct


@pytest.mark.parametrize("kind", ["lookalike", "unknown_maker"])
def test_matching_what_is_not_catalogued_is_wrong(catalog: Catalog, kind: str) -> None:
    """Look-alikes and parts of uncatalogued makers are right only when not matched."""
    truth = row(kind=kind, expected_status="unmatched")
    assert judge(truth, found(Status.UNMATCHED), catalog).maker_correct
    v = judge(truth, found(Status.MATCHED, "Analog Devices"), catalog)
    assert not v.maker_correct and not v.claim_correct


@pytest.mark.parametrize(
    ("returned", "ok"),
    [
        ("STM32F405RGT6", True),  # the pattern filled in
        ("STM32F405", True),  # a truncated marking
        ("STM32F415RGT6", False),
        ("", True),
    ],
)
def test_mpn_consistent(returned: str, ok: bool) -> None:
    """A reported number is right when it is the truth, a pattern variant or its start."""
    assert mpn_consistent(returned, "STM32F405RGT6", "STM32F405RGTx") is ok


def test_heldout_catalog_removes_what_the_set_treats_as_unknown(
    catalog: Catalog,
) -> None:
    """prefix_only parts and unknown_maker makers leave the catalog; the rest stays."""
    rows = [
        row(kind="prefix_only", truth_mpn="ADXL345BCCZ"),
        row(kind="unknown_maker", truth_maker="u-blox"),
    ]
    held = heldout_catalog(catalog, rows)
    assert "u-blox" not in held.makers
    assert not any(p.maker == "u-blox" for p in held.parts)
    assert not any(
        p.mpn == "ADXL345BCCZ" and p.maker == "Analog Devices" for p in held.parts
    )
    assert len(held.parts) < len(catalog.parts)
    assert "Analog Devices" in held.makers


def test_reliability_and_ece() -> None:
    """Buckets hold their rows; ECE is the row-weighted gap between confidence and accuracy."""
    pairs = [(0.95, True)] * 9 + [(0.95, False)] + [(0.55, True), (0.55, False)]
    table = reliability(pairs)
    assert [(b.label, b.n) for b in table] == [("0.5-0.6", 2), ("0.9-1.0", 10)]
    assert table[1].share_correct == pytest.approx(0.9)
    ece = expected_calibration_error(table)
    assert ece == pytest.approx((2 * 0.05 + 10 * 0.05) / 12)
    assert reliability([(1.0, True)])[0].label == "0.9-1.0"
    assert expected_calibration_error([]) == 0.0
    assert isinstance(table[0], Bucket)


def test_claims_are_the_matched_rows(catalog: Catalog) -> None:
    """Only matched rows carry a claim that calibration is about."""
    verdicts = [
        judge(
            row(), found(Status.MATCHED, "Analog Devices", "ADXL345BCCZ", 0.8), catalog
        ),
        judge(row(), found(Status.UNMATCHED), catalog),
    ]
    assert claims(verdicts) == [(0.8, True)]


def test_isotonic_fit_is_monotone_and_smoothed() -> None:
    """The fitted map never decreases, pools small blocks and never claims 0 or 1."""
    pairs = (
        [(0.3, False)] * 20
        + [(0.5, True)] * 15
        + [(0.5, False)] * 5
        + [(0.6, True)] * 3  # too few rows: pooled with a neighbour
        + [(0.7, False)] * 5
        + [(0.7, True)] * 15
        + [(0.9, True)] * 40
    )
    blocks = isotonic_fit(pairs)
    values = [value for _, _, value, _ in blocks]
    assert values == sorted(values)
    assert all(rows >= 10 for _, _, _, rows in blocks)
    assert 0 < values[0] < 0.1
    assert 0.9 < values[-1] < 1

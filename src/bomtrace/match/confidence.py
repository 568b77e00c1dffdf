"""Raw match scores -> confidence, the probability that an identification is right.

The raw scores of the stages order identifications but are not probabilities.
``calibration.json`` beside this module holds, per match method, a non-decreasing map
from raw score to the share of identifications that were right, fitted (isotonic
regression) on the ``fit`` split of the labelled development set
(``tests/data/identify_dev.csv``) by ``bench/fit_calibration.py``, and the reliability
table measured with it on the ``holdout`` split. A method with no fitted table keeps its
raw score, clipped to [0, 1]; reviewers' decisions (``human``) are not calibrated.

Reading the packaged table is the only I/O here, done once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from bomtrace.model import MatchMethod

CALIBRATION_FILE = "calibration.json"

# (lowest raw score, highest raw score, confidence) of one fitted block, ascending.
Block = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per-method maps from raw score to confidence, and where they came from."""

    version: str = "uncalibrated"
    tables: Mapping[MatchMethod, tuple[Block, ...]] = field(default_factory=dict)

    @classmethod
    def identity(cls) -> Calibration:
        """No fitted tables: confidence is the raw score (used to fit the tables)."""
        return cls()

    def __call__(self, method: MatchMethod, raw: float) -> float:
        """Turns a stage's raw score into a calibrated confidence between 0 and 1."""
        table = self.tables.get(method)
        if method is MatchMethod.HUMAN or not table:
            return max(0.0, min(1.0, raw))
        return _interpolate(table, raw)


def _interpolate(table: tuple[Block, ...], raw: float) -> float:
    """Step inside a fitted block, straight line between neighbouring blocks."""
    if raw <= table[0][1]:
        return table[0][2]
    for (_, high, value), (low, top, after) in pairwise(table):
        if raw <= low:
            if low == high:
                return after
            share = (raw - high) / (low - high)
            return value + share * (after - value)
        if raw <= top:
            return after
    return table[-1][2]


def calibration_document() -> dict[str, Any]:
    """The packaged calibration file as a dict (empty when none is packaged)."""
    source = resources.files("bomtrace.match") / CALIBRATION_FILE
    if not source.is_file():
        return {}
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    """The fitted calibration shipped with bomtrace."""
    data = calibration_document()
    tables: dict[MatchMethod, tuple[Block, ...]] = {}
    for name, blocks in data.get("tables", {}).items():
        tables[MatchMethod(name)] = tuple(
            (float(b["low"]), float(b["high"]), float(b["confidence"])) for b in blocks
        )
    return Calibration(version=str(data.get("version", "uncalibrated")), tables=tables)


def calibrate(method: MatchMethod, raw: float) -> float:
    """Turns a stage's raw score into a calibrated confidence with the shipped tables."""
    return load_calibration()(method, raw)


def reliability_table(scope: str = "matched") -> dict[str, tuple[int, float, float]]:
    """The reliability of the shipped calibration on held-out development rows.

    Confidence bucket ("0.9-1.0") -> (rows whose confidence fell in it, share of them
    that was right, their mean confidence). ``scope="matched"``: the rows reported
    ``matched``; ``scope="proposed"``: every identification proposed, the hints shown on
    unmatched rows (confidence below 0.5) included. Measured on the ``holdout`` split
    when the calibration was fitted; ``make bench`` measures it again.
    """
    holdout = calibration_document().get("holdout", {})
    source = holdout.get("proposals", {}) if scope == "proposed" else holdout
    return {
        str(b["bucket"]): (
            int(b["n"]),
            float(b["share_correct"]),
            float(b["mean_confidence"]),
        )
        for b in source.get("reliability", [])
    }


def reliability_summary() -> dict[str, Any]:
    """What the reliability table was measured on: version, rows and the ECE.

    ``real``: per view of the real records (GUR's components as printed, the peer
    library's numbers), what was measured on their held-out halves.
    """
    data = calibration_document()
    holdout = data.get("holdout", {})
    return {
        "real": {
            view: {
                "rows": int(f.get("rows", 0)),
                "matched": int(f.get("matched", 0)),
                "claims_right": float(f.get("claims_right", 0.0)),
                "ece": float(f.get("ece", 0.0)),
            }
            for view, f in data.get("real_check", {}).items()
        },
        "version": data.get("version", "uncalibrated"),
        "dev_set": data.get("dev_set", ""),
        "rows": holdout.get("rows", 0),
        "matched_rows": holdout.get("matched_rows", 0),
        "ece": holdout.get("ece", 0.0),
        "proposed_rows": holdout.get("proposals", {}).get("rows", 0),
        "proposed_ece": holdout.get("proposals", {}).get("ece", 0.0),
    }

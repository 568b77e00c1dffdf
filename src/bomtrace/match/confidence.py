"""Raw match scores -> confidence, a probability that the identification is right.

Pure. The raw scores of the stages are ordered but not probabilities. ``calibrate`` maps
them through a per-method table fitted on the labelled development set
(``bench/cases.csv``); until a method has a fitted table the raw score is used, clipped
to [0, 1].
"""

from __future__ import annotations

from bomtrace.model import MatchMethod

# method -> ((raw score upper bound, confidence), ...), ascending. Empty: not yet fitted.
CALIBRATION: dict[MatchMethod, tuple[tuple[float, float], ...]] = {}


def calibrate(method: MatchMethod, raw: float) -> float:
    """Turns a stage's raw score into a calibrated confidence between 0 and 1."""
    table = CALIBRATION.get(method)
    if table:
        for bound, confidence in table:
            if raw <= bound:
                return confidence
        return table[-1][1]
    return max(0.0, min(1.0, raw))

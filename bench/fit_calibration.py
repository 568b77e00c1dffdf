"""Fit the confidence calibration on the ``fit`` split and measure it on the ``holdout`` split.

    python bench/fit_calibration.py        (make calibrate)

Identifies the ``fit`` rows of ``tests/data/identify_dev.csv`` with raw scores (no
calibration, no confidence floor), fits per match method a non-decreasing map from raw
score to the share of right identifications (isotonic regression, see
``bomtrace.match.evaluation.isotonic_fit``), then identifies the ``holdout`` rows with
the fitted map and records their reliability table and expected calibration error.
Writes ``src/bomtrace/match/calibration.json``, which bomtrace ships and loads. Run it
after any change to the matcher or the development set; the tests fail while the
committed table is stale.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import bench_identify
import devset

from bomtrace.match.confidence import Calibration
from bomtrace.match.evaluation import claims, isotonic_fit
from bomtrace.model import MatchMethod

OUT = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "bomtrace"
    / "match"
    / "calibration.json"
)
# A method seen on fewer matched rows than this keeps its raw score.
MIN_ROWS = 20
# Methods never calibrated: a reviewer's decision is certain by definition.
UNCALIBRATED = {MatchMethod.HUMAN}


def fit(rows: list[dict[str, str]]) -> dict[str, list[dict[str, float]]]:
    """Per-method isotonic tables fitted on the given rows."""
    found = bench_identify.identify_all(
        rows, Calibration.identity(), min_confidence=0.0
    )
    verdicts = bench_identify.verdicts_of(found)
    by_method: dict[MatchMethod, list[tuple[float, bool]]] = defaultdict(list)
    for verdict in verdicts:
        if verdict.method in UNCALIBRATED:
            continue
        for confidence, right in claims([verdict]):
            by_method[verdict.method].append((confidence, right))
    tables: dict[str, list[dict[str, float]]] = {}
    for method, pairs in sorted(by_method.items()):
        if len(pairs) < MIN_ROWS:
            continue
        tables[method.value] = [
            {"low": low, "high": high, "confidence": value, "rows": rows_in}
            for low, high, value, rows_in in isotonic_fit(pairs)
        ]
    return tables


def main() -> None:
    rows = devset.read()
    digest = hashlib.sha256(devset.OUT.read_bytes()).hexdigest()
    fit_rows = [r for r in rows if r["split"] == "fit"]
    tables = fit(fit_rows)
    version = f"dev-{digest[:10]}"
    calibration = Calibration(
        version=version,
        tables={
            MatchMethod(name): tuple(
                (b["low"], b["high"], b["confidence"]) for b in blocks
            )
            for name, blocks in tables.items()
        },
    )
    holdout = [r for r in rows if r["split"] == "holdout"]
    measured, _ = bench_identify.measure(holdout, calibration)
    proposals = measured["proposals"]
    document = {
        "version": version,
        "method": "isotonic regression (pool adjacent violators) per match method, "
        "raw score -> share of right identifications; block values smoothed as "
        "(right + 1) / (rows + 2)",
        "dev_set": {"file": "tests/data/identify_dev.csv", "sha256": digest},
        "fit": {"split": "fit", "rows": len(fit_rows)},
        "tables": tables,
        "holdout": {
            "split": "holdout",
            "rows": len(holdout),
            "matched_rows": measured["matched_rows"],
            "ece": round(float(measured["ece"]), 4),  # type: ignore[arg-type]
            "reliability": measured["reliability"],
            "proposals": {
                "rows": proposals["rows"],  # type: ignore[index]
                "ece": round(float(proposals["ece"]), 4),  # type: ignore[index]
                "reliability": proposals["reliability"],  # type: ignore[index]
            },
        },
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}"
    )
    print(f"  fitted on {len(fit_rows)} rows; methods: {', '.join(tables)}")
    print(
        f"  holdout ECE {float(measured['ece']):.4f} on {measured['matched_rows']} matched rows"
    )  # type: ignore[arg-type]


if __name__ == "__main__":
    main()

"""Fit the confidence calibration on real and synthetic rows, and measure it on held-out ones.

    python bench/fit_calibration.py        (make calibrate)

Identifies, with raw scores (no calibration, no confidence floor), the ``fit`` rows of
the synthetic development set (``tests/data/identify_dev.csv``) and the ``fit`` halves
of the real records (GUR's components as the portal prints them and the peer library's
labelled numbers, ``bench/realworld.py``), and fits per match method a non-decreasing
map from raw score to the share of right identifications (isotonic regression, see
``evaluation.isotonic_fit``). The real rows decide what a confidence
means: they are what users bring, the synthetic rows only what the catalogs know.
It then measures the fitted map on the held-out rows (the synthetic ``holdout`` split
and the real ``check`` halves) and records the reliability and calibration error.
Writes ``src/bomtrace/match/calibration.json``, which bomtrace ships and loads. Run it
after any change to the matcher or the development sets; the tests fail while the
committed table is stale.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import bench_identify
import bench_realworld
import devset
import realworld
from evaluation import claims, isotonic_fit

from bomtrace.match.confidence import Calibration
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
# A method with at least this many real claims is fitted on the real rows alone: what
# a confidence means is decided by what users bring, not by rows made from our catalogs.
REAL_ONLY_ROWS = 100
# Below that, real claims count this many times each beside the synthetic ones.
REAL_WEIGHT = 3
# Methods never calibrated: a reviewer's decision is certain by definition.
UNCALIBRATED = {MatchMethod.HUMAN}


# Views of the real records fitted on (GUR marking-only repeats GUR as printed).
REAL_VIEWS = ("gur_printed", "peer")


def fit(
    rows: list[dict[str, str]],
) -> tuple[dict[str, list[dict[str, float]]], dict[str, int]]:
    """Per-method isotonic tables fitted on synthetic rows and the real ``fit`` halves."""
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
    counts = {"synthetic": len(rows)}
    _, views = bench_realworld.measure(
        Calibration.identity(), min_confidence=0.0, split="fit"
    )
    real: dict[MatchMethod, list[tuple[float, bool]]] = defaultdict(list)
    for view in REAL_VIEWS:
        counts[view] = len(views[view])
        for _, _, judged in views[view]:
            if judged.method in UNCALIBRATED or judged.status.value != "matched":
                continue
            real[judged.method].append((judged.confidence, judged.right))
    for method, pairs in real.items():
        if len(pairs) >= REAL_ONLY_ROWS:
            by_method[method] = list(pairs)
        else:
            by_method[method].extend(pairs * REAL_WEIGHT)
    tables: dict[str, list[dict[str, float]]] = {}
    for method, pairs in sorted(by_method.items()):
        if len(pairs) < MIN_ROWS:
            continue
        tables[method.value] = [
            {"low": low, "high": high, "confidence": value, "rows": rows_in}
            for low, high, value, rows_in in isotonic_fit(pairs)
        ]
    return tables, counts


def main() -> None:
    rows = devset.read()
    digest = hashlib.sha256(devset.OUT.read_bytes()).hexdigest()
    fit_rows = [r for r in rows if r["split"] == "fit"]
    tables, counts = fit(fit_rows)
    real_digest = hashlib.sha256(
        realworld.GUR_FILE.read_bytes() + realworld.PEER_FILE.read_bytes()
    ).hexdigest()
    version = f"dev-{digest[:6]}-real-{real_digest[:6]}"
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
    real, _ = bench_realworld.measure(calibration, split="check")
    document = {
        "version": version,
        "method": "isotonic regression (pool adjacent violators) per match method, "
        "raw score -> share of right identifications; block values smoothed as "
        "(right + 1) / (rows + 2)",
        "dev_set": {"file": "tests/data/identify_dev.csv", "sha256": digest},
        "real_sets": {
            name: {
                "file": str(path.relative_to(path.parents[3])),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
            for name, path in (
                ("gur", realworld.GUR_FILE),
                ("peer", realworld.PEER_FILE),
            )
        },
        "fit": {"split": "fit", "rows": counts},
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
        "real_check": {
            view: {
                k: figures[k]
                for k in (
                    "rows",
                    "matched",
                    "found",
                    "found_catalogued",
                    "claims_right",
                    "ece",
                    "by_method",
                )
            }
            for view, figures in real.items()
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
    for view, figures in real.items():
        print(
            f"  real check half, {view}: ECE {figures['ece']}, claims right {figures['claims_right']},"
            f" found {figures['found']} ({figures['matched']} matched of {figures['rows']})"
        )


if __name__ == "__main__":
    main()

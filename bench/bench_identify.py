"""Identification quality on the labelled development set, against the issue's targets.

    python bench/bench_identify.py [--split holdout|fit|all] [--failures N] [--raw]

Reads ``tests/data/identify_dev.csv`` (``bench/devset.py``), removes from the shipped
catalogs what the set treats as unknown, identifies every row and prints: maker accuracy
on catalogued parts and on parts known only by their maker's prefix, how often
look-alike numbers and parts of uncatalogued makers are reported matched with
confidence >= 0.5, the reliability table and the expected calibration error (ECE) of the
``matched`` rows, and the same for every identification proposed (the hints shown on
unmatched rows included). Figures are measured on the held-out split (the calibration is fitted
on the other one). Writes ``bench/results/identify.json``; exits 1 when a target is
missed. ``--raw`` measures the raw stage scores instead of the calibrated confidence.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import devset
from evaluation import (
    LOOKALIKE,
    PART,
    PREFIX_ONLY,
    UNKNOWN_MAKER,
    Bucket,
    Verdict,
    claims,
    expected_calibration_error,
    heldout_catalog,
    judge,
    reliability,
)

from bomtrace.catalog import CatalogIndex, load_catalogs
from bomtrace.match import Matcher
from bomtrace.match.confidence import Calibration, load_calibration
from bomtrace.match.decide import MIN_CONFIDENCE
from bomtrace.model import Identification, Status

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {
    "maker_accuracy_catalogued": (">=", 0.97),
    "maker_accuracy_prefix_only": (">=", 0.90),
    "lookalike_false_match": ("<=", 0.02),
    "ece": ("<=", 0.05),
}


def identify_all(
    rows: Sequence[dict[str, str]],
    calibration: Calibration | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[tuple[dict[str, str], Identification]]:
    """Identifies development rows against the catalog the whole set is meant to see."""
    catalog = heldout_catalog(load_catalogs(), devset.read())
    matcher = Matcher(
        CatalogIndex(catalog), calibration=calibration, min_confidence=min_confidence
    )
    return [
        (row, matcher.identify(row["marking"], "", row["manufacturer_given"]))
        for row in rows
    ]


def verdicts_of(
    found: Sequence[tuple[dict[str, str], Identification]],
) -> list[Verdict]:
    catalog = load_catalogs()
    return [judge(row, ident, catalog) for row, ident in found]


def share(items: Sequence[bool]) -> float:
    return sum(items) / len(items) if items else 0.0


def figures(verdicts: Sequence[Verdict]) -> dict[str, object]:
    """The benchmark's figures for one split."""

    def of(kind: str) -> list[Verdict]:
        return [v for v in verdicts if v.kind == kind]

    def false_match(kind: str) -> float:
        return share(
            [v.status is Status.MATCHED and v.confidence >= 0.5 for v in of(kind)]
        )

    table = reliability(claims(verdicts))
    methods: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        if v.status is Status.MATCHED:
            methods[v.method.value].append(v)
    return {
        "rows": len(verdicts),
        "catalogued_rows": len(of(PART)),
        "prefix_only_rows": len(of(PREFIX_ONLY)),
        "lookalike_rows": len(of(LOOKALIKE)),
        "unknown_maker_rows": len(of(UNKNOWN_MAKER)),
        "maker_accuracy_catalogued": share([v.maker_correct for v in of(PART)]),
        "maker_accuracy_prefix_only": share([v.maker_correct for v in of(PREFIX_ONLY)]),
        "mpn_accuracy_catalogued": share([v.mpn_correct for v in of(PART)]),
        "lookalike_false_match": false_match(LOOKALIKE),
        "lookalike_matched_any_confidence": share(
            [v.status is Status.MATCHED for v in of(LOOKALIKE)]
        ),
        "unknown_maker_false_match": false_match(UNKNOWN_MAKER),
        "status": dict(Counter(f"{v.kind}:{v.status.value}" for v in verdicts)),
        "ece": expected_calibration_error(table),
        "matched_rows": sum(b.n for b in table),
        "reliability": table_rows(table),
        "by_method": {
            name: {
                "n": len(vs),
                "share_correct": round(share([v.claim_correct for v in vs]), 4),
                "mean_confidence": round(sum(v.confidence for v in vs) / len(vs), 4),
            }
            for name, vs in sorted(methods.items())
        },
    }


def table_rows(table: Sequence[Bucket]) -> list[dict[str, object]]:
    return [
        {
            "bucket": b.label,
            "n": b.n,
            "share_correct": round(b.share_correct, 4),
            "mean_confidence": round(b.mean_confidence, 4),
        }
        for b in table
    ]


def measure(
    rows: Sequence[dict[str, str]], calibration: Calibration | None = None
) -> tuple[dict[str, object], list[tuple[dict[str, str], Identification]]]:
    """The figures for some rows, and their identifications.

    Besides the matched rows, the reliability of every identification proposed is
    measured: the rows are identified a second time with no confidence floor, so the
    hints shown on unmatched rows (confidence below 0.5) are counted too.
    """
    found = identify_all(rows, calibration)
    result = figures(verdicts_of(found))
    proposed = claims(verdicts_of(identify_all(rows, calibration, min_confidence=0)))
    table = reliability(proposed)
    result["proposals"] = {
        "rows": len(proposed),
        "ece": expected_calibration_error(table),
        "reliability": table_rows(table),
    }
    return result, found


def met(name: str, value: float) -> bool:
    sign, bound = TARGETS[name]
    return value >= bound if sign == ">=" else value <= bound


def report(result: dict[str, object], seconds: float) -> bool:
    print("Identification on the held-out split of tests/data/identify_dev.csv")
    print(
        f"  {result['rows']} rows: {result['catalogued_rows']} catalogued parts, "
        f"{result['prefix_only_rows']} known only by their maker's prefix, "
        f"{result['unknown_maker_rows']} of uncatalogued makers, "
        f"{result['lookalike_rows']} look-alikes ({seconds:.1f} s)"
    )
    labels = {
        "maker_accuracy_catalogued": "maker correct, catalogued parts",
        "maker_accuracy_prefix_only": "maker correct, family prefix only",
        "lookalike_false_match": "look-alikes matched with confidence >= 0.5",
        "ece": "expected calibration error (matched rows)",
    }
    ok = True
    for name, label in labels.items():
        value = float(result[name])  # type: ignore[arg-type]
        sign, bound = TARGETS[name]
        good = met(name, value)
        ok &= good
        print(
            f"  {label:<46} {value:7.2%}  target {sign} {bound:.0%}  "
            f"{'met' if good else 'NOT MET'}"
        )
    print(
        f"  {'part number right, catalogued parts':<46} "
        f"{float(result['mpn_accuracy_catalogued']):7.2%}"  # type: ignore[arg-type]
    )
    print(
        f"  {'uncatalogued makers matched, confidence >= 0.5':<46} "
        f"{float(result['unknown_maker_false_match']):7.2%}"  # type: ignore[arg-type]
    )
    print(f"\n  Reliability of {result['matched_rows']} matched rows")
    print(
        f"  {'confidence':<12}{'rows':>6}{'share correct':>15}{'mean confidence':>17}"
    )
    for b in result["reliability"]:  # type: ignore[attr-defined]
        print(
            f"  {b['bucket']:<12}{b['n']:>6}{b['share_correct']:>15.3f}"
            f"{b['mean_confidence']:>17.3f}"
        )
    proposals = result["proposals"]
    print(
        f"\n  Reliability of every identification proposed ({proposals['rows']} rows: "  # type: ignore[index]
        f"matched, and hints on unmatched rows); ECE {float(proposals['ece']):.4f}"  # type: ignore[index]
    )
    print(
        f"  {'confidence':<12}{'rows':>6}{'share correct':>15}{'mean confidence':>17}"
    )
    for b in proposals["reliability"]:  # type: ignore[index]
        print(
            f"  {b['bucket']:<12}{b['n']:>6}{b['share_correct']:>15.3f}"
            f"{b['mean_confidence']:>17.3f}"
        )
    print(f"\n  {'method':<16}{'rows':>6}{'share correct':>15}{'mean confidence':>17}")
    for name, m in result["by_method"].items():  # type: ignore[attr-defined]
        print(
            f"  {name:<16}{m['n']:>6}{m['share_correct']:>15.3f}"
            f"{m['mean_confidence']:>17.3f}"
        )
    return ok


def show_failures(
    found: Sequence[tuple[dict[str, str], Identification]],
    verdicts: Sequence[Verdict],
    limit: int,
) -> None:
    shown = 0
    for (row, ident), verdict in zip(found, verdicts, strict=True):
        wrong = not verdict.maker_correct or (
            verdict.status is Status.MATCHED and not verdict.claim_correct
        )
        if not wrong:
            continue
        print(
            f"{row['id']:>5} {row['kind']:<13} {row['marking']!r:<40} "
            f"given={row['manufacturer_given']!r} want={row['expected_status']}:"
            f"{row['truth_maker']}:{row['truth_printed']} got={ident.status.value}:"
            f"{ident.maker}:{ident.mpn} {ident.method.value} {ident.confidence:.2f} "
            f"[{row['noise']}] {ident.reason}"
        )
        shown += 1
        if shown >= limit:
            break


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="holdout", choices=["holdout", "fit", "all"])
    parser.add_argument("--failures", type=int, default=0)
    parser.add_argument("--raw", action="store_true")
    args = parser.parse_args(argv)
    rows = [r for r in devset.read() if args.split == "all" or r["split"] == args.split]
    calibration = Calibration.identity() if args.raw else load_calibration()
    start = time.perf_counter()
    result, chosen = measure(rows, calibration)
    seconds = time.perf_counter() - start
    if args.failures:
        show_failures(chosen, verdicts_of(chosen), args.failures)
    ok = report(result, seconds)
    if args.split == "holdout" and not args.raw:
        RESULTS.mkdir(exist_ok=True)
        frozen = {
            "dev_set": "tests/data/identify_dev.csv",
            "split": "holdout",
            "calibration_version": calibration.version,
            **result,
        }
        (RESULTS / "identify.json").write_text(
            json.dumps(frozen, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Identification measured on real records: GUR's portal and a peer library's labelled numbers.

    python bench/bench_realworld.py [--show wrong|missed|all] [--split fit|check|all]

Side by side, for the synthetic development set (``bench_identify``), GUR's components
as the portal prints them ("Microcontroller STM32F405RGT6"), the same with the
description cut off by a fixed rule ("marking only"), and the peer's part numbers:
how many are found (matched to the source's maker), how often a confident claim
(``matched``, confidence >= 0.5) agrees with the source, per match method, and the
expected calibration error of the claims. Definitions are in ``realworld.py``. Writes
``bench/results/realworld.json`` and the disagreements with GUR to
``bench/results/gur_disagreements.csv``; exits 1 when a target of issue #12 is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import realworld
from realworld import GurRow, Judged, PeerRow, judge_gur, judge_peer, summary

from bomtrace.catalog import CatalogIndex, load_catalogs
from bomtrace.match import Matcher
from bomtrace.match.confidence import Calibration
from bomtrace.match.decide import MIN_CONFIDENCE
from bomtrace.model import Identification, Status

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {
    ("gur_printed", "found"): 0.75,
    ("gur_printed", "claims_right"): 0.97,
    ("peer", "claims_right"): 0.95,
    ("peer", "found_catalogued"): 0.75,
}


def identify_gur(
    matcher: Matcher, rows: Sequence[GurRow], marking_only: bool = False
) -> list[Identification]:
    """GUR's cells as a sheet's "Name / marking" column would hand them to the matcher."""
    return [
        matcher.identify(row.marking_only if marking_only else row.text) for row in rows
    ]


def identify_peer(matcher: Matcher, rows: Sequence[PeerRow]) -> list[Identification]:
    return [matcher.identify("", row.part_number) for row in rows]


def measure(
    calibration: Calibration | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    split: str = "all",
) -> tuple[
    dict[str, dict[str, object]], dict[str, list[tuple[object, Identification, Judged]]]
]:
    """Figures and judged rows for the three real views."""
    index = CatalogIndex(load_catalogs())
    matcher = Matcher(index, calibration=calibration, min_confidence=min_confidence)
    gur = [r for r in realworld.gur_rows() if split in ("all", r.split)]
    peer = [r for r in realworld.peer_rows() if split in ("all", r.split)]
    views: dict[str, list[tuple[object, Identification, Judged]]] = {}
    for name, marking_only in (("gur_printed", False), ("gur_marking_only", True)):
        idents = identify_gur(matcher, gur, marking_only)
        views[name] = [
            (row, ident, judge_gur(index, row, ident))
            for row, ident in zip(gur, idents, strict=True)
        ]
    idents = identify_peer(matcher, peer)
    views["peer"] = [
        (row, ident, judge_peer(index, row, ident))
        for row, ident in zip(peer, idents, strict=True)
    ]
    figures = {name: summary([j for _, _, j in rows]) for name, rows in views.items()}
    return figures, views


def synthetic() -> dict[str, object]:
    """The synthetic development set's held-out figures (bench_identify)."""
    import bench_identify
    import devset

    rows = [r for r in devset.read() if r["split"] == "holdout"]
    result, _ = bench_identify.measure(rows)
    return result


def write_disagreements(
    views: dict[str, list[tuple[object, Identification, Judged]]],
) -> int:
    """The confident claims that disagree with GUR, for a person to look at."""
    path = RESULTS / "gur_disagreements.csv"
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["component_id", "name_marking", "gur_maker", "gur_country", "our_maker",
             "our_mpn", "method", "confidence", "evidence", "source_url"]
        )  # fmt: skip
        for row, ident, judged in views["gur_printed"]:
            assert isinstance(row, GurRow)
            if judged.status is Status.MATCHED and not judged.right:
                count += 1
                out.writerow(
                    [row.component_id, row.text, row.label, row.country, ident.maker,
                     ident.mpn, ident.method.value, ident.confidence, ident.evidence, row.url]
                )  # fmt: skip
    return count


def show(
    views: dict[str, list[tuple[object, Identification, Judged]]], what: str
) -> None:
    for name, rows in views.items():
        for row, ident, judged in rows:
            wrong = judged.status is Status.MATCHED and not judged.right
            missed = not judged.found and not wrong
            if (
                (what == "wrong" and wrong)
                or (what == "missed" and missed)
                or what == "all"
            ):
                text = row.text if isinstance(row, GurRow) else row.part_number  # type: ignore[attr-defined]
                label = row.label  # type: ignore[attr-defined]
                print(
                    f"{name:<16} {'WRONG' if wrong else 'miss ' if missed else 'ok   '} "
                    f"{text[:70]!r:<72} want={label[:40]!r} got={ident.status.value}:"
                    f"{ident.maker}:{ident.mpn} {ident.method.value} {ident.confidence:.2f} | "
                    f"{(ident.reason or ident.evidence)[:160]}"
                )


def report(
    figures: dict[str, dict[str, object]], synthetic_result: dict[str, object] | None
) -> bool:
    print(
        "Identification on real records (bench/data/realworld, definitions in realworld.py)"
    )
    header = f"  {'view':<22}{'rows':>6}{'matched':>9}{'ambig.':>8}{'found':>9}{'claims right':>14}{'ECE':>8}"
    print(header)
    for name, f in figures.items():
        found = f["found_catalogued"] if name == "peer" else f["found"]
        print(
            f"  {name:<22}{f['rows']:>6}{f['matched']:>9}{f['ambiguous']:>8}"
            f"{float(found):>9.1%}{float(f['claims_right']):>14.1%}{float(f['ece']):>8.3f}"  # type: ignore[arg-type]
        )
    peer = figures["peer"]
    print(
        f"  peer: found among {peer['catalogued_rows']} pairs whose maker we catalogue; "
        f"{float(peer['found']):.1%} of all {peer['rows']}; generic numbers ambiguous "  # type: ignore[arg-type]
        f"{float(peer['generic_ambiguous']):.1%} of {peer['generic_rows']}"  # type: ignore[arg-type]
    )
    if synthetic_result is not None:
        print(
            f"  {'synthetic (holdout)':<22}{synthetic_result['rows']:>6}"
            f"{synthetic_result['matched_rows']:>9}{'':>8}"
            f"{float(synthetic_result['maker_accuracy_catalogued']):>9.1%}"  # type: ignore[arg-type]
            f"{'':>14}{float(synthetic_result['ece']):>8.3f}   (found = maker correct, catalogued parts)"  # type: ignore[arg-type]
        )
    for name, f in figures.items():
        print(
            f"\n  {name}: per method   {'rows':>6}{'right':>9}{'mean conf.':>12}{'ECE':>8}"
        )
        for method, m in f["by_method"].items():  # type: ignore[attr-defined]
            print(
                f"    {method:<20}{m['n']:>6}{m['right']:>9.1%}{m['mean_confidence']:>12.3f}{m['ece']:>8.3f}"
            )
    ok = True
    print()
    for (view, figure), bound in TARGETS.items():
        value = float(figures[view][figure])  # type: ignore[arg-type]
        good = value >= bound
        ok &= good
        print(
            f"  {view} {figure:<18} {value:7.1%}  target >= {bound:.0%}  {'met' if good else 'NOT MET'}"
        )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=["wrong", "missed", "all"], default="")
    parser.add_argument("--split", choices=["fit", "check", "all"], default="all")
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    figures, views = measure(split=args.split)
    if args.show:
        show(views, args.show)
    synthetic_result = None if args.no_synthetic else synthetic()
    ok = report(figures, synthetic_result)
    if args.split == "all":
        RESULTS.mkdir(exist_ok=True)
        disagreements = write_disagreements(views)
        document = {"real": figures, "gur_disagreements": disagreements}
        if synthetic_result is not None:
            document["synthetic_holdout"] = {
                k: synthetic_result[k]
                for k in ("rows", "maker_accuracy_catalogued", "maker_accuracy_prefix_only",
                          "lookalike_false_match", "ece", "matched_rows")
            }  # fmt: skip
        (RESULTS / "realworld.json").write_text(json.dumps(document, indent=1) + "\n")
        print(
            f"\n  {disagreements} confident claims disagree with GUR: bench/results/gur_disagreements.csv"
        )
    print(f"  ({time.perf_counter() - start:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

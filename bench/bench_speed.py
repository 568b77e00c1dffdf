"""Matching cost: messy rows against the shipped catalogs, at growing row counts.

    python bench/bench_speed.py [--repeat 3]

Builds 1,000, 10,000 and 50,000 messy rows (``bench/devset.py`` noise over the shipped
catalogs, one in five a random number-shaped string), identifies each set with a fresh
matcher (no memo carried over) and reports the median time of ``--repeat`` runs and
the cost per row: the cost per row must not grow with the row count, since every
lookup is a dictionary probe or a short bucket scan. Also times one whole
``bomtrace.trace`` of a 10,000-row CSV (reading, catalogs, index, matching, origin).
Writes ``bench/results/speed.json``; exits 1 when 10,000 rows take longer than
``TARGET_10K`` seconds or the cost per row grows by more than half.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import devset

import bomtrace
from bomtrace.catalog import CatalogIndex, load_catalogs
from bomtrace.match import Matcher

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (1_000, 10_000, 50_000)
TARGET_10K = 5.0
MAX_GROWTH = 1.5


def timed(function: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_seconds = timed(load_catalogs, args.repeat)
    catalog = load_catalogs()
    index_seconds = timed(lambda: CatalogIndex(catalog), args.repeat)
    index = CatalogIndex(catalog)
    print(
        f"Catalogs: {len(catalog.parts)} parts, {len(catalog.makers)} makers; "
        f"load {load_seconds:.2f} s, index {index_seconds:.2f} s (once per run)"
    )
    sizes = []
    for count in SIZES:
        rows = devset.speed_rows(count, seed=count)
        distinct = len(set(rows))

        def run(rows: list[tuple[str, str]] = rows) -> None:
            matcher = Matcher(index)
            for marking, maker in rows:
                matcher.identify(marking, "", maker)

        seconds = timed(run, args.repeat)
        sizes.append(
            {
                "rows": count,
                "distinct_rows": distinct,
                "seconds": round(seconds, 3),
                "microseconds_per_row": round(1e6 * seconds / count, 1),
            }
        )
    print(f"  {'rows':>8}{'distinct':>10}{'seconds':>10}{'us/row':>9}")
    for size in sizes:
        print(
            f"  {size['rows']:>8}{size['distinct_rows']:>10}{size['seconds']:>10.2f}"
            f"{size['microseconds_per_row']:>9.0f}"
        )
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "messy_10k.csv"
        with sheet.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Marking", "Manufacturer", "Qty"])
            for marking, maker in devset.speed_rows(10_000, seed=7):
                writer.writerow([marking, maker, 1])
        trace_seconds = timed(lambda: bomtrace.trace([sheet]), args.repeat)
    print(f"  bomtrace.trace of a 10,000-row CSV, end to end: {trace_seconds:.2f} s")
    by_rows = {s["rows"]: s for s in sizes}
    ten_k = float(by_rows[10_000]["seconds"])
    growth = float(by_rows[50_000]["microseconds_per_row"]) / float(
        by_rows[1_000]["microseconds_per_row"]
    )
    ok_time = ten_k <= TARGET_10K
    ok_growth = growth <= MAX_GROWTH
    print(
        f"  10,000 rows matched in {ten_k:.2f} s (target <= {TARGET_10K:.0f} s): "
        f"{'met' if ok_time else 'NOT MET'}"
    )
    print(
        f"  cost per row at 50,000 / at 1,000 rows: {growth:.2f} "
        f"(target <= {MAX_GROWTH}): {'met' if ok_growth else 'NOT MET'}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed.json").write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "system": platform.system(),
                },
                "repeat": args.repeat,
                "catalog_parts": len(catalog.parts),
                "catalog_load_seconds": round(load_seconds, 3),
                "index_seconds": round(index_seconds, 3),
                "matching": sizes,
                "trace_10k_csv_seconds": round(trace_seconds, 3),
                "per_row_growth_50k_over_1k": round(growth, 3),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if ok_time and ok_growth else 1


if __name__ == "__main__":
    sys.exit(main())

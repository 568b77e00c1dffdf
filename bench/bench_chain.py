"""Benchmark of the provenance chain (issue #4): 1,000,000 trade records x 1,000 rows.

    python bench/bench_chain.py [--records 1000000] [--rows 1000]

Writes a synthetic trade-records CSV (fictional companies; real catalogued part numbers,
makers and HS codes) and a 1,000-row teardown sheet of catalogued parts with date codes
to a temporary folder, then times ``bomtrace.trace`` with ``--trade`` (reading and
linking) and reports the peak memory of the process. It also prints the date-code and
sanctions-matching scores on the labelled sets of the test suite. Target: under 60 s and
under 4 GB on 2 cores. Results are appended to ``bench/results/chain.csv``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from results_file import append_result

from bomtrace import trace
from bomtrace.catalog import load_catalogs
from bomtrace.ingest.trade import TRADE_COLUMNS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 60
TARGET_BYTES = 4 * 1024**3


def write_trade(path: Path, count: int, seed: int = 4) -> None:
    """A synthetic trade file: a third with part numbers, a third maker + HS, a third HS only."""
    catalog = load_catalogs()
    rng = random.Random(seed)
    parts = [p for p in catalog.parts if p.category in catalog.category_hs][:5000]
    hs_codes = sorted({h.hs6 for h in catalog.category_hs.values()})
    start = dt.date(2015, 1, 1).toordinal()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TRADE_COLUMNS)
        for number in range(count):
            part = parts[rng.randrange(len(parts))]
            kind = number % 3
            hs = (
                catalog.category_hs[part.category].hs6
                if kind < 2
                else rng.choice(hs_codes)
            )
            day = dt.date.fromordinal(start + rng.randrange(3500)).isoformat()
            writer.writerow([
                day, f"Fictional Sender {number % 5000:04d} Ltd", "HK",
                f"Fictional Receiver {number % 3000:04d} LLC", "RU", part.description[:40],
                f"{hs[:4]}.{hs[4:]}", part.maker if kind == 1 else "",
                part.mpn if kind == 0 else "", str(rng.randrange(1, 5000)), "", "USD",
                "synthetic benchmark record",
            ])  # fmt: skip


def write_teardown(path: Path, rows: int, seed: int = 5) -> None:
    """A teardown sheet of catalogued parts with four-digit date codes."""
    catalog = load_catalogs()
    rng = random.Random(seed)
    parts = [p for p in catalog.parts if p.category in catalog.category_hs][:5000]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Marking", "Manufacturer", "Qty", "Date code"])
        for _ in range(rows):
            part = parts[rng.randrange(len(parts))]
            code = f"{rng.randrange(15, 23):02d}{rng.randrange(1, 53):02d}"
            writer.writerow([part.mpn, part.maker, 1, code])


def peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def labelled_scores() -> list[tuple[str, str]]:
    """Date-code accuracy and sanctions recall/precision on the test suite's labelled sets."""
    sys.path.insert(0, str(ROOT / "tests" / "provenance"))
    import test_datecodes as dates  # the suite's labelled set and oracle
    import test_screening as names
    import test_screening_languages as languages

    cases = dates._load()
    right = refused = 0
    for case in cases:
        recovered = (
            dt.date.fromisoformat(case["recovered"]) if case["recovered"] else None
        )
        window = dates.decode_date_code(
            case["code"],
            rules=dates.CATALOG.datecode_formats.get(case["maker"], ()),
            recovered=recovered,
            today=dates.RUN_DATE,
        )
        if case["expected"] == "refused":
            refused += window.start is None
            right += window.start is None and bool(window.reason)
        else:
            want = dates.expected_window(
                case["expected"], case["week_rule"], recovered or dates.RUN_DATE
            )
            right += (window.start, window.end) == want
    recall, precision, _ = names.scores()
    positives = sum(1 for c in names._cases() if c["expected"])
    groups = languages.SCORES.values()
    pairs, near = sum(g.pairs for g in groups), sum(g.near_misses for g in groups)
    found, hit = sum(g.found for g in groups), sum(g.false_hits for g in groups)
    return [
        ("date codes right", f"{right}/{len(cases)} ({refused} refused as labelled)"),
        ("sanctions recall", f"{recall:.3f} on {positives} spellings"),
        ("sanctions precision", f"{precision:.3f}"),
        (
            "sanctions, 9 language groups",
            f"{found}/{pairs} pairs found, {hit}/{near} near-misses hit",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        trade_file = Path(folder) / "trade.csv"
        sheet = Path(folder) / "teardown.csv"
        write_trade(trade_file, args.records)
        write_teardown(sheet, args.rows)
        catalog = load_catalogs()
        before = peak_bytes()
        began, cpu_began = time.perf_counter(), time.process_time()
        result = trace(
            [sheet], catalog=catalog, trade=[trade_file], recovered="2023-05-01"
        )
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu_began
        peak = peak_bytes()
    linked = sum(1 for o in result.outcomes if o.chain and o.chain.links)
    figures = [
        ("trade records", f"{args.records:,}"),
        ("teardown rows", f"{args.rows:,} ({linked} with linked shipments)"),
        (
            "read + link + trace",
            f"{seconds:.1f} s wall, {cpu:.1f} s CPU (target {TARGET_SECONDS} s)",
        ),
        (
            "peak memory",
            f"{peak / 1024**3:.2f} GB (target 4 GB; {before / 1024**3:.2f} GB before)",
        ),
        *labelled_scores(),
    ]
    for label, value in figures:
        print(f"{label:<22} {value}")
    append_result(
        HERE / "results" / "chain.csv",
        ["records", "rows", "seconds", "cpu_seconds", "peak_gb"],
        [
            args.records,
            args.rows,
            f"{seconds:.1f}",
            f"{cpu:.1f}",
            f"{peak / 1024**3:.2f}",
        ],
    )
    if seconds > TARGET_SECONDS or peak > TARGET_BYTES:
        raise SystemExit("chain benchmark missed its target")


if __name__ == "__main__":
    main()

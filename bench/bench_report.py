"""Benchmark: a 10,000-row teardown renders to HTML in under 3 s, in under 10 MB.

    python bench/bench_report.py [--rows 10000] [--repeat 3] [--keep FILE]

Builds a teardown sheet of real catalogued part numbers (seeded, so every run reads the
same rows: chip-top markings with logos, packaging suffixes, date and lot codes, makers
given or not, a few junk and section rows), traces it (the provenance chain included:
date codes, HS, CHPL, distributors), then times the HTML report (view model + template)
and measures the file, for three cases:

- as traced: 10,000 rows drawing on 2,000 distinct catalogued parts (a large collection
  of teardowns repeats parts);
- linked: the same run with a linked shipment (sender -> receiver, its trade-record
  evidence, a sanctions hit now and then) on one identified row in four;
- stress: every row a different part drawn from the whole catalog, and every identified
  row linked (reported, no target).

Prints one line per case, writes ``bench/results/report.json`` and exits 1 when a
targeted case misses. Timing is wall-clock on this machine; quote the median.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bomtrace import TraceResult, load_catalogs, trace
from bomtrace.report import render_report

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 3.0
TARGET_BYTES = 10_000_000  # 10 MB, decimal
SEED = 20240101
LOGOS = {"Analog Devices": "ADI", "Texas Instruments": "TI", "STMicroelectronics": "ST"}
SUFFIXES = ("", "", "", "-TR", "#PBF", "/NOPB", "-REEL7")


def build_sheet(target: Path, rows: int, distinct: int | None = None) -> None:
    """Writes a teardown CSV of ``rows`` rows drawn from ``distinct`` catalogued parts."""
    catalog = load_catalogs()
    parts = [p for p in catalog.parts if "?" not in p.pattern and len(p.mpn) >= 5]
    pick = random.Random(SEED)
    if distinct is not None:
        parts = pick.sample(parts, distinct)
    with target.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Teardown benchmark (synthetic rows of real part numbers)"])
        out.writerow(
            [
                "Board",
                "Marking",
                "Manufacturer",
                "Qty",
                "Date code",
                "Lot code",
                "Notes",
            ]
        )
        for index in range(rows - 2):
            if index % 250 == 249:
                out.writerow([f"Section {index // 250}", "", "", "", "", "", ""])
                continue
            part = pick.choice(parts)
            marking = part.mpn + pick.choice(SUFFIXES)
            if part.maker in LOGOS and pick.random() < 0.3:
                marking = f"{LOGOS[part.maker]}\n{marking}"
            given = part.maker if pick.random() < 0.4 else ""
            year = pick.randint(12, 23)
            out.writerow([f"B{index % 40}", marking, given, pick.randint(1, 8),
                          f"{year:02d}{pick.randint(1, 52):02d}",
                          f"L{year:02d}{pick.randint(0, 99999):05d}" if pick.random() < 0.5 else "",
                          "synthetic"])  # fmt: skip


class Linked(TraceResult):
    """The run with a linked shipment on one identified row in ``every`` (made-up parties)."""

    every: int = 4

    def records(self) -> list[dict[str, Any]]:
        filled = []
        for number, record in enumerate(super().records()):
            if record["status"] == "matched" and number % self.every == 0:
                sender = f"Bench Sender {number % 37} (HK)"
                listed = number % 37 == 3
                record = {
                    **record,
                    "intermediaries": f"{sender} -> Bench Receiver {number % 11} (RU) [exact MPN; 1 shipment, 2022-06-01]",
                    "sanctioned_intermediaries": "Bench Sender 3: match with 'BENCH SENDER 3' on BENCH LIST (B-1; listed 2023-05), score 0.97" if listed else "",
                    "chain_evidence": record["chain_evidence"]
                    + f" | trade link [exact MPN]: shipment carries {record['mpn'] or 'the part'}: 100 pcs, 2022-06-01; bench_trade.csv row {number}; source: made up for the benchmark",
                }  # fmt: skip
            filled.append(record)
        return filled


class EveryRowLinked(Linked):
    """The stress case: every identified row is linked."""

    every = 1


def measure(
    result: TraceResult, repeat: int, keep: Path | None
) -> tuple[list[float], int]:
    """Render ``repeat`` times; returns the wall times and the size of the page."""
    times = []
    html = ""
    for _ in range(repeat):
        start = time.perf_counter()
        html = render_report(result)
        times.append(time.perf_counter() - start)
    data = html.encode("utf-8")
    if keep is not None:
        keep.write_bytes(data)
    return times, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", type=Path, help="write the rendered report (chain case) here"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sheets = (
            Path(folder) / "bench_teardown.csv",
            Path(folder) / "bench_distinct.csv",
        )
        build_sheet(sheets[0], args.rows, distinct=2_000)
        build_sheet(sheets[1], args.rows)
        start = time.perf_counter()
        result = trace([sheets[0]], platform="benchmark", run_at="2024-01-01T00:00:00Z")
        traced = time.perf_counter() - start
        distinct = trace(
            [sheets[1]], platform="benchmark", run_at="2024-01-01T00:00:00Z"
        )

    def parts(run: TraceResult) -> dict[str, Any]:
        return {"outcomes": run.outcomes, "problems": run.problems, "info": run.info,
                "catalog": run.catalog}  # fmt: skip

    cases = (
        ("as traced", result, True),
        ("linked, 1 row in 4", Linked(**parts(result)), True),
        ("stress: distinct, all linked", EveryRowLinked(**parts(distinct)), False),
    )
    print(f"report bench: {result.counts.line()} (traced in {traced:.1f} s)")
    print(f"{'case':<30} {'median s':>9} {'max s':>7} {'MB':>6}  target")
    failed = False
    measured = []
    for name, run, targeted in cases:
        times, size = measure(
            run, args.repeat, args.keep if name == "linked, 1 row in 4" else None
        )
        median = statistics.median(times)
        ok = median < TARGET_SECONDS and size < TARGET_BYTES
        failed |= targeted and not ok
        verdict = ("ok" if ok else "MISSED") if targeted else "(no target)"
        measured.append({"case": name, "rows": run.counts.read, "median_seconds": round(median, 3),
                         "max_seconds": round(max(times), 3), "megabytes": round(size / 1e6, 2),
                         "target": targeted, "met": ok})  # fmt: skip
        print(f"{name:<30} {median:>9.2f} {max(times):>7.2f} {size / 1e6:>6.2f}  "
              f"< {TARGET_SECONDS:.0f} s, < {TARGET_BYTES / 1e6:.0f} MB: {verdict}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "system": platform.system()},
        "repeat": args.repeat,
        "targets": {"seconds": TARGET_SECONDS, "megabytes": TARGET_BYTES / 1e6},
        "cases": measured,
    }  # fmt: skip
    (RESULTS / "report.json").write_text(
        json.dumps(report, indent=2) + "\n", encoding="utf-8"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of trade records at archive scale (issue #15): a store of 10,000,000 records.

    python bench/bench_trade_store.py [--records 10000000] [--rows 1000] [--files 10]

Writes synthetic declaration files (fictional companies; real catalogued part numbers,
makers and HS codes, as ``bench_chain.py`` writes them) and a 1,000-row teardown sheet
to a temporary folder, then times, each as its own process like a user would run it:

1. ``bomtrace trade import FILE... --store STORE`` (the store's build time);
2. ``bomtrace trace TEARDOWN --trade STORE --recovered 2023-05-01`` (link and trace).

It reports wall and CPU seconds and the peak memory of each process. Targets, on 2
cores: the link-and-trace run under 60 s and under 2 GB; the import has no target
(it runs once per archive) but must stay in bounded memory (under 2 GB). Results are
appended to ``bench/results/trade_store.csv``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chain import write_teardown, write_trade  # noqa: E402

BOMTRACE = Path(sys.executable).parent / "bomtrace"
LINK_SECONDS = 60
LINK_BYTES = 2 * 1024**3
IMPORT_BYTES = 2 * 1024**3


def timed(command: list[str]) -> tuple[float, float, int]:
    """Runs a command; its wall seconds, CPU seconds and peak memory (bytes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit(f"{' '.join(command[:3])} failed ({done.returncode})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is the largest child so far: each step runs in order,
    # each larger than the data-writing steps before it.
    return wall, cpu, after.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--keep", help="keep the store in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bomtrace-bench-") as folder:
        work = Path(folder)
        files = []
        per_file = args.records // args.files
        began = time.perf_counter()
        for index in range(args.files):
            path = work / f"declarations_{index:02d}.csv"
            write_trade(path, per_file, seed=100 + index)
            files.append(path)
        written = time.perf_counter() - began
        sheet = work / "teardown.csv"
        write_teardown(sheet, args.rows)
        store = Path(args.keep) if args.keep else work / "store"
        imported = timed(
            [
                str(BOMTRACE),
                "trade",
                "import",
                *map(str, files),
                "--store",
                str(store),
                "-q",
            ]
        )
        linked = timed(
            [str(BOMTRACE), "trace", str(sheet), "--trade", str(store),
             "--recovered", "2023-05-01", "--format", "json", "--out", str(work / "out"),
             "--quiet"]
        )  # fmt: skip
        size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
        csv_size = sum(p.stat().st_size for p in files)
    records = per_file * args.files
    figures = [
        ("trade records", f"{records:,} in {args.files} CSV files ({csv_size / 1024**3:.2f} GB, written in {written:.0f} s)"),
        ("store", f"{size / 1024**3:.2f} GB of Parquet"),
        ("import (build)", f"{imported[0]:.0f} s wall, {imported[1]:.0f} s CPU, peak {imported[2] / 1024**3:.2f} GB"),
        ("link + trace", f"{linked[0]:.1f} s wall, {linked[1]:.1f} s CPU, peak {linked[2] / 1024**3:.2f} GB"
         f" (targets {LINK_SECONDS} s, {LINK_BYTES / 1024**3:.0f} GB)"),
        ("cores", str(os.cpu_count())),
    ]  # fmt: skip
    for label, value in figures:
        print(f"{label:<16} {value}")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    out = results / "trade_store.csv"
    new = not out.exists()
    with out.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(
                ["date", "records", "rows", "import_s", "import_cpu_s", "import_gb",
                 "link_s", "link_cpu_s", "link_gb", "store_gb"]
            )  # fmt: skip
        writer.writerow(
            [dt.date.today().isoformat(), records, args.rows, f"{imported[0]:.0f}",
             f"{imported[1]:.0f}", f"{imported[2] / 1024**3:.2f}", f"{linked[0]:.1f}",
             f"{linked[1]:.1f}", f"{linked[2] / 1024**3:.2f}", f"{size / 1024**3:.2f}"]
        )  # fmt: skip
    if linked[0] > LINK_SECONDS or linked[2] > LINK_BYTES or imported[2] > IMPORT_BYTES:
        raise SystemExit("trade store benchmark missed its target")


if __name__ == "__main__":
    main()

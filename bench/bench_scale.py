"""Whole traces of large teardown workbooks: 100,000 and 1,000,000 rows (``make bench``).

    python bench/bench_scale.py [--rows 100000,1000000] [--repeat 1]

Builds (once, cached in build/bench/) XLSX workbooks as Excel writes them (shared
strings) with a title row, a header, section headings every 40 rows and part rows in
seven columns (running number, marking, maker, quantity, date code, designator, note).
The markings are messy catalogued parts and look-alikes made by ``devset.speed_rows``;
big sheets merge many teardowns, so the same part appears many times: a 100,000-row
sheet holds 5,000 distinct markings, a 1,000,000-row sheet 20,000. A sheet whose
every row is a different marking is timed too (``distinct``): there, identifying each
marking is most of the time, which is the matcher's work, not reading or writing.

Each trace runs ``bomtrace trace FILE -f csv`` (and ``-f xlsx`` for 100,000 rows) as
a fresh process; wall time and peak resident memory come from the operating system
(``wait4``). Writes ``bench/results/scale.csv``; exits 1 when a target is missed:
100,000 rows in at most 8 s and 1,000,000 rows in at most 120 s (CSV out).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import append_result

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent / "build" / "bench"
RESULTS = HERE / "results" / "scale.csv"
DISTINCT = {100_000: 5_000, 1_000_000: 20_000}
TARGETS = {100_000: 8.0, 1_000_000: 120.0}
HEADER = ["№", "Marking", "Manufacturer", "Qty", "Date code", "Designator", "Note"]
SECTIONS = ["Power supply", "Autopilot board", "Radio:", "GNSS", "Camera and gimbal"]


def workbook_path(rows: int, distinct: int) -> Path:
    return BUILD / f"scale_{rows}_{distinct}.xlsx"


def build(rows: int, distinct: int) -> Path:
    """Writes the workbook (in a child process: it holds every row while writing)."""
    import devset
    import xlsxwriter

    path = workbook_path(rows, distinct)
    if path.exists():
        return path
    BUILD.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows + distinct)
    pool = devset.speed_rows(distinct, seed=distinct)
    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(tmp)
    ws = book.add_worksheet("Teardowns")
    ws.write_row(
        0, 0, [f"Merged teardown sheet, {rows:,} rows (generated for a benchmark)"]
    )
    ws.write_row(1, 0, HEADER)
    line = 2
    for number in range(1, rows + 1):
        if number % 40 == 1:
            ws.write_string(line, 1, SECTIONS[(number // 40) % len(SECTIONS)])
            line += 1
        marking, maker = (
            pool[rng.randrange(distinct)] if distinct < rows else pool[number - 1]
        )
        ws.write_number(line, 0, number)
        ws.write_string(line, 1, marking)
        if maker:
            ws.write_string(line, 2, maker)
        ws.write_number(line, 3, rng.randint(1, 12))
        ws.write_string(line, 4, f"{rng.randint(14, 23):02d}{rng.randint(1, 52):02d}")
        ws.write_string(line, 5, f"U{rng.randint(1, 80)}")
        if rng.random() < 0.05:
            ws.write_string(line, 6, "marking worn, read under magnification")
        line += 1
    book.close()
    tmp.replace(path)
    return path


def timed_trace(path: Path, out: Path, fmt: str) -> tuple[float, float, float, str]:
    """Wall and CPU seconds, peak MiB and the reconciliation line of one trace."""
    command = [
        sys.executable,
        "-m",
        "bomtrace",
        "trace",
        str(path),
        "-f",
        fmt,
        "-o",
        str(out),
        "-q",
    ]
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stdout = child.stdout.read().decode() if child.stdout else ""
        stderr = child.stderr.read().decode() if child.stderr else ""
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 2):
        raise RuntimeError(f"trace failed ({child.returncode}): {stderr[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, stdout.strip()


def _record(case: tuple[int, int, str], run: tuple[float, float, float, str]) -> None:
    header = ["rows", "distinct_markings", "out", "seconds", "cpu_seconds", "peak_mib"]
    seconds, cpu, peak, _ = run
    append_result(
        RESULTS, header, [*case, f"{seconds:.1f}", f"{cpu:.1f}", f"{peak:.0f}"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(n) for n in args.rows.split(",")]
    cases = [(n, DISTINCT.get(n, n // 20), "csv") for n in sizes]
    cases += [(n, DISTINCT.get(n, n // 20), "xlsx") for n in sizes if n <= 100_000]
    cases += [(n, n, "csv") for n in sizes if n <= 100_000]
    for rows, distinct, _ in cases:
        if not workbook_path(rows, distinct).exists():
            code = (
                f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_scale;"
                f" bench_scale.build({rows}, {distinct})"
            )
            subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE)
    failed = False
    print(
        f"{'rows':>9} {'distinct':>9} {'out':>4} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9}"
    )
    for case in cases:
        rows, distinct, fmt = case
        with tempfile.TemporaryDirectory() as out:
            runs = [
                timed_trace(workbook_path(rows, distinct), Path(out), fmt)
                for _ in range(args.repeat)
            ]
        run = sorted(runs)[len(runs) // 2]  # the median by wall time
        seconds, cpu, peak, line = run
        print(
            f"{rows:>9,} {distinct:>9,} {fmt:>4} {seconds:>7.1f} {cpu:>6.1f} {peak:>9.0f}"
        )
        print(f"{'':>10}{line}")
        target = TARGETS.get(rows) if fmt == "csv" and distinct < rows else None
        if target is not None:
            met = seconds <= target
            print(f"{'':>10}target {target:.0f} s wall: {'met' if met else 'NOT MET'}")
            failed |= not met
        _record(case, run)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

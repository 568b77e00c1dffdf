"""The catalog index (#15 item 1): a 1,000,000-part user catalog, built once, then opened.

    python bench/bench_catalog_store.py [--parts 1000000] [--repeat 3]

Writes (once, kept in build/bench/) a user catalog of real part numbers listed by
fictitious makers (``bench/usercatalog.py``), a 1,000-row teardown sheet of messy
catalogued parts and look-alikes (``devset.speed_rows``) and uses bench_scale's
100,000-row workbook (5,000 distinct markings). Every trace is ``bomtrace trace ...
--catalog CATALOG`` as a fresh process, with a cache folder of its own; wall and CPU
time and peak resident memory come from the operating system (``wait4``):

- first build: an empty cache folder, the 1,000-row sheet: the index build as the
  trace's note times it, and the whole run;
- later 1,000-row traces, every output format (HTML, CSV, XLSX, JSON), median of
  ``--repeat``;
- 100,000 rows, CSV out;
- one 1,000-row trace with ``--no-catalog-index`` (what every run cost before: the
  catalog read into memory), and one without the user catalog (the floor).

The rows with and without the store must be the same (the CSV files are compared byte
for byte). Targets: build <= 60 s; later 1,000-row trace <= 3 s and <= 500 MB;
100,000 rows <= 30 s and <= 2 GB. Writes ``bench/results/catalog_store.csv``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import build as build_workbook
from results_file import append_result
from usercatalog import write_catalog

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent / "build" / "bench"
RESULTS = HERE / "results" / "catalog_store.csv"
TARGETS = {
    "index build": (60.0, None),
    "later 1,000 rows": (3.0, 500.0),
    "100,000 rows": (30.0, 2048.0),
}


def teardown_sheet(rows: int) -> Path:
    path = BUILD / f"teardown_{rows}.csv"
    if path.exists():
        return path
    import devset

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Marking", "Manufacturer", "Qty", "Date code"])
        writer.writerows(
            [m, maker, 1, "2219"] for m, maker in devset.speed_rows(rows, seed=rows)
        )
    return path


def timed(command: list[str], cache: Path) -> tuple[float, float, float, str]:
    """Wall and CPU seconds, peak MiB and what the trace printed on stderr."""
    env = {**os.environ, "BOMTRACE_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as child:
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stderr = child.stderr.read().decode() if child.stderr else ""
        code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        raise RuntimeError(f"{' '.join(command)} failed ({code}): {stderr[-800:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def trace_command(
    sheet: Path, out: Path, catalog: Path | None, formats: str, *extra: str
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "bomtrace",
        "trace",
        str(sheet),
        "-o",
        str(out),
        "-f",
        formats,
    ]
    return command + (["--catalog", str(catalog)] if catalog else []) + list(extra)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog = write_catalog(args.parts, BUILD / f"user_catalog_{args.parts}.csv")
    small = teardown_sheet(1_000)
    large = build_workbook(100_000, 5_000)
    results: list[tuple[str, float, float, float]] = []
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cache = work / "cache"
        seconds, cpu, peak, stderr = timed(
            trace_command(small, work / "first", catalog, "csv"), cache
        )
        built = re.search(r"catalog index built: .* in ([\d.]+) s", stderr)
        if not built:
            raise RuntimeError(
                f"the first trace did not build the index: {stderr[-800:]}"
            )
        results.append(("index build", float(built[1]), float("nan"), float("nan")))
        results.append(("first 1,000 rows (with the build)", seconds, cpu, peak))
        later = sorted(
            timed(
                trace_command(small, work / "later", catalog, "html,csv,xlsx,json"),
                cache,
            )
            for _ in range(args.repeat)
        )
        seconds, cpu, peak, stderr = later[len(later) // 2]
        if "catalog index" in stderr:
            raise RuntimeError(f"a later trace rebuilt the index: {stderr[-800:]}")
        results.append(("later 1,000 rows", seconds, cpu, max(run[2] for run in later)))
        seconds, cpu, peak, _ = timed(
            trace_command(large, work / "large", catalog, "csv"), cache
        )
        results.append(("100,000 rows", seconds, cpu, peak))
        plain = timed(
            trace_command(small, work / "plain", catalog, "csv", "--no-catalog-index"),
            cache,
        )
        results.append(("1,000 rows, catalog read into memory", *plain[:3]))
        floor = timed(trace_command(small, work / "floor", None, "csv"), cache)
        results.append(("1,000 rows, shipped catalogs only", *floor[:3]))
        name = small.with_suffix(".csv").name
        same = (work / "plain" / name).read_bytes() == (
            work / "first" / name
        ).read_bytes()
        print(
            f"rows with and without the store: {'identical' if same else 'DIFFERENT'}"
        )
        failed |= not same
        shutil.rmtree(cache, ignore_errors=True)
    print(f"{'case':<40} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9}  target")
    for case, seconds, cpu, peak in results:
        wall_target, peak_target = TARGETS.get(case, (None, None))
        verdict = ""
        if wall_target is not None:
            met = seconds <= wall_target and (
                peak_target is None or peak <= peak_target
            )
            failed |= not met
            limit = f"<= {wall_target:.0f} s" + (
                f", <= {peak_target:.0f} MiB" if peak_target else ""
            )
            verdict = f"{limit}: {'met' if met else 'NOT MET'}"
        # The index build is timed inside the run: its CPU and memory are the run's.
        cpu_text = f"{cpu:.1f}" if cpu == cpu else ""
        peak_text = f"{peak:.0f}" if peak == peak else ""
        print(f"{case:<40} {seconds:>7.1f} {cpu_text:>6} {peak_text:>9}  {verdict}")
        append_result(
            RESULTS,
            ["parts", "case", "seconds", "cpu_seconds", "peak_mib"],
            [args.parts, case, f"{seconds:.1f}", cpu_text, peak_text],
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest benchmark: a 1,000,000-row sheet is read in bounded memory (``make bench``).

Writes (once, cached in build/bench/) a real XLSX workbook and a CSV file of a title row,
a header and 1,000,000 part rows, then reads each in a fresh process and reports the
time and the peak resident memory (ru_maxrss) of two things: streaming the rows through
the reader and its limits, and ``ingest_file`` (which keeps one classified record per
row for the matcher, so it grows with the rows; reported, not targeted).

A workbook sheet is read whole by calamine when it fits the memory budget
(``Limits.max_sheet_in_memory_mb``, 1 GiB), else streamed by openpyxl; both are timed
(``whole`` and ``streamed``). Targets: the streaming readers (CSV, and openpyxl for
XLSX) peak under 250 MiB whatever the row count; the whole-sheet reader peaks under
its budget.
"""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import time
from pathlib import Path

from results_file import append_result

ROWS = 1_000_000
TARGET_MIB = 250
WHOLE_TARGET_MIB = 1024
BUILD = Path(__file__).resolve().parent.parent / "build" / "bench"
RESULTS = Path(__file__).resolve().parent / "results" / "ingest.csv"
PARTS = ["STM32F405RGT6", "ADXL345BCCZ-RL7", "LM358DR", "NEO-M8N", "MAX3232CPE+",
         "L7805CV", "CC1101RGPR", "AO3401A"]  # fmt: skip


def rows() -> list[list[object]]:
    return [
        [
            PARTS[i % 8],
            "ST" if i % 3 else "",
            i % 5 + 1,
            str(2000 + i % 300),
            f"board {i % 17}",
        ]
        for i in range(ROWS)
    ]


def build() -> tuple[Path, Path]:
    BUILD.mkdir(parents=True, exist_ok=True)
    xlsx, text = BUILD / f"rows_{ROWS}.xlsx", BUILD / f"rows_{ROWS}.csv"
    header = ["Marking", "Manufacturer", "Qty", "Date code", "Board"]
    if not text.exists():
        with text.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Teardown of a million rows"])
            writer.writerow(header)
            writer.writerows(rows())
    if not xlsx.exists():
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        ws = book.create_sheet("Parts")
        ws.append(["Teardown of a million rows"])
        ws.append(header)
        for row in rows():
            ws.append(row)
        book.save(xlsx)
    return xlsx, text


def measure(mode: str, path: Path) -> None:
    """Runs in a child process: reads the file and prints rows, seconds and peak MiB."""
    from bomtrace.ingest import Limits, ingest_file, read_sheets

    limits = Limits(max_sheet_in_memory_mb=0) if mode.endswith("streamed") else Limits()
    start = time.perf_counter()
    if mode.startswith("stream") or mode == "whole":
        _, sheets = read_sheets(path, path.name, limits)
        count = sum(1 for sheet in sheets for _ in sheet.rows)
    else:
        ingested = ingest_file(path, limits=limits)
        count = sum(len(s.rows) for s in ingested.sheets)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} {seconds:.1f} {peak:.0f}")


def _record(suffix: str, mode: str, count: int, seconds: float, peak: float) -> None:
    """Appends one measurement to ``bench/results/ingest.csv``."""
    header = ["file", "what", "rows", "seconds", "peak_mib"]
    append_result(
        RESULTS, header, [suffix, mode, count, f"{seconds:.1f}", f"{peak:.0f}"]
    )


def main() -> int:
    # The files are made in a child too: Linux carries a process's peak resident memory
    # across fork and exec, so a parent that had held the million rows would lend its
    # peak to every measuring child.
    subprocess.run([sys.executable, __file__, "build"], check=True)
    xlsx, text = BUILD / f"rows_{ROWS}.xlsx", BUILD / f"rows_{ROWS}.csv"
    failed = False
    print(f"{'file':<8} {'what':<20} {'rows':>9} {'seconds':>8} {'peak MiB':>9}")
    modes = {
        xlsx: ("whole", "streamed", "ingest_file", "ingest_file streamed"),
        text: ("stream", "ingest_file"),
    }
    for path in (xlsx, text):
        for mode in modes[path]:
            out = subprocess.run(
                [sys.executable, __file__, mode, str(path)],
                check=True, capture_output=True, text=True,
            ).stdout.split()  # fmt: skip
            count, seconds, peak = int(out[0]), float(out[1]), float(out[2])
            print(
                f"{path.suffix:<8} {mode:<20} {count:>9} {seconds:>8.1f} {peak:>9.0f}"
            )
            _record(path.suffix, mode, count, seconds, peak)
            if count != ROWS + 2:
                print(f"  rows read {count}, expected {ROWS + 2}")
                failed = True
            target = {"stream": TARGET_MIB, "streamed": TARGET_MIB}.get(mode)
            target = WHOLE_TARGET_MIB if mode == "whole" else target
            if target is not None and peak > target:
                print(f"  peak {peak:.0f} MiB is over the {target} MiB target")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        build()
    elif len(sys.argv) == 3:
        measure(sys.argv[1], Path(sys.argv[2]))
    else:
        sys.exit(main())

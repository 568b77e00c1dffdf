"""Load test of the web app: 20 concurrent uploads of 1,000-row sheets against 127.0.0.1,
and beside them one large upload near the size cap.

Starts `bomtrace serve` (SQLite in a temporary data folder, 2 worker processes), makes
20 different teardown sheets of 1,000 part rows each from the shipped parts catalog
(real part numbers, some with the maker, some with look-alike letters or distributor
codes), and one large sheet: a 19 MB CSV of part rows with long notes (as a team's
sheet with photo notes would be), just under the 20 MB cap, that the server must read and
check while the others arrive. It uploads them all at once through the JSON API while
other clients keep loading pages, and waits for every run. It then checks that every row
of every upload is in its run's results (each sheet row once, with the marking that was
written), that no run failed and that no request got an error answer, and prints:

- time to result: from the start of an upload to the run reported done (median, p95, max),
  and for the large upload the time until it was accepted (read and checked) and done;
- page latency: GET of the runs page, run pages and run status during the load (p50,
  p95, max);
- failed runs and server errors (5xx answers): both must be 0;
- memory: peak resident memory of the server and its worker processes together.

Bounded: 21 uploads, pages polled until the runs finish or 900 s pass, nothing but
127.0.0.1. Usage: python bench/bench_web.py [--uploads 20] [--rows 1000] [--workers 2]
[--large-mb 19] [--large-files 1] (--large-mb 0: no large upload)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "web_load.csv"
DEADLINE = 900.0
# A long note per row of the large sheet: the free text teams write beside a part.
NOTE = (
    "bench data, not a real drone: found on the flight controller under the shield, "
    "marking partly scratched and read under magnification; photos {n} and {m} of the "
    "top and the underside; the neighbouring capacitor was cracked; lot number on the "
    "reel label matches the marking; checked against the previous teardown of the same "
    "model, same position, same board revision; the date code is printed on the side; "
    "solder looks original (no rework seen); package outline measured with calipers."
)


def make_sheets(folder: Path, uploads: int, rows: int) -> list[tuple[Path, list[str]]]:
    """Writes the teardown workbooks; returns each path with the markings in row order."""
    with (ROOT / "catalogs" / "parts.csv").open(encoding="utf-8") as handle:
        parts = [(r["mpn"], r["maker"]) for r in csv.DictReader(handle) if r["mpn"]]
    made = []
    for n in range(uploads):
        rng = random.Random(n)
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Parts"
        sheet.append(
            [
                f"Teardown board {n + 1} (bench data made from the catalog, not a real drone)"
            ]
        )
        sheet.append(["Marking", "Manufacturer", "Qty", "Date code"])
        markings = []
        for _ in range(rows):
            mpn, maker = rng.choice(parts)
            style = rng.random()
            if style < 0.15:
                mpn = mpn.replace("0", "O", 1)  # an OCR slip
            elif style < 0.25:
                mpn = mpn.lower()
            markings.append(mpn)
            sheet.append(
                [
                    mpn,
                    maker if rng.random() < 0.5 else "",
                    rng.randint(1, 4),
                    f"{rng.randint(10, 23)}{rng.randint(1, 52):02d}",
                ]
            )
        path = folder / f"board_{n + 1:02d}.xlsx"
        book.save(path)
        made.append((path, markings))
    return made


def make_large_sheet(
    folder: Path, megabytes: float, index: int
) -> tuple[Path, list[str]]:
    """Writes a CSV of part rows with long notes, ``megabytes`` in size (just under it)."""
    with (ROOT / "catalogs" / "parts.csv").open(encoding="utf-8") as handle:
        parts = [(r["mpn"], r["maker"]) for r in csv.DictReader(handle) if r["mpn"]]
    rng = random.Random(1000 + index)
    path = folder / f"large_{index + 1:02d}.csv"
    limit = int(megabytes * 1024 * 1024)
    markings: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Marking", "Manufacturer", "Qty", "Date code", "Notes"])
        while handle.tell() < limit - 2048:
            mpn, maker = rng.choice(parts)
            n = rng.randint(1000, 9999)
            markings.append(mpn)
            writer.writerow(
                [mpn, maker if rng.random() < 0.5 else "", rng.randint(1, 4),
                 f"{rng.randint(10, 23)}{rng.randint(1, 52):02d}", NOTE.format(n=n, m=n + 1)]
            )  # fmt: skip
    return path, markings


def multipart(paths: list[Path], fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    for path in paths:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + path.read_bytes()
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """Requests against the server, recording every answer's status and latency."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.lock = threading.Lock()
        self.errors: list[str] = []
        self.server_errors = 0
        self.page_latencies: list[float] = []

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str = "",
        page: bool = False,
    ) -> bytes:
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                data: bytes = answer.read()
        except urllib.error.HTTPError as exc:
            with self.lock:
                self.errors.append(f"{method} {path}: {exc.code} {exc.read()[:200]!r}")
                self.server_errors += exc.code >= 500
            return b"{}"
        except OSError as exc:
            with self.lock:
                self.errors.append(f"{method} {path}: {exc}")
            return b"{}"
        if page:
            with self.lock:
                self.page_latencies.append(time.perf_counter() - start)
        return data


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = [
                c
                for task in Path(f"/proc/{current}/task").iterdir()
                for c in (task / "children").read_text().split()
            ]
        except OSError:
            continue
        total += next(
            (
                int(line.split()[1]) * 1024
                for line in status.splitlines()
                if line.startswith("VmRSS:")
            ),
            0,
        )
        todo += [int(c) for c in children]
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--large-mb",
        type=float,
        default=19.0,
        help="size of each large sheet (0: none)",
    )
    parser.add_argument(
        "--large-files", type=int, default=1, help="large sheets in the large upload"
    )
    parser.add_argument(
        "--database-url", default="", help="default: SQLite in the data folder"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bomtrace-bench-web-") as tmp:
        folder = Path(tmp)
        sheets = make_sheets(folder, args.uploads, args.rows)
        large = (
            [
                make_large_sheet(folder, args.large_mb, n)
                for n in range(args.large_files)
            ]
            if args.large_mb > 0
            else []
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "bomtrace",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(folder / "data"),
            "--workers",
            str(args.workers),
        ]
        if args.database_url:
            command += ["--database-url", args.database_url]
        server = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=(folder / "serve.log").open("w")
        )
        try:
            return run_load(
                Client(f"http://127.0.0.1:{port}"), server.pid, sheets, large, args
            )
        finally:
            server.terminate()
            server.wait(timeout=60)


def run_load(
    client: Client,
    pid: int,
    sheets: list[tuple[Path, list[str]]],
    large: list[tuple[Path, list[str]]],
    args: argparse.Namespace,
) -> int:
    for _ in range(300):
        if client.call("GET", "/healthz") != b"{}":
            break
        time.sleep(0.1)
    client.errors.clear()
    idle_rss = tree_rss(pid)
    peak = [idle_rss]
    finished: dict[int, float] = {}
    accepted: dict[int, float] = {}
    statuses: dict[int, str] = {}
    ids: dict[int, int] = {}
    stop = threading.Event()
    # Upload n < args.uploads is one small sheet; upload args.uploads is the large one.
    uploads = [[path] for path, _ in sheets] + (
        [[p for p, _ in large]] if large else []
    )

    def sample_memory() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(pid))
            time.sleep(0.1)

    def upload(n: int) -> None:
        body, content_type = multipart(
            uploads[n], {"platform": "bench", "name": uploads[n][0].stem}
        )
        started = time.perf_counter()
        answer = json.loads(client.call("POST", "/api/runs", body, content_type))
        if "id" not in answer:
            return
        accepted[n] = time.perf_counter() - started
        ids[n] = answer["id"]
        while time.perf_counter() - started < DEADLINE:
            run = json.loads(client.call("GET", f"/api/runs/{answer['id']}", page=True))
            if run.get("status") in ("done", "failed"):
                finished[n] = time.perf_counter() - started
                statuses[n] = run["status"]
                return
            time.sleep(0.25)

    def browse() -> None:
        while not stop.is_set():
            client.call("GET", "/", page=True)
            for run_id in list(ids.values())[:5]:
                client.call("GET", f"/runs/{run_id}", page=True)
            time.sleep(0.2)

    memory = threading.Thread(target=sample_memory, daemon=True)
    memory.start()
    readers = [threading.Thread(target=browse, daemon=True) for _ in range(2)]
    for reader in readers:
        reader.start()
    wall = time.perf_counter()
    with ThreadPoolExecutor(len(uploads)) as pool:
        list(pool.map(upload, range(len(uploads))))
    wall = time.perf_counter() - wall
    stop.set()
    memory.join()
    for reader in readers:
        reader.join()
    expected = [m for _, m in sheets] + (
        [[x for _, m in large for x in m]] if large else []
    )
    firsts = [3] * len(sheets) + [2] * bool(large)  # a title row above the small sheets
    missing = check_rows(client, expected, firsts, ids)
    times = [finished[n] for n in sorted(finished) if n < args.uploads]
    big = args.uploads
    figures = {
        "uploads": args.uploads,
        "rows_per_upload": args.rows,
        "workers": args.workers,
        "large_upload_files": len(large),
        "large_upload_mb": round(sum(p.stat().st_size for p, _ in large) / 2**20, 1),
        "large_upload_rows": len(expected[big]) if large else 0,
        "large_upload_accepted_s": round(accepted[big], 1) if big in accepted else "",
        "large_upload_time_to_result_s": round(finished[big], 1)
        if big in finished
        else "",
        "wall_s": round(wall, 1),
        "time_to_result_median_s": round(statistics.median(times), 1) if times else "",
        "time_to_result_p95_s": round(percentile(times, 95), 1) if times else "",
        "time_to_result_max_s": round(max(times), 1) if times else "",
        "page_requests": len(client.page_latencies),
        "page_latency_p50_ms": round(percentile(client.page_latencies, 50) * 1000),
        "page_latency_p95_ms": round(percentile(client.page_latencies, 95) * 1000),
        "page_latency_max_ms": round(max(client.page_latencies) * 1000),
        "memory_idle_mb": round(idle_rss / 2**20),
        "memory_peak_mb": round(peak[0] / 2**20),
        "runs_done": sum(1 for s in statuses.values() if s == "done"),
        "runs_failed": sum(1 for s in statuses.values() if s == "failed"),
        "server_errors": client.server_errors,
        "error_answers": len(client.errors),
        "rows_missing": missing,
    }
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"web load test: {args.uploads} concurrent uploads x {args.rows} rows and"
        f" {len(large)} x {args.large_mb:g} MB beside them, {args.workers} workers, {database}"
    )
    for key, value in figures.items():
        print(f"  {key:<32} {value}")
    for error in client.errors[:10]:
        print(f"  error: {error}")
    results = (
        RESULTS.with_name("web_load_postgres.csv") if args.database_url else RESULTS
    )
    results.parent.mkdir(parents=True, exist_ok=True)
    with results.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["figure", "value"])
        writer.writerows(figures.items())
    ok = (
        not client.errors
        and missing == 0
        and figures["runs_done"] == len(uploads)
        and figures["runs_failed"] == 0
    )
    print(
        "OK: every row of every upload is in its results, no run failed, no error answer"
        if ok
        else "FAILED"
    )
    return 0 if ok else 1


def check_rows(
    client: Client, expected: list[list[str]], firsts: list[int], ids: dict[int, int]
) -> int:
    """Counts the sheet rows that are not in their run's results exactly once, as written
    (``firsts``: each upload's first part row; the rows above it are skipped titles)."""
    missing = 0
    for n, markings in enumerate(expected):
        if n not in ids:
            missing += len(markings)
            continue
        rows = json.loads(client.call("GET", f"/api/runs/{ids[n]}/rows"))["rows"]
        by_row = {(r["source_file"], r["source_row"]): r for r in rows}
        parts = [r for r in rows if r["source_row"] >= firsts[n]]
        if len(by_row) != len(rows) or len(parts) != len(markings):
            missing += abs(len(markings) - len(parts))
        for row, marking in zip(parts, markings, strict=False):
            if row["marking"] != marking or row["status"] == "skipped":
                missing += 1
    return missing


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())

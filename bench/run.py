"""Run every benchmark: ``bench/bench_*.py`` in name order (``make bench``).

    python bench/run.py [NAME ...]      e.g. python bench/run.py identify

Each benchmark is a script that prints its figures, writes its frozen results to
``bench/results/`` and exits non-zero when it misses a target. Add a section by adding
a ``bench_<name>.py`` beside this file. Each runs in its own process, so one
benchmark's caches do not flatter the next one's timings.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    failed = []
    for script in scripts:
        print(f"== {script.stem.removeprefix('bench_')} ({script.name})", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(
            f"== {script.stem} done in {time.perf_counter() - start:.1f} s\n",
            flush=True,
        )
        if code:
            failed.append(script.name)
    if failed:
        print(f"targets missed in: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

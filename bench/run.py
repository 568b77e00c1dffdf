"""Runs every benchmark in bench/ (``make bench``): each ``bench_*.py`` in turn.

A benchmark prints its figures and exits non-zero when it misses its target; this runner
stops at the first failure so ``make bench`` fails too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True)


if __name__ == "__main__":
    main()

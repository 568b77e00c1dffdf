"""Appending one measurement to a frozen results file in ``bench/results/``."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path


def append_result(path: Path, header: Sequence[str], values: Sequence[object]) -> None:
    """Adds today's row to the CSV file at ``path`` (written with ``date`` + ``header``)."""
    path.parent.mkdir(exist_ok=True)
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["date", *header])
        writer.writerow([dt.date.today().isoformat(), *values])

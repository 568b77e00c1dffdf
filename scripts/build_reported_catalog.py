"""Build ``catalogs/reported_gur.csv`` from the GUR development file in ``bench/data/realworld``.

    python scripts/build_reported_catalog.py

The file keeps the portal's layout (``component_id, name_marking, category,
manufacturer, manufacturer_country, weapons, source_url``) row for row and adds a
``source`` column carrying the attribution that must travel with every copy: GUR's
portal (the primary source; each row's page is its ``source_url``) and the CC BY 4.0
dataset "Awesome Drone Warfare OSINT" (2026) that collected it. Nothing is changed or
filled in. ``manufacturer`` and ``manufacturer_country`` stay GUR's claims.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_FILE = ROOT / "bench" / "data" / "realworld" / "gur_components_dev.csv"
TARGET = ROOT / "catalogs" / "reported_gur.csv"
COLUMNS = (
    "component_id", "name_marking", "category", "manufacturer", "manufacturer_country",
    "weapons", "source_url",
)  # fmt: skip
SOURCE = (
    "GUR War & Sanctions portal (page in source_url); via the dataset Awesome Drone "
    "Warfare OSINT (Awesome Drone Warfare OSINT Contributors, 2026), CC BY 4.0"
)


def build(source: Path = DEV_FILE, target: Path = TARGET) -> int:
    """Writes the catalog; returns the number of rows."""
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = [c for c in COLUMNS if rows and c not in rows[0]]
    if missing:
        raise SystemExit(f"{source} lacks the column(s) {', '.join(missing)}")
    with target.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow([*COLUMNS, "source"])
        for row in rows:
            out.writerow([*(row[c] for c in COLUMNS), SOURCE])
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEV_FILE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    count = build(args.source, args.out)
    print(f"wrote {args.out} ({count} rows)")


if __name__ == "__main__":
    main()

"""A large user catalog for the catalog-index benchmark: real numbers, fictitious makers.

    python bench/usercatalog.py 1000000 build/bench/user_catalog_1000000.csv

A distributor's full catalog lists each part in many orderable variants. This one takes
the real part numbers of ``catalogs/parts.csv`` (KiCad's symbol libraries) and lists
each as printed and with numbered ordering variants (``LM317T``, ``LM317T-1`` ...,
``LM317T-1Z``) until it holds the rows asked for. Every maker is fictitious and says so
(``Fictitious Maker 017 (illustrative)``), so the file claims nothing about any real
company; the category is the real part's, so the makers have kinds of part.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Manufacturer Part Number", "Manufacturer", "Description", "Category"]
MAKERS = 200
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int) -> str:
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
    return text or "0"


def real_parts() -> list[tuple[str, str]]:
    """(part number, category) of the shipped parts catalog, in file order."""
    with (ROOT / "catalogs" / "parts.csv").open(encoding="utf-8", newline="") as handle:
        return [(r["mpn"], r["category"]) for r in csv.DictReader(handle) if r["mpn"]]


def maker_name(number: int) -> str:
    return f"Fictitious Maker {number:03d} (illustrative)"


def catalog_rows(count: int) -> Iterator[list[str]]:
    """``count`` rows: every real number once, then its variants ``-1``, ``-2`` ..."""
    parts = real_parts()
    made = 0
    variant = 0
    while made < count:
        for position, (mpn, category) in enumerate(parts):
            if made == count:
                return
            number = mpn if variant == 0 else f"{mpn}-{_base36(variant)}"
            yield [
                number,
                maker_name(position % MAKERS + 1),
                f"ILLUSTRATIVE listing, fictitious maker: {category or 'part'}",
                category,
            ]
            made += 1
        variant += 1


def write_catalog(count: int, path: Path) -> Path:
    """Writes the catalog once (kept in build/bench/ between runs)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(catalog_rows(count))
    tmp.replace(path)
    return path


if __name__ == "__main__":
    write_catalog(int(sys.argv[1]), Path(sys.argv[2]))

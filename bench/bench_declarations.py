"""How many part numbers the extractor finds in customs goods descriptions (issue #18).

    python bench/bench_declarations.py

Reads ``tests/data/trade/descriptions.csv`` (built by ``bench/declarations.py``:
illustrative descriptions around real catalog part numbers, with their truth) and runs
the description reader every trade record goes through (``read_goods``, the free-text
extractor of teardown name cells). A number counts as found when a number read out of
its description has the same lookup key (case, spaces, punctuation and Cyrillic
look-alike letters ignored). Reports recall overall, by noise and by language, the
extra numbers read (not part numbers), and writes ``bench/results/declarations.json``.
Target: recall >= 95%.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from bomtrace.catalog import load_catalogs
from bomtrace.catalog.index import CatalogIndex
from bomtrace.normalise import compact
from bomtrace.normalise.declarations import read_goods

HERE = Path(__file__).resolve().parent
SET = HERE.parent / "tests" / "data" / "trade" / "descriptions.csv"
RESULTS = HERE / "results" / "declarations.json"
TARGET_RECALL = 0.95


def load(path: Path = SET) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def measure(rows: list[dict[str, str]], logos: dict[str, str]) -> dict[str, object]:
    """Recall and extra numbers over the labelled descriptions."""
    found = total = extra = 0
    by_noise: Counter[str] = Counter()
    by_noise_found: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_language_found: Counter[str] = Counter()
    missed: list[dict[str, str]] = []
    for row in rows:
        expected = [n for n in row["numbers"].split(";") if n]
        read = read_goods(row["description"], logos).numbers
        keys = {compact(n) for n in read}
        truth = {compact(n) for n in expected}
        extra += len(keys - truth)
        for number in expected:
            hit = compact(number) in keys
            total += 1
            found += hit
            by_noise[row["noise"]] += 1
            by_noise_found[row["noise"]] += hit
            by_language[row["language"]] += 1
            by_language_found[row["language"]] += hit
            if not hit:
                missed.append(
                    {
                        "description": row["description"],
                        "number": number,
                        "read": "; ".join(read),
                    }
                )
    return {
        "descriptions": len(rows),
        "numbers": total,
        "found": found,
        "recall": round(found / total, 4) if total else 0.0,
        "extra_numbers": extra,
        "extra_per_description": round(extra / len(rows), 3) if rows else 0.0,
        "recall_by_noise": {
            k: f"{by_noise_found[k]}/{v}" for k, v in sorted(by_noise.items())
        },
        "recall_by_language": {
            k: f"{by_language_found[k]}/{v}" for k, v in sorted(by_language.items())
        },
        "missed": missed,
    }


def main() -> int:
    logos = dict(CatalogIndex(load_catalogs()).logos)
    figures = measure(load(), logos)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(
        f"{figures['found']}/{figures['numbers']} part numbers found in "
        f"{figures['descriptions']} descriptions: recall {figures['recall']:.1%} "
        f"(target {TARGET_RECALL:.0%}); {figures['extra_numbers']} extra numbers read"
    )
    for key in ("recall_by_noise", "recall_by_language"):
        print(f"  {key}: {figures[key]}")
    for miss in figures["missed"]:  # type: ignore[attr-defined]
        print(
            f"  missed {miss['number']!r} in {miss['description']!r} (read {miss['read']!r})"
        )
    return 0 if float(figures["recall"]) >= TARGET_RECALL else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())

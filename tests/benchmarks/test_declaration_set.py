"""The labelled goods descriptions and the frozen extraction figures (issue #18).

The set is built by ``bench/declarations.py`` (illustrative descriptions around real
catalog part numbers); ``bench/results/declarations.json`` holds the figures the README
quotes. These tests check the set is what its docstring says and that the figures are
what the current extractor produces.
"""

from __future__ import annotations

import json
import sys

from tests.conftest import ROOT

from bomtrace.catalog import load_catalogs
from bomtrace.catalog.index import CatalogIndex

sys.path.insert(0, str(ROOT / "bench"))
import bench_declarations


def test_set_holds_200_descriptions_of_every_kind() -> None:
    """At least 200 descriptions in Russian, English and Ukrainian, with every noise."""
    rows = bench_declarations.load()
    assert len(rows) >= 200
    assert {r["language"] for r in rows} == {"ru", "en", "uk"}
    assert {r["noise"] for r in rows} >= {
        "none", "split by a space", "Cyrillic look-alike letters", "orderable suffix",
        "several numbers", "no number", "lower case",
    }  # fmt: skip


def test_frozen_figures_are_the_current_ones() -> None:
    """The README's recall is what the extractor measures now, and meets the target."""
    logos = dict(CatalogIndex(load_catalogs()).logos)
    figures = bench_declarations.measure(bench_declarations.load(), logos)
    frozen = json.loads(bench_declarations.RESULTS.read_text(encoding="utf-8"))
    assert figures == frozen
    assert float(figures["recall"]) >= bench_declarations.TARGET_RECALL  # type: ignore[arg-type]

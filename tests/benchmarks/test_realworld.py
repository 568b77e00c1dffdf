"""The real-record benchmark: the frozen figures are what the matcher produces today.

``bench/bench_realworld.py`` measures identification on GUR's portal components and a
peer library's labelled numbers (``bench/data/realworld``); its figures go in the README
and the closing notes, so a change to the matcher or the catalogs that moves them must
be measured again (``make bench``) rather than left stale.
"""

from __future__ import annotations

import json
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench_realworld
import realworld

from bomtrace.catalog.attribution import label_names, names_a_maker


def test_frozen_real_figures_are_reproduced() -> None:
    """Measuring the real records now gives the committed bench/results/realworld.json."""
    frozen = json.loads(
        (ROOT / "bench" / "results" / "realworld.json").read_text("utf-8")
    )
    measured, _ = bench_realworld.measure()
    assert measured == frozen["real"], "figures changed: run `make bench`"


def test_the_gur_rows_measured_are_the_marked_and_labelled_ones() -> None:
    """Rows with a named maker and a token of letters and digits; both halves present."""
    rows = realworld.gur_rows()
    assert len(rows) == 1261
    assert {r.split for r in rows} == {"fit", "check"}
    assert all(names_a_maker(r.label) for r in rows)
    assert label_names("Maxim Integrated Products (Analog Devices)") == [
        "Maxim Integrated Products",
        "Analog Devices",
    ]


def test_the_peer_generic_numbers_follow_the_written_definition() -> None:
    """The bench's own list of numbering systems, not the product's, decides "generic"."""
    generic = {r.part_number for r in realworld.peer_rows() if r.generic}
    assert {"2N5551", "4N26", "MC7805", "2SC5200"} <= generic
    assert "XC6119N22AMR" not in generic

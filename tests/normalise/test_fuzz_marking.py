"""Fuzzing the marking normaliser: any text a cell can hold is read without failing.

A hypothesis fuzz target with a bounded budget (``FUZZ_EXAMPLES``, default 1000 inputs
per run; raise it for a long local run: ``FUZZ_EXAMPLES=200000 pytest tests -k fuzz``).
The inputs mix marking-like tokens, Cyrillic and Greek look-alikes, control characters,
unusual Unicode (combining marks, full-width forms, RTL text, surrogates excluded by
UTF-8) and very long cells.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bomtrace.catalog import CatalogIndex
from bomtrace.normalise import compact, read_marking

BUDGET = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TOKENS = st.sampled_from(
    [
        "ADI", "TI", "ST", "ADXRS620", "BBGZ", "1515", "PHL", "STM32F405RGT6", "-TR",
        "/NOPB", "#PBF", "296-1234-1-ND", "595-LM358DR", "DC", "D/C:", "LOT", "MADE IN",
        "CHINA", "e3", "®", "™", "АD8221", "ТРS54331", "Ο", "\n", " ", "\t", "-", "?",
        "МАХ3232", "КР1533ЛА3", "ＳＴＭ３２", "a\u0301", "\u202e", "\x00", "\x1b[31m",
    ]
)  # fmt: skip
MARKINGS = st.one_of(
    st.text(max_size=200),
    st.lists(TOKENS, max_size=12).map(" ".join),
    st.lists(st.one_of(TOKENS, st.text(max_size=6)), max_size=20).map("".join),
    st.text(alphabet="AB01-/ \n", min_size=500, max_size=5000),
)


@BUDGET
@given(raw=MARKINGS)
def test_read_marking_never_fails(raw: str, index: CatalogIndex) -> None:
    """Every reading has a unique key that is the compact form of its own text, keeps
    the raw cell, and records each step's before and after."""
    readings = read_marking(raw, index.logos)
    keys = [r.key for r in readings]
    assert len(keys) == len(set(keys))
    for reading in readings:
        assert reading.raw == raw
        assert reading.key == compact(reading.text)
        assert len(reading.key) >= 2
        for step in reading.steps:
            assert step.before != step.after


@BUDGET
@given(text=MARKINGS)
def test_compact_is_idempotent_and_alphanumeric(text: str) -> None:
    """compact() is a fixed point after one application and keeps only key characters."""
    key = compact(text)
    assert compact(key) == key
    assert key == key.upper()
    assert not any(ch.isspace() for ch in key)

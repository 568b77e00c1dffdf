"""Fuzzing the date-code decoder: any cell decodes to a window or a refusal with a reason.

A hypothesis fuzz target with a bounded budget (``FUZZ_EXAMPLES``, default 1000 inputs
per run). Inputs mix real date-code shapes (YYWW, YWW, letters, separators, ISO weeks,
calendar dates) with arbitrary text, and recovery dates from 1970 to 2040.
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bomtrace.catalog import Catalog
from bomtrace.provenance.datecodes import decode_date_code

BUDGET = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PIECES = st.sampled_from(
    ["DC", "D/C", " ", "-", "/", ".", "+", "W", "A", "Z", "X", "e3", "\n", "0", "9",
     "00", "53", "54", "99", "2215", "1652", "815", "5A", "2023-W07", "2019-02-30", "31.12.19"]
)  # fmt: skip
CODES = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(PIECES, st.integers(0, 9999).map(str)), max_size=6).map("".join),
    st.from_regex(r"[A-Z]{0,3}\d{1,4}[A-Z]{0,3}", fullmatch=True),
)
DATES = st.one_of(st.none(), st.dates(dt.date(1970, 1, 1), dt.date(2040, 12, 31)))


@BUDGET
@given(raw=CODES, recovered=DATES, maker_rules=st.booleans())
def test_decode_date_code_never_fails(
    raw: str, recovered: dt.date | None, maker_rules: bool, catalog: Catalog
) -> None:
    """A decoded window is ordered, ends no later than the recovery date and cites its
    rule; a refusal always says why."""
    rules = next(iter(catalog.datecode_formats.values()), ()) if maker_rules else ()
    today = dt.date(2026, 1, 1)
    window = decode_date_code(raw, rules=rules, recovered=recovered, today=today)
    assert window.code is not None
    if window.decoded:
        assert window.start is not None and window.end is not None
        assert window.start <= window.end
        assert window.end <= (recovered or today)
        assert window.rule
    else:
        assert window.reason

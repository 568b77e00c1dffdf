"""Date codes: a labelled set of real-format codes decoded right, ambiguous ones refused.

The labels (``tests/data/chain/datecode_cases.csv``) say what each code means (year and
week, or year and month, or refused); the expected window is computed here by brute
force over the calendar, independently of the decoder's arithmetic.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path

import pytest

from bomtrace.catalog import load_catalogs
from bomtrace.catalog.schema import DATECODE_FORMATS
from bomtrace.model import Answer, ProductionWindow
from bomtrace.provenance import datecodes
from bomtrace.provenance.datecodes import (
    decode_date_code,
    made_after,
    week_window,
)

CASES = Path(__file__).parents[1] / "data" / "chain" / "datecode_cases.csv"
RUN_DATE = dt.date(2024, 1, 1)
CONTROLS_2022 = dt.date(2022, 2, 24)  # as catalogs/control_dates.csv gives it


def _load() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def oracle_week(year: int, week: int, rule: str) -> tuple[dt.date, dt.date]:
    """Every day whose week number is ``week`` under the allowed numberings (brute force)."""
    days = []
    day = dt.date(year - 1, 12, 20)
    while day <= dt.date(year + 1, 1, 10):
        iso = day.isocalendar()
        iso_hit = iso[0] == year and iso[1] == week
        jan1 = dt.date(day.year, 1, 1)
        offsets = (jan1.weekday(), (jan1.weekday() + 1) % 7)  # Monday- or Sunday-start
        jan1_hit = day.year == year and any(
            (day.timetuple().tm_yday - 1 + o) // 7 + 1 == week for o in offsets
        )
        if (rule in ("any", "iso") and iso_hit) or (
            rule in ("any", "jan1") and jan1_hit
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return min(days), max(days)


def expected_window(
    label: str, rule: str, reference: dt.date
) -> tuple[dt.date, dt.date]:
    year, _, period = label.partition("-")
    if period.startswith("W"):
        start, end = oracle_week(int(year), int(period[1:]), rule)
    else:
        month = int(period[1:])
        start = dt.date(int(year), month, 1)
        end = dt.date(int(year), month, calendar.monthrange(int(year), month)[1])
    return start, min(end, reference)


CATALOG = load_catalogs()


@pytest.mark.parametrize("case", _load(), ids=lambda c: f"{c['code']}|{c['maker']}")
def test_labelled_date_code(case: dict[str, str]) -> None:
    """Each labelled code decodes to the labelled week or month, or is refused with a reason."""
    recovered = dt.date.fromisoformat(case["recovered"]) if case["recovered"] else None
    window = decode_date_code(
        case["code"],
        rules=CATALOG.datecode_formats.get(case["maker"], ()),
        recovered=recovered,
        today=RUN_DATE,
    )
    if case["expected"] == "refused":
        assert (window.start, window.end) == (None, None)
        assert window.reason.startswith("date code not decoded: ")
        assert len(window.reason) > len("date code not decoded: ") + 10
    else:
        reference = recovered or RUN_DATE
        assert (window.start, window.end) == expected_window(
            case["expected"], case["week_rule"], reference
        ), window.rule
        assert window.reason == ""
        assert window.source


def test_labelled_set_is_large_and_mixed() -> None:
    """The labelled set holds at least 60 codes, with both decoded and refused ones."""
    cases = _load()
    refused = [c for c in cases if c["expected"] == "refused"]
    assert len(cases) >= 60
    assert 10 <= len(refused) < len(cases) - 40


def test_one_digit_year_explains_its_assumption() -> None:
    """A one-digit year is read as the latest fitting year and the rule says so."""
    window = decode_date_code("215", recovered=dt.date(2023, 5, 1))
    assert "one-digit year read as 2022" in window.rule
    assert "ten years older" in window.rule


def test_refusal_reasons_name_the_problem() -> None:
    """Refusals say what is wrong in words a researcher can act on."""
    reasons = {
        code: decode_date_code(code, recovered=dt.date(2023, 5, 1)).reason
        for code in ("22+", "2260", "22/15", "215 ", "2345")
    }
    assert "broker's stock-age note" in reasons["22+"]
    assert "week '60'" in reasons["2260"]
    assert "order cannot be told" in reasons["22/15"]
    assert "after 2023-05-01" in reasons["2345"]
    assert "give the recovery date to fix the decade" in decode_date_code("215").reason


def test_week_window_rules() -> None:
    """ISO weeks may start in December; 1-January weeks stay inside the year."""
    assert week_window(2009, 1, "iso") == (dt.date(2008, 12, 29), dt.date(2009, 1, 4))
    assert week_window(2009, 1, "jan1") == (dt.date(2009, 1, 1), dt.date(2009, 1, 4))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2022, 4, 3), dt.date(2022, 4, 17), Answer.YES),
        (dt.date(2021, 4, 3), dt.date(2021, 4, 17), Answer.NO),
        (dt.date(2022, 2, 20), dt.date(2022, 2, 27), Answer.UNKNOWN),
        (dt.date(2022, 2, 24), dt.date(2022, 2, 27), Answer.YES),
    ],
)
def test_after_controls(start: dt.date, end: dt.date, expected: Answer) -> None:
    """A window wholly after 24 February 2022 is 'yes', wholly before 'no', else 'unknown'."""
    window = ProductionWindow(code="x", start=start, end=end)
    assert made_after(window, CONTROLS_2022) is expected


def test_undecoded_window_is_unknown() -> None:
    """Without a decoded window the flags are 'unknown'."""
    assert made_after(None, CONTROLS_2022) is Answer.UNKNOWN
    assert made_after(decode_date_code("22+"), CONTROLS_2022) is Answer.UNKNOWN
    window = ProductionWindow(
        code="x", start=dt.date(2023, 1, 1), end=dt.date(2023, 2, 1)
    )
    assert made_after(window, None) is Answer.UNKNOWN  # no control date in the catalogs


def test_catalog_formats_match_decoder() -> None:
    """The catalog check's list of formats is the decoder's list."""
    assert set(DATECODE_FORMATS) == set(datecodes._FORMATS)

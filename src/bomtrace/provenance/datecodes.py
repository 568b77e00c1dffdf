"""Date codes -> the span of days a part was made in, and whether that was after the controls.

Pure. A date code is decoded only when its format says unambiguously what it means; what
cannot be read with certainty is refused, and the refusal says why. The generic rules are
the industry's (EIA-476 "Date Code Marking": two-digit year and week, ``YYWW``); a maker's
own published rules (``catalogs/datecode_formats.csv``, each row citing the maker's
document) are tried first for that maker's parts.

Weeks are counted differently by different makers (ISO 8601 weeks start on the Monday of
the week holding 4 January; others count the week holding 1 January as week 1). Unless
the maker's rule says which, the window spans every reading, so it is never narrower than
the evidence. A one-digit year repeats every decade: it is read as the latest such year
up to the recovery date (``--recovered``), and refused without one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from bomtrace.catalog.records import DateCodeFormat
from bomtrace.model import Answer, ProductionWindow

GENERIC_SOURCE = "EIA-476 Date Code Marking (ECIA): two-digit year, two-digit week"
EARLIEST_YEAR = 1970


_MONTH_CODES = {str(m): m for m in range(1, 10)} | {"A": 10, "B": 11, "C": 12}
_BROKER = re.compile(r"^(\d{2})\s*\+$")
_ISO_WEEK = re.compile(r"^(\d{4})\s*-?\s*W(\d{2})$")
_CALENDAR_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_SEPARATED = re.compile(r"^(\d{2})\s*[-/.\s]\s*(\d{2})$")
_FORMATS = {
    "YYWW": re.compile(r"^(?P<yy>\d{2})(?P<ww>\d{2})$"),
    "YYWWx": re.compile(r"^(?P<yy>\d{2})(?P<ww>\d{2})(?P<x>[A-Z]{1,2})$"),
    "xYYWWx": re.compile(
        r"^(?P<p>[A-Z]{1,3})(?P<yy>\d{2})(?P<ww>\d{2})(?P<x>[A-Z]{0,2})$"
    ),
    "YWW": re.compile(r"^(?P<y>\d)(?P<ww>\d{2})$"),
    "PYWW": re.compile(r"^(?P<p>[A-Z])(?P<y>\d)(?P<ww>\d{2})$"),
    "YM": re.compile(r"^(?P<y>\d)(?P<m>[1-9ABC])$"),
    "YYMM": re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})$"),
    "YYWWNNN": re.compile(r"^(?P<yy>\d{2})(?P<ww>\d{2})(?P<n>[0-9A-Z]{3})$"),
    "YWWNNN": re.compile(r"^(?P<y>\d)(?P<ww>\d{2})(?P<n>[0-9A-Z]{3})$"),
}
# The generic rules, tried in this order when no maker rule applies.
_GENERIC = ("YYWW", "YYWWx", "xYYWWx", "YWW")
_DESCRIBE = {
    "YYWW": "YYWW (two-digit year, week)",
    "YYWWx": "YYWW + letter (two-digit year, week, then a revision or site letter)",
    "xYYWWx": "letters + YYWW (site or plant letters, two-digit year, week)",
    "YWW": "YWW (one-digit year, week)",
    "PYWW": "site letter + YWW (one-digit year, week)",
    "YM": "YM (one-digit year, month 1-9, A-C)",
    "YYMM": "YYMM (two-digit year, month)",
    "YYWWNNN": "YYWWNNN (two-digit year, week, trace code)",
    "YWWNNN": "YWWNNN (one-digit year, week, trace code)",
}


class Refusal(Exception):
    """A date code that cannot be read with certainty (internal: becomes a reason)."""


def clean_code(raw: str) -> str:
    """Tidies a date-code cell: case, spaces, 'DC'/'D/C' labels, a trailing '.0'."""
    text = re.sub(r"\s+", " ", raw).strip().upper()
    text = re.sub(r"^(D/C|DC|DATE ?CODE)\s*[:#]?\s*", "", text)
    text = re.sub(r"\.0$", "", text)
    return text


def week_window(year: int, week: int, rule: str = "") -> tuple[dt.date, dt.date]:
    """The days week ``week`` of ``year`` can mean: ISO 8601, week of 1 January, or both."""
    spans: list[tuple[dt.date, dt.date]] = []
    if rule in ("", "iso") and week <= _iso_weeks(year):
        monday = dt.date.fromisocalendar(year, week, 1)
        spans.append((monday, monday + dt.timedelta(days=6)))
    if rule in ("", "jan1"):
        # Week 1 holds 1 January; days before it belong to the previous year's last week.
        jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for first_day in (0, 6):  # weeks starting on Monday, or on Sunday
            start = jan1 - dt.timedelta(days=(jan1.weekday() - first_day) % 7)
            start += dt.timedelta(weeks=week - 1)
            if start <= dec31:
                end = start + dt.timedelta(days=6)
                spans.append((max(start, jan1), min(end, dec31)))
    if not spans:
        raise Refusal(f"{year} has no week {week}")
    return min(s for s, _ in spans), max(e for _, e in spans)


def _iso_weeks(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a month."""
    return dt.date(year, month, 1), dt.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def _two_digit_year(yy: int, reference: dt.date) -> int:
    year = 2000 + yy if 2000 + yy <= reference.year else 1900 + yy
    if year < EARLIEST_YEAR:
        raise Refusal(
            f"year '{yy:02d}' would be {2000 + yy} (after {reference.isoformat()}) "
            f"or {1900 + yy} (before integrated circuits of this kind)"
        )
    return year


def _one_digit_year(y: int, recovered: dt.date | None, week_or_month: int) -> int:
    if recovered is None:
        raise Refusal(
            f"a one-digit year ('{y}') repeats every decade; give the recovery date"
            " to fix the decade"
        )
    year = recovered.year - (recovered.year - y) % 10
    return year


def _read(
    fmt: str,
    found: re.Match[str],
    *,
    reference: dt.date,
    recovered: dt.date | None,
    week_rule: str,
) -> tuple[dt.date, dt.date, str]:
    parts = found.groupdict()
    assumption = ""
    if "y" in parts:
        period = int(parts["ww"]) if "ww" in parts else _MONTH_CODES[parts["m"]]
        year = _one_digit_year(int(parts["y"]), recovered, period)
        assumption = (
            f"; one-digit year read as {year}, the latest year ending in {parts['y']} "
            f"up to the recovery date (a part ten years older would read the same)"
        )
    else:
        year = _two_digit_year(int(parts["yy"]), reference)
    if "ww" in parts:
        week = int(parts["ww"])
        if not 1 <= week <= 53:
            raise Refusal(f"week '{parts['ww']}' is not a week of the year (01-53)")
        start, end = week_window(year, week, week_rule)
        what = f"week {week} of {year}"
    else:
        month = _MONTH_CODES[parts["m"]] if "m" in parts else int(parts["mm"])
        if not 1 <= month <= 12:
            raise Refusal(f"month '{parts['mm']}' is not a month (01-12)")
        start, end = month_window(year, month)
        what = f"{calendar.month_name[month]} {year}"
    if "y" in parts and start > reference:
        # The latest decade is still in the future of the recovery date: go back one.
        year -= 10
        return _read(
            fmt, found, reference=reference, recovered=dt.date(year, 12, 31),
            week_rule=week_rule,
        )  # fmt: skip
    return start, end, what + assumption


def decode_date_code(
    raw: str,
    *,
    rules: Iterable[DateCodeFormat] = (),
    recovered: dt.date | None = None,
    today: dt.date | None = None,
    origin: str = "date_code column",
) -> ProductionWindow:
    """Reads a date code as a production window, or refuses it with the reason why.

    Args:
        raw: the date code as written in the sheet.
        rules: the maker's documented formats (tried before the generic ones).
        recovered: when the weapon was recovered (fixes one-digit years; nothing can
            have been made after it).
        today: the latest possible date when no recovery date is given.
    """
    code = clean_code(raw)
    reference = recovered or today or dt.date.today()
    if not code:
        return ProductionWindow(code=raw, reason="no date code given", origin=origin)
    rules = tuple(rules)
    try:
        refusal = _refuse_outright(code)
        if refusal:
            raise Refusal(refusal)
        code = code.replace(" ", "")
        for rule in rules:
            pattern = _FORMATS.get(rule.format)
            found = pattern.match(code) if pattern else None
            if found:
                start, end, what = _read(
                    rule.format, found, reference=reference, recovered=recovered,
                    week_rule=rule.week_rule,
                )  # fmt: skip
                return _checked(
                    raw, start, end, reference,
                    rule=f"{_DESCRIBE[rule.format]}, the format {rule.maker} documents: {what}",
                    source=f"{rule.source} ({rule.ref})",
                    origin=origin,
                )  # fmt: skip
        if found_iso := _ISO_WEEK.match(code):
            year, week = int(found_iso[1]), int(found_iso[2])
            if not EARLIEST_YEAR <= year <= reference.year or not 1 <= week <= 53:
                raise Refusal(f"'{code}' is not a plausible year and week")
            start, end = week_window(year, week, "iso")
            return _checked(
                raw, start, end, reference, rule=f"ISO 8601 week: week {week} of {year}",
                source="ISO 8601", origin=origin,
            )  # fmt: skip
        for fmt in _GENERIC:
            if found := _FORMATS[fmt].match(code):
                start, end, what = _read(
                    fmt, found, reference=reference, recovered=recovered, week_rule=""
                )
                return _checked(
                    raw, start, end, reference,
                    rule=f"{_DESCRIBE[fmt]}: {what} (ISO or 1-January week numbering)",
                    source=GENERIC_SOURCE, origin=origin,
                )  # fmt: skip
        raise Refusal(
            f"'{code}' is not a date-code format bomtrace reads without the maker's rule "
            "(YYWW, YYWW + letter, YWW with the recovery date)"
        )
    except Refusal as refused:
        return ProductionWindow(
            code=raw, reason=f"date code not decoded: {refused}", origin=origin
        )


def _refuse_outright(code: str) -> str:
    if found := _BROKER.match(code):
        return (
            f"'{code}' is a broker's stock-age note (made in 20{found[1]} or later, "
            "as the seller claims), not the maker's date code"
        )
    if _CALENDAR_DATE.match(code):
        return (
            f"'{code}' is a calendar date, not a date code (check whether the "
            "spreadsheet turned the code into a date)"
        )
    if found := _SEPARATED.match(code):
        return (
            f"'{code}' may be year/week, week/year or month/year: "
            "the order cannot be told from the code"
        )
    return ""


def _checked(
    raw: str,
    start: dt.date,
    end: dt.date,
    reference: dt.date,
    *,
    rule: str,
    source: str,
    origin: str,
) -> ProductionWindow:
    if start > reference:
        raise Refusal(
            f"it would mean {start.isoformat()}, after {reference.isoformat()}; "
            "it is probably a lot code or a misreading"
        )
    return ProductionWindow(
        code=raw, start=start, end=min(end, reference) if end > reference else end,
        rule=rule, source=source, origin=origin,
    )  # fmt: skip


def made_after(window: ProductionWindow | None, milestone: dt.date | None) -> Answer:
    """Says whether the whole window lies after a milestone (unknown when it straddles
    it, or without a milestone: ``catalogs/control_dates.csv`` gives them)."""
    if (
        window is None
        or window.start is None
        or window.end is None
        or milestone is None
    ):
        return Answer.UNKNOWN
    if window.start >= milestone:
        return Answer.YES
    if window.end < milestone:
        return Answer.NO
    return Answer.UNKNOWN

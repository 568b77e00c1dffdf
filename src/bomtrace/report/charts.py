"""Inline SVG charts for the reports (no JavaScript, no fonts or files fetched).

Pure: functions return SVG markup as strings; every label is escaped here, because
labels can come from spreadsheets. Output depends only on the arguments (no random ids,
no clock), so the same rows draw the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from html import escape

_ROW = 22
_LABEL_WIDTH = 210
_BAR_WIDTH = 360
_PALETTE = ("#1f5f8b", "#4f8fba", "#7fb2d6", "#a9cde6", "#c9dff0")
_LABEL_CHARS = 30


def _shorten(label: str, limit: int = _LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    )


def bar_chart(
    items: Sequence[tuple[str, int]], *, title: str, unit: str = "parts"
) -> str:
    """Horizontal bars, one per (label, count), with the count and share written beside each."""
    total = sum(v for _, v in items) or 1
    largest = max((v for _, v in items), default=1) or 1
    height = _ROW * len(items) + 8
    width = _LABEL_WIDTH + _BAR_WIDTH + 110
    parts = [_open(width, height, title)]
    for i, (label, value) in enumerate(items):
        y = 4 + i * _ROW
        bar = max(1.0, _BAR_WIDTH * value / largest)
        share = 100 * value / total
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" class="label">{escape(_shorten(label))}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 2}" width="{bar:.1f}" height="{_ROW - 6}" '
            f'fill="{_PALETTE[min(i, len(_PALETTE) - 1)]}"><title>{escape(label)}: {value} {unit}</title></rect>'
            f'<text x="{_LABEL_WIDTH + bar + 6:.1f}" y="{y + 14}" class="value">{value} ({share:.0f}%)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_YEAR_WIDTH = 30
_PLOT_HEIGHT = 160
_LEFT = 34
_TOP = 34


def _year_fraction(iso_date: str) -> float:
    day = dt.date.fromisoformat(iso_date)
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def year_chart(
    years: Sequence[tuple[int, int]],
    *,
    title: str,
    lines: Sequence[tuple[str, str]] = (),
    unit: str = "parts",
) -> str:
    """Vertical bars per production year with dated vertical lines (the control dates).

    Every year between the first and the last is drawn, empty or not, and the axis is
    widened to show each line.
    """
    marks = [(label, _year_fraction(date)) for label, date in lines]
    first = min([y for y, _ in years] + [int(x) - 1 for _, x in marks])
    last = max([y for y, _ in years] + [int(x) + 1 for _, x in marks])
    counts = dict(years)
    largest = max(counts.values(), default=1) or 1
    # A four-digit label is as wide as a year's slot: label every year only on a short
    # axis, else every second (or fifth) year, so labels never run together.
    span = last - first + 1
    step = 1 if span <= 6 else 2 if span <= 30 else 5
    width = _LEFT + _YEAR_WIDTH * (last - first + 1) + 90  # room for the last label
    height = _TOP + _PLOT_HEIGHT + 40
    base = _TOP + _PLOT_HEIGHT
    parts = [
        _open(width, height, title),
        f'<line x1="{_LEFT}" y1="{base}" x2="{_LEFT + _YEAR_WIDTH * (last - first + 1)}" y2="{base}" class="axis"/>',
    ]
    for index, year in enumerate(range(first, last + 1)):
        x = _LEFT + index * _YEAR_WIDTH
        value = counts.get(year, 0)
        if value:
            bar = max(1.0, _PLOT_HEIGHT * value / largest)
            parts.append(
                f'<rect x="{x + 3}" y="{base - bar:.1f}" width="{_YEAR_WIDTH - 6}" height="{bar:.1f}" '
                f'fill="{_PALETTE[0]}"><title>{year}: {value} {unit}</title></rect>'
                f'<text x="{x + _YEAR_WIDTH / 2:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle" class="value">{value}</text>'
            )
        if year % step == 0:
            parts.append(
                f'<text x="{x + _YEAR_WIDTH / 2:.1f}" y="{base + 16}" text-anchor="middle" class="label">{year}</text>'
            )
    for index, (label, at) in enumerate(marks):
        line_x = _LEFT + (at - first) * _YEAR_WIDTH
        parts.append(
            f'<line x1="{line_x:.1f}" y1="{_TOP - 6 - 14 * (index % 2)}" x2="{line_x:.1f}" y2="{base}" class="control"/>'
            f'<text x="{line_x + 4:.1f}" y="{_TOP - 10 - 14 * (index % 2)}" class="control-label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_BOX_WIDTH = 168
_BOX_GAP = 34
_LINE = 15
_MAX_NAMES = 4


def chain_diagram(
    stages: Sequence[tuple[str, Sequence[str]]],
    *,
    title: str,
    flagged: Collection[str] = (),
) -> str:
    """Boxes left to right (maker -> distributor -> intermediary -> importer -> platform).

    Each stage is (stage name, names); a stage with no names is drawn dashed and says
    "not named", so a gap in the evidence shows as a gap. Names in ``flagged`` (parties
    on a sanctions list) are marked, and so is the border of their box.
    """
    tallest = max((min(len(n), _MAX_NAMES + 1) for _, n in stages), default=1) or 1
    box_height = 26 + _LINE * tallest
    width = len(stages) * (_BOX_WIDTH + _BOX_GAP) - _BOX_GAP + 8
    height = box_height + 12
    parts = [_open(width, height, title)]
    for index, (stage, names) in enumerate(stages):
        x = 4 + index * (_BOX_WIDTH + _BOX_GAP)
        empty = not names
        heavy = any(name in flagged for name in names)
        css = "box empty" if empty else ("box flagged" if heavy else "box")
        parts.append(
            f'<rect x="{x}" y="4" width="{_BOX_WIDTH}" height="{box_height}" rx="5" class="{css}"/>'
            f'<text x="{x + 8}" y="20" class="stage">{escape(stage)}</text>'
        )
        shown = list(names[:_MAX_NAMES])
        if len(names) > _MAX_NAMES:
            shown.append(f"+{len(names) - _MAX_NAMES} more")
        for line, name in enumerate(shown or ["not named"]):
            shown_name = _shorten(name, 26)
            full = f"<title>{escape(name)}</title>" if shown_name != name else ""
            mark = " listed" if name in flagged else ""
            parts.append(
                f'<text x="{x + 8}" y="{38 + line * _LINE}" class="name{mark}">{escape(shown_name)}{full}</text>'
            )
        if index < len(stages) - 1:
            ax = x + _BOX_WIDTH + 4
            ay = 4 + box_height / 2
            parts.append(
                f'<path d="M{ax} {ay:.1f} h{_BOX_GAP - 12} m-6 -5 l6 5 l-6 5" class="arrow"/>'
            )
    parts.append("</svg>")
    return "".join(parts)

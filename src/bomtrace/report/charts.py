"""Inline SVG bar charts for the report (no JavaScript, no fonts or files fetched).

Pure: functions return SVG markup as strings; every label is escaped here, because
labels can come from spreadsheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_ROW = 22
_LABEL_WIDTH = 210
_BAR_WIDTH = 360
_PALETTE = ("#1f5f8b", "#4f8fba", "#7fb2d6", "#a9cde6", "#c9dff0")


def bar_chart(
    items: Sequence[tuple[str, int]], *, title: str, unit: str = "parts"
) -> str:
    """Horizontal bars, one per (label, count), with the count and share written beside each."""
    total = sum(v for _, v in items) or 1
    largest = max((v for _, v in items), default=1) or 1
    height = _ROW * len(items) + 8
    width = _LABEL_WIDTH + _BAR_WIDTH + 110
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 4 + i * _ROW
        bar = max(1.0, _BAR_WIDTH * value / largest)
        share = 100 * value / total
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" class="label">{escape(shown)}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 2}" width="{bar:.1f}" height="{_ROW - 6}" '
            f'fill="{_PALETTE[min(i, len(_PALETTE) - 1)]}"><title>{escape(label)}: {value} {unit}</title></rect>'
            f'<text x="{_LABEL_WIDTH + bar + 6:.1f}" y="{y + 14}" class="value">{value} ({share:.0f}%)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

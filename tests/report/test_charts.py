"""Charts: the production-year axis stays legible however many years it spans."""

from __future__ import annotations

import re

from bomtrace.report.charts import year_chart

_LABEL = re.compile(r'class="label">(\d{4})</text>')


def test_a_long_axis_labels_every_second_year() -> None:
    """Over 2013-2023 with the control lines, four-digit labels do not run together."""
    svg = year_chart(
        [(2015, 1), (2018, 2), (2021, 1), (2022, 2)],
        title="By production year",
        lines=[("2014 controls", "2014-03-17"), ("2022 controls", "2022-02-24")],
    )
    labels = [int(y) for y in _LABEL.findall(svg)]
    assert labels == list(range(2014, 2024, 2))
    assert svg.count("<rect") == 4  # every year with parts has its bar, labelled or not


def test_a_short_axis_labels_every_year() -> None:
    """A few years apart, each year is named."""
    svg = year_chart([(2020, 3), (2021, 1)], title="By production year")
    assert [int(y) for y in _LABEL.findall(svg)] == [2020, 2021]

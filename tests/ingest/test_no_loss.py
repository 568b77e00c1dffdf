"""No loss, for any sheet: every data row comes out exactly once with its source_row.

Property-based (hypothesis): sheets are generated with title rows, a header, data rows,
junk rows (blank, section headings, totals), hostile cells (formula text, HTML, control
characters, very long cells, NUL bytes in CSV) and written as real CSV files in several
encodings or as real XLSX workbooks; the whole pipeline (``bomtrace.trace``) must give
each data row once, in order, with its row number, never skipped, and counts that
reconcile. Budget: ``NO_LOSS_EXAMPLES`` (default 60 sheets per run).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import bomtrace
from bomtrace.catalog import Catalog
from bomtrace.ingest.synonyms import SECTION_WORDS, TOTAL_WORDS
from bomtrace.model import Status

HEADER = ["Marking", "Manufacturer", "Qty"]
_JUNK_START = re.compile(
    r"^(" + "|".join(re.escape(w) for w in (*TOTAL_WORDS, *SECTION_WORDS)) + r")\b",
    re.IGNORECASE,
)
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]
    data: bool


MARKINGS = st.from_regex(
    r"[A-Z]{1,4}[0-9]{2,5}[A-Z0-9\-/#]{0,6}", fullmatch=True
).filter(lambda m: not _JUNK_START.match(m))
ODD_TEXT = st.sampled_from(
    [
        "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2", "<script>alert(1)</script>",
        '"quoted, with comma"', "line\nbreak", "Аналог Девайсез", "\x1b[31mred", "x" * 40_000,
        "tab\there", "",
    ]
)  # fmt: skip
DATA = st.builds(
    lambda marking, maker, qty: Line((marking, maker, qty), True),
    MARKINGS,
    st.one_of(st.sampled_from(["ST", "TI", "Analog Devices", ""]), ODD_TEXT),
    st.one_of(st.integers(1, 99).map(str), ODD_TEXT),
)
JUNK = st.sampled_from(
    [
        Line(("", "", ""), False),
        Line(("",), False),
        Line(("Power section",), False),
        Line(("Radio:", "", ""), False),
        Line(("Total", "", "12"), False),
        Line(("", "", "", "Итого"), False),
        Line(tuple(HEADER), False),
    ]
)
SHEETS = st.tuples(
    st.lists(st.sampled_from(["Orlan-10 teardown", "Recovered 2023", ""]), max_size=3),
    st.lists(st.one_of(DATA, DATA, JUNK), min_size=1, max_size=25),
)
CSV_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"])


def _csv_bytes(
    lines: list[tuple[str, ...]], encoding: str, delimiter: str
) -> bytes | None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(lines)
    try:
        return buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return None


def _xlsx_bytes(lines: list[tuple[str, ...]]) -> bytes:
    book = Workbook()
    ws = book.active
    for number, cells in enumerate(lines, start=1):
        for column, value in enumerate(cells, start=1):
            if value:
                cell = ws.cell(row=number, column=column)
                cell.value = _XML_ILLEGAL.sub("", value)[:32_767]
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=int(os.environ.get("NO_LOSS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    sheet=SHEETS,
    form=st.sampled_from(["csv", "xlsx"]),
    encoding=CSV_ENCODINGS,
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_every_data_row_appears_once_with_its_row_number(
    catalog: Catalog,
    sheet: tuple[list[str], list[Line]],
    form: str,
    encoding: str,
    delimiter: str,
) -> None:
    """Data rows survive junk, blank and hostile rows in any encoding: each is in the
    outputs exactly once, at its row, never skipped, and the counts reconcile."""
    titles, body = sheet
    lines = [(t,) for t in titles] + [tuple(HEADER)] + [line.cells for line in body]
    expected_rows = {
        len(titles) + 2 + index: line.cells[0]
        for index, line in enumerate(body)
        if line.data
    }
    data = (
        _xlsx_bytes(lines) if form == "xlsx" else _csv_bytes(lines, encoding, delimiter)
    )
    if data is None:
        return  # this text has no cp1251 form; another example covers the encoding
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sheet.{form}"
        path.write_bytes(data)
        result = bomtrace.trace([path], catalog=catalog)
    counts = result.counts
    assert counts.reconciles()
    assert not [p for p in result.problems if p.severity.value == "error"]
    rows = result.records()
    assert len({(r["source_sheet"], r["source_row"]) for r in rows}) == len(rows)
    numbers = [r["source_row"] for r in rows]
    assert numbers == sorted(numbers)
    by_row = {r["source_row"]: r for r in rows}
    for number, marking in expected_rows.items():
        row = by_row[number]
        assert row["status"] != Status.SKIPPED.value, row["reason"]
        assert row["marking"] == marking
    last_filled = max(
        (i for i, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)),
        default=0,
    )
    assert counts.read == last_filled

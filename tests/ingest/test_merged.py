"""Merged cells spanning rows: the top value fills the blank cells of the first column."""

from __future__ import annotations

from bomtrace.ingest.merged import Span, fill_down, spans


def test_spans_keep_only_ranges_over_several_rows() -> None:
    """A range one row high is not a span; references are read in any corner order."""
    assert spans(["A1:F1", "B3:B5", "c9:d7", "junk", "A2"]) == [
        Span(first_col=1, last_col=1, top=3, bottom=5),
        Span(first_col=2, last_col=3, top=7, bottom=9),
    ]


def test_fill_down_copies_into_blanks_only_within_the_span() -> None:
    """Blank cells take the top value; filled cells and rows after the span keep theirs."""
    rows = [
        (1, ["Marking", "Mfr"]),
        (2, ["LM358", "TI"]),
        (3, ["NE555", ""]),
        (4, ["TL431", "ON"]),
        (5, ["LM393"]),
        (6, ["AMS1117", ""]),
    ]
    out = list(fill_down(rows, spans(["B2:B5"])))
    assert [cells[1] if len(cells) > 1 else "" for _, cells in out] == [
        "Mfr", "TI", "TI", "ON", "TI", "",
    ]  # fmt: skip


def test_a_block_fills_its_first_column_only() -> None:
    """A heading merged over two rows and three columns shows once, in its first column."""
    rows = [(1, ["Power", "", ""]), (2, ["", "", ""]), (3, ["LM358", "TI", "1"])]
    out = dict(fill_down(rows, spans(["A1:C2"])))
    assert out[2] == ["Power", "", ""]
    assert out[3] == ["LM358", "TI", "1"]


def test_a_blank_top_cell_fills_nothing() -> None:
    """An empty merged block leaves its rows empty."""
    rows = [(1, ["", "x"]), (2, ["", "y"])]
    assert list(fill_down(rows, spans(["A1:A2"]))) == rows

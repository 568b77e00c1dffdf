"""Row classification: what is a part, what is a heading, a total or a note."""

from __future__ import annotations

import pytest

from bomtrace.ingest.headers import ColumnMap
from bomtrace.ingest.rows import classify_rows
from bomtrace.model import RowKind

COLUMNS = ColumnMap(
    header_row=1,
    roles={
        "designator": 0,
        "marking": 1,
        "manufacturer": 2,
        "quantity": 3,
        "description": 4,
    },
    headers=("Ref", "Marking", "Mfr", "Qty", "Description"),
)


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["U1", "STM32F405RGT6", "ST", "1", ""], RowKind.PART),
        (["", "Power supply", "", "", ""], RowKind.SECTION),
        (["Радіомодуль", "", "", "", ""], RowKind.SECTION),
        (["", "Board 2", "", "", ""], RowKind.SECTION),
        (["", "ADXRS620", "", "", ""], RowKind.PART),
        (["", "Total", "", "12", ""], RowKind.TOTAL),
        (["", "Итого", "", "12", ""], RowKind.TOTAL),
        (["", "", "", "", "Total harmonic distortion amp"], RowKind.SECTION),
        (["", "LM358", "", "", "Total harmonic distortion amp"], RowKind.PART),
        (["U7", "", "", "", ""], RowKind.PART),
        (["", "", "", "", ""], RowKind.BLANK),
        (["Ref", "Marking", "Mfr", "Qty", "Description"], RowKind.HEADER),
    ],
)
def test_classify_rows(cells: list[str], kind: RowKind) -> None:
    """Each row gets the kind a reader would give it."""
    (row,) = classify_rows("f.xlsx", "S", [(2, cells)], COLUMNS)
    assert row.kind is kind
    assert (row.reason == "") is (kind is RowKind.PART)


NUMBERED = ColumnMap(
    header_row=1,
    roles={"marking": 1, "manufacturer": 2, "quantity": 3},
    headers=("№", "Маркування", "Виробник", "Кількість"),
)


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["7", "ЖИВЛЕННЯ", "", ""], RowKind.SECTION),
        (["7.", "Power supply", "", ""], RowKind.SECTION),
        (["8", "К1533ЛА3", "", ""], RowKind.PART),
        (["9", "LM358DR", "", ""], RowKind.PART),
        (["10", "ЖИВЛЕННЯ", "", "2"], RowKind.PART),
        (["11", "", "", ""], RowKind.SECTION),
        (["см. фото", "LM358DR", "", ""], RowKind.PART),
    ],
)
def test_numbered_sheets_keep_their_headings(cells: list[str], kind: RowKind) -> None:
    """A running number beside a heading does not make the heading a part."""
    (row,) = classify_rows("f.csv", "f", [(2, cells)], NUMBERED)
    assert row.kind is kind


def test_unmapped_cells_are_kept_in_extra() -> None:
    """Cells in columns with no role are kept, named by their header."""
    columns = ColumnMap(
        header_row=1, roles={"marking": 0}, headers=("Marking", "Photo")
    )
    (row,) = classify_rows("f.csv", "f", [(2, ["NEO-M8N", "IMG_0042.jpg"])], columns)
    assert row.get("extra") == "Photo: IMG_0042.jpg"

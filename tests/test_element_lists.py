"""Element lists (ГОСТ 2.106 "Перечень элементов") traced end to end: a name column only.

Russian and Ukrainian element lists have no marking or part-number column: the
"Наименование" cell holds the component type, the part number, values and codes. The
sheet is written as a real XLSX workbook, with a title row and a heading row, as such
lists are kept.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from bomtrace import trace


def _element_list(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Перечень элементов"
    for row in (
        ["Перечень элементов платы автопилота"],
        ["Поз. обозначение", "Наименование", "Кол.", "Примечание"],
        ["", "Микросхемы", "", ""],
        ["DD1", "Микросхема STM32F405RGT6", "1", ""],
        ["DA1", "Микросхема AD8221ARZ", "1", "инструментальный усилитель"],
        ["C1, C2", "Конденсатор 0,1 мкФ", "2", ""],
        ["DA2", "Мікросхема ATMEL AT45DB161D-SU", "1", ""],
    ):
        sheet.append(row)
    book.save(path)
    return path


def test_a_name_column_is_identified_when_no_part_column_exists(tmp_path: Path) -> None:
    """Every row is accounted for; the part numbers are read out of "Наименование"."""
    result = trace(
        [_element_list(tmp_path / "perechen.xlsx")], run_at="2026-01-01T00:00:00Z"
    )
    assert not result.has_errors
    rows = {r["source_row"]: r for r in result.records()}
    assert result.counts.read == 7 and result.counts.reconciles()
    assert rows[1]["status"] == "skipped" and rows[2]["reason"] == "header row"
    assert rows[3]["status"] == "skipped"  # the heading "Микросхемы"
    assert (rows[4]["status"], rows[4]["manufacturer"], rows[4]["mpn"]) == (
        "matched",
        "STMicroelectronics",
        "STM32F405RGT6",
    )
    assert rows[4]["description_given"] == "Микросхема STM32F405RGT6"
    assert "set aside description word: 'Микросхема'" in rows[4]["evidence"]
    assert (rows[5]["status"], rows[5]["manufacturer"]) == ("matched", "Analog Devices")
    assert rows[6]["status"] == "unmatched"  # a capacitor value names no part
    assert rows[7]["status"] == "matched"
    assert "maker named in the text ('ATMEL' -> Atmel)" in rows[7]["evidence"]

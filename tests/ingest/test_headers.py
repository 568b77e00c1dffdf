"""Header detection: synonyms in three languages, title rows above, user overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from bomtrace.column_roles import ROLE_TABLE, ROLES, ColumnRole
from bomtrace.errors import ColumnSpecError
from bomtrace.ingest import ingest_file
from bomtrace.ingest.headers import (
    apply_overrides,
    column_index,
    column_letter,
    find_header,
    parse_column_spec,
    role_of,
)
from bomtrace.remedies import Setting


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Part number", "part_number"),
        ("P/N", "part_number"),
        ("MPN", "part_number"),
        ("Marking", "marking"),
        ("Маркування", "marking"),
        ("Маркировка", "marking"),
        ("Manufacturer", "manufacturer"),
        ("Mfr.", "manufacturer"),
        ("Brand", "manufacturer"),
        ("Виробник", "manufacturer"),
        ("Производитель", "manufacturer"),
        ("Qty", "quantity"),
        ("Кількість", "quantity"),
        ("Кол-во", "quantity"),
        ("Date code", "date_code"),
        ("DC", "date_code"),
        ("Код дати", "date_code"),
        ("Designator", "designator"),
        ("Board", "designator"),
        ("Плата", "designator"),
        ("Description", "description"),
        ("Призначення", "description"),
        ("Manufacturer (if known)", "manufacturer"),
        ("Part number (as marked)", "part_number"),
        ("Electric", ""),
        ("", ""),
    ],
)
def test_role_of_header_synonyms(header: str, role: str) -> None:
    """Headers in English, Ukrainian and Russian name their role; unrelated words none."""
    assert role_of(header) == role


def test_find_header_skips_title_rows() -> None:
    """The header is the row naming most roles, wherever it is; title rows above are ignored."""
    rows = [
        (1, ["Orlan-10 teardown", "", ""]),
        (2, ["Date: 2023-05-01", "", ""]),
        (3, []),
        (4, ["Part number", "Mfr", "Qty"]),
        (5, ["STM32F405RGT6", "ST", "1"]),
    ]
    found = find_header(rows)
    assert found is not None
    assert found.header_row == 4
    assert dict(found.roles) == {"marking": 0, "manufacturer": 1, "quantity": 2}


def test_find_header_keeps_both_marking_and_part_number() -> None:
    """A sheet with a marking column and a part-number column keeps both roles."""
    found = find_header([(1, ["Marking", "Part number", "Manufacturer"])])
    assert found is not None
    assert dict(found.roles) == {"marking": 0, "part_number": 1, "manufacturer": 2}


def test_find_header_needs_a_part_column() -> None:
    """Without a marking or part-number column there is no header."""
    assert find_header([(1, ["Manufacturer", "Qty"]), (2, ["TI", "1"])]) is None


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")]
)
def test_column_letters_round_trip(index: int, letter: str) -> None:
    """Column letters and 0-based indexes convert both ways."""
    assert column_letter(index) == letter
    assert column_index(letter) == index


def test_column_index_accepts_numbers_and_header_text() -> None:
    """A column can be named by 1-based number or by its header text."""
    assert column_index("3") == 2
    assert column_index("Chip text", ["No", "Chip text"]) == 1


def test_parse_column_spec() -> None:
    """--columns takes role=column pairs separated by commas or lines."""
    assert parse_column_spec("marking=B, manufacturer=C\nheader=4") == {
        "marking": "B",
        "manufacturer": "C",
        "header": "4",
    }


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("marking", "'marking' in the column mapping has no '='"),
        ("colour=B", "'colour' is not a column role"),
        ("header=x", "header=x is not a row number"),
    ],
)
def test_parse_column_spec_errors(spec: str, message: str) -> None:
    """A mapping that cannot be understood says exactly what is wrong."""
    with pytest.raises(ColumnSpecError) as caught:
        parse_column_spec(spec)
    assert caught.value.message == message


def test_overrides_replace_detected_roles() -> None:
    """The user's mapping wins role by role and can name the header row."""
    rows = [
        (1, ["Title"]),
        (2, ["Chip", "Maker", "Count"]),
        (3, ["NEO-M8N", "u-blox", "1"]),
    ]
    mapped = apply_overrides(
        None, {"marking": "A", "manufacturer": "B", "header": "2"}, rows
    )
    assert mapped is not None
    assert mapped.header_row == 2
    assert mapped.roles["marking"] == 0
    assert mapped.roles["manufacturer"] == 1


def test_an_override_pointing_at_an_empty_column_is_reported(tmp_path: Path) -> None:
    """--columns marking=Z on a six-column sheet is an error naming the sheet and column."""
    sheet = tmp_path / "board.csv"
    sheet.write_text(
        "Marking,Mfr,Qty,Notes\nLM358DR,TI,2,\nNE555P,TI,1,\n", encoding="utf-8"
    )
    result = ingest_file(sheet, overrides={"marking": "Z", "notes": "F"})
    messages = {p.severity.value: str(p) for p in result.problems}
    assert "column Z, given as marking with columns, is empty" in messages["error"]
    assert [p.setting for p in result.problems] == [Setting.COLUMNS, Setting.COLUMNS]
    assert "column F, given as notes" in messages["note"]
    assert [r.ref.row for r in result.sheets[0].rows] == [1, 2, 3]  # rows still there


def test_an_override_naming_a_filled_column_is_quiet(tmp_path: Path) -> None:
    """A correct override raises no problem."""
    sheet = tmp_path / "board.csv"
    sheet.write_text("A,B\nLM358DR,TI\n", encoding="utf-8")
    result = ingest_file(sheet, overrides={"marking": "A", "manufacturer": "B"})
    assert result.problems == []


@pytest.mark.parametrize(
    ("role", "word"),
    [(role, word) for role in ROLES for word in ROLE_TABLE[role].synonyms],
)
def test_each_header_word_of_the_role_table_names_its_role(
    role: ColumnRole, word: str
) -> None:
    """Every header word in the role table, as a whole header, names its role."""
    assert role_of(word) == role


@pytest.mark.parametrize("language", ["english", "ukrainian", "russian"])
def test_a_header_of_every_role_is_found_in_each_language(language: str) -> None:
    """A header row naming every role in one language (each role's first word there)
    maps each role to its column."""
    header = [getattr(ROLE_TABLE[role], language)[0] for role in ROLES]
    found = find_header([(1, ["Teardown"]), (2, header), (3, ["LM358DR"] * len(ROLES))])
    assert found is not None
    assert found.header_row == 2
    assert dict(found.roles) == {role: index for index, role in enumerate(ROLES)}

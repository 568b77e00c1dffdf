"""The column-role table: one complete row per role, and rows that agree with each other.

Ingest, export and the report read these rows; the tests in tests/ingest, tests/export
and tests/report check each reader against every row, so a new role is tested there as
soon as its row exists.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bomtrace.column_roles import (
    FREE_TEXT_ROLES,
    NAME_ROLES,
    PART_ROLES,
    ROLE_TABLE,
    ROLES,
    SYNONYMS,
    WHOLE_HEADER_ONLY,
    ColumnRole,
    Content,
)
from bomtrace.ingest.headers import normalise_header


def test_every_role_has_one_row_in_role_order() -> None:
    """The table has a row for each ``ColumnRole`` and nothing else, in enum order."""
    assert tuple(ROLE_TABLE) == tuple(ColumnRole) == ROLES


@pytest.mark.parametrize("role", ROLES)
def test_each_row_is_complete(role: ColumnRole) -> None:
    """Each role has header words in English, Ukrainian and Russian, an output column and
    a positive XLSX width; its whole-header-only words are among its words."""
    spec = ROLE_TABLE[role]
    assert spec.english and spec.ukrainian and spec.russian
    assert spec.column
    assert spec.width > 0
    assert set(spec.whole_header_only) <= set(spec.synonyms)


@pytest.mark.parametrize("role", ROLES)
def test_header_words_are_written_normalised(role: ColumnRole) -> None:
    """Every header word is in the form headers are compared in (no punctuation, lower
    case), so none of them is dead."""
    assert [w for w in SYNONYMS[role] if normalise_header(w) != w] == []


def test_no_header_word_names_two_roles() -> None:
    """A header word belongs to one role only."""
    owners = Counter(word for words in SYNONYMS.values() for word in words)
    assert [word for word, count in owners.items() if count > 1] == []


def test_no_two_roles_share_an_output_column() -> None:
    """Each role writes its cells to a column of its own."""
    columns = [spec.column for spec in ROLE_TABLE.values()]
    assert len(columns) == len(set(columns))


def test_part_name_and_free_text_roles_come_from_the_rows() -> None:
    """Marking and part number identify parts (marking first), the description names
    them in free text, and the notes are free text too."""
    assert PART_ROLES == (ColumnRole.MARKING, ColumnRole.PART_NUMBER)
    assert NAME_ROLES == (ColumnRole.DESCRIPTION,)
    assert FREE_TEXT_ROLES == (ColumnRole.DESCRIPTION, ColumnRole.NOTES)
    assert {r for r in ROLES if ROLE_TABLE[r].content is Content.PART} == set(
        PART_ROLES
    )


def test_short_words_count_only_as_a_whole_header() -> None:
    """The short words that would match inside longer headers are whole-header only."""
    assert {"pn", "ic", "dc", "ref", "lot", "шт", "кол"} <= WHOLE_HEADER_ONLY

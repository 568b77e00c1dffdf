"""The roles a column of a teardown sheet can play, as one table.

Data, no I/O. Each role is a ``ColumnRole`` and one ``RoleSpec`` row in ``ROLE_TABLE``:
the header words that name it in English, Ukrainian and Russian, what its cells hold,
the output column its cells are copied to, and how the XLSX file and the HTML report show
that column. Ingest (header detection, row classification), export (the row contract,
the XLSX widths) and the report's parts table all read this table, so adding a role is
adding one enum member and its row; the output column is appended after the existing
ones (the row contract only grows). Header words are compared after
``ingest.headers.normalise_header`` (lower case, no punctuation, single spaces), so write
each one in that form; the tests check that no word names two roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class ColumnRole(StrEnum):
    """What a column of a teardown sheet holds; stored by value (``"marking"``)."""

    MARKING = "marking"
    PART_NUMBER = "part_number"
    MANUFACTURER = "manufacturer"
    QUANTITY = "quantity"
    DATE_CODE = "date_code"
    LOT_CODE = "lot_code"
    DESIGNATOR = "designator"
    DESCRIPTION = "description"
    NOTES = "notes"
    COUNTRY = "country"


class Content(StrEnum):
    """What the cells of a role's column hold, which decides how ingest reads them."""

    # A marking or part number: parts are identified from it; a sheet needs one.
    PART = "part"
    # Free text that names the part ("Наименование" of a ГОСТ 2.106 element list): parts
    # are read out of it when the sheet has no PART column.
    NAME = "name"
    # Free text: its words never make a row a total ("Total" in a note is a note).
    FREE_TEXT = "free_text"
    # A short value: a maker, a count, a code.
    VALUE = "value"


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleSpec:
    """One role: its header words, what its cells hold and how its column is written."""

    content: Content
    # The output column its cells are copied to, as read (an interface: never renamed).
    column: str
    # Header words, in normalised form. A word spelt alike in two languages is listed
    # in both.
    english: tuple[str, ...]
    ukrainian: tuple[str, ...]
    russian: tuple[str, ...]
    # Short words that name the role only as the whole header, never inside a longer one
    # ("ic" must not make "Electric" a part-number column).
    whole_header_only: tuple[str, ...] = ()
    # Column width in the XLSX file, in characters.
    width: int = 16
    # The cell keeps the line breaks read off a chip; the XLSX file wraps it.
    wrap: bool = False
    # The head of its column in the report's parts table ("" = not shown there).
    report_head: str = ""
    # The cell is a count: the report sorts it as a number.
    numeric: bool = False

    @property
    def synonyms(self) -> tuple[str, ...]:
        """Every header word of the role, each once."""
        return tuple(dict.fromkeys((*self.english, *self.ukrainian, *self.russian)))


ROLE_TABLE: Mapping[ColumnRole, RoleSpec] = {
    ColumnRole.MARKING: RoleSpec(
        content=Content.PART, column="marking", width=24, wrap=True, report_head="Marking",
        english=("marking", "markings", "marking on chip", "chip marking", "top marking",
                 "top mark", "part marking", "marking as read", "label", "inscription",
                 "text on chip"),
        ukrainian=("маркування", "маркування на корпусі", "маркування мікросхеми", "напис"),
        russian=("маркировка", "маркировка на корпусе", "маркировка микросхемы", "надпись"),
    ),
    ColumnRole.PART_NUMBER: RoleSpec(
        content=Content.PART, column="part_number_given",
        english=("part number", "part no", "part nr", "part", "pn", "p n", "mpn",
                 "mfr part number", "mfr part no", "manufacturer part number",
                 "mfg part number", "mfr pn", "mfr p n", "model", "component", "chip",
                 "ic", "item", "part id", "part name", "part number mpn"),
        ukrainian=("номер деталі", "партномер", "парт номер", "модель", "компонент",
                   "мікросхема", "чип"),
        russian=("номер детали", "партномер", "парт номер", "модель", "компонент",
                 "микросхема", "чип", "артикул"),
        whole_header_only=("pn", "p n", "ic", "part", "item"),
    ),
    ColumnRole.MANUFACTURER: RoleSpec(
        content=Content.VALUE, column="manufacturer_given", width=18,
        report_head="Maker given",
        english=("manufacturer", "mfr", "mfg", "maker", "brand", "vendor", "producer",
                 "make", "manufacturer name", "mfr name"),
        ukrainian=("виробник", "бренд", "фірма", "марка"),
        russian=("бренд", "фирма", "производитель", "изготовитель", "марка"),
        whole_header_only=("make",),
    ),
    ColumnRole.QUANTITY: RoleSpec(
        content=Content.VALUE, column="quantity", width=8, report_head="Qty",
        numeric=True,
        english=("qty", "quantity", "pcs", "count", "amount", "no of parts",
                 "number of parts"),
        ukrainian=("кількість", "к сть", "кіл ть", "шт"),
        russian=("кол во", "количество", "кол", "шт"),
        whole_header_only=("шт", "кол"),
    ),
    ColumnRole.DATE_CODE: RoleSpec(
        content=Content.VALUE, column="date_code", width=10, report_head="Date code",
        english=("date code", "dc", "d c", "datecode", "date", "production date",
                 "manufacture date"),
        ukrainian=("код дати", "дата код", "дата виготовлення", "дата випуску"),
        russian=("код даты", "дата код", "дата выпуска", "дата изготовления",
                 "дата производства"),
        whole_header_only=("dc", "d c"),
    ),
    ColumnRole.LOT_CODE: RoleSpec(
        content=Content.VALUE, column="lot_code",
        english=("lot", "lot code", "lot number", "lot no", "batch", "trace code"),
        ukrainian=("партія", "номер партії", "лот"),
        russian=("партия", "номер партии", "лот"),
        whole_header_only=("lot",),
    ),
    ColumnRole.DESIGNATOR: RoleSpec(
        content=Content.VALUE, column="designator",
        english=("designator", "ref", "ref des", "refdes", "reference", "position",
                 "board", "pcb", "module", "location", "unit", "assembly", "subassembly"),
        ukrainian=("позиція", "позиційне позначення", "плата", "модуль", "блок", "вузол",
                   "розташування"),
        russian=("позиционное обозначение", "поз обозначение", "плата", "модуль", "блок",
                 "узел", "расположение"),
        whole_header_only=("ref",),
    ),
    ColumnRole.DESCRIPTION: RoleSpec(
        content=Content.NAME, column="description_given",
        english=("description", "function", "purpose", "role", "type", "category", "name"),
        ukrainian=("призначення", "опис", "функція", "тип", "назва", "найменування"),
        russian=("назначение", "описание", "функция", "тип", "наименование"),
    ),
    ColumnRole.NOTES: RoleSpec(
        content=Content.FREE_TEXT, column="notes",
        english=("notes", "note", "comment", "comments", "remarks", "remark"),
        ukrainian=("примітка", "примітки", "коментар"),
        russian=("примечание", "примечания", "комментарий"),
    ),
    ColumnRole.COUNTRY: RoleSpec(
        content=Content.VALUE, column="country_given", width=10,
        english=("country", "country of origin", "made in"),
        ukrainian=("країна", "країна виробника", "країна походження"),
        russian=("страна", "страна производителя", "страна происхождения"),
    ),
}  # fmt: skip

# Derived views, in ``ColumnRole`` order. A role without a row fails here, at import.
ROLES: tuple[ColumnRole, ...] = tuple(ColumnRole)
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    role: ROLE_TABLE[role].synonyms for role in ROLES
}
WHOLE_HEADER_ONLY = frozenset(w for r in ROLES for w in ROLE_TABLE[r].whole_header_only)


def roles_holding(*contents: Content) -> tuple[ColumnRole, ...]:
    """The roles whose cells hold one of ``contents``, in ``ColumnRole`` order."""
    return tuple(role for role in ROLES if ROLE_TABLE[role].content in contents)


# Marking first: a sheet with both columns is identified from what the researcher read.
PART_ROLES = roles_holding(Content.PART)
NAME_ROLES = roles_holding(Content.NAME)
FREE_TEXT_ROLES = roles_holding(Content.NAME, Content.FREE_TEXT)

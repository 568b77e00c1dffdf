"""Header words that name each column role, in English, Ukrainian and Russian.

Data, in one place. Headers are compared after ``normalise_header`` (lower case, no
punctuation, single spaces), so list each synonym in that form. Add a synonym here when
a real sheet's header is not recognised; the test suite checks that no synonym names two
roles.
"""

from __future__ import annotations

SYNONYMS: dict[str, tuple[str, ...]] = {
    "marking": (
        "marking", "markings", "marking on chip", "chip marking", "top marking", "top mark",
        "part marking", "marking as read", "label", "inscription", "text on chip",
        "маркування", "маркування на корпусі", "маркування мікросхеми", "напис",
        "маркировка", "маркировка на корпусе", "маркировка микросхемы", "надпись",
    ),
    "part_number": (
        "part number", "part no", "part nr", "part", "pn", "p n", "mpn", "mfr part number",
        "mfr part no", "manufacturer part number", "mfg part number", "mfr pn", "mfr p n",
        "model", "component", "chip", "ic", "item", "part id", "part name",
        "номер деталі", "партномер", "парт номер", "модель", "компонент", "мікросхема", "чип",
        "номер детали", "микросхема", "артикул", "part number mpn",
    ),
    "manufacturer": (
        "manufacturer", "mfr", "mfg", "maker", "brand", "vendor", "producer", "make",
        "manufacturer name", "mfr name",
        "виробник", "бренд", "фірма", "фирма", "производитель", "изготовитель", "марка",
    ),
    "quantity": (
        "qty", "quantity", "pcs", "count", "amount", "no of parts", "number of parts",
        "кількість", "к сть", "кіл ть", "шт", "кол во", "количество", "кол",
    ),
    "date_code": (
        "date code", "dc", "d c", "datecode", "date", "production date", "manufacture date",
        "код дати", "дата код", "дата виготовлення", "дата випуску",
        "код даты", "дата выпуска", "дата изготовления", "дата производства",
    ),
    "lot_code": (
        "lot", "lot code", "lot number", "lot no", "batch", "trace code",
        "партія", "номер партії", "лот", "партия", "номер партии",
    ),
    "designator": (
        "designator", "ref", "ref des", "refdes", "reference", "position", "board", "pcb",
        "module", "location", "unit", "assembly", "subassembly",
        "позиція", "позиційне позначення", "плата", "модуль", "блок", "вузол", "розташування",
        "позиционное обозначение", "поз обозначение", "узел", "расположение",
    ),
    "description": (
        "description", "function", "purpose", "role", "type", "category", "name",
        "призначення", "опис", "функція", "тип", "назва", "найменування",
        "назначение", "описание", "функция", "наименование",
    ),
    "notes": (
        "notes", "note", "comment", "comments", "remarks", "remark",
        "примітка", "примітки", "коментар", "примечание", "примечания", "комментарий",
    ),
}  # fmt: skip

# Short synonyms that only count as a whole header, never as a word inside a longer one
# ("ic" must not make "Electric" a part-number column).
EXACT_ONLY = frozenset(
    {"pn", "p n", "dc", "d c", "ic", "ref", "шт", "кол", "lot", "make", "part", "item"}
)

# Rows whose first cells read like these are totals, not parts.
TOTAL_WORDS = (
    "total", "subtotal", "grand total", "sum", "итого", "всего", "сумма", "разом",
    "усього", "всього", "сума",
)  # fmt: skip

# First words of a heading that groups the rows below it ("Power section", "Плата 2").
SECTION_WORDS = (
    "section", "board", "pcb", "module", "unit", "block", "assembly", "subassembly", "part",
    "секція", "розділ", "плата", "модуль", "блок", "вузол",
    "секция", "раздел", "узел",
)  # fmt: skip

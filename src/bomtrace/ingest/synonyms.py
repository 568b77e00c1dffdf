"""Words that mark the rows of a sheet that are not parts, in English, Ukrainian and Russian.

Data. The header words of each column role are in ``bomtrace.column_roles`` (one row per
role); add a synonym there when a real sheet's header is not recognised.
"""

from __future__ import annotations

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

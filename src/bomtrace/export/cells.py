"""Neutralising spreadsheet formulas in exported text cells.

Pure. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel and LibreOffice when a CSV is opened, so an adversarial sheet
could plant ``=HYPERLINK(...)`` or a DDE payload in a report. Following OWASP's guidance
on CSV injection, such cells are prefixed with a single quote, which spreadsheet programs
display as text. Only text is touched; numbers are written as numbers.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefixes a text cell that a spreadsheet program would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value

"""Neutralising spreadsheet formulas in exported text cells.

Pure. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel and LibreOffice when a CSV is opened, so an adversarial sheet
could plant ``=HYPERLINK(...)`` or a DDE payload in a report. Following OWASP's guidance
on CSV injection, such cells are prefixed with a single quote, which spreadsheet programs
display as text. Only text is touched; numbers are written as numbers.

Excel refuses a workbook with a cell over 32,767 characters or with control characters
(XML cannot hold them), so XLSX cells are cut to that length, marked, and control
characters are written as visible ``\x1b`` escapes (CSV and JSON keep the text as read).
"""

from __future__ import annotations

import csv
import io
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefixes a text cell that a spreadsheet program would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_text(text: str) -> str:
    """``neutralise`` for a cell known to be text (the CSV writer's cells)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


EXCEL_CELL_LIMIT = 32_767
CUT_MARK = " …[cut]"


# The control characters XML 1.0 forbids (tab, line feed and carriage return are allowed).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fit_excel_cell(value: object) -> object:
    """Makes a text cell one Excel can hold: control characters escaped, 32,767 at most."""
    if not isinstance(value, str):
        return value
    if _XML_ILLEGAL.search(value):
        value = _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m[0]):02x}", value)
    if len(value) > EXCEL_CELL_LIMIT:
        return value[: EXCEL_CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
    return value


def excel_text(text: str) -> str:
    """A text cell as the XLSX writer stores it: neutralised, then fitted."""
    return str(fit_excel_cell(neutralise_text(text)))


# Characters that make the csv module (excel dialect, minimal quoting) quote a field;
# other control characters are left to the csv module, whatever it does with them.
_CSV_QUOTED = re.compile(r'[,"\r\n]')
_CSV_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def csv_field(value: object) -> str:
    """One cell as the csv module's excel dialect writes it: None blank, numbers by
    ``str``, text in double quotes (inner ones doubled) only where it must be."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    if _CSV_CONTROL.search(value) is not None:
        buffer = io.StringIO()
        csv.writer(buffer).writerow([value, ""])
        return buffer.getvalue()[: -len(",\r\n")]
    if _CSV_QUOTED.search(value) is None:
        return value
    return '"' + value.replace('"', '""') + '"'

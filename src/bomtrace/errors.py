"""The errors bomtrace raises, each carrying where it happened and what to do.

    BomtraceError
    ├── InputError                 an input file or sheet cannot be used
    │   ├── InputNotFound          the path does not exist
    │   ├── UnsupportedFormat      a suffix or content bomtrace does not read (.xls, .ods, ...)
    │   ├── EncryptedWorkbook      a password-protected workbook
    │   ├── UnreadableFile         a damaged or mislabelled file
    │   ├── EmptyInput             a file or sheet with no rows at all
    │   ├── InputTooLarge          past a limit (zip bomb, too many rows or cells)
    │   ├── NoPartColumn           no column could be recognised as the part number/marking
    │   └── ReferenceFileError     a trade-records or sanctions-list file that cannot be used
    ├── ColumnSpecError            a column mapping (value or file) that cannot be understood
    ├── RecoveredDateError         a recovery date that is not a date
    ├── ReportInputError           a run file, lot ledger or maker name a report cannot use
    ├── TradeStoreError            a trade-record store, links folder or engine that cannot be used
    └── CatalogError               a catalog file that cannot be loaded

The library raises these; the API turns input errors into ``Problem`` records and goes
on with the other inputs; the CLI prints them as one line each and exits 2. Where a
setting fixes the error, its message or remedy is a ``Phrase`` naming that setting
(``bomtrace.remedies``), never a command-line option: each front end words it
(``text``), and ``str()`` gives the library's words.
"""

from __future__ import annotations

from bomtrace.model import Problem, Severity
from bomtrace.remedies import (
    LIBRARY_WORDS,
    Setting,
    Text,
    Wording,
    sentence,
    setting_of,
)


class BomtraceError(Exception):
    """Base class of every error bomtrace raises on purpose."""

    def __init__(self, message: Text, *, remedy: Text = "") -> None:
        super().__init__(LIBRARY_WORDS(message))
        self.message = message
        self.remedy = remedy

    @property
    def setting(self) -> Setting | None:
        """The setting that fixes the error, if a setting does."""
        return setting_of(self.remedy, self.message)

    def text(self, words: Wording = LIBRARY_WORDS) -> str:
        """The error as one line, its setting in ``words``."""
        return sentence(self.message, self.remedy, words)

    def __str__(self) -> str:
        return self.text()


class InputError(BomtraceError):
    """An input file or one of its sheets cannot be used."""

    def __init__(
        self, message: Text, *, file: str, sheet: str = "", remedy: Text = ""
    ) -> None:
        super().__init__(message, remedy=remedy)
        self.file = file
        self.sheet = sheet

    def to_problem(self, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(
            file=self.file,
            sheet=self.sheet,
            message=self.message,
            remedy=self.remedy,
            severity=severity,
        )

    def text(self, words: Wording = LIBRARY_WORDS) -> str:
        return self.to_problem().text(words)

    def told_as(self, what: str) -> str:
        """``what file, sheet "S": message``: the error as part of another's message
        (which takes this one's remedy as its own)."""
        return f"{what} {self.to_problem().where}: {LIBRARY_WORDS(self.message)}"


class InputNotFound(InputError):
    """The input path does not exist."""


class UnsupportedFormat(InputError):
    """The file is in a format bomtrace does not read."""


class EncryptedWorkbook(InputError):
    """The workbook is protected with a password."""


class UnreadableFile(InputError):
    """The file is damaged or is not what its name says."""


class EmptyInput(InputError):
    """The file or sheet holds no rows."""


class InputTooLarge(InputError):
    """The file or sheet is past one of the ingest limits (a zip bomb, too many rows)."""


class NoPartColumn(InputError):
    """No column of the sheet could be recognised as the marking or part number."""


class ColumnSpecError(BomtraceError):
    """A column mapping given by the user cannot be understood."""


class ReportInputError(BomtraceError):
    """A run file, lot ledger or maker name given to ``bomtrace report`` cannot be used."""


class CatalogError(BomtraceError):
    """A catalog file cannot be loaded."""


class ReferenceFileError(InputError):
    """A trade-records or sanctions-list file cannot be used (layout, columns, content)."""


class RecoveredDateError(BomtraceError):
    """The recovery date given by the user is not a date."""


class TradeStoreError(BomtraceError):
    """A trade-record store or links folder that cannot be used, or a linking engine
    that cannot run (Spark without Java)."""

"""A sheet as read from a file: its name and its rows of displayed cell text.

Pure record shared by the workbook and delimited-text readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(slots=True)
class RawSheet:
    """The rows of one sheet (1-based row number, cells as displayed) and reader notes."""

    name: str
    rows: Sequence[tuple[int, Sequence[str]]]
    notes: list[str] = field(default_factory=list)
    hidden: bool = False

"""A list layout: how to tell it from a file's content and how to read it.

Pure. Each layout module defines one ``Layout``; ``bomtrace.ingest.sanctions.LAYOUTS``
lists them in the order they are tried, and the same list writes the help text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bomtrace.model import SanctionEntry

Rows = list[list[str]]


@dataclass(frozen=True, slots=True)
class Layout:
    """One public list layout.

    ``matches(text, rows)`` tells it from the decoded content (``rows`` is the text read
    as CSV, empty for JSON); ``read(text, rows, path)`` returns its entries.
    """

    name: str
    description: str
    matches: Callable[[str, Rows], bool]
    read: Callable[[str, Rows, Path], list[SanctionEntry]]

"""Reading sanctions and screening lists in their public layouts.

I/O at the edge. The layout is told from the content, not the name, by the layouts of
``LAYOUTS`` in turn, one module each: ``ftm`` (FollowTheMoney JSON lines),
``opensanctions`` (``targets.simple.csv``), ``csl`` (the US Consolidated Screening List)
and ``ofac`` (``sdn.csv`` with ``alt.csv``/``add.csv``). Adding a layout is a module
with a ``LAYOUT`` and a line in ``LAYOUTS``; the error for an unknown layout and the
help text are written from the same list.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bomtrace.errors import ReferenceFileError
from bomtrace.ingest.delimited import detect_encoding
from bomtrace.ingest.sanctions import csl, ftm, ofac, opensanctions
from bomtrace.ingest.sanctions.layout import Layout
from bomtrace.model import SanctionEntry

__all__ = [
    "LAYOUTS",
    "Layout",
    "companion_files",
    "layouts_named",
    "read_sanctions_file",
]

# Tried in this order: JSON first, then the CSV layouts with a header, then OFAC's.
LAYOUTS: tuple[Layout, ...] = (
    ftm.LAYOUT,
    opensanctions.LAYOUT,
    csl.LAYOUT,
    ofac.LAYOUT,
)
companion_files = ofac.companion_files


def layouts_named() -> str:
    """The readable layouts as a sentence ("A, B, C or D")."""
    described = [layout.description for layout in LAYOUTS]
    return ", ".join(described[:-1]) + " or " + described[-1]


def read_sanctions_file(path: str | Path) -> tuple[str, list[SanctionEntry]]:
    """Reads one list file in any supported layout; returns its layout name and entries."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ReferenceFileError(
            "sanctions-list file not found",
            file=name,
            remedy="Check the path of the sanctions list",
        )
    data = path.read_bytes()
    if not data.strip():
        raise ReferenceFileError(
            "the sanctions-list file is empty", file=name, remedy="Check the download"
        )
    encoding = detect_encoding(data[:65536])
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(
            f"the sanctions list cannot be decoded as {encoding}",
            file=name,
            remedy="Download it again (the public lists are UTF-8)",
        ) from exc
    text = text.lstrip("\ufeff").replace("\x1a", "")
    rows = [] if text.lstrip().startswith("{") else list(csv.reader(text.splitlines()))
    for layout in LAYOUTS:
        if layout.matches(text, rows):
            return layout.name, layout.read(text, rows, path)
    raise ReferenceFileError(
        "the sanctions-list layout is not recognised",
        file=name,
        remedy=f"Give {layouts_named()}",
    )

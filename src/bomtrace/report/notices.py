"""What the input sheets say about themselves: title rows, and illustrative-data notices.

Pure. Teardown sheets carry titles and notes above their header row ("Orlan-10:
autopilot board", "ILLUSTRATIVE EXAMPLE: ..."). Ingest keeps them as skipped rows whose
reason quotes the text. A report shows the titles, and when any of them says the data is
illustrative (in English, Ukrainian or Russian) every report that uses the run says so
at the top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_TITLE = re.compile(r"^above the header row: '(?P<text>.*)'$", re.DOTALL)
# Words that mark made-up or example data, in the languages teardown sheets use.
_ILLUSTRATIVE = re.compile(
    r"illustrative|hypothetical|synthetic|ілюстративн|иллюстративн", re.IGNORECASE
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A title or note row of an input sheet, quoted, with where it stands."""

    file: str
    sheet: str
    row: int
    text: str

    @property
    def illustrative(self) -> bool:
        return bool(_ILLUSTRATIVE.search(self.text))

    def where(self) -> str:
        return f'{self.file}, sheet "{self.sheet}", row {self.row}'


def sheet_titles(rows: Iterable[Mapping[str, Any]]) -> list[Notice]:
    """The text of every row above a header row, in input order."""
    found = []
    for row in rows:
        title = _TITLE.match(str(row.get("reason", "")))
        if row.get("status") == "skipped" and title:
            found.append(
                Notice(
                    file=str(row.get("source_file", "")),
                    sheet=str(row.get("source_sheet", "")),
                    row=int(row.get("source_row") or 0),
                    text=title["text"],
                )
            )
    return found


def illustrative_notices(rows: Iterable[Mapping[str, Any]]) -> list[Notice]:
    """The title rows that say the data is illustrative (one per sheet is enough)."""
    seen: set[tuple[str, str]] = set()
    found = []
    for notice in sheet_titles(rows):
        if notice.illustrative and (notice.file, notice.sheet) not in seen:
            seen.add((notice.file, notice.sheet))
            found.append(notice)
    return found

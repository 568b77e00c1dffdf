"""Writing the run as JSON: its metadata, problems, counts and every row.

I/O. The layout is versioned (``format_version``) so reports across runs
(``bomtrace report aggregate``) can read files written by older versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bomtrace.files import atomic_write

FORMAT = "bomtrace-run"
FORMAT_VERSION = 1


def write_json(
    document: Mapping[str, Any],
    target: Path,
    rows: Iterable[Mapping[str, Any]] | None = None,
) -> Path:
    """Writes the run document to ``target`` (UTF-8, indented, keys in contract order).

    With ``rows``, the rows are streamed into the document's ``rows`` list one at a time,
    one row per line, so a million-row run never holds them all and diffs show rows.
    """
    whole = {"format": FORMAT, "format_version": FORMAT_VERSION, **document}
    with atomic_write(target, "w", encoding="utf-8") as handle:
        if rows is None:
            json.dump(whole, handle, ensure_ascii=False, indent=1)
        else:
            head = json.dumps({**whole, "rows": []}, ensure_ascii=False, indent=1)
            before, _, after = head.rpartition('"rows": []')
            handle.write(before + '"rows": [')
            count = 0
            for row in rows:
                text = json.dumps(row, ensure_ascii=False)
                handle.write(("\n  " if count == 0 else ",\n  ") + text)
                count += 1
            handle.write(("\n ]" if count else "]") + after)
        handle.write("\n")
    return target

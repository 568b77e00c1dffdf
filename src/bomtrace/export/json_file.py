"""Writing the run as JSON: its metadata, problems, counts and every row.

I/O. The layout is versioned (``format_version``) so reports across runs
(``bomtrace report aggregate``) can read files written by older versions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bomtrace.export._atomic import atomic_write

FORMAT = "bomtrace-run"
FORMAT_VERSION = 1


def write_json(document: Mapping[str, Any], target: Path) -> Path:
    """Writes the run document to ``target`` (UTF-8, indented, keys in contract order)."""
    with atomic_write(target, "w", encoding="utf-8") as handle:
        json.dump(
            {"format": FORMAT, "format_version": FORMAT_VERSION, **document},
            handle,
            ensure_ascii=False,
            indent=1,
        )
        handle.write("\n")
    return target

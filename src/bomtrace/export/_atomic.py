"""Writing a file so that readers see the old version or the new one, never half of one.

I/O. Data goes to a temporary file in the same folder, is flushed to disk, then renamed
over the target (an atomic step on POSIX and Windows), so an interrupted run leaves the
previous report intact.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", **kwargs: object) -> Iterator[Any]:
    """Opens a temporary file beside ``target`` and renames it into place on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Made like a plain open() makes a file: mode 0666 less the umask (mkstemp's would be
    # readable by its owner only), created exclusively so no other file is reused.
    tmp = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(
        tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
    )
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

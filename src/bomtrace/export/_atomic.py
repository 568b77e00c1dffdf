"""Writing a file so that readers see the old version or the new one, never half of one.

I/O. Data goes to a temporary file in the same folder, is flushed to disk, then renamed
over the target (an atomic step on POSIX and Windows), so an interrupted run leaves the
previous report intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", **kwargs: object) -> Iterator[Any]:
    """Opens a temporary file beside ``target`` and renames it into place on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    # mkstemp creates the file readable by its owner only; give it the permissions
    # a plain open() would (0666 less the umask), so shared report folders work.
    umask = os.umask(0)
    os.umask(umask)
    Path(tmp).chmod(0o666 & ~umask)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

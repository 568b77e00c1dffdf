"""Files on disk, the two ways every part of bomtrace needs them: hashed and written whole.

I/O. ``sha256_of`` hashes a file in blocks (inputs, catalogs and reference files are
recorded with their SHA-256). ``atomic_write`` writes so that readers see the old
version or the new one, never half of one: data goes to a temporary file in the same
folder, is flushed to disk, then renamed over the target (an atomic step on POSIX and
Windows), so an interrupted run leaves the previous report intact.
"""

from __future__ import annotations

import contextlib
import hashlib
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


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks of 1 MiB."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

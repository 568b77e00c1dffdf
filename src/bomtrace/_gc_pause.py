"""Pausing Python's cycle collector during bulk work on many small records.

A run builds hundreds of thousands of rows, outcomes and output cells, none of which
refer back to themselves, on top of a catalog index of millions of objects. Each full
pass of the cycle collector walks all of them, and the default thresholds start one
every few hundred thousand allocations: about 15% of a 100,000-row trace went to that.
Reference counting frees these records as soon as they are dropped, so ``trace`` and
``write_outputs`` pause the collector while they run and resume it after (nested and
concurrent uses resume it only when the outermost one that paused it ends).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_resume = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pauses the cycle collector for the block (a decorator too); reference counting
    goes on freeing memory."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()

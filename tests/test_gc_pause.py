"""The cycle collector is paused during a run and resumed after, whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import bomtrace
from bomtrace._gc_pause import paused_gc

EXAMPLE = Path(__file__).parent.parent / "examples" / "orlan10_teardown.xlsx"


def test_paused_inside_and_resumed_after_nesting_and_errors() -> None:
    """Nested pauses resume only at the outermost end, also when the block raises."""
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("a reader failed")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    """A program that disabled the collector itself finds it disabled after a run."""
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_trace_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """``trace`` reads and matches with the collector paused, and resumes it."""
    seen: list[bool] = []
    real = bomtrace.api.ingest_file

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bomtrace.api, "ingest_file", spy)
    bomtrace.trace([EXAMPLE])
    assert seen == [False]
    assert gc.isenabled()

"""The public API is exactly what __all__ says."""

from __future__ import annotations

from importlib.metadata import version

import bomtrace


def test_all_names_exist() -> None:
    """Every name in __all__ is importable from the package."""
    for name in bomtrace.__all__:
        assert hasattr(bomtrace, name), name


def test_public_names() -> None:
    """The package exports the notebook API and nothing by accident."""
    public = {n for n in dir(bomtrace) if not n.startswith("_")} - {
        "api", "catalog", "cli", "column_roles", "decisions_file", "errors", "export", "files", "ingest", "match", "model", "normalise", "outputs", "provenance", "publish", "references", "remedies", "report", "reported_runs", "result", "trade", "version", "web",
    }  # fmt: skip
    assert public == set(bomtrace.__all__) - {"__version__"}


def test_one_version() -> None:
    """The installed distribution's version is the one bomtrace.version writes (#16)."""
    assert version("bomtrace") == bomtrace.__version__

"""The import-linter layers contract names every module of the package (#16).

``lint-imports`` checks only the modules a layer names, so a new top-level module (or
a new module of ``bomtrace.trade``, whose modules sit in different layers) that is in
no layer would escape the pipeline's direction unchecked.
"""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path
from types import ModuleType

import bomtrace
import bomtrace.trade

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# Not part of the pipeline: ``python -m bomtrace`` only calls the CLI.
OUTSIDE = {"bomtrace.__main__"}


def _layered() -> set[str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return {
        name.strip() for layer in layers for name in layer.replace(":", "|").split("|")
    }


def _children(package: ModuleType) -> set[str]:
    return {
        m.name for m in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
    }


def test_every_module_has_a_layer() -> None:
    """Each top-level module and each module of bomtrace.trade is in one layer."""
    layered = _layered()
    expected = (
        _children(bomtrace) - {"bomtrace.trade"} | _children(bomtrace.trade)
    ) - OUTSIDE
    assert sorted(expected - layered) == []
    assert sorted(layered - expected) == []  # no layer names a module that is gone

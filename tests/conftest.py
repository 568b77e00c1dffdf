"""Shared fixtures: the shipped catalog (loaded once), its index, the data folders, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bomtrace.catalog import Catalog, CatalogIndex, load_catalogs
from bomtrace.match import Matcher

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "orlan10_teardown.xlsx"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Re-record tests/golden from the current output.",
    )


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalogs()


@pytest.fixture(scope="session")
def index(catalog: Catalog) -> CatalogIndex:
    return CatalogIndex(catalog)


@pytest.fixture(scope="session")
def matcher(index: CatalogIndex) -> Matcher:
    return Matcher(index)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data() -> Path:
    return DATA

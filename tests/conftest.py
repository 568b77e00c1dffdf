"""Shared fixtures: the shipped catalog (loaded once), its index, the data folders, a CLI runner."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from bomtrace.catalog import Catalog, CatalogIndex, load_catalogs
from bomtrace.match import Matcher

# Property tests draw the same examples on every run by default, so CI is repeatable;
# HYPOTHESIS_PROFILE=explore draws new ones (run it locally with a larger budget, e.g.
# NO_LOSS_EXAMPLES=2000 FUZZ_EXAMPLES=20000, to search for new failures).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# Catalog indexes (catalog.cache) made by tests go to a folder of the test session's own,
# never to the user's cache folder.
os.environ.setdefault(
    "BOMTRACE_CACHE_DIR", tempfile.mkdtemp(prefix="bomtrace-test-cache-")
)

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

"""The real demo inputs are what their builder writes from the shipped catalog."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import openpyxl

ROOT = Path(__file__).parent.parent
BUILDER = ROOT / "examples" / "build_gur_listings.py"


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gur_listings", BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {s.title: [tuple(r) for r in s.iter_rows(values_only=True)] for s in book}


def test_committed_listings_equal_a_rebuild(tmp_path: Path) -> None:
    """Each committed GUR workbook holds exactly the cells the builder writes today."""
    builder = load_builder()
    records = builder.read_catalog()
    for name, title, weapons in builder.LISTINGS:
        rebuilt = tmp_path / name
        builder.build(records, rebuilt, title, weapons)
        assert values(ROOT / "examples" / name) == values(rebuilt), name


def test_every_row_is_a_record_with_its_page_and_gurs_claim() -> None:
    """Rows carry the text, GUR's attribution (labelled as its claim) and the page."""
    builder = load_builder()
    sheets = values(ROOT / "examples" / "gur_orlan10_elements.xlsx")
    assert list(sheets) == list(builder.LISTINGS[0][2])
    for rows in sheets.values():
        assert rows[6] == builder.HEADER
        assert "Real published records" in str(rows[1][0])
        assert "GUR's claims" in str(rows[2][0])
        assert "CC BY 4.0" in str(rows[3][0])
        for row in rows[7:]:
            assert str(row[4]).startswith(
                "https://war-sanctions.gur.gov.ua/en/components/"
            )
    assert sum(len(rows) - 7 for rows in sheets.values()) == 121

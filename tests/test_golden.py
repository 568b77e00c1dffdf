"""Golden file: the enriched CSV of the bundled example, compared with tests/golden/.

Re-record with ``make golden`` after a deliberate change, and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bomtrace import trace, write_outputs

EXAMPLE = Path(__file__).parent.parent / "examples" / "orlan10_teardown.xlsx"
GOLDEN = Path(__file__).parent / "golden" / "orlan10_teardown.csv"


def test_example_csv_matches_golden(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The example's enriched CSV is unchanged unless the golden file is re-recorded."""
    result = trace([EXAMPLE], platform="Orlan-10", run_at="2024-01-01T00:00:00Z")
    (written,) = write_outputs(result, tmp_path, formats=["csv"])
    text = written.read_text(encoding="utf-8")
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")

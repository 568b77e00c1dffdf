"""The README documents the commands and the output columns."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bomtrace.cli import app
from bomtrace.export.table import COLUMNS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_commands() -> None:
    """The quick start is `make demo` and `make test`."""
    assert "make demo" in README and "make test" in README


def test_every_output_column_is_documented() -> None:
    """Each column of the row contract appears in the README's column table."""
    missing = [c for c in COLUMNS if f"`{c}`" not in README]
    assert missing == []


def test_every_command_has_help_and_is_in_the_readme() -> None:
    """Every CLI command prints help and is named in the README."""
    runner = CliRunner()
    for command in (
        ["trace"],
        ["catalog", "check"],
        ["catalog", "stats"],
        ["report", "aggregate"],
        ["report", "manufacturer"],
        ["trade", "import"],
        ["trade", "link"],
        ["serve"],
        ["users", "add"],
        ["users", "list"],
        ["users", "token"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert f"bomtrace {' '.join(command)}" in README, command

"""Remedies name the setting that fixes a problem; the library never names a CLI option.

The library's words (``str()`` of an error or problem) give the setting as its
parameter; the CLI words it as its option and still prints what it printed before.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

import bomtrace
from bomtrace import trace
from bomtrace.catalog import Catalog, load_catalogs
from bomtrace.cli import CLI_WORDS, OPTIONS, app
from bomtrace.decisions_file import load_decisions
from bomtrace.errors import BomtraceError
from bomtrace.ingest import Limits
from bomtrace.publish import write_aggregate_report
from bomtrace.remedies import LIBRARY_WORDS, Phrase, Setting

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
TRADE = ROOT / "examples" / "trade_reported.csv"
SOURCE = Path(bomtrace.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _cli_options(command: Any) -> set[str]:
    """The long options of a command and its subcommands (typer's own click types)."""
    names = {
        name
        for param in command.params
        for name in getattr(param, "opts", ())
        if name.startswith("--")
    }
    for sub in getattr(command, "commands", {}).values():
        names |= _cli_options(sub)
    return names


CLI_OPTIONS = _cli_options(typer.main.get_command(app))


def _named_options(text: str) -> list[str]:
    return [flag for flag in FLAG.findall(text) if flag in CLI_OPTIONS]


def _library_strings() -> Iterator[tuple[str, int, str]]:
    """Every string literal of the library (cli.py and web/ left out) that is not
    documentation (a docstring or a bare string statement)."""
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if parts == ("cli.py",) or parts[0] == "web":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        documentation = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in documentation
            ):
                yield "/".join(parts), node.lineno, node.value


def test_the_library_source_names_no_cli_option() -> None:
    """No string the library can show (outside cli.py and the web app) names an option
    of the command line: messages and remedies name settings through ``Phrase``."""
    found = [
        f"{path}:{line}: {_named_options(text)}"
        for path, line, text in _library_strings()
        if _named_options(text)
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scan above sees the CLI's options in text (so its empty answer means something)."""
    assert {"--max-rows", "--columns", "--recovered", "--catalog"} <= CLI_OPTIONS
    assert _named_options("raise the limit with --max-rows 10") == ["--max-rows"]
    assert _named_options("raise the limit with max_rows=10") == []
    scanned = {text for _, _, text in _library_strings()}
    assert "If they are genuine, raise the limit with {setting}" in scanned


def test_every_setting_has_a_cli_option_that_exists() -> None:
    """The CLI words every setting, with an option one of its commands really has."""
    assert set(OPTIONS) == set(Setting)
    assert set(OPTIONS.values()) <= CLI_OPTIONS


def _csv(folder: Path, rows: int, name: str = "parts.csv") -> Path:
    path = folder / name
    lines = ["Marking,Qty", *(f"PART{n},1" for n in range(rows))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _big_csv(folder: Path) -> Path:
    path = folder / "big.csv"
    path.write_text("Marking,Qty\n" + "LM317T,1\n" * 130_000, encoding="utf-8")
    return path


def _not_a_run(folder: Path) -> Path:
    path = folder / "notes.json"
    path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    return path


def _raised(make: Callable[[], object]) -> BomtraceError:
    with pytest.raises(BomtraceError) as caught:
        make()
    return caught.value


# Real bad inputs, each with the setting that fixes it: (case, what goes wrong, setting).
Case = Callable[[Path, Catalog], object]
CASES: list[tuple[str, Case, Setting]] = [
    ("rows", lambda d, c: trace([_csv(d, 10)], catalog=c, limits=Limits(max_rows=3)), Setting.MAX_ROWS),
    ("cells", lambda d, c: trace([_csv(d, 10)], catalog=c, limits=Limits(max_cells=8)), Setting.MAX_CELLS),
    ("zip bomb", lambda d, c: trace([DATA / "bad" / "zip_bomb_size.xlsx"], catalog=c), Setting.MAX_UNZIPPED_MB),
    ("big csv", lambda d, c: trace([_big_csv(d)], catalog=c, limits=Limits(max_unzipped_mb=1)), Setting.MAX_UNZIPPED_MB),
    ("no part column", lambda d, c: trace([DATA / "sheets" / "no_part_column.xlsx"], catalog=c), Setting.COLUMNS),
    ("empty column given", lambda d, c: trace([_csv(d, 3)], catalog=c, columns="marking=Z"), Setting.COLUMNS),
    ("columns not a spec", lambda d, c: _raised(lambda: trace([_csv(d, 3)], catalog=c, columns="colour")), Setting.COLUMNS),
    ("columns item", lambda d, c: _raised(lambda: trace([_csv(d, 3)], catalog=c, columns="marking=A,B")), Setting.COLUMNS),
    ("trade columns", lambda d, c: _raised(lambda: trace([_csv(d, 3)], catalog=c, trade=[TRADE], trade_columns="sender")), Setting.TRADE_COLUMNS),
    ("recovered", lambda d, c: _raised(lambda: trace([_csv(d, 3)], catalog=c, recovered="May 2023")), Setting.RECOVERED),
    ("extra catalog", lambda d, c: _raised(lambda: load_catalogs(None, [d / "mine.csv"])), Setting.EXTRA_CATALOGS),
    ("decisions", lambda d, c: _raised(lambda: load_decisions(d / "decisions.csv")), Setting.DECISIONS),
    ("trade file", lambda d, c: trace([_csv(d, 3)], catalog=c, trade=[d / "shipments.csv"]), Setting.TRADE),
    ("trade folder", lambda d, c: trace([_csv(d, 3)], catalog=c, trade=[d]), Setting.STORE),
    ("links folder", lambda d, c: _raised(lambda: trace([_csv(d, 3)], catalog=c, links=[d])), Setting.LINKS),
    ("run file", lambda d, c: _raised(lambda: write_aggregate_report([_not_a_run(d)], d / "out")), Setting.FORMATS),
]  # fmt: skip


def _said(outcome: object) -> list[tuple[str, Setting | None, str]]:
    """What the library says about a failing input: (its words, the setting, the CLI's words)."""
    if isinstance(outcome, BomtraceError):
        return [(str(outcome), outcome.setting, outcome.text(CLI_WORDS))]
    problems = getattr(outcome, "problems", [])
    return [(str(p), p.setting, p.text(CLI_WORDS)) for p in problems if p.setting]


@pytest.mark.parametrize(("case", "make", "setting"), CASES, ids=[c[0] for c in CASES])
def test_bad_inputs_name_the_setting_never_an_option(
    case: str, make: Case, setting: Setting, tmp_path: Path, catalog: Catalog
) -> None:
    """Each real bad input gets a message naming the setting that fixes it, in the
    library's words (no CLI option), and the CLI words that setting its own way."""
    said = _said(make(tmp_path, catalog))
    assert said, f"{case}: no error or problem names a setting"
    for library, named, cli in said:
        assert named is setting
        assert _named_options(library) == []
        assert _named_options(cli), cli


def test_a_phrase_in_each_front_ends_words() -> None:
    """One phrase, three wordings: the library's parameter, the CLI's option, and a
    whole sentence where a front end says it another way."""
    phrase = Phrase("Name it with {setting}", Setting.COLUMNS, "marking=<letter>")
    assert LIBRARY_WORDS(phrase) == "Name it with columns=marking=<letter>"
    assert CLI_WORDS(phrase) == "Name it with --columns marking=<letter>"
    store = Phrase("Make one ({setting})", Setting.STORE, "/data/s")
    assert LIBRARY_WORDS(store) == "Make one (store=/data/s)"
    assert (
        CLI_WORDS(store)
        == "Make one with: bomtrace trade import FILE... --store /data/s"
    )


def test_cli_says_the_option_for_a_sheet_over_the_row_limit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The CLI prints the remedy with its option, as before, and its report says the same."""
    sheet = _csv(tmp_path, 5)
    result = runner.invoke(
        app, ["trace", str(sheet), "-o", str(tmp_path / "o"), "--max-rows", "3", "-q"]
    )
    line = (
        'error: parts.csv, sheet "parts": the sheet has more than 3 rows; the rows after 3'
        " were not read. If they are genuine, raise the limit with --max-rows 6"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    report = (tmp_path / "o" / "parts.html").read_text(encoding="utf-8")
    assert "raise the limit with --max-rows 6" in report
    assert "max_rows=" not in report


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (
            ["--columns", "colour"],
            "error: 'colour' is neither role=column pairs nor an existing mapping file."
            " Write --columns marking=B,manufacturer=C or give the path of a mapping file",
        ),
        (
            ["--columns", "marking=A,B"],
            "error: 'B' in the column mapping has no '='. Write role=column, for example"
            " --columns marking=B,manufacturer=C",
        ),
        (
            ["--trade", str(TRADE), "--trade-columns", "sender"],
            "error: 'sender' is neither role=column pairs nor an existing mapping file."
            " Write --trade-columns marking=B,manufacturer=C or give the path of a mapping file",
        ),
        (
            ["--recovered", "May 2023"],
            "error: --recovered 'May 2023' is not a date. Write the recovery date as"
            " YYYY-MM-DD, e.g. --recovered 2023-05-01",
        ),
    ],
    ids=["columns", "columns item", "trade columns", "recovered"],
)
def test_cli_says_the_option_for_a_value_it_cannot_use(
    runner: CliRunner, tmp_path: Path, options: list[str], line: str
) -> None:
    """A setting's value the library cannot use is one line naming the CLI's option."""
    sheet = _csv(tmp_path, 3)
    result = runner.invoke(
        app, ["trace", str(sheet), "-o", str(tmp_path), "-q", *options]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]


def test_cli_names_the_import_command_for_a_folder_that_is_not_a_store(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Where the fix is another command, the CLI says that command."""
    folder = tmp_path / "declarations"
    folder.mkdir()
    sheet = _csv(tmp_path, 3)
    result = runner.invoke(
        app,
        ["trace", str(sheet), "-o", str(tmp_path / "o"), "--trade", str(folder), "-q"],
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: declarations: {folder} is not a trade-record store (no bomtrace-trade-store.json"
        f" in it). Make one with: bomtrace trade import FILE... --store {folder}"
    ]

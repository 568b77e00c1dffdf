"""A large user catalog is indexed once into a store and read from it in later runs.

The user catalog is generated from the real part numbers of ``catalogs/parts.csv``,
listed by fictitious makers that say so (a makers file gives two of them prefixes and a
parent, so the prefix tables have something to hold). Traces with the store and without
it must give the same rows; a changed file, a damaged or locked store and a cache folder
that cannot be written must each be noticed, said, and never change a result.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest
import xlsxwriter
from tests.conftest import ROOT
from typer.testing import CliRunner

from bomtrace import trace
from bomtrace.catalog import check_catalog, load_catalogs
from bomtrace.catalog.cache import CatalogCache
from bomtrace.catalog.load import catalog_index_status
from bomtrace.catalog.partstore import CatalogParts
from bomtrace.cli import app
from bomtrace.export.table import OutputRows
from bomtrace.outputs import write_outputs

HEADER = ["Part Number", "Manufacturer", "Description", "Category"]
MAKERS = """name,aliases,hq_country,parent,parent_country,acquired_year,mpn_prefixes,domains,note,source
Fictitious Semi (illustrative),Fictitious Semi;FXSEMI,,Fictitious Holdings (illustrative),,,FXS;FXQ,,illustrative test maker,test data: fictitious
Fictitious Holdings (illustrative),,,,,,FXH,,illustrative test maker,test data: fictitious
"""


def real_numbers(count: int) -> list[tuple[str, str]]:
    with (ROOT / "catalogs" / "parts.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(r["mpn"], r["category"]) for r in csv.DictReader(handle) if r["mpn"]]
    return rows[:: max(1, len(rows) // count)][:count]


def catalog_rows(count: int) -> list[list[str]]:
    """Real numbers (and ordering variants) by fictitious makers; FXS numbers of
    Fictitious Semi, some written with its alias."""
    rows = []
    for position, (mpn, category) in enumerate(real_numbers(count)):
        maker = f"Fictitious Maker {position % 40:02d} (illustrative)"
        note = f"ILLUSTRATIVE listing, fictitious maker: {category or 'part'}"
        rows.append([mpn, maker, note, category])
        rows.append([f"{mpn}-R{position % 7}", maker, note, category])
        tail = "".join(ch for ch in mpn if ch.isalnum())[-5:]
        semi = (
            "Fictitious Semi" if position % 5 == 0 else "Fictitious Semi (illustrative)"
        )
        rows.append([f"FXS{tail}", semi, "ILLUSTRATIVE, fictitious maker", category])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Catalog")
    sheet.write_row(0, 0, ["Fictitious distributor export (illustrative test data)"])
    sheet.write_row(2, 0, HEADER)
    for number, row in enumerate(rows, start=3):
        sheet.write_row(number, 0, row)
    book.close()
    return path


@pytest.fixture(scope="module")
def user_catalogs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A folder with the makers file and a parts CSV, and a parts workbook."""
    folder = tmp_path_factory.mktemp("user")
    (folder / "catalog").mkdir()
    (folder / "catalog" / "makers_fictitious.csv").write_text(MAKERS, encoding="utf-8")
    write_csv(folder / "catalog" / "fictitious_distributor.csv", catalog_rows(1200))
    write_xlsx(folder / "fictitious_export.xlsx", catalog_rows(400)[::2])
    return [folder / "catalog", folder / "fictitious_export.xlsx"]


def teardown_sheet(path: Path) -> Path:
    """Markings that reach every stage: user-only numbers, shipped ones, variants,
    truncations, look-alikes, FXS family numbers and numbers nobody lists."""
    markings = []
    for position, (mpn, _) in enumerate(real_numbers(120)):
        markings += [mpn, f"{mpn}-R{position % 7}", mpn[:-2], mpn.replace("0", "O")]
        markings += [f"FXS{mpn[-4:]}", f"FXS{mpn[-3:]}Z9"]
    markings += ["STM32F405RGT6", "ADXRS620", "LM317", "QQ12345", "FXQ77", "1N4148"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Marking", "Qty", "Date code"])
        writer.writerows([m, 1, "1931"] for m in markings)
    return path


def cached(folder: Path) -> CatalogCache:
    return CatalogCache(folder=folder, min_bytes=0)


def rows_of(
    sheet: Path, catalogs: list[Path], cache: CatalogCache | None
) -> list[list[object]]:
    result = trace(
        [sheet],
        extra_catalogs=catalogs,
        catalog_cache=cache,
        run_at="2026-01-01T00:00:00Z",
    )
    return list(OutputRows().rows(result.outcomes))


def test_store_and_memory_give_the_same_catalog(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """Same parts in the same order, same files, same notes, same check findings."""
    memory = load_catalogs(extra=user_catalogs, cache=None)
    built = load_catalogs(extra=user_catalogs, cache=cached(tmp_path))
    assert isinstance(built.parts, CatalogParts)
    assert "catalog index built" in built.store_note
    opened = load_catalogs(extra=user_catalogs, cache=cached(tmp_path))
    assert opened.store_note == ""
    for loaded in (built, opened):
        assert list(loaded.parts) == list(memory.parts)
        assert loaded.files == memory.files
        assert loaded.load_notes == memory.load_notes
        assert check_catalog(loaded) == check_catalog(memory)
    notes = [note for _, note in memory.load_notes]
    assert (
        "maker 'Fictitious Semi' read as 'Fictitious Semi (illustrative)' (an alias)"
        in notes
    )
    assert len(memory.parts) - len(load_catalogs().parts) == 1200 * 3 + 600


def test_traces_are_identical_with_and_without_the_store(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """Every cell of every row, and the CSV, JSON and XLSX outputs' rows."""
    sheet = teardown_sheet(tmp_path / "teardown.csv")
    without = rows_of(sheet, user_catalogs, None)
    first = rows_of(sheet, user_catalogs, cached(tmp_path / "cache"))
    later = rows_of(sheet, user_catalogs, cached(tmp_path / "cache"))
    assert first == without
    assert later == without
    methods = {row[15] for row in without}
    assert {"exact", "base_part", "truncated", "family_prefix"} <= methods
    cited = " ".join(str(row[18]) for row in without)
    assert "fictitious_distributor.csv:" in cited and "fictitious_export.xlsx:" in cited
    written = {}
    for name, cache in (("memory", None), ("store", cached(tmp_path / "cache"))):
        result = trace(
            [sheet],
            extra_catalogs=user_catalogs,
            catalog_cache=cache,
            run_at="2026-01-01T00:00:00Z",
        )
        out = tmp_path / name
        write_outputs(result, out, formats=("csv", "json"))
        written[name] = [(out / f"teardown.{f}").read_bytes() for f in ("csv", "json")]
    assert written["store"] == written["memory"]


def test_a_changed_file_makes_the_store_stale(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """A changed parts file is named, the store rebuilt, and the new row found."""
    folder = tmp_path / "catalog"
    shutil.copytree(user_catalogs[0], folder)
    cache = cached(tmp_path / "cache")
    assert catalog_index_status(None, [folder], cache).state == "missing"  # type: ignore[union-attr]
    load_catalogs(extra=[folder], cache=cache)
    assert catalog_index_status(None, [folder], cache).state == "fresh"  # type: ignore[union-attr]
    parts = folder / "fictitious_distributor.csv"
    with parts.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            ["FXQ12345", "Fictitious Semi (illustrative)", "", ""]
        )
    status = catalog_index_status(None, [folder], cache)
    assert status is not None and status.state == "stale"
    assert "fictitious_distributor.csv changed since it was built" in status.reason
    rebuilt = load_catalogs(extra=[folder], cache=cache)
    assert "rebuilt (fictitious_distributor.csv changed" in rebuilt.store_note
    assert rebuilt.parts[-1].mpn == "FXQ12345"
    # The makers file is held in memory, yet the stored tables depend on it.
    (folder / "makers_fictitious.csv").write_text(
        MAKERS.replace("FXS;FXQ", "FXS"), encoding="utf-8"
    )
    status = catalog_index_status(None, [folder], cache)
    assert status is not None and "the other catalog files changed" in status.reason
    assert list(load_catalogs(extra=[folder], cache=cache).parts) == list(
        load_catalogs(extra=[folder], cache=None).parts
    )


def test_a_damaged_store_is_rebuilt(user_catalogs: list[Path], tmp_path: Path) -> None:
    """Bytes that are not a store: said, rebuilt, and the parts are right."""
    cache = cached(tmp_path / "cache")
    load_catalogs(extra=user_catalogs, cache=cache)
    status = catalog_index_status(None, user_catalogs, cache)
    assert status is not None
    status.path.write_bytes(b"not a database" * 1000)
    damaged = catalog_index_status(None, user_catalogs, cache)
    assert damaged is not None and damaged.state == "damaged"
    assert "cannot be read (file is not a database)" in damaged.reason
    loaded = load_catalogs(extra=user_catalogs, cache=cache)
    assert (
        "catalog index rebuilt (it cannot be read (file is not a database))"
        in loaded.store_note
    )
    assert list(loaded.parts) == list(
        load_catalogs(extra=user_catalogs, cache=None).parts
    )


def test_a_locked_store_is_rebuilt_beside_the_lock(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """A store another program holds locked is rebuilt; the holder keeps its copy."""
    cache = cached(tmp_path / "cache")
    load_catalogs(extra=user_catalogs, cache=cache)
    status = catalog_index_status(None, user_catalogs, cache)
    assert status is not None
    holder = sqlite3.connect(status.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = catalog_index_status(None, user_catalogs, cache)
        assert locked is not None and locked.state == "damaged"
        assert "database is locked" in locked.reason
        loaded = load_catalogs(extra=user_catalogs, cache=cache)
        assert "rebuilt (it cannot be read (database is locked))" in loaded.store_note
        assert list(loaded.parts) == list(
            load_catalogs(extra=user_catalogs, cache=None).parts
        )
    finally:
        holder.close()
    assert catalog_index_status(None, user_catalogs, cache).state == "fresh"  # type: ignore[union-attr]


def test_a_cache_folder_that_cannot_be_written(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """The parts are read into memory and the note says why."""
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    loaded = load_catalogs(extra=user_catalogs, cache=cached(blocked))
    assert not isinstance(loaded.parts, CatalogParts)
    assert loaded.store_note.startswith("catalog index not used (")
    assert loaded.store_note.endswith("): parts read into memory")
    memory = load_catalogs(extra=user_catalogs, cache=None)
    assert list(loaded.parts) == list(memory.parts)
    assert (loaded.files, loaded.load_notes) == (memory.files, memory.load_notes)
    assert loaded.makers == memory.makers


def test_small_catalogs_need_no_store(
    user_catalogs: list[Path], tmp_path: Path
) -> None:
    """Below the size threshold nothing is written."""
    cache = CatalogCache(folder=tmp_path / "cache")
    loaded = load_catalogs(extra=user_catalogs, cache=cache)
    assert not isinstance(loaded.parts, CatalogParts) and loaded.store_note == ""
    assert not (tmp_path / "cache").exists()
    assert catalog_index_status(None, user_catalogs, cache) is None


def test_cli_stats_says_whether_the_index_is_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """catalog stats: none, then built, then fresh; trace notes the build once."""
    monkeypatch.setenv("BOMTRACE_CACHE_DIR", str(tmp_path / "cache"))
    big = write_csv(tmp_path / "distributor_full.csv", catalog_rows(3000) * 4)
    assert big.stat().st_size > 2 << 20  # above the default threshold
    runner = CliRunner()
    stats = runner.invoke(app, ["catalog", "stats"])
    assert "catalog index: none" in stats.stdout
    stats = runner.invoke(app, ["catalog", "stats", "--catalog", str(big)])
    assert stats.exit_code == 0, stats.output
    assert "catalog index: missing: not built yet" in stats.stdout
    assert "catalog index built: 36,000 parts of distributor_full.csv" in stats.stdout
    sheet = teardown_sheet(tmp_path / "teardown.csv")

    def traced(out: str, *more: str) -> str:
        args = ["trace", str(sheet), "--catalog", str(big), "-o", str(tmp_path / out)]
        result = runner.invoke(app, [*args, "-f", "csv", *more])
        assert result.exit_code == 0, result.output
        return result.output

    with big.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["FXQ12345", "Fictitious Semi (illustrative)"])
    assert "note: catalog index rebuilt (distributor_full.csv changed" in traced(
        "first"
    )
    stats = runner.invoke(app, ["catalog", "stats", "--catalog", str(big)])
    assert "catalog index: fresh (built " in stats.stdout
    assert "catalog index" not in traced("out")
    traced("plain", "--no-catalog-index")
    assert (tmp_path / "out" / "teardown.csv").read_bytes() == (
        tmp_path / "plain" / "teardown.csv"
    ).read_bytes()

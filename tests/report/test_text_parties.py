"""Run files from before chain_parties: their parties are read from the text cells."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bomtrace import TraceResult
from bomtrace.catalog import Catalog
from bomtrace.publish import render_aggregate
from bomtrace.report import parties as pt
from bomtrace.report import read_runs
from bomtrace.report.manufacturer import build_manufacturer
from bomtrace.report.text_parties import (
    distributors,
    list_hits,
    shipments,
    split_list,
    with_chain_parties,
)

from .conftest import CHAIN

# The layouts issue #4 writes (names made up, except where the bundled example uses them).
INTERMEDIARIES = (
    "Asia Pacific Links (HK) -> SMT-iLogic (RU) [HS only; 1 shipment, 2022-06/2022-08]; "
    "Alpha Ltd (AE) -> Beta OOO (RU) [exact MPN; 3 shipments, 2022-01-05 to 2022-03-01]"
)
SANCTIONED = (
    "Asia Pacific Links: match with 'Asia Pacific Links Ltd' on bomtrace example: US designations as"
    " reported by Global News (2025); reconstructed from the reported facts, NOT a copy of the official"
    " list (US sanctions as reported; listed 2023-05), score 1.00; "
    "Beta OOO: POSSIBLE match, to be checked with 'BETA LLC' on OFAC SDN (RUSSIA-EO14024; listed 2024-02-23), score 0.86"
)


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("", []),
        ("a; b", ["a", "b"]),
        ("a [x; y]; b (c; d)", ["a [x; y]", "b (c; d)"]),
        (" ; a ;", ["a"]),
    ],
)
def test_split_list_respects_brackets(cell: str, items: list[str]) -> None:
    """';' inside brackets does not split an entry."""
    assert split_list(cell) == items


def test_shipments_read_sender_receiver_and_note() -> None:
    """Each entry gives the sender, the receiver (with country codes) and the link's note,
    and reads back as the cell wrote it."""
    first, second = shipments(INTERMEDIARIES)
    assert first == {
        "sender": "Asia Pacific Links", "sender_country": "HK",
        "receiver": "SMT-iLogic", "receiver_country": "RU",
        "basis": "HS only", "shipments": 1, "first": "2022-06/2022-08", "last": "",
    }  # fmt: skip
    assert (second["first"], second["last"]) == ("2022-01-05", "2022-03-01")
    row = with_chain_parties({"intermediaries": INTERMEDIARIES})
    assert [e.note for e in pt.shipments(row)] == [
        "HS only; 1 shipment, 2022-06/2022-08",
        "exact MPN; 3 shipments, 2022-01-05 to 2022-03-01",
    ]
    assert list(pt.named_parties([row])) == [
        "Alpha Ltd", "Asia Pacific Links", "Beta OOO", "SMT-iLogic",
    ]  # fmt: skip


def test_a_bare_name_is_a_sender_only_and_an_odd_note_is_kept() -> None:
    """An entry without an arrow names one party; a note of another shape stays whole."""
    row = with_chain_parties({"intermediaries": "Gamma Trading (CN) [exact MPN]"})
    (entry,) = pt.shipments(row)
    assert entry.sender == pt.Party(name="Gamma Trading", country="CN")
    assert entry.receiver is None and entry.note == "exact MPN"


def test_list_hits_keep_list_names_with_semicolons_whole() -> None:
    """A list name holding '; ' stays in its entry; possible hits are told apart."""
    hits = list_hits(SANCTIONED)
    assert [(h["party"], h["possible"]) for h in hits] == [
        ("Asia Pacific Links", False),
        ("Beta OOO", True),
    ]
    assert "NOT a copy of the official list" in hits[0]["detail"]
    assert hits[1]["detail"].startswith("POSSIBLE match")


def test_distributor_names() -> None:
    """The name before the basis: 'Digi-Key (US): lists this part as X' -> 'Digi-Key (US)'."""
    cell = "Digi-Key (US): lists this part as 296-1395-5-ND; Mouser Electronics (US): carries the maker's line"
    row = {"chain_parties": json.dumps({"distributors": distributors(cell)})}
    assert pt.distributors(row) == ["Digi-Key (US)", "Mouser Electronics (US)"]
    assert pt.distributor_entries(row) == split_list(cell)


def test_a_readable_cell_is_kept_and_others_are_read_from_the_text() -> None:
    """The JSON wins when it can be read; a blank, cut or missing one is replaced."""
    text_only = {k: v for k, v in CHAIN.items() if k != "chain_parties"}
    assert with_chain_parties(CHAIN) is CHAIN
    for row in (text_only, {**text_only, "chain_parties": '{"shipments": [{"sender"'}):
        upgraded = with_chain_parties(row)
        for read in (pt.shipments, pt.hits, pt.distributors):
            assert read(upgraded) == read(CHAIN), read
    blank = {"intermediaries": "", "chain_parties": ""}
    assert with_chain_parties(blank) is blank


def test_text_cells_and_json_agree_on_the_bundled_example(orlan: TraceResult) -> None:
    """On the example's names (no separators in them), both give the same parties."""
    rows = [r for r in orlan.records() if r["chain_parties"]]
    assert any(r["intermediaries"] for r in rows), "the example links some shipments"
    for row in rows:
        old = with_chain_parties({**row, "chain_parties": ""})
        for read in (pt.shipments, pt.hits, pt.distributor_entries):
            assert read(old) == read(row), read


def _without_chain_parties(path: Path, folder: Path) -> Path:
    """A copy of a run file as written before the chain_parties column existed."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["columns"].remove("chain_parties")
    for row in document["rows"]:
        del row["chain_parties"]
    folder.mkdir()
    target = folder / path.name
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


def test_reports_of_an_older_run_file_are_the_same(
    run_files: list[Path], tmp_path: Path, catalog: Catalog
) -> None:
    """The aggregate and the manufacturer's view of runs without chain_parties equal
    those of the same runs with it."""
    old = [_without_chain_parties(p, tmp_path / "old") for p in run_files[:1]]
    old_html = render_aggregate(old, made_at="2024-01-01T00:00:00Z")
    new_html = render_aggregate(run_files[:1], made_at="2024-01-01T00:00:00Z")
    assert "Asia Pacific Links" in new_html  # the example's reported network
    folder = re.escape(str(run_files[0].parent))
    assert old_html.replace(str(tmp_path / "old"), "X") == re.sub(folder, "X", new_html)
    # SIMCom's module is the example's part with a linked shipment and a list hit.
    for maker in ("SIMCom", "Analog Devices"):
        views = [
            build_manufacturer(maker, read_runs(paths)[0], catalog, made_at="x")
            for paths in (old, run_files[:1])
        ]
        for key in ("intermediaries", "sanctioned"):
            assert views[0][key] == views[1][key], key
        assert [a.distributors for a in views[0]["appearances"]] == [
            a.distributors for a in views[1]["appearances"]
        ]
    assert views[0]["appearances"][0].distributors  # Analog Devices: distributors
    simcom = build_manufacturer("SIMCom", read_runs(old)[0], catalog, made_at="x")
    assert simcom["intermediaries"] and simcom["sanctioned"]

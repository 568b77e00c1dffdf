"""The reports read each row's parties from its chain_parties JSON."""

from __future__ import annotations

import json
from pathlib import Path

from bomtrace import trace
from bomtrace.report import parties as pt

from .conftest import CHAIN


def test_parties_are_read_from_the_json() -> None:
    """Shipments, hits and distributors of a chain_parties cell, with the links' notes."""
    row = {"chain_parties": CHAIN["chain_parties"]}
    (entry,) = pt.shipments(row)
    assert entry.sender == pt.Party(name="Test Trading Ltd", country="HK")
    assert entry.receiver == pt.Party(name="Test Import LLC", country="RU")
    assert entry.note == "exact MPN; 2 shipments, 2022-06-01 to 2022-07-01"
    assert [(h.name, h.possible) for h in pt.hits(row)] == [
        ("Test Trading Ltd", False),
        ("Test Import LLC", True),
    ]
    assert pt.distributors(row) == [
        "Test Distributor One (US)",
        "Test Distributor Two (DE)",
    ]
    assert pt.distributor_entries(row) == [
        "Test Distributor One (US): lists this part as T-1-ND",
        "Test Distributor Two (DE): carries the maker's line",
    ]


def test_a_confirmed_hit_wins_over_a_possible_one() -> None:
    """Across rows, a party confirmed once is listed, whatever order the rows come in."""

    def hit(possible: bool) -> dict[str, str]:
        listed = [{"party": "Alpha", "possible": possible, "detail": "d"}]
        return {"chain_parties": json.dumps({"listed": listed})}

    assert not pt.listed_parties([hit(True), hit(False)])["Alpha"].possible
    assert not pt.listed_parties([hit(False), hit(True)])["Alpha"].possible
    assert pt.listed_parties([hit(True)])["Alpha"].possible


def test_blank_or_damaged_cells_name_no_party() -> None:
    """A blank cell, a cut one and one that is not an object give no parties, no error."""
    for cell in ("", '{"shipments": [{"sender"', "[1, 2]", "null"):
        row = {"chain_parties": cell, "intermediaries": "Alpha (HK) -> Beta (RU)"}
        assert pt.shipments(row) == [] and pt.hits(row) == []
        assert pt.named_parties([row]) == {}


def _traced_with_awkward_names(tmp_path: Path) -> list[dict[str, object]]:
    sheet = tmp_path / "board.csv"
    sheet.write_text("Marking,Mfr,Qty\nLM358DR,TI,2\n", encoding="utf-8")
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "date,sender,sender_country,receiver,receiver_country,goods_description,hs_code,"
        "manufacturer,mpn,quantity,value,currency,source\n"
        '2022-09-01,"Alpha; Beta -> Gamma (HK) [x]",HK,"Delta: Trading, LLC",RU,op amps,'
        "854239,Texas Instruments,LM358DR,100,,,ILLUSTRATIVE record made up for a test\n",
        encoding="utf-8",
    )
    result = trace([sheet], trade=[trade])
    document = json.loads(json.dumps(result.document()))  # as a report reads a run file
    return [r for r in document["rows"] if r["status"] == "matched"]


def test_names_holding_separators_are_read_whole(tmp_path: Path) -> None:
    """A sender named 'Alpha; Beta -> Gamma (HK) [x]' stays one party, not three."""
    (row,) = _traced_with_awkward_names(tmp_path)
    (entry,) = pt.shipments(row)
    assert entry.sender == pt.Party(name="Alpha; Beta -> Gamma (HK) [x]", country="HK")
    assert entry.receiver == pt.Party(name="Delta: Trading, LLC", country="RU")
    assert entry.note == "exact MPN; 1 shipment, 2022-09-01"
    assert set(pt.named_parties([row])) == {
        "Alpha; Beta -> Gamma (HK) [x]", "Delta: Trading, LLC",
    }  # fmt: skip

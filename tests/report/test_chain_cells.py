"""Reading the chain columns back: parties, shipments, list hits and distributors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bomtrace import trace
from bomtrace.report.chain_cells import (
    Party,
    distributor_names,
    list_hits,
    named_parties,
    parties,
    row_distributors,
    row_hits,
    row_shipments,
    shipments,
    split_list,
)

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
    """Each entry gives the sender, the receiver (with country codes) and the link's note."""
    first, second = shipments(INTERMEDIARIES)
    assert first.sender == Party(name="Asia Pacific Links", country="HK")
    assert first.receiver == Party(name="SMT-iLogic", country="RU")
    assert first.note == "HS only; 1 shipment, 2022-06/2022-08"
    assert str(second.sender) == "Alpha Ltd (AE)"
    assert [p.name for p in parties(INTERMEDIARIES)] == [
        "Asia Pacific Links",
        "SMT-iLogic",
        "Alpha Ltd",
        "Beta OOO",
    ]


def test_a_bare_name_is_a_sender_only() -> None:
    """An entry without an arrow names one party and no receiver."""
    (entry,) = shipments("Gamma Trading (CN)")
    assert (
        entry.sender == Party(name="Gamma Trading", country="CN")
        and entry.receiver is None
    )


def test_list_hits_keep_list_names_with_semicolons_whole() -> None:
    """A list name holding '; ' stays in its entry; possible hits are told apart."""
    hits = list_hits(SANCTIONED)
    assert [(h.name, h.possible) for h in hits] == [
        ("Asia Pacific Links", False),
        ("Beta OOO", True),
    ]
    assert "NOT a copy of the official list" in hits[0].detail
    assert hits[1].detail.startswith("POSSIBLE match")


def test_distributor_names() -> None:
    """The name before the basis: 'Digi-Key (US): lists this part as X' -> 'Digi-Key (US)'."""
    cell = "Digi-Key (US): lists this part as 296-1395-5-ND; Mouser Electronics (US): carries the maker's line"
    assert distributor_names(cell) == ["Digi-Key (US)", "Mouser Electronics (US)"]


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


def test_names_holding_separators_are_read_whole_from_chain_parties(
    tmp_path: Path,
) -> None:
    """A sender named 'Alpha; Beta -> Gamma (HK) [x]' stays one party, not three."""
    (row,) = _traced_with_awkward_names(tmp_path)
    (entry,) = row_shipments(row)
    assert entry.sender == Party(name="Alpha; Beta -> Gamma (HK) [x]", country="HK")
    assert entry.receiver == Party(name="Delta: Trading, LLC", country="RU")
    assert entry.note == "exact MPN; 1 shipment, 2022-09-01"
    assert set(named_parties([row])) == {
        "Alpha; Beta -> Gamma (HK) [x]", "Delta: Trading, LLC",
    }  # fmt: skip
    # The text cell alone (a run from before chain_parties) cannot say it unambiguously.
    assert len(parties(row["intermediaries"])) != 2


def test_text_cells_are_read_when_a_run_has_no_chain_parties() -> None:
    """Older runs: the readers fall back on the text cells, with the same results."""
    row = {"intermediaries": INTERMEDIARIES, "sanctioned_intermediaries": SANCTIONED}
    assert row_shipments(row) == shipments(INTERMEDIARIES)
    assert row_hits(row) == list_hits(SANCTIONED)
    damaged = {**row, "chain_parties": '{"shipments": [{"sender"'}  # cut by a program
    assert row_shipments(damaged) == shipments(INTERMEDIARIES)


def test_structured_and_text_cells_agree_on_the_bundled_example() -> None:
    """On names without separators, the JSON and the text cells give the same parties."""
    root = Path(__file__).resolve().parents[2]
    result = trace(
        [root / "examples" / "orlan10_teardown.xlsx"],
        trade=[root / "examples" / "trade_reported.csv"],
        sanctions=[root / "examples" / "sanctions_reported.simple.csv"],
    )
    rows = [r for r in result.records() if r["chain_parties"]]
    assert rows, "the example links some rows to the reported network"
    for row in rows:
        assert row_shipments(row) == shipments(row["intermediaries"])
        assert row_hits(row) == list_hits(row["sanctioned_intermediaries"])
        assert row_distributors(row) == distributor_names(row["distributors"])

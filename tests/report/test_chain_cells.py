"""Reading the chain columns back: parties, shipments, list hits and distributors."""

from __future__ import annotations

import pytest

from bomtrace.report.chain_cells import (
    Party,
    distributor_names,
    list_hits,
    parties,
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

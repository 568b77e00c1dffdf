"""Tax and registry numbers: read with their schemes, matched against lists, contradictions.

Every number here is fictional: made to pass its check digit, with the region code 00
that no Russian tax office issues.
"""

from __future__ import annotations

import pytest

from bomtrace.model import HitStrength, PartyId, SanctionEntry, SanctionHit, SourceRef
from bomtrace.normalise.party_ids import (
    HK_CR,
    INN,
    OGRN,
    USCC,
    VKN,
    read_ids,
    read_ofac_remarks,
)
from bomtrace.provenance.identifiers import IdentifierIndex, screen_party

INN_A = "0077001110"  # check digit 0 (weights 2,4,10,3,5,9,4,6,8)
INN_B = "0078002229"
OGRN_A = "1020000001119"


def _uscc() -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91000000MA0000000"
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(chars.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + chars[(31 - total % 31) % 31]


def test_fixture_numbers_pass_their_check_digits() -> None:
    """The fictional numbers used below are well formed, so the tests test reading."""
    assert read_ids(INN_A, "ИНН")[0].scheme == INN
    assert read_ids(OGRN_A, "ОГРН")[0].scheme == OGRN
    assert read_ids(_uscc(), "USCC")[0].scheme == USCC


@pytest.mark.parametrize(
    ("text", "label", "country", "expected"),
    [
        (INN_A, "ИНН получателя", "", [(INN, INN_A)]),
        (f"ИНН {INN_A} / КПП 770001001", "", "", [(INN, INN_A)]),
        (f"{INN_A}/770001001", "ИНН/КПП", "", [(INN, INN_A)]),
        (f"INN{INN_A}", "", "", [(INN, INN_A)]),
        ("0077 001 110", "INN", "", [(INN, INN_A)]),
        (OGRN_A, "ОГРН", "", [(OGRN, OGRN_A)]),
        (f"{OGRN_A};{INN_A}", "", "RU", [(OGRN, OGRN_A), (INN, INN_A)]),
        ("0077001111", "ИНН", "", [("ID", "0077001111")]),  # check digit fails
        ("0077001111", "", "", []),  # a bare number must pass a check digit
        ("0000000000", "ИНН", "", []),
        ("CR No. 9999901", "", "HK", [(HK_CR, "9999901")]),
        ("4540536920", "Vergi No", "", [(VKN, "4540536920")]),
    ],
)
def test_read_ids(
    text: str, label: str, country: str, expected: list[tuple[str, str]]
) -> None:
    """Labels and countries decide the scheme; check digits decide whether a number is one."""
    assert [(i.scheme, i.value) for i in read_ids(text, label, country)] == expected


def test_read_ofac_remarks() -> None:
    """OFAC's remarks carry identifiers as 'Type number (Country)'."""
    uscc = _uscc()
    remarks = (
        f"Website example.invalid; Tax ID No. {INN_A} (Russia); Registration Number "
        f"{OGRN_A} (Russia); Unified Social Credit Code (USCC) {uscc} (China); Company "
        "Number 9999901 (Hong Kong)."
    )
    assert [(i.scheme, i.value) for i in read_ofac_remarks(remarks)] == [
        (INN, INN_A),
        (OGRN, OGRN_A),
        (USCC, uscc),
        (HK_CR, "9999901"),
    ]


def _entry(name: str, *ids: PartyId) -> SanctionEntry:
    return SanctionEntry(
        list_name="Fictional list",
        entity_id=name.lower().replace(" ", "-"),
        name=name,
        identifiers=ids,
        ref=SourceRef(file="list.csv", sheet="", row=2),
    )


KESTREL = _entry("Kestrel Instruments LLC", PartyId(scheme=INN, value=INN_A))
VEKTOR = _entry("Vektor-Plyus LLC", PartyId(scheme=INN, value=INN_B))
INDEX = IdentifierIndex([KESTREL, VEKTOR])


def _by_name(entry: SanctionEntry) -> list[SanctionHit]:
    return [
        SanctionHit(
            party="x",
            entry=entry,
            matched_name=entry.name,
            score=0.95,
            strength=HitStrength.MATCH,
            evidence="names agree",
        )
    ]


def test_identifier_match_names_the_identifier() -> None:
    """A party listed under another name is found by its ИНН, and the evidence says so."""
    (hit,) = screen_party(
        'ООО "КЕСТРЕЛ-ПРИБОР"',
        (PartyId(scheme=INN, value=INN_A),),
        "d.csv row 5",
        INDEX,
        None,
    )
    assert hit.strength is HitStrength.IDENTIFIER and hit.entry is KESTREL
    assert hit.identifier == f"ИНН {INN_A}"
    assert f"ИНН {INN_A}" in hit.evidence and "d.csv row 5" in hit.evidence


def test_name_match_with_another_identifier_is_contradicted() -> None:
    """A name match whose party carries another ИНН is shown contradicted, never certain."""
    other = PartyId(scheme=INN, value="0078003335")
    (hit,) = screen_party(
        "ООО Вектор-Плюс", (other,), "d.csv row 9", INDEX, lambda _: _by_name(VEKTOR)
    )
    assert hit.strength is HitStrength.CONTRADICTED
    assert not hit.strength.certain
    assert "differs from the ИНН" in hit.evidence


def test_identifier_of_another_scheme_does_not_contradict() -> None:
    """An ОГРН never contradicts a listed ИНН: the name match stands."""
    ids = (PartyId(scheme=OGRN, value=OGRN_A),)
    (hit,) = screen_party(
        "Vektor Plus", ids, "d.csv row 9", INDEX, lambda _: _by_name(VEKTOR)
    )
    assert hit.strength is HitStrength.MATCH


def test_identifier_hit_replaces_the_name_hit_on_the_same_entry() -> None:
    """When number and name both point at an entry, one hit, the identifier match, is shown."""
    ids = (PartyId(scheme=INN, value=INN_B),)
    hits = screen_party(
        "Vektor Plus", ids, "d.csv row 3", INDEX, lambda _: _by_name(VEKTOR)
    )
    assert [h.strength for h in hits] == [HitStrength.IDENTIFIER]

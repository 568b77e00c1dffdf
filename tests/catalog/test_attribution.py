"""GUR's maker labels ("Brand (Parent, Parent)") compared with bomtrace's makers."""

from __future__ import annotations

import pytest

from bomtrace.catalog import CatalogIndex
from bomtrace.catalog.attribution import (
    agrees,
    country_agrees,
    label_names,
    names_a_maker,
    resolved_label,
)


@pytest.mark.parametrize(
    ("label", "names"),
    [
        ("Texas Instruments", ["Texas Instruments"]),
        ("Maxim Integrated Products (Analog Devices)", ["Maxim Integrated Products", "Analog Devices"]),
        ("Spansion (Cypress Semiconductor, Infineon Technologies)",
         ["Spansion", "Cypress Semiconductor", "Infineon Technologies"]),
        ("Texas Instruments Suppliers JSC CHIP AND DIP", ["Texas Instruments"]),
    ],
)  # fmt: skip
def test_label_names(label: str, names: list[str]) -> None:
    """Labels as the portal prints them, the distributor trailer dropped, brand first."""
    assert label_names(label) == names


@pytest.mark.parametrize(
    ("maker", "label", "mpn", "expected"),
    [
        ("Maxim Integrated", "Maxim Integrated Products (Analog Devices)", "MAX3221", True),
        ("Analog Devices", "Maxim Integrated Products (Analog Devices)", "MAX3221", True),
        ("Infineon Technologies", "Spansion (Cypress Semiconductor, Infineon Technologies)", "", True),
        ("Analog Devices", "AMD", "ADM709TARZ", False),  # gur-125
        ("Microchip Technology", "Altera Corporation (Intel)", "ATMEGA1280V8AU", False),  # gur-353
        ("", "Texas Instruments", "", False),
    ],
)  # fmt: skip
def test_agrees(
    index: CatalogIndex, maker: str, label: str, mpn: str, expected: bool
) -> None:
    """A maker agrees with a label naming it, its owner or its group; not with another company."""
    assert agrees(index, maker, label, mpn) is expected


def test_resolved_label_and_unnamed_makers(index: CatalogIndex) -> None:
    """Catalogued names of a label; "Not identified" names no maker."""
    assert resolved_label(index, "Linear Technology Corporation (Analog Devices)") == [
        "Linear Technology",
        "Analog Devices",
    ]
    assert not names_a_maker("Not identified") and names_a_maker("Qorvo")


@pytest.mark.parametrize(
    ("theirs", "ours", "expected"),
    [
        ("US", ("US", ""), True),
        ("US", ("DE", "US"), True),  # the owner's country
        ("JP", ("US",), False),
        ("UNK", ("US",), None),  # the portal did not say
        ("US", ("", ""), None),  # neither do we
    ],
)
def test_country_agrees(
    theirs: str, ours: tuple[str, ...], expected: bool | None
) -> None:
    """The source's country agrees when it is one of ours; unknown on either side is None."""
    assert country_agrees(theirs, *ours) is expected

"""Origin: headquarters country, current owner through acquisitions, coalition membership."""

from __future__ import annotations

import pytest

from bomtrace.catalog import Catalog
from bomtrace.model import CoalitionOrigin
from bomtrace.provenance.origin import (
    coalition_status,
    origin_of,
    ownership_chain,
    shared_origin,
)


@pytest.mark.parametrize(
    ("maker", "country", "parent", "coalition"),
    [
        ("Linear Technology", "US", "Analog Devices", CoalitionOrigin.YES),
        ("Maxim Integrated", "US", "Analog Devices", CoalitionOrigin.YES),
        ("Atmel", "US", "Microchip Technology", CoalitionOrigin.YES),
        ("Xilinx", "US", "AMD", CoalitionOrigin.YES),
        ("Freescale Semiconductor", "US", "NXP Semiconductors", CoalitionOrigin.YES),
        ("Spansion", "US", "Infineon Technologies", CoalitionOrigin.YES),
        ("STMicroelectronics", "CH", "", CoalitionOrigin.YES),
        ("Quectel", "CN", "", CoalitionOrigin.NO),
        ("Milandr", "RU", "", CoalitionOrigin.NO),
        ("Nobody Electronics", "", "", CoalitionOrigin.UNKNOWN),
    ],
)
def test_origin_of(
    catalog: Catalog, maker: str, country: str, parent: str, coalition: CoalitionOrigin
) -> None:
    """Makers resolve to their headquarters country, top owner and coalition status."""
    origin = origin_of(catalog, maker)
    assert (origin.country, origin.parent, origin.coalition) == (
        country,
        parent,
        coalition,
    )


def test_ownership_chain_has_years(catalog: Catalog) -> None:
    """Spansion -> Cypress (2015) -> Infineon (2020), nearest owner first."""
    assert ownership_chain(catalog, "Spansion") == [
        ("Cypress Semiconductor", "2015"),
        ("Infineon Technologies", "2020"),
    ]


def test_origin_cites_its_catalog_row(catalog: Catalog) -> None:
    """Every origin carries the source of the maker row it came from."""
    assert origin_of(catalog, "Linear Technology").source.startswith(
        "Wikipedia: Linear Technology (makers.csv:"
    )


def test_coalition_status(catalog: Catalog) -> None:
    """Taiwan, Japan and Switzerland are in the coalition; China and Russia are not."""
    assert [
        coalition_status(catalog, c) for c in ("TW", "JP", "CH", "CN", "RU", "")
    ] == [
        CoalitionOrigin.YES,
        CoalitionOrigin.YES,
        CoalitionOrigin.YES,
        CoalitionOrigin.NO,
        CoalitionOrigin.NO,
        CoalitionOrigin.UNKNOWN,
    ]


def test_shared_origin_of_candidates(catalog: Catalog) -> None:
    """Candidates in different coalition countries share the coalition flag but no country."""
    shared = shared_origin(catalog, ["Texas Instruments", "STMicroelectronics"])
    assert shared is not None
    assert (shared.country, shared.coalition) == ("", CoalitionOrigin.YES)
    assert shared_origin(catalog, ["Texas Instruments", "Quectel"]) is None

"""The shipped catalogs hold what identification and origin rely on, each fact sourced."""

from __future__ import annotations

import pytest

from bomtrace.catalog import Catalog, CatalogIndex


@pytest.mark.parametrize(
    ("written", "maker"),
    [
        ("TI", "Texas Instruments"),
        ("ADI", "Analog Devices"),
        ("ST", "STMicroelectronics"),
        ("MCHP", "Microchip Technology"),
        ("Тексас Инструментс", "Texas Instruments"),
        ("Аналог Девайсез", "Analog Devices"),
        ("Микрочип", "Microchip Technology"),
    ],
)
def test_abbreviations_and_cyrillic_spellings(
    index: CatalogIndex, written: str, maker: str
) -> None:
    """Makers are found by their abbreviations and Cyrillic spellings."""
    assert index.resolve_maker(written) == maker


@pytest.mark.parametrize(
    ("maker", "parent", "year"),
    [
        ("Linear Technology", "Analog Devices", "2017"),
        ("Maxim Integrated", "Analog Devices", "2021"),
        ("Hittite Microwave", "Analog Devices", "2014"),
        ("Atmel", "Microchip Technology", "2016"),
        ("Microsemi", "Microchip Technology", "2018"),
        ("Xilinx", "AMD", "2022"),
        ("Freescale Semiconductor", "NXP Semiconductors", "2015"),
        ("Cypress Semiconductor", "Infineon Technologies", "2020"),
        ("International Rectifier", "Infineon Technologies", "2015"),
    ],
)
def test_acquisitions(catalog: Catalog, maker: str, parent: str, year: str) -> None:
    """The acquisitions the issue names are recorded with their year and a source."""
    record = catalog.makers[maker]
    assert (record.parent, record.acquired_year) == (parent, year)
    assert record.source and record.hq_country


def test_distributors_have_aliases_and_countries(catalog: Catalog) -> None:
    """Every distributor has a country and a source; the big ones their aliases."""
    by_name = {d.name: d for d in catalog.distributors}
    assert all(d.country and d.source for d in catalog.distributors)
    assert "DigiKey" in by_name["Digi-Key"].aliases
    assert "ЧИП и ДИП" in by_name["Chip Dip"].aliases


def test_family_prefixes(index: CatalogIndex) -> None:
    """The prefixes the issue names point to their makers."""
    assert index.makers_by_prefix("STM32F405")[1] == ["STMicroelectronics"]
    assert index.makers_by_prefix("ADXRS620")[1] == ["Analog Devices"]

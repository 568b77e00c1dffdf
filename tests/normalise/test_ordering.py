"""The makers' ordering grammar: each maker's suffixes read as what they mean."""

from __future__ import annotations

import pytest

from bomtrace.normalise.ordering import describe_suffix


@pytest.mark.parametrize(
    ("maker", "suffix", "meaning"),
    [
        (
            "Microchip Technology",
            "-I/SO",
            "Microchip temperature/package code: industrial -40..+85 C, SOIC 7.50 mm",
        ),
        (
            "Microchip Technology",
            "T-E/SN",
            "Microchip temperature/package code: extended -40..+125 C, SOIC 3.90 mm, tape and reel",
        ),
        (
            "Microchip Technology",
            "-IP",
            "Microchip temperature/package code: industrial -40..+85 C, PDIP",
        ),
        ("Atmel", "-AU", "Atmel package/temperature code: TQFP"),
        ("Atmel", "-MUR", "Atmel package/temperature code: QFN/MLF, tape and reel"),
        (
            "Analog Devices",
            "BCPZ-RL7",
            "Analog Devices lead-free and reel code: 7-inch reel",
        ),
        ("Analog Devices", "-REEL", "Analog Devices reel code: 13-inch reel"),
        (
            "Linear Technology",
            "EMS8#TRPBF",
            "Linear Technology grade/finish code: extended -40..85 C, lead-free, tape and reel",
        ),
        (
            "Maxim Integrated",
            "CPE+",
            "Maxim temperature/package code: commercial 0..70 C, lead-free",
        ),
        ("Maxim Integrated", "+T", "Maxim lead-free code: lead-free, tape and reel"),
        ("Texas Instruments", "DBVR", "TI package and reel code: SOT-23, large reel"),
        ("Texas Instruments", "D/NOPB", "TI package and reel code: SOIC"),
        ("National Semiconductor", "/NOPB", "TI lead-free code"),
        ("STMicroelectronics", "TR", "ST tape-and-reel code"),
        ("NXP Semiconductors", ",115", "NXP packing code"),
        ("Vishay Intertechnology", "-T1-GE3", "Vishay reel and lead-finish code"),
        ("International Rectifier", "TRPBF", "IR lead-free and reel code"),
        ("ON Semiconductor", "T1G", "onsemi lead-free and reel code"),
    ],
)
def test_suffix_read_with_the_makers_grammar(
    maker: str, suffix: str, meaning: str
) -> None:
    """A suffix in the maker's ordering grammar is named and explained."""
    assert describe_suffix([maker], suffix) == meaning


@pytest.mark.parametrize(
    ("makers", "suffix"),
    [
        (["Microchip Technology"], "-Q/XX"),  # no such package code
        (["Texas Instruments"], "-I/SO"),  # Microchip's grammar, not TI's
        (["STMicroelectronics"], "REEL7"),
        (["Some Maker"], "TR"),  # no grammar compiled for this maker
    ],
)
def test_unknown_suffix_is_not_guessed(makers: list[str], suffix: str) -> None:
    """Letters that are not in the maker's grammar get no meaning."""
    assert describe_suffix(makers, suffix) == ""


def test_parent_grammar_applies() -> None:
    """A maker with no grammar of its own is read with its parent's (tried in order)."""
    assert describe_suffix(["Hittite Microwave", "Analog Devices"], "-R7").startswith(
        "Analog Devices reel code"
    )

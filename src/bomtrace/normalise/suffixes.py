"""Packaging and lead-finish suffixes that makers append to an orderable part number.

Pure. A suffix names the reel, tube or lead finish a part was sold in, not a different
part, so it is stripped before the catalog is searched. The table is ordered: longer and
more specific suffixes first. Each entry cites the maker whose ordering guide uses it.
"""

from __future__ import annotations

import re

# (name shown in explanations, pattern at the end of the upper-cased marking)
PACKAGING_SUFFIXES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # Linear Technology / ADI: #PBF lead-free, #TR tape and reel, #TRPBF both
        ("lead-free and reel (#TRPBF)", r"#TR(PBF)?$"),
        ("lead-free (#PBF)", r"#PBF$"),
        # Texas Instruments / National: /NOPB lead-free
        ("lead-free (/NOPB)", r"/NOPB$"),
        # NXP / Nexperia: ,115 ,118 ,215 packing codes
        ("packing code (,115)", r",\d{3}$"),
        # Analog Devices: -REEL, -REEL7, -RL, -RL7, -R7
        ("tape and reel (-REEL7)", r"-(REEL7?|RL7?|R7)$"),
        # Vishay: -E3, -GE3, -HE3 lead finish, -T1 reel
        ("lead finish (-GE3)", r"(-T1)?-[GH]?E3$"),
        # Maxim: + lead-free, +T tape and reel
        ("lead-free and reel (+T)", r"\+T?$"),
        # STMicroelectronics and many others: TR / -TR / /TR tape and reel
        ("tape and reel (-TR)", r"[-/]?TR$"),
        # Generic tape and reel written out
        ("tape and reel (T&R)", r"[-/ ]?T&R$"),
    )
)


def strip_packaging_suffix(text: str) -> tuple[str, str]:
    """Strips a tape-and-reel or lead-finish suffix (-TR, -REEL7, /NOPB, #PBF, ,115).

    Returns the shortened text and the name of the suffix removed ("" when none).
    Bare ``TR`` is only removed when a separator or a long enough part stays in front.
    """
    upper = text.upper()
    for name, pattern in PACKAGING_SUFFIXES:
        found = pattern.search(upper)
        if not found or found.start() < 4:
            continue
        return text[: found.start()].rstrip("-/ "), name
    return text, ""

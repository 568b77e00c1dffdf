"""Distributor order codes typed where a part number belongs.

Pure. Researchers often copy the distributor's stock number from an order history
(Digi-Key ``296-1395-5-ND``, Mouser ``595-SN74HC595N``). Some embed the maker's part
number, which is recovered; others are the distributor's own numbers, which can only be
looked up in a catalog that lists them (``distributor_pns`` in parts.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Digi-Key appends -ND, with -1/-2/-6 before it for cut tape, reel and Digi-Reel.
_DIGIKEY = re.compile(r"^(?P<inner>.+?)(?:-[126])?-ND$")
_DIGIKEY_OWN = re.compile(r"^\d{2,4}-[\d-]+$")
# Mouser puts a 2-3 digit maker code and a hyphen before the maker part number, which
# may itself start with a digit (595-74HC595N); it must hold a letter somewhere.
_MOUSER = re.compile(r"^(?P<code>\d{2,3})-(?P<inner>(?=.*[A-Z])[A-Z0-9].{3,})$")
# LCSC's C-numbers and Farnell's 7-digit order codes carry no maker part number.
_LCSC = re.compile(r"^C\d{3,7}$")
_FARNELL = re.compile(r"^\d{7}$")


@dataclass(frozen=True, slots=True)
class SkuReading:
    """What a distributor order code says: whose it is and the maker part inside, if any."""

    distributor: str
    mpn: str
    rule: str


def read_distributor_sku(text: str) -> SkuReading | None:
    """Recognises a distributor order code (Digi-Key -ND, Mouser 595- style, LCSC C-number)."""
    upper = text.upper().strip()
    if found := _DIGIKEY.match(upper):
        inner = found["inner"]
        if _DIGIKEY_OWN.match(inner):
            return SkuReading(
                "Digi-Key", "", "Digi-Key order code (-ND), no maker part inside"
            )
        return SkuReading(
            "Digi-Key", inner, "Digi-Key order code (-ND) around the maker part"
        )
    if found := _MOUSER.match(upper):
        return SkuReading(
            "Mouser", found["inner"], f"Mouser order code prefix ({found['code']}-)"
        )
    if _LCSC.match(upper):
        return SkuReading(
            "LCSC", "", "LCSC order code (C-number), no maker part inside"
        )
    if _FARNELL.match(upper):
        return SkuReading(
            "Farnell", "", "Farnell-style 7-digit order code, no maker part inside"
        )
    return None

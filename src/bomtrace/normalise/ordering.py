"""The makers' ordering grammar: what the letters after a base part number mean.

Pure. An orderable part number is a base number plus codes for the temperature range,
the package, the lead finish and the reel (Microchip ``MCP2515-I/SO``: industrial range,
SOIC package). When the letters left after a catalogued base number parse as the
maker's own codes, the identification is as good as a catalogued variant, and the
explanation says what they mean. Each table cites the ordering guide it follows; codes
that a guide does not define are not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OrderingRule:
    """One shape of ordering suffix of one maker, and how to describe a match."""

    name: str
    pattern: re.Pattern[str]
    fields: Mapping[str, Mapping[str, str]]


# Microchip datasheets, "Product Identification System" and "Package Marking
# Information": temperature I industrial (-40..+85 C), E extended (-40..+125 C),
# H high (-40..+150 C); package codes below; a T before the dash is tape and reel.
_MICROCHIP_TEMP = {
    "I": "industrial -40..+85 C",
    "E": "extended -40..+125 C",
    "H": "high -40..+150 C",
}
_MICROCHIP_PACKAGE = {
    "P": "PDIP",
    "SN": "SOIC 3.90 mm",
    "SO": "SOIC 7.50 mm",
    "SL": "SOIC 14-lead",
    "ST": "TSSOP",
    "MS": "MSOP",
    "MF": "DFN",
    "ML": "QFN",
    "MG": "QFN",
    "OT": "SOT-23",
    "TT": "SOT-23",
    "PT": "TQFP",
    "SP": "skinny PDIP",
    "SS": "SSOP",
}
# Atmel AVR ordering information (now Microchip): package letter, then U for the
# industrial range with lead-free ("green") finish; a trailing R is tape and reel.
_ATMEL_PACKAGE = {
    "A": "TQFP",
    "P": "PDIP",
    "M": "QFN/MLF",
    "S": "SOIC",
    "X": "TSSOP",
    "C": "BGA",
}
# Analog Devices ordering guides: Z = RoHS-compliant (lead-free) part; -REEL/-REEL7/
# -RL/-RL7/-R7 = 13- or 7-inch tape and reel.
_ADI_REEL = {
    "REEL": "13-inch reel",
    "REEL7": "7-inch reel",
    "RL": "13-inch reel",
    "RL7": "7-inch reel",
    "R7": "7-inch reel",
    "R2": "small reel",
}
# Linear Technology (now ADI) ordering information: temperature grade C (0..70 C),
# I (-40..85 C), E (-40..85 C), H (-40..125 C), MP (-55..125 C); #PBF lead-free,
# #TR tape and reel, #TRPBF both.
_LINEAR_GRADE = {
    "C": "commercial 0..70 C",
    "I": "industrial -40..85 C",
    "E": "extended -40..85 C",
    "H": "high -40..125 C",
    "MP": "military -55..125 C",
}
_LINEAR_FINISH = {
    "PBF": "lead-free",
    "TR": "tape and reel",
    "TRPBF": "lead-free, tape and reel",
}
# Maxim ordering information: temperature range C (0..70 C), I (-20..85 C),
# E (-40..85 C), A (-40..105/125 C), M (-55..125 C), then a two-letter package code;
# + lead-free, +T lead-free on tape and reel.
_MAXIM_TEMP = {
    "C": "commercial 0..70 C",
    "I": "industrial -20..85 C",
    "E": "extended -40..85 C",
    "A": "automotive",
    "M": "military -55..125 C",
}
# Texas Instruments package designators (ti.com packaging information) and the reel
# letter that follows them: R large reel, T small reel; /NOPB lead-free (National lines).
_TI_PACKAGE = {
    "D": "SOIC",
    "DW": "SOIC wide",
    "P": "PDIP",
    "N": "PDIP",
    "PW": "TSSOP",
    "DBV": "SOT-23",
    "DCK": "SC70",
    "DGK": "VSSOP",
    "NS": "SO",
    "RGT": "VQFN",
}
_TI_REEL = {"R": "large reel", "T": "small reel", "": ""}


def _rule(name: str, pattern: str, **fields: Mapping[str, str]) -> OrderingRule:
    return OrderingRule(name, re.compile(pattern), fields)


ORDERING: dict[str, tuple[OrderingRule, ...]] = {
    "Microchip Technology": (
        _rule(
            "Microchip temperature/package code",
            r"^(?P<reel>T)?-?(?P<temp>[IEH])/?(?P<package>P|SN|SO|SL|ST|MS|MF|ML|MG|OT|TT|PT|SP|SS)$",
            temp=_MICROCHIP_TEMP,
            package=_MICROCHIP_PACKAGE,
            reel={"T": "tape and reel", "": ""},
        ),
        _rule(
            "Atmel package/temperature code",
            r"^-?(?P<package>[APMSXC])U(?P<reel>R)?$",
            package=_ATMEL_PACKAGE,
            reel={"R": "tape and reel", "": ""},
        ),
    ),
    "Analog Devices": (
        _rule(
            "Analog Devices lead-free and reel code",
            r"^[A-Z]{0,4}Z(-(?P<reel>REEL7?|RL7?|R7|R2))?$",
            reel=_ADI_REEL,
        ),
        _rule(
            "Analog Devices reel code", r"^-(?P<reel>REEL7?|RL7?|R7)$", reel=_ADI_REEL
        ),
    ),
    "Linear Technology": (
        _rule(
            "Linear Technology grade/finish code",
            r"^(?P<grade>C|I|E|H|MP)[A-Z]{0,3}\d{0,2}(#(?P<finish>PBF|TRPBF|TR))?$",
            grade=_LINEAR_GRADE,
            finish=_LINEAR_FINISH,
        ),
    ),
    "Maxim Integrated": (
        _rule(
            "Maxim temperature/package code",
            r"^(?P<temp>[CIEAM])[A-Z]{2}(?P<finish>\+T?)?$",
            temp=_MAXIM_TEMP,
            finish={"+": "lead-free", "+T": "lead-free, tape and reel", "": ""},
        ),
        _rule(
            "Maxim lead-free code",
            r"^(?P<finish>\+T?)$",
            finish={"+": "lead-free", "+T": "lead-free, tape and reel"},
        ),
    ),
    "Texas Instruments": (
        _rule(
            "TI package and reel code",
            r"^(?P<package>D|DW|P|N|PW|DBV|DCK|DGK|NS|RGT)(?P<reel>[RT]?)(/NOPB)?$",
            package=_TI_PACKAGE,
            reel=_TI_REEL,
        ),
        _rule("TI lead-free code", r"^/NOPB$"),
    ),
    "STMicroelectronics": (_rule("ST tape-and-reel code", r"^TR$"),),
    "NXP Semiconductors": (_rule("NXP packing code", r"^,\d{3}$"),),
    "Nexperia": (_rule("Nexperia packing code", r"^,\d{3}$"),),
    "Vishay Intertechnology": (
        _rule("Vishay reel and lead-finish code", r"^(-T1)?-G?E3$"),
    ),
    "International Rectifier": (
        _rule("IR lead-free and reel code", r"^(TR[LR]?)?PBF$"),
    ),
    "ON Semiconductor": (
        _rule("onsemi lead-free and reel code", r"^(R2|T1|T3|RL)?G$"),
    ),
}
# Makers whose numbers follow a parent's or predecessor's grammar.
ORDERING["Atmel"] = ORDERING["Microchip Technology"]
ORDERING["National Semiconductor"] = ORDERING["Texas Instruments"]
ORDERING["Fairchild Semiconductor"] = ORDERING["ON Semiconductor"]


def describe_suffix(makers: Iterable[str], suffix: str) -> str:
    """Reads an ordering suffix with the maker's grammar ("" when it is not one).

    ``makers`` are tried in turn (the maker, then its parent), ``suffix`` is the text
    after the base number as printed, punctuation included ("-I/SO", "#TRPBF").
    """
    text = suffix.upper().replace(" ", "")
    for maker in makers:
        for rule in ORDERING.get(maker, ()):
            found = rule.pattern.match(text)
            if not found:
                continue
            parts = [
                table.get(found.group(field) or "", "")
                for field, table in rule.fields.items()
            ]
            meaning = ", ".join(p for p in parts if p)
            return f"{rule.name}{': ' + meaning if meaning else ''}"
    return ""

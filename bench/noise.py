"""Noise that real teardown sheets carry, as functions of a seeded random generator.

Used by ``devset.py`` to turn catalogued part numbers into what researchers type: OCR
slips, typing slips, Cyrillic look-alike letters, spaces, markings wrapped over lines,
logos, date, lot and country codes, the makers' packaging suffixes.
"""

from __future__ import annotations

import random
import re

# Packaging and lead-finish suffixes as the makers' ordering guides write them, by maker
# (the corporate group's canonical name). Only suffixes that leave the part the same part.
MAKER_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Analog Devices": ("-REEL7", "-RL7", "-REEL", "-R7"),
    "Linear Technology": ("#PBF", "#TRPBF", "#TR"),
    "Maxim Integrated": ("+", "+T"),
    "Texas Instruments": ("/NOPB",),
    "National Semiconductor": ("/NOPB",),
    "STMicroelectronics": ("TR",),
    "NXP Semiconductors": (",115", ",118", ",215"),
    "Nexperia": (",115", ",215"),
    "Vishay Intertechnology": ("-GE3", "-T1-GE3", "-E3"),
    "International Rectifier": ("PBF", "TRPBF"),
    "ON Semiconductor": ("G",),
}
# Microchip's product identification system: temperature range, then package code
# (datasheet "Product Identification System" pages: I industrial, E extended; P PDIP,
# SN SOIC 150 mil, SO SOIC 300 mil, ST TSSOP, MS MSOP, MF DFN).
MICROCHIP_ORDERING = ("-I/P", "-I/SN", "-E/SN", "-I/SO", "-I/ST", "-I/MS", "-E/MF")
# Mouser's maker codes that distributors.csv documents with an example.
MOUSER_CODES = {
    "Texas Instruments": "595",
    "STMicroelectronics": "511",
    "Analog Devices": "584",
}
COUNTRIES = ("PHL", "CHN", "MYS", "TWN", "KOR", "THA", "MADE IN CHINA", "JPN")
OCR_SWAPS = {
    "0": "O",
    "O": "0",
    "1": "I",
    "I": "1",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "2": "Z",
    "Z": "2",
}
CYRILLIC = {
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
}


def ocr_slip(text: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(text) if c in OCR_SWAPS]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + OCR_SWAPS[text[i]] + text[i + 1 :]


def typo(text: str, rng: random.Random) -> str:
    """A slip of the hand: a character dropped, doubled, or two swapped."""
    if len(text) < 6:
        return text
    i = rng.randrange(2, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def misspell(name: str, rng: random.Random) -> str:
    """A maker name typed with one letter dropped (Texas Instrument, Analog Device)."""
    spots = [i for i, c in enumerate(name) if c.isalpha() and i > 0]
    if len(name) < 6 or not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + name[i + 1 :]


def cyrillic(text: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(text) if c in CYRILLIC]
    if not spots:
        return text
    chosen = set(rng.sample(spots, min(len(spots), rng.randint(1, 3))))
    return "".join(CYRILLIC[c] if i in chosen else c for i, c in enumerate(text))


def space_inside(text: str, rng: random.Random) -> str:
    cuts = [
        i
        for i in range(2, len(text) - 1)
        if text[i - 1].isalpha() != text[i].isalpha() and text[i].isalnum()
    ]
    if not cuts:
        return text
    i = rng.choice(cuts)
    return text[:i] + " " + text[i:]


def line_split(text: str) -> tuple[str, str] | None:
    """Where a chip top wraps a long number: before a trailing letter group or a hyphen."""
    found = re.match(r"^(.*\d)([A-Z]{2,}[0-9A-Z]*)$", text)
    if found and len(found[1]) >= 4:
        return found[1], found[2]
    if "-" in text[3:]:
        head, _, tail = text.partition("-")
        if len(head) >= 3 and tail:
            return head, tail
    return None


def date_code(rng: random.Random) -> str:
    code = f"{rng.randint(5, 24):02d}{rng.randint(1, 52):02d}"
    style = rng.random()
    if style < 0.15:
        return f"DC {code}"
    if style < 0.25:
        return code + rng.choice("ABCDEFG")
    return code


def lot_code(rng: random.Random) -> str:
    return "".join(
        rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        for _ in range(rng.randint(4, 7))
    )


def chip_top(
    number_lines: list[str], rng: random.Random, noise: list[str], logo: str = ""
) -> str:
    lines = []
    if logo:
        lines.append(logo)
        noise.append("logo")
    lines.extend(number_lines)
    if rng.random() < 0.1:
        lines.append("e3")
        noise.append("lead-free mark")
    if rng.random() < 0.65:
        tail = date_code(rng)
        noise.append("date code")
        if rng.random() < 0.4:
            tail += " " + lot_code(rng)
            noise.append("lot code")
        lines.append(tail)
    if rng.random() < 0.2:
        lines.append(rng.choice(COUNTRIES))
        noise.append("country")
    joiner = "\n" if rng.random() < 0.6 else " "
    if joiner == "\n" and len(lines) > 1:
        noise.append("line breaks")
    return joiner.join(lines)

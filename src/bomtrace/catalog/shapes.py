"""The shape of a part number: runs of digits, letters and separators.

Pure. A maker's prefix is strong evidence only when what follows it looks like that
maker's numbers: Maxim's MAX is followed by digits (MAX3232), u-blox's MAX- by a
separator and letters (MAX-M8Q); Everlight's IRM- by four digits (IRM-3638T), Mean Well's
IRM- by two (IRM-05-12). ``shape_head`` describes the first runs after a prefix,
``heads_agree`` compares two of them.
"""

from __future__ import annotations

# How many runs after the prefix are compared.
HEAD_RUNS = 2


def _kind(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch.isalpha() or ch == "?":
        return "L"
    return "-"


# Letters read for digits inside a run of digits (7I3I5 for 71315).
_DIGIT_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2"})


def digits_repaired(text: str) -> str:
    """Reads look-alike letters as digits where digits stand on both sides (or start a run)."""
    chars = list(text.upper())
    for i, ch in enumerate(chars):
        after = chars[i + 1] if i + 1 < len(chars) else ""
        before = chars[i - 1] if i else ""
        if after.isdigit() and (before.isdigit() or i == 0):
            chars[i] = ch.translate(_DIGIT_LOOK_ALIKES)
    return "".join(chars)


def shape(text: str) -> tuple[tuple[str, int], ...]:
    """'-3638T' -> (('-', 1), ('D', 4), ('L', 1)); spaces are ignored."""
    runs: list[list[str | int]] = []
    for ch in text.replace(" ", ""):
        kind = _kind(ch)
        if runs and runs[-1][0] == kind:
            runs[-1][1] = int(runs[-1][1]) + 1
        else:
            runs.append([kind, 1])
    return tuple((str(k), int(n)) for k, n in runs)


def shape_head(text: str) -> tuple[tuple[str, int], ...]:
    """The first runs of a text: what a prefix's continuation is compared by."""
    return shape(text)[:HEAD_RUNS]


def heads_agree(a: tuple[tuple[str, int], ...], b: tuple[tuple[str, int], ...]) -> bool:
    """Same kinds of runs in the same order; digit runs no more than one digit apart."""
    if not a or not b:
        return not a and not b
    for (kind_a, len_a), (kind_b, len_b) in zip(a, b, strict=False):
        if kind_a != kind_b or (kind_a == "D" and abs(len_a - len_b) > 1):
            return False
    return True

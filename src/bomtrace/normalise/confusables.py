"""Look-alike characters: Cyrillic and Greek letters typed for Latin ones, and OCR slips.

Pure functions over strings. ``fold_homoglyphs`` is applied to every marking and every
catalog part number, so a marking typed on a Russian keyboard (``АD8221`` with a Cyrillic
А) meets its catalog row. ``ocr_skeleton`` maps the letters an OCR pass or a tired eye
confuses with digits onto those digits; two part numbers with the same skeleton differ
only by such slips.
"""

from __future__ import annotations

# Cyrillic and Greek capitals (and the lowercase forms that are used the same way) that
# are drawn like Latin letters. Source: Unicode confusables.txt (UTS #39), restricted to
# the letters that occur in part numbers.
_HOMOGLYPHS = {
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s",
    "х": "x", "у": "y", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "μ": "u",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)

# Letters that OCR and hand copying confuse with digits: 0/O, 1/I/l, 5/S, 8/B, 2/Z.
# The skeleton keeps the digit, so 'STM32F4O5' and 'STM32F405' share one.
_OCR_TABLE = str.maketrans(
    {"O": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
)


def fold_homoglyphs(text: str) -> str:
    """Replaces Cyrillic and Greek letters that look like Latin ones with the Latin letters."""
    return text.translate(_HOMOGLYPH_TABLE)


def has_homoglyphs(text: str) -> bool:
    """Tells whether a text holds a Cyrillic or Greek look-alike of a Latin letter."""
    return any(ch in _HOMOGLYPHS for ch in text)


def ocr_skeleton(key: str) -> str:
    """Maps letters that are easily misread as digits onto those digits (O->0, I->1, S->5 ...)."""
    return key.upper().translate(_OCR_TABLE)

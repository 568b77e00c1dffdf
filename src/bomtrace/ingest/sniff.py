"""Telling what a file really is from its first bytes, not from its name.

I/O (reads the head of a file). A workbook is a ZIP container; a legacy ``.xls`` and a
password-protected ``.xlsx`` are both OLE compound files, told apart by the streams
inside; anything else that decodes as text is treated as delimited text.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import olefile

# Signatures of files people mistake for spreadsheets, for a message that names them.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"{\\rtf", "an RTF document"),
)
_HTML = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body")
_ZIP = b"PK\x03\x04"
_ZIP_EMPTY = b"PK\x05\x06"
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")


class FileKind(StrEnum):
    """What the content of a file is."""

    WORKBOOK = "workbook"
    ENCRYPTED = "encrypted"
    LEGACY_XLS = "legacy_xls"
    TEXT = "text"
    EMPTY = "empty"
    BINARY = "binary"


def sniff(path: Path) -> FileKind:
    """Reads the first bytes of a file and says what it holds."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        return FileKind.EMPTY
    if head.startswith((_ZIP, _ZIP_EMPTY)):
        return FileKind.WORKBOOK
    if head.startswith(_OLE):
        try:
            with olefile.OleFileIO(str(path)) as ole:
                if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                    return FileKind.ENCRYPTED
        except OSError:
            return FileKind.BINARY
        return FileKind.LEGACY_XLS
    if _looks_like_text(head):
        return FileKind.TEXT
    return FileKind.BINARY


def describe(path: Path) -> str:
    """Names what a file that is not a spreadsheet is ("a PDF document"), or ""."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    xml = text.startswith(b"<?xml")
    if text.startswith(_HTML) or (xml and b"<html" in text):
        return "an HTML page"
    if xml and b"<workbook" in text:
        return "an Excel 2003 XML spreadsheet"
    return ""


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if looks_like_utf16(head):
        odd, even = head[1::2].count(0), head[0::2].count(0)
        try:
            text = head.decode(
                "utf-16-le" if odd > even else "utf-16-be", errors="strict"
            )
        except UnicodeDecodeError:
            return False
        return sum(1 for ch in text if ch < "\t" or "\r" < ch < " ") * 100 < len(text)
    # Stray NUL bytes (padding) and a few control bytes (a pasted escape) leave text;
    # binary files are full of the other control bytes. Valid UTF-8 is almost never
    # binary, so it may carry more of them (a short sheet with one pasted escape).
    controls = sum(1 for b in head if 0 < b < 9 or 13 < b < 32)
    try:
        head.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as exc:
        # The head may end inside a multi-byte character.
        utf8 = exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return controls * 10 < len(head) if utf8 else controls * 100 < len(head)


def looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: zero bytes on one side only (odd for LE, even for BE)."""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = max(1, len(head) // 2)
    return max(odd, even) / half >= 0.3 and min(odd, even) / half <= 0.05

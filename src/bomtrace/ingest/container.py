"""Inspecting a workbook's zip container before any XML parser sees it.

I/O (reads the zip directory and the first bytes of each XML part). Refuses, with a
clear error, the shapes of hostile workbooks: a zip bomb (parts that would unpack past
the size limit, or a large part compressed far beyond what spreadsheet XML reaches,
about 1:10 to 1:30), a container with an absurd number of parts, and any XML part that
declares a DTD (``<!DOCTYPE``/``<!ENTITY``), which Excel and LibreOffice never write and
which entity-expansion ("billion laughs") and external-entity (XXE) attacks need.
The XML parsers behind openpyxl are defusedxml's as well (see ``workbook``): this check
is the first of two layers, and the one that gives a readable message.

The sizes checked are the ones the zip directory declares. Python's ``zipfile`` never
inflates a part beyond its declared size (it stops there and fails the CRC check), so a
directory that lies cannot smuggle more bytes past this check.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bomtrace.errors import InputTooLarge, UnreadableFile, UnsupportedFormat
from bomtrace.ingest.limits import Limits
from bomtrace.remedies import Phrase, Setting

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_PROLOG_BYTES = 64 * 1024
# The start of the root element: a '<' followed by a name character.
_ROOT_START = re.compile(r"<[A-Za-z_:]")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_BOMB_MIN_BYTES = 1 << 20
_RESAVE = "Open it in Excel or LibreOffice and save it again as .xlsx"


def check_container(path: Path, name: str, limits: Limits) -> None:
    """Raises ``InputError`` when a workbook's container is damaged or hostile."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(members, name, limits)
            _check_is_workbook(archive, name)
            for member in members:
                if member.filename.lower().endswith(_XML_SUFFIXES):
                    _check_prolog(archive, member, name)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"the workbook cannot be opened (BadZipFile: {exc})",
            file=name,
            remedy=_RESAVE,
        ) from exc
    except (OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted zip part; NotImplementedError: a compression
        # method zipfile does not know; EOFError/OSError: a truncated part.
        raise UnreadableFile(
            f"the workbook is damaged ({type(exc).__name__}: {exc})",
            file=name,
            remedy=_RESAVE,
        ) from exc


def _check_sizes(members: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise InputTooLarge(
            f"the workbook holds {len(members):,} parts, more than the limit of"
            f" {limits.max_members:,} (no spreadsheet has that many)",
            file=name,
            remedy=_RESAVE,
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise InputTooLarge(
            f"the workbook would unpack to {total / 2**20:,.0f} MiB, more than the limit"
            f" of {limits.max_unzipped_mb:,} MiB (a zip bomb, or a very large workbook)",
            file=name,
            remedy=Phrase(
                "If the file is genuine, raise the limit with {setting}",
                Setting.MAX_UNZIPPED_MB,
                str(_next_limit(total / 2**20)),
            ),
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > _BOMB_MIN_BYTES and ratio > limits.max_ratio:
            raise InputTooLarge(
                f"the workbook part {member.filename} is compressed {ratio:,.0f} to 1"
                f" ({member.file_size / 2**20:,.0f} MiB unpacked); spreadsheet XML"
                f" compresses about 10 to 1, so this is taken for a zip bomb",
                file=name,
                remedy=_RESAVE,
            )


def _check_is_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """A zip that is not an Office Open XML workbook gets a message naming what it is."""
    names = {n.lower() for n in archive.namelist()}
    what = ""
    if "mimetype" in names:
        with archive.open("mimetype") as part:
            mimetype = part.read(200)
        if b"opendocument" in mimetype:
            what = (
                "an OpenDocument spreadsheet (.ods)"
                if b"spreadsheet" in mimetype
                else "an OpenDocument document"
            )
    if not what and not any(n.startswith("xl/") for n in names):
        if any(n.startswith("word/") for n in names):
            what = "a Word document"
        elif any(n.startswith("ppt/") for n in names):
            what = "a PowerPoint presentation"
        else:
            what = "a zip archive"
    if what:
        raise UnsupportedFormat(
            f"the file is {what}, not an Excel workbook",
            file=name,
            remedy="Open it in Excel or LibreOffice and save the parts list as .xlsx"
            " (or CSV UTF-8)",
        )


def _check_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """A DTD may only appear before the root element: read up to it and look."""
    with archive.open(member) as part:
        head = part.read(_PROLOG_BYTES)
    text = _decode_head(head)
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    if _DTD.search(prolog):
        raise UnreadableFile(
            f"the workbook part {member.filename} declares XML entities (a DTD), which"
            " spreadsheet programs never write and entity-expansion attacks need;"
            " refused unread",
            file=name,
            remedy="Do not open this file in other programs either; ask the sender for"
            " a copy saved by Excel or LibreOffice",
        )
    if root is None and len(head) == _PROLOG_BYTES:
        raise UnreadableFile(
            f"the workbook part {member.filename} has no XML element in its first"
            f" {_PROLOG_BYTES // 1024} KiB",
            file=name,
            remedy=_RESAVE,
        )


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        encoding = (
            "utf-16-be" if head.startswith((b"\xfe\xff", b"\x00<")) else "utf-16-le"
        )
        return head.decode(encoding, errors="replace").lstrip("\ufeff")
    return head.decode("latin-1")


def _next_limit(needed_mb: float) -> int:
    """A round limit comfortably above what the file needs."""
    step = 1024
    return int((needed_mb // step + 2) * step)

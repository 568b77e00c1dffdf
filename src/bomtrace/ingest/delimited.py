"""Reading CSV and TSV files whose encoding and delimiter nobody wrote down.

I/O at the edge. The encoding is found from the byte-order mark (UTF-8, UTF-16), else by
UTF-8 decoding (a file that is UTF-8 but for a few broken bytes is read as UTF-8, the
broken bytes shown as U+FFFD and their rows named in a note), else by charset-normalizer
restricted to the single-byte code pages that teardown sheets really come in (cp1251
for Russian and Ukrainian Excel exports, cp1252, KOI8). The delimiter is sniffed among
``,`` ``;`` tab and ``|``. The file is read in chunks and its rows streamed, so a
million-row file is never held whole. Row numbers are record numbers, as a spreadsheet
program shows them, even when a quoted cell spans several lines. Line endings may be
CRLF, LF or a lone CR (old Mac exports).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from bomtrace.errors import EmptyInput, InputTooLarge, UnreadableFile
from bomtrace.ingest.limits import DEFAULT_LIMITS, Limits
from bomtrace.ingest.sheets import RawSheet, Row, RowStream, guard_rows
from bomtrace.ingest.sniff import looks_like_utf16
from bomtrace.model import Problem, Severity
from bomtrace.remedies import Phrase, Setting

_SINGLE_BYTE = ["cp1251", "cp1252", "koi8_r", "cp866", "iso8859_5", "latin_1"]
_DELIMITERS = ",;\t|"
_CHUNK = 1 << 20
_HEAD = 1 << 16
_BLANK_BYTES = b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"
_REPLACED = "\ufffd"
_SHOWN_ROWS = 5


def detect_encoding(data: bytes) -> str:
    """Names the text encoding of a file's bytes."""
    return _encoding(data[:_HEAD], [data])[0]


def _encoding(head: bytes, chunks: Iterator[bytes] | list[bytes]) -> tuple[str, bool]:
    """The encoding, and whether broken bytes must be replaced to read it."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", False
    if looks_like_utf16(head[:4096]):
        part = head[:4096]
        encoding = (
            "utf-16-le" if part[1::2].count(0) >= part[0::2].count(0) else "utf-16-be"
        )
        return encoding, False
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    replaced = wide = 0
    for chunk in chunks:
        text = decoder.decode(chunk)
        replaced += text.count(_REPLACED)
        wide += sum(1 for ch in text if ch > "\x7f") - text.count(_REPLACED)
    replaced += decoder.decode(b"", final=True).count(_REPLACED)
    if not replaced:
        return "utf-8", False
    if wide >= 2 * replaced:
        return "utf-8", True
    best = from_bytes(head, cp_isolation=_SINGLE_BYTE).best()
    return (best.encoding if best is not None else "cp1252"), False


def detect_delimiter(text: str, suffix: str) -> str:
    """Names the delimiter of a text table (``,`` ``;`` tab or ``|``)."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    counts = {d: sample.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    return "\t" if suffix == ".tsv" else ","


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(_CHUNK), b"")


def read_delimited(
    path: Path, display_name: str, limits: Limits = DEFAULT_LIMITS
) -> RawSheet:
    """Reads a CSV/TSV file into one sheet named after the file (as Excel would)."""
    size = path.stat().st_size
    if size > limits.max_unzipped_bytes:
        raise InputTooLarge(
            f"the file is {size / 2**20:,.0f} MiB, more than the limit of"
            f" {limits.max_unzipped_mb:,} MiB",
            file=display_name,
            remedy=Phrase(
                "If it is genuine, raise the limit with {setting}",
                Setting.MAX_UNZIPPED_MB,
                str(2 * size // 2**20 + 1),
            ),
        )
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    if not any(chunk.strip(_BLANK_BYTES) for chunk in _chunks(path)):
        raise EmptyInput(
            "the file is empty",
            file=display_name,
            remedy="Check that the right file was exported",
        )
    encoding, lenient = _encoding(head, _chunks(path))
    try:
        sample = head.decode(encoding, errors="replace")
    except UnicodeError as exc:  # pragma: no cover - "replace" decodes anything
        raise UnreadableFile(
            f"the file cannot be decoded as {encoding}",
            file=display_name,
            remedy="Save it again as CSV UTF-8 from your spreadsheet program",
        ) from exc
    delimiter = detect_delimiter(sample.lstrip("\ufeff"), path.suffix.lower())
    sheet = RawSheet(name=Path(display_name).stem, rows=RowStream(()))
    sheet.notes.append(
        f"encoding {encoding}{' (broken bytes replaced)' if lenient else ''},"
        f" delimiter {delimiter!r}"
    )
    # The largest field the csv module accepts is process-wide state; a cell may be as
    # large as the file (enormous cells are cut later, with a note, not refused here).
    csv.field_size_limit(max(csv.field_size_limit(), size + 1))
    rows = _records(path, display_name, sheet, encoding, lenient, delimiter)
    sheet.rows = RowStream(
        guard_rows(rows, file=display_name, sheet=sheet, limits=limits)
    )
    return sheet


def _records(
    path: Path,
    display_name: str,
    sheet: RawSheet,
    encoding: str,
    lenient: bool,
    delimiter: str,
) -> Iterator[Row]:
    replaced_rows: list[int] = []
    number = 0
    quotes = 0
    row: list[str] = []

    def lines(handle: TextIO) -> Iterator[str]:
        nonlocal quotes
        for line in handle:
            quotes += line.count('"')
            yield line

    with path.open(
        encoding=encoding, errors="replace" if lenient else "strict", newline=""
    ) as handle:
        reader = csv.reader(lines(handle), delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                if number == 1 and cells:
                    cells[0] = cells[0].lstrip("\ufeff")
                row = [c.replace("\x00", "").strip() for c in cells]
                if lenient and any(_REPLACED in c for c in row):
                    replaced_rows.append(number)
                yield number, row
            if quotes % 2 and any("\n" in c or "\r" in c for c in row):
                raise UnreadableFile(
                    f'a quote (") opened in row {number} is never closed, so the rest'
                    " of the file was read into that row",
                    file=display_name,
                    sheet=sheet.name,
                    remedy="Close or remove the quote and run again",
                )
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"the file cannot be decoded as {encoding} ({exc.reason}) after record"
                f" {number}",
                file=display_name,
                sheet=sheet.name,
                remedy="Save it again as CSV UTF-8 from your spreadsheet program",
            ) from exc
        except csv.Error as exc:
            raise UnreadableFile(
                f"the file is not valid delimited text near record {number + 1} ({exc})",
                file=display_name,
                sheet=sheet.name,
                remedy="Open it in a spreadsheet program and save it again as CSV",
            ) from exc
        finally:
            if replaced_rows:
                shown = ", ".join(map(str, replaced_rows[:_SHOWN_ROWS]))
                more = len(replaced_rows) - _SHOWN_ROWS
                sheet.problems.append(
                    Problem(
                        file=display_name,
                        sheet=sheet.name,
                        message="bytes that are not valid UTF-8 were shown as"
                        f" {_REPLACED} in row{'s' if len(replaced_rows) > 1 else ''}"
                        f" {shown}{f' and {more} more' if more > 0 else ''}",
                        remedy="Check those cells against the original",
                        severity=Severity.NOTE,
                    )
                )

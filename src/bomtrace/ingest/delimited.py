"""Reading CSV and TSV files whose encoding and delimiter nobody wrote down.

I/O at the edge. The encoding is found from the byte-order mark (UTF-8, UTF-16), else by
strict UTF-8 decoding, else by charset-normalizer restricted to the single-byte code
pages that teardown sheets really come in (cp1251 for Russian and Ukrainian Excel
exports, cp1252, KOI8). The delimiter is sniffed among ``,`` ``;`` tab and ``|``. Row
numbers are record numbers, as a spreadsheet program shows them, even when a quoted
cell spans several lines.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from charset_normalizer import from_bytes

from bomtrace.errors import EmptyInput, UnreadableFile
from bomtrace.ingest.sheets import RawSheet

_SINGLE_BYTE = ["cp1251", "cp1252", "koi8_r", "cp866", "iso8859_5", "latin_1"]
_DELIMITERS = ",;\t|"


def detect_encoding(data: bytes) -> str:
    """Names the text encoding of a file's bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM: the zero bytes sit on the odd (LE) or even (BE) side.
        head = data[:4096]
        return (
            "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = from_bytes(data, cp_isolation=_SINGLE_BYTE).best()
    return best.encoding if best is not None else "cp1252"


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


def read_delimited(path: Path, display_name: str) -> RawSheet:
    """Reads a CSV/TSV file into one sheet named after the file (as Excel would)."""
    data = path.read_bytes()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise EmptyInput(
            "the file is empty",
            file=display_name,
            remedy="Check that the right file was exported",
        )
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"the file cannot be decoded as {encoding} ({exc.reason} at byte {exc.start})",
            file=display_name,
            remedy="Save it again as CSV UTF-8 from your spreadsheet program",
        ) from exc
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text, path.suffix.lower())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, [c.replace("\x00", "").strip() for c in cells]))
    except csv.Error as exc:
        raise UnreadableFile(
            f"the file is not valid delimited text near record {len(rows) + 1} ({exc})",
            file=display_name,
            remedy="Open it in a spreadsheet program and save it again as CSV",
        ) from exc
    while rows and not any(rows[-1][1]):
        rows.pop()
    name = path.stem
    sheet = RawSheet(name=name, rows=rows)
    sheet.notes.append(f"encoding {encoding}, delimiter {delimiter!r}")
    return sheet

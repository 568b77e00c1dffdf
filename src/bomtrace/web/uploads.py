"""Uploaded files: stored by their SHA-256, checked by content, previewed for confirmation.

I/O. An upload's name is kept only as text to show (``source_file`` in the outputs); on
disk the file is ``uploads/<sha256[:2]>/<sha256>.<suffix>``, the suffix chosen from what
the content is, so ``../../x.xlsx`` can never become a path. An upload is first staged
(copied into the upload folder under a temporary name, hashed, size-checked) and read;
only then, inside the short transaction that records the run, is it moved to its place
(``keep_staged``). The preview reads the file with the same ingest code a run uses and
shows, per sheet, the header row and the column of each role, so the researcher can
confirm or correct them before the run.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from bomtrace.api import read_column_overrides
from bomtrace.errors import BomtraceError, InputError
from bomtrace.ingest.preview import preview
from bomtrace.ingest.sniff import FileKind, sniff
from bomtrace.remedies import Phrase, Setting
from bomtrace.web.wording import WEB_WORDS

CHUNK = 1 << 20
KNOWN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


class UploadTooLarge(BomtraceError):
    """A file is over the upload size cap."""


@dataclass(slots=True)
class StoredFile:
    """An upload as stored: its name as given (cleaned), hash, size and place on disk
    (``staged`` until the run that uses it is recorded)."""

    name: str
    sha256: str = ""
    size: int = 0
    stored_as: str = ""
    kind: str = ""
    error: str = ""
    sheets: list[dict[str, Any]] = field(default_factory=list)
    role: str = "teardown"
    staged: Path | None = None

    def path(self, blob_dir: Path) -> Path:
        """Where the file's content is now."""
        return self.staged or blob_dir / self.stored_as


def display_name(filename: str | None) -> str:
    """The file name to show: the last path part, without control characters, at most 120 long."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    base = base[:120]
    return base if base.strip(".") else "upload"


def download_name(text: str, suffix: str) -> str:
    """A file name safe in a Content-Disposition header and on any file system."""
    stem = re.sub(r"_+", "_", _UNSAFE.sub("_", unicodedata.normalize("NFKC", text)))
    stem = stem.strip("._")[:80]
    return f"{stem or 'bomtrace'}.{suffix}"


def stored_suffix(kind: FileKind, name: str) -> str:
    """The suffix a stored file gets: from its content for what bomtrace reads, else the
    uploaded suffix when it is a spreadsheet one (so messages can name it), else none."""
    given = Path(name).suffix.lower()
    if kind is FileKind.WORKBOOK:
        return ".xlsm" if given == ".xlsm" else ".xlsx"
    if kind is FileKind.TEXT:
        return ".tsv" if given == ".tsv" else ".csv"
    return given if given in KNOWN_SUFFIXES else ""


def stage_upload(
    source: BinaryIO, filename: str | None, blob_dir: Path, max_bytes: int
) -> StoredFile:
    """Copies an upload into the upload folder under a temporary name, hashing it and
    checking its size on the way; ``keep_staged`` moves it to its place.

    Raises ``UploadTooLarge`` (nothing is kept) when the file is over ``max_bytes``.
    """
    name = display_name(filename)
    blob_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=blob_dir, prefix=".upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadTooLarge(
                        f"the file is over the {max_bytes // (1024 * 1024)} MB limit for one upload",
                        remedy=Phrase(
                            "Split the workbook, or ask the administrator to raise {setting}",
                            Setting.MAX_UPLOAD_MB,
                        ),
                    )
                digest.update(chunk)
                handle.write(chunk)
        sha = digest.hexdigest()
        kind = sniff(tmp)
        suffix = stored_suffix(kind, name)
        staged = tmp.with_name(tmp.name + suffix)  # readers look at the suffix
        tmp.replace(staged)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return StoredFile(
        name=name, sha256=sha, size=size, stored_as=f"{sha[:2]}/{sha}{suffix}",
        kind=kind.value, staged=staged,
    )  # fmt: skip


def keep_staged(stored: StoredFile, blob_dir: Path) -> None:
    """Moves a staged upload to its place in the store (dropping it when the same content
    is already there). Call it holding the store's lock, in the transaction recording it."""
    if stored.staged is None:
        return
    target = blob_dir / stored.stored_as
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        stored.staged.unlink(missing_ok=True)
    else:
        stored.staged.replace(target)
    stored.staged = None


def discard_staged(files: Iterable[StoredFile]) -> None:
    """Removes staged uploads that were not kept (a refused upload, an error)."""
    for stored in files:
        if stored.staged is not None:
            stored.staged.unlink(missing_ok=True)
            stored.staged = None


def inspect_upload(
    stored: StoredFile, blob_dir: Path, columns: str | Mapping[str, str] = ""
) -> StoredFile:
    """Reads an upload as a run would; fills in its sheets' preview, or its error."""
    overrides = read_column_overrides(columns or None)
    try:
        kind, sheets = preview(stored.path(blob_dir), stored.name, overrides)
    except InputError as exc:
        stored.error = exc.text(WEB_WORDS).removeprefix(f"{stored.name}: ")
        stored.sheets = []
        return stored
    stored.sheets = [
        {
            "name": sheet.name, "rows": sheet.rows, "header_row": sheet.header_row,
            "columns": dict(sheet.columns), "letters": list(sheet.letters),
            "headers": list(sheet.headers), "sample": [list(row) for row in sheet.sample],
        }
        for sheet in sheets
    ]  # fmt: skip
    stored.kind = kind
    return stored


def usable(files: Iterable[StoredFile]) -> list[StoredFile]:
    return [f for f in files if not f.error]


def unique_file_name(name: str, taken: set[str]) -> str:
    """``name`` as a file name no other in ``taken`` has (``a (2).csv``), at most 200 bytes.

    Trade and sanctions files are handed to the library under these names, so its
    messages and the report name them as uploaded.
    """
    suffix = Path(name).suffix[:16]
    stem = name.removesuffix(Path(name).suffix)
    while len((stem + suffix).encode("utf-8")) > 200:
        stem = stem[:-1]
    chosen, number = stem + suffix, 1
    while chosen.casefold() in taken:
        number += 1
        chosen = f"{stem} ({number}){suffix}"
    taken.add(chosen.casefold())
    return chosen

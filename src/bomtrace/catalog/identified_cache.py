"""Identifications of the published records, kept between runs.

I/O. Every run identifies each published record of the catalogs (``reported_gur.csv``:
4,722 components) from its text before the rows are matched: a second a run with the
shipped catalogs, several with a large user catalog, the same each time. The results
are kept in the cache folder as JSON, one file per set of catalog files (by their
SHA-256) and version of the code that identifies (catalog, reading, normalising and
matching code); a run finding the file reads them instead. JSON, not pickle: a cache
file can only ever hold data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bomtrace.catalog.cache import CatalogCache, code_fingerprint
from bomtrace.catalog.records import CatalogFile
from bomtrace.files import atomic_write
from bomtrace.model import Candidate, CatalogRef, Identification, MatchMethod, Status

log = logging.getLogger(__name__)

_FORMAT = "1"
# The code an identification depends on (bomtrace/<folder>/*.py and model.py).
_CODE = ("catalog", "ingest", "normalise", "match")
# Files kept: the most recently used, for a few sets of catalogs.
_KEEP = 6


def _candidate(c: Candidate) -> dict[str, Any]:
    return {
        "maker": c.maker, "mpn": c.mpn, "method": c.method.value, "score": c.score,
        "evidence": c.evidence,
        "ref": [c.catalog_ref.file, c.catalog_ref.line] if c.catalog_ref else None,
        "category": c.category, "description": c.description, "prefix": c.prefix,
    }  # fmt: skip


def identification_document(ident: Identification) -> dict[str, Any]:
    """An identification as JSON-ready data (``read_identification`` reads it back)."""
    return {
        "status": ident.status.value, "reason": ident.reason, "maker": ident.maker,
        "mpn": ident.mpn, "method": ident.method.value, "confidence": ident.confidence,
        "candidates": [_candidate(c) for c in ident.candidates],
        "evidence": ident.evidence, "category": ident.category,
        "description": ident.description, "marking_normalised": ident.marking_normalised,
        "date_code_hint": ident.date_code_hint,
    }  # fmt: skip


def read_identification(data: dict[str, Any]) -> Identification:
    """The identification an ``identification_document`` describes."""
    return Identification(
        status=Status(data["status"]), reason=data["reason"], maker=data["maker"],
        mpn=data["mpn"], method=MatchMethod(data["method"]),
        confidence=data["confidence"],
        candidates=tuple(
            Candidate(
                maker=c["maker"], mpn=c["mpn"], method=MatchMethod(c["method"]),
                score=c["score"], evidence=c["evidence"],
                catalog_ref=CatalogRef(file=c["ref"][0], line=c["ref"][1]) if c["ref"] else None,
                category=c["category"], description=c["description"], prefix=c["prefix"],
            )
            for c in data["candidates"]
        ),
        evidence=data["evidence"], category=data["category"],
        description=data["description"], marking_normalised=data["marking_normalised"],
        date_code_hint=data["date_code_hint"],
    )  # fmt: skip


class RememberedIdentify:
    """``identify`` for the published records, answered from the cache where it can be;
    ``keep`` writes what it had to work out for the next run."""

    def __init__(
        self,
        identify: Callable[[str], Identification],
        cache: CatalogCache | None,
        files: Sequence[CatalogFile],
    ) -> None:
        self.identify = identify
        self.path: Path | None = None
        self.known: dict[str, Identification] = {}
        self.new = 0
        self._read = False
        if cache is None:
            return
        digest = hashlib.sha256(
            "\n".join(
                [
                    _FORMAT,
                    code_fingerprint(_CODE, ()),
                    *(f"{f.kind} {f.name} {f.sha256}" for f in files),
                ]
            ).encode()
        )
        self.path = cache.location() / "identified" / f"{digest.hexdigest()[:32]}.json"

    def _load(self) -> None:
        """Reads the kept identifications (at the first call: a process that holds the
        records identified already never calls)."""
        self._read = True
        if self.path is None:
            return
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            if document.get("format") == _FORMAT:
                self.known = {
                    t: read_identification(d) for t, d in document["identified"].items()
                }
            os.utime(self.path)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "identifications in %s not used (%s): worked out again", self.path, exc
            )
            self.known = {}

    def __call__(self, text: str) -> Identification:
        if not self._read:
            self._load()
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = self.identify(text)
            self.new += 1
        return found

    def keep(self) -> None:
        """Writes the identifications when some were new (a failure only costs time)."""
        if self.path is None or not self.new:
            return
        document = {
            "format": _FORMAT,
            "identified": {
                t: identification_document(i) for t, i in self.known.items()
            },
        }
        try:
            with atomic_write(self.path, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
            older = sorted(
                self.path.parent.glob("*.json"),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
            for stale in older[_KEEP:]:
                stale.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("identifications not kept in %s (%s)", self.path, exc)

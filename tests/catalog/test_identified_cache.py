"""The published records' identifications, kept between runs as JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from bomtrace import trace
from bomtrace.catalog import Catalog
from bomtrace.catalog.cache import CatalogCache
from bomtrace.catalog.identified_cache import (
    RememberedIdentify,
    identification_document,
    read_identification,
)
from bomtrace.export.table import OutputRows
from bomtrace.match import Matcher
from bomtrace.model import Candidate, Identification, MatchMethod, Status
from bomtrace.provenance import reported


def test_every_field_is_kept() -> None:
    """The JSON names every field of an identification and its candidates."""
    candidate = Candidate(
        maker="m", mpn="n", method=MatchMethod.EXACT, score=1.0, evidence="e"
    )
    ident = Identification(status=Status.MATCHED, candidates=(candidate,))
    document = identification_document(ident)
    assert set(document) == {f.name for f in dataclasses.fields(Identification)}
    renamed = {"catalog_ref": "ref"}
    assert set(document["candidates"][0]) == {
        renamed.get(f.name, f.name) for f in dataclasses.fields(Candidate)
    }


def test_published_records_read_back_equal(catalog: Catalog, matcher: Matcher) -> None:
    """Each of the 4,722 records' identification, written and read, is the same."""
    texts = {r.text for r in catalog.reported}
    assert len(texts) > 1000
    for text in texts:
        ident = matcher.identify(text)
        assert (
            read_identification(json.loads(json.dumps(identification_document(ident))))
            == ident
        )


def traced(cache: CatalogCache | None) -> list[list[object]]:
    reported._CACHE.clear()  # as a new process starts
    result = trace([EXAMPLE], catalog_cache=cache, run_at="2026-01-01T00:00:00Z")
    return list(OutputRows().rows(result.outcomes))


def test_a_later_run_reads_them_and_gives_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run writes them; the next identifies none again; rows are the same."""
    cache = CatalogCache(folder=tmp_path)
    without = traced(None)
    assert not (tmp_path / "identified").exists()
    assert traced(cache) == without
    (kept,) = (tmp_path / "identified").glob("*.json")
    calls = []
    original = RememberedIdentify.__call__

    def counted(self: RememberedIdentify, text: str) -> Identification:
        found = original(self, text)
        calls.append(self.new)
        return found

    monkeypatch.setattr(RememberedIdentify, "__call__", counted)
    assert traced(cache) == without
    assert calls and max(calls) == 0  # every record answered from the file
    kept.write_text("{not json", encoding="utf-8")
    assert traced(cache) == without
    assert max(calls) > 1000  # worked out again ...
    assert json.loads(kept.read_text(encoding="utf-8"))["format"] == "1"  # ... and kept

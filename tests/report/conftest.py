"""Fixtures for the report tests: the bundled examples traced once, as JSON run files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bomtrace import TraceResult, trace, write_outputs
from bomtrace.result import TraceResult as ApiResult

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"
RUN_AT = "2024-01-01T00:00:00Z"
LEDGER = EXAMPLES / "adi_lot_ledger_illustrative.csv"


# The Orlan-10 example as `make demo` traces it, with the reported trade and sanctions files.
ORLAN_CHAIN: dict[str, Any] = {
    "recovered": "2023-05-01",
    "trade": [EXAMPLES / "trade_reported.csv"],
    "sanctions": [EXAMPLES / "sanctions_reported.simple.csv"],
}


@pytest.fixture(scope="session")
def orlan() -> TraceResult:
    return trace(
        [EXAMPLES / "orlan10_teardown.xlsx"],
        platform="Orlan-10",
        run_at=RUN_AT,
        **ORLAN_CHAIN,
    )


@pytest.fixture(scope="session")
def geran() -> TraceResult:
    return trace(
        [EXAMPLES / "geran2_teardown.xlsx"],
        platform="Geran-2 (Shahed-136 type)",
        run_at=RUN_AT,
    )


@pytest.fixture(scope="session")
def run_files(
    tmp_path_factory: pytest.TempPathFactory, orlan: TraceResult, geran: TraceResult
) -> list[Path]:
    """The two examples' JSON run files, in one folder."""
    folder = tmp_path_factory.mktemp("runs")
    return [
        write_outputs(result, folder, formats=["json"])[0] for result in (orlan, geran)
    ]


def load_rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows


# Made-up chain values in the layout of issue #4's columns, for tests; no real company.
CHAIN = {
    "produced_from": "2021-04-26",
    "produced_to": "2021-05-02",
    "after_2014_controls": "yes",
    "after_2022_controls": "no",
    "hs_code": "854239",
    "chpl_tier": "1",
    "eccn": "",
    "distributors": "Test Distributor One (US): lists this part as T-1-ND; Test Distributor Two (DE): carries the maker's line",
    "intermediaries": "Test Trading Ltd (HK) -> Test Import LLC (RU) [exact MPN; 2 shipments, 2022-06-01 to 2022-07-01]",
    "sanctioned_intermediaries": "Test Trading Ltd: match with 'TEST TRADING LIMITED' on TEST LIST (TEST-1; listed 2023-05), score 0.97; "
    "Test Import LLC: POSSIBLE match, to be checked with 'Test Imports' on TEST LIST (TEST-2; listed 2016), score 0.85",
    "chain_evidence": "trade link [exact MPN]: test shipment record 1 (made up for tests) | sanctions [match]: test",
    # The same parties as the text cells, as the writer puts them in chain_parties.
    "chain_parties": json.dumps(
        {
            "distributors": [
                {"name": "Test Distributor One", "country": "US", "basis": "lists this part as T-1-ND"},
                {"name": "Test Distributor Two", "country": "DE", "basis": "carries the maker's line"},
            ],
            "shipments": [
                {"sender": "Test Trading Ltd", "sender_country": "HK",
                 "receiver": "Test Import LLC", "receiver_country": "RU", "basis": "exact MPN",
                 "shipments": 2, "first": "2022-06-01", "last": "2022-07-01"},
            ],
            "listed": [
                {"party": "Test Trading Ltd", "possible": False,
                 "detail": "match with 'TEST TRADING LIMITED' on TEST LIST (TEST-1; listed 2023-05), score 0.97"},
                {"party": "Test Import LLC", "possible": True,
                 "detail": "POSSIBLE match, to be checked with 'Test Imports' on TEST LIST (TEST-2; listed 2016), score 0.85"},
            ],
        }
    ),
}  # fmt: skip


def add_chain(record: dict[str, Any]) -> dict[str, Any]:
    """A record with the provenance-chain columns: filled for matched rows, blank otherwise."""
    filled = (
        record["status"] == "matched" and record["manufacturer"] == "Analog Devices"
    )
    return {**record, **{k: (v if filled else "") for k, v in CHAIN.items()}}


def drop_chain(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a run written before the chain columns existed has it."""
    return {k: v for k, v in record.items() if k not in CHAIN}


@pytest.fixture
def without_chain_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes TraceResult.records() lack the chain columns (as runs before issue #4)."""
    original = ApiResult.records

    def records(self: ApiResult) -> list[dict[str, Any]]:
        return [drop_chain(r) for r in original(self)]

    monkeypatch.setattr(ApiResult, "records", records)


@pytest.fixture
def with_chain_columns(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Makes TraceResult.records() carry the chain columns (as runs with issue #4 will)."""
    original = ApiResult.records

    def records(self: ApiResult) -> list[dict[str, Any]]:
        return [add_chain(r) for r in original(self)]

    monkeypatch.setattr(ApiResult, "records", records)
    yield lambda: None

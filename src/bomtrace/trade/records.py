"""Shipments as Arrow columns: the layout of the store and of the linking engines' tables.

I/O helpers (pyarrow). ``records`` holds one row per shipment: every field of a
``TradeRecord`` (tax numbers and the words as written as JSON text), its dates as day
numbers and the keys linking needs (``hs_key``, ``maker_written``). ``numbers`` holds
one row per number a shipment declares, with its lookup keys. Both carry the record's
``record_id``, unique in a store and in reading order. ``to_records`` reads rows back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from bomtrace.model import PartyId, SourceRef, TradeRecord
from bomtrace.provenance.trade import days, declared_numbers, hs_key, number_keys

_TEXT = (
    "date", "sender", "sender_country", "receiver", "receiver_country",
    "goods_description", "hs_code", "manufacturer", "mpn", "quantity", "value",
    "currency", "source", "described_maker", "brand", "origin_country", "unit",
    "net_weight", "statistical_value", "declaration",
)  # fmt: skip
RECORDS = pa.schema(
    [
        ("record_id", pa.int64()),
        ("trade_file", pa.string()),
        ("trade_sheet", pa.string()),
        ("trade_row", pa.int64()),
        *((name, pa.string()) for name in _TEXT),
        ("date_from", pa.date32()),
        ("date_to", pa.date32()),
        ("day_from", pa.int32()),
        ("day_to", pa.int32()),
        ("numbers", pa.list_(pa.string())),
        ("quantity_value", pa.float64()),
        ("sender_ids", pa.string()),
        ("receiver_ids", pa.string()),
        ("given", pa.string()),
        ("hs_key", pa.string()),
        ("maker_written", pa.string()),
    ]
)
# The columns of ``records`` the linking SQL reads.
LINK_RECORDS = pa.schema(
    [
        RECORDS.field(n)
        for n in ("record_id", "day_from", "day_to", "hs_key", "maker_written")
    ]
)
NUMBERS = pa.schema(
    [
        ("record_id", pa.int64()),
        ("number", pa.string()),
        ("full_key", pa.string()),
        ("base_key", pa.string()),
        # The number is the record's whole part-number cell (it names a part even when
        # the catalogs do not know it).
        ("from_mpn", pa.bool_()),
        ("day_from", pa.int32()),
        ("day_to", pa.int32()),
    ]
)
# What the catalogs read each declared number as: the catalog part's key ('' when
# none), and whether the number names a part (then the shipment is no HS-only link).
READINGS = pa.schema(
    [("number", pa.string()), ("part_key", pa.string()), ("names_part", pa.bool_())]
)
MAKERS = pa.schema([("written", pa.string()), ("maker", pa.string())])


def _ids(ids: Sequence[PartyId]) -> str:
    return (
        json.dumps([[i.scheme, i.value, i.country, i.label] for i in ids])
        if ids
        else ""
    )


def to_tables(
    records: Sequence[TradeRecord],
    first_id: int | Sequence[int],
    *,
    link_only: bool = False,
) -> tuple[pa.Table, pa.Table]:
    """The ``records`` and ``numbers`` rows of shipments numbered from ``first_id``
    (or numbered by a sequence of ids, one per shipment).

    ``link_only``: only the ``records`` columns linking reads (``LINK_RECORDS``), for
    shipments held in memory, whose other fields are read from the records themselves.
    """
    ids = (
        range(first_id, first_id + len(records))
        if isinstance(first_id, int)
        else first_id
    )
    schema = LINK_RECORDS if link_only else RECORDS
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    numbers: dict[str, list[Any]] = {name: [] for name in NUMBERS.names}
    keys: dict[str, tuple[str, str]] = {}
    for record_id, record in zip(ids, records, strict=True):
        day_from = days(record.date_from)
        day_to = days(record.date_to or record.date_from)
        columns["record_id"].append(record_id)
        columns["day_from"].append(day_from)
        columns["day_to"].append(day_to)
        columns["hs_key"].append(hs_key(record.hs_code))
        if not link_only:
            columns["trade_file"].append(record.ref.file)
            columns["trade_sheet"].append(record.ref.sheet)
            columns["trade_row"].append(record.ref.row)
            for name in _TEXT:
                columns[name].append(getattr(record, name))
            columns["date_from"].append(record.date_from)
            columns["date_to"].append(record.date_to)
            columns["numbers"].append(list(record.numbers))
            columns["quantity_value"].append(record.quantity_value)
            columns["sender_ids"].append(_ids(record.sender_ids))
            columns["receiver_ids"].append(_ids(record.receiver_ids))
            columns["given"].append(json.dumps(record.given) if record.given else "")
        columns["maker_written"].append(record.manufacturer or record.described_maker)
        for declared in dict.fromkeys(declared_numbers(record)):
            if declared not in keys:
                keys[declared] = number_keys(declared)
            full, base = keys[declared]
            if not full:
                continue
            numbers["record_id"].append(record_id)
            numbers["number"].append(declared)
            numbers["full_key"].append(full)
            numbers["base_key"].append(base)
            numbers["from_mpn"].append(declared == record.mpn)
            numbers["day_from"].append(day_from)
            numbers["day_to"].append(day_to)
    return (
        pa.Table.from_pydict(columns, schema=schema),
        pa.Table.from_pydict(numbers, schema=NUMBERS),
    )


def _party_ids(text: str | None) -> tuple[PartyId, ...]:
    if not text:
        return ()
    return tuple(
        PartyId(scheme=s, value=v, country=c, label=label)
        for s, v, c, label in json.loads(text)
    )


def to_records(rows: Iterable[Mapping[str, Any]]) -> dict[int, TradeRecord]:
    """Shipments from ``records`` rows (as dicts), by record id."""
    found: dict[int, TradeRecord] = {}
    for row in rows:
        given = row.get("given") or ""
        found[int(row["record_id"])] = TradeRecord(
            ref=SourceRef(
                file=row["trade_file"] or "",
                sheet=row["trade_sheet"] or "",
                row=int(row["trade_row"] or 0),
            ),
            **{name: row.get(name) or "" for name in _TEXT},
            date_from=_date(row.get("date_from")),
            date_to=_date(row.get("date_to")),
            numbers=tuple(row.get("numbers") or ()),
            quantity_value=row.get("quantity_value"),
            sender_ids=_party_ids(row.get("sender_ids")),
            receiver_ids=_party_ids(row.get("receiver_ids")),
            given=tuple((c, t) for c, t in json.loads(given)) if given else (),
        )
    return found


def _date(value: object) -> dt.date | None:
    """A date as Arrow, pandas or Spark hand it over."""
    if value is None or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])

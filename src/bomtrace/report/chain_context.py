"""The report's view of the provenance chain: production dates, export control, linked
shipments, sanctions hits and the reported network, with their sources and caveats.

Pure. ``chain_context(result)`` is what the ``_chain.html.j2`` partial shows; every
figure is computed from the rows, and every claim carries the source it rests on.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from bomtrace.export.chain_columns import describe_hit, party
from bomtrace.model import Answer, PartyId, Status, TradeRecord
from bomtrace.provenance.control import hs6

if TYPE_CHECKING:
    from bomtrace.result import TraceResult

CAVEATS = (
    "A linked shipment shows that goods of this kind moved between these parties; it does "
    "not show that this part was in it. 'HS only' is the weakest link: the same customs "
    "heading and nothing more.",
    "A sanctions hit compares names, or tax and registry numbers where the records and the "
    "list give them ('identifier match'). A 'possible' hit is a lead for a person to check, "
    "not a finding; a 'contradicted' one is a name match whose identifier differs from the "
    "listed one, most likely another company.",
    "Reported facts are allegations as reported, with their sources; charges are not "
    "convictions. They say nothing about anyone they do not name.",
    "Naming a maker or a distributor implies no wrongdoing by it or by any earlier party "
    "in the supply chain unless a cited source states it.",
)


def _marking(row_values: dict[str, str]) -> str:
    return row_values.get("marking") or row_values.get("part_number", "")


def declared_words(record: TradeRecord) -> list[tuple[str, str]]:
    """The declaration's own words, cell by cell, as its file wrote them."""
    cells = [
        ("sender", _with_ids(record.sender, record.as_written("sender_country"), ())),
        (
            "receiver",
            _with_ids(
                record.receiver,
                record.as_written("receiver_country"),
                record.receiver_ids,
            ),
        ),
        ("date", record.date),
        ("declaration", record.declaration),
        ("goods", record.goods_description),
        ("part number", record.mpn),
        ("code", record.hs_code),
        ("maker", record.manufacturer),
        ("brand", record.brand),
        ("origin", record.as_written("origin_country")),
        ("quantity", " ".join(x for x in (record.quantity, record.unit) if x)),
    ]
    return [(k, v) for k, v in cells if v]


def our_reading(record: TradeRecord) -> list[tuple[str, str]]:
    """What bomtrace read from those words, to be checked against them."""
    dates = ""
    if record.date_from and record.date_to:
        first, last = record.date_from.isoformat(), record.date_to.isoformat()
        dates = first if first == last else f"{first} to {last}"
    code = hs6(record.hs_code)
    quantity = (
        f"{record.quantity_value:g} {record.unit}".strip()
        if record.quantity_value is not None
        else ""
    )
    cells = [
        ("part numbers read", ", ".join(record.numbers) or "none"),
        ("maker named", record.described_maker),
        ("date", dates or "not read"),
        ("HS", f"{code[:4]}.{code[4:]}" if len(code) == 6 else code),
        ("countries", _countries(record)),
        ("quantity", quantity),
        (
            "tax numbers",
            "; ".join(str(i) for i in record.receiver_ids + record.sender_ids),
        ),
    ]
    return [(k, v) for k, v in cells if v]


def _with_ids(name: str, country: str, ids: tuple[PartyId, ...]) -> str:
    shown = f"{name} ({country})" if country else name
    return shown + "".join(f", {i.label or i.scheme}: {i.value}" for i in ids)


def _countries(record: TradeRecord) -> str:
    found = [
        f"{label} {code}"
        for label, code in (
            ("from", record.sender_country),
            ("to", record.receiver_country),
            ("origin", record.origin_country),
        )
        if len(code) == 2 and code.isupper()
    ]
    return ", ".join(found)


def chain_context(result: TraceResult) -> dict[str, Any]:
    """Everything the chain section of the report shows, computed from the rows."""
    parts = [o for o in result.outcomes if o.status is not Status.SKIPPED]
    chains = [(o, o.chain) for o in parts if o.chain is not None]
    windows = [c.window for _, c in chains if c.window is not None]
    decoded = [w for w in windows if w.decoded]
    links = []
    hits: dict[tuple[str, str, str], dict[str, Any]] = {}
    for outcome, chain in chains:
        ident = outcome.identification
        for link in chain.links:
            r = link.record
            links.append({
                "sheet": outcome.row.ref.sheet, "row": outcome.row.ref.row,
                "marking": _marking(outcome.row.values),
                "part": (ident.mpn or ident.marking_normalised) if ident else "",
                "strength": link.strength.value, "sender": party(r.sender, r.sender_country),
                "receiver": party(r.receiver, r.receiver_country), "date": r.date,
                "quantity": r.quantity, "goods": r.goods_description, "hs": r.hs_code,
                "source": r.source, "where": f"{r.ref.file} row {r.ref.row}",
                "declared": declared_words(r), "reading": our_reading(r),
            })  # fmt: skip
        for hit in chain.hits:
            key = (hit.party, hit.entry.list_name, hit.entry.entity_id)
            hits[key] = {
                "party": hit.party, "possible": not hit.strength.certain,
                "strength": hit.strength.value,
                "list": hit.entry.list_name, "programs": ", ".join(hit.entry.programs),
                "listed": hit.entry.listed_on, "compared": hit.matched_name,
                "score": f"{hit.score:.2f}", "text": describe_hit(hit), "why": hit.evidence,
                "entry": f"{hit.entry.entity_id} ({hit.entry.ref.file} row {hit.entry.ref.row})",
            }  # fmt: skip
    tiers = Counter(c.control.chpl_tier for _, c in chains if c.control.chpl_tier)
    platforms = {f.platform.casefold() for f in result.catalog.teardown_reports}
    reported = result.info.platform.casefold() in platforms
    return {
        "shown": bool(parts),
        "recovered": result.info.recovered,
        "date_codes": len(windows),
        "decoded": len(decoded),
        "refused": len(windows) - len(decoded),
        "after_2022": sum(1 for _, c in chains if c.after_2022 is Answer.YES),
        "after_2014": sum(1 for _, c in chains if c.after_2014 is Answer.YES),
        "tiers": sorted(tiers.items()),
        "links": links,
        "hits": list(hits.values()),
        "references": [f for f in result.info.references],
        "network": list(result.catalog.network) if reported else [],
        "teardown_reports": [
            f
            for f in result.catalog.teardown_reports
            if reported and f.platform.casefold() == result.info.platform.casefold()
        ],
        "caveats": CAVEATS,
    }

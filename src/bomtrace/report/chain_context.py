"""The report's view of the provenance chain: production dates, export control, linked
shipments, sanctions hits and the reported network, with their sources and caveats.

Pure. ``chain_context(result)`` is what the ``_chain.html.j2`` partial shows; every
figure is computed from the rows, and every claim carries the source it rests on.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from bomtrace.export.chain_columns import describe_hit, party
from bomtrace.model import Answer, HitStrength, Status

if TYPE_CHECKING:
    from bomtrace.api import TraceResult

CAVEATS = (
    "A linked shipment shows that goods of this kind moved between these parties; it does "
    "not show that this part was in it. 'HS only' is the weakest link: the same customs "
    "heading and nothing more.",
    "A sanctions hit compares names only. A 'possible' hit is a lead for a person to check, "
    "not a finding.",
    "Reported facts are allegations as reported, with their sources; charges are not "
    "convictions. They say nothing about anyone they do not name.",
    "Naming a maker or a distributor implies no wrongdoing by it or by any earlier party "
    "in the supply chain unless a cited source states it.",
)


def _marking(row_values: dict[str, str]) -> str:
    return row_values.get("marking") or row_values.get("part_number", "")


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
            })  # fmt: skip
        for hit in chain.hits:
            key = (hit.party, hit.entry.list_name, hit.entry.entity_id)
            hits[key] = {
                "party": hit.party, "possible": hit.strength is HitStrength.POSSIBLE,
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

"""The provenance chain's output columns (issue #4), as text cells of the row contract.

Pure. ``chain_cells`` turns a row's ``Chain`` into the eleven columns added after the
existing ones. Lists inside a cell are ``;``-separated; every claim in ``distributors``,
``intermediaries`` and ``sanctioned_intermediaries`` is backed by a line of
``chain_evidence`` that names its source. A weak sanctions hit says "possible".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bomtrace.model import (
    Chain,
    HitStrength,
    RowOutcome,
    SanctionHit,
    Status,
    TradeLink,
)

CHAIN_COLUMNS: tuple[str, ...] = (
    "produced_from", "produced_to", "after_2014_controls", "after_2022_controls",
    "hs_code", "chpl_tier", "eccn", "distributors", "intermediaries",
    "sanctioned_intermediaries", "chain_evidence",
)  # fmt: skip


def party(name: str, country: str) -> str:
    """'Asia Pacific Links (HK)'."""
    return f"{name} ({country})" if country else name


def summarise_links(links: tuple[TradeLink, ...]) -> list[str]:
    """One entry per sender -> receiver pair: strongest evidence, shipments, dates."""
    pairs: dict[tuple[str, str], list[TradeLink]] = defaultdict(list)
    for link in links:
        r = link.record
        pairs[
            (party(r.sender, r.sender_country), party(r.receiver, r.receiver_country))
        ].append(link)
    entries = []
    for (sender, receiver), group in pairs.items():
        strongest = max(group, key=lambda link: link.strength.rank).strength
        dates = sorted({link.record.date for link in group if link.record.date})
        shipments = f"{len(group)} shipment{'s' if len(group) != 1 else ''}"
        when = (
            f", {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1 else "")
            if dates
            else ""
        )
        entries.append(f"{sender} -> {receiver} [{strongest.value}; {shipments}{when}]")
    return entries


def describe_hit(hit: SanctionHit) -> str:
    """'Asia Pacific Links: listed as ... on <list> (programs; listed <date>), score 1.00'."""
    entry = hit.entry
    details = "; ".join(
        x
        for x in (
            ", ".join(entry.programs),
            f"listed {entry.listed_on}" if entry.listed_on else "",
        )
        if x
    )
    label = (
        "match"
        if hit.strength is HitStrength.MATCH
        else "POSSIBLE match, to be checked"
    )
    return (
        f"{hit.party}: {label} with '{hit.matched_name}' on {entry.list_name}"
        + (f" ({details})" if details else "")
        + f", score {hit.score:.2f}"
    )


def _evidence(chain: Chain) -> list[str]:
    lines = []
    window = chain.window
    if window is not None:
        if window.decoded:
            lines.append(
                f"date code '{window.code}' ({window.origin}): {window.rule}; source: {window.source}"
            )
        else:
            lines.append(
                f"date code '{window.code}' ({window.origin}): {window.reason}"
            )
    control = chain.control
    if control.hs_code:
        lines.append(f"HS {control.hs_code}: {control.hs_basis}")
    if control.chpl_tier:
        lines.append(f"CHPL tier {control.chpl_tier}: {control.chpl_source}")
    if control.eccn:
        lines.append(f"ECCN {control.eccn}: {control.eccn_source}")
    lines += [
        f"distributor {d.name}: {d.basis}; source: {d.source}"
        for d in chain.distributors
    ]
    lines += [
        f"trade link [{link.strength.value}]: {link.evidence}; source: {link.record.source}"
        for link in chain.links
    ]
    lines += [
        f"sanctions [{hit.strength.value}]: '{hit.party}' compared with '{hit.matched_name}' "
        f"({hit.entry.list_name}, entry {hit.entry.entity_id}, {hit.entry.ref.file} row {hit.entry.ref.row}): "
        f"score {hit.score:.2f}, {hit.evidence}"
        for hit in chain.hits
    ]
    return lines + list(chain.notes)


def chain_cells(outcome: RowOutcome) -> dict[str, Any]:
    """The chain columns of one output row (blank for skipped rows)."""
    chain = outcome.chain
    if chain is None:
        blank = "" if outcome.status is Status.SKIPPED else "unknown"
        return {c: (blank if c.startswith("after_") else "") for c in CHAIN_COLUMNS}
    window = chain.window
    return {
        "produced_from": window.start.isoformat() if window and window.start else "",
        "produced_to": window.end.isoformat() if window and window.end else "",
        "after_2014_controls": chain.after_2014.value,
        "after_2022_controls": chain.after_2022.value,
        "hs_code": chain.control.hs_code,
        "chpl_tier": chain.control.chpl_tier,
        "eccn": chain.control.eccn,
        "distributors": "; ".join(
            f"{party(d.name, d.country)}: {d.basis}" for d in chain.distributors
        ),
        "intermediaries": "; ".join(summarise_links(chain.links)),
        "sanctioned_intermediaries": "; ".join(describe_hit(h) for h in chain.hits),
        "chain_evidence": " | ".join(_evidence(chain)),
    }

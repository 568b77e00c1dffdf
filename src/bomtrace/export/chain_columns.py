"""The provenance chain's output columns (issue #4), as text cells of the row contract.

Pure. ``chain_cells`` turns a row's ``Chain`` into the eleven columns added after the
existing ones (``blank_chain_cells`` when the row has none). Lists inside a cell are ``;``-separated; every claim in ``distributors``,
``intermediaries`` and ``sanctioned_intermediaries`` is backed by a line of
``chain_evidence`` that names its source. A weak sanctions hit says "possible".
"""

from __future__ import annotations

import json
from collections import defaultdict

from bomtrace.model import (
    Chain,
    HitStrength,
    ProductionWindow,
    SanctionHit,
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


def _pairs(links: tuple[TradeLink, ...]) -> dict[tuple[str, ...], list[TradeLink]]:
    """The links grouped by sender, sender country, receiver, receiver country."""
    pairs: dict[tuple[str, ...], list[TradeLink]] = defaultdict(list)
    for link in links:
        r = link.record
        pairs[(r.sender, r.sender_country, r.receiver, r.receiver_country)].append(link)
    return pairs


def summarise_links(links: tuple[TradeLink, ...]) -> list[str]:
    """One entry per sender -> receiver pair: strongest evidence, shipments, dates."""
    entries = []
    for (s_name, s_country, r_name, r_country), group in _pairs(links).items():
        sender, receiver = party(s_name, s_country), party(r_name, r_country)
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


_LABELS = {
    HitStrength.IDENTIFIER: "identifier match",
    HitStrength.MATCH: "match",
    HitStrength.POSSIBLE: "POSSIBLE match, to be checked",
    HitStrength.CONTRADICTED: "CONTRADICTED name match (identifiers differ), to be checked",
}


def describe_hit(hit: SanctionHit) -> str:
    """'Asia Pacific Links: listed as ... on <list> (programs; listed <date>), score 1.00'."""
    return f"{hit.party}: {hit_detail(hit)}"


def hit_detail(hit: SanctionHit) -> str:
    """'match with ... on <list> (programs; listed <date>), score 1.00'."""
    entry = hit.entry
    details = "; ".join(
        x
        for x in (
            ", ".join(entry.programs),
            f"listed {entry.listed_on}" if entry.listed_on else "",
        )
        if x
    )
    label = _LABELS[hit.strength] + (f" ({hit.identifier})" if hit.identifier else "")
    return (
        f"{label} with '{hit.matched_name}' on {entry.list_name}"
        + (f" ({details})" if details else "")
        + f", score {hit.score:.2f}"
    )


def maker_then_evidence(chain: Chain) -> str:
    """The maker-at-production line of ``chain_evidence`` (blank without one)."""
    return (
        f"maker at production: {chain.maker_then_basis}"
        if chain.maker_then_basis
        else ""
    )


def window_evidence(window: ProductionWindow | None) -> str:
    """The date-code line of ``chain_evidence`` (blank without a date code)."""
    if window is None:
        return ""
    if window.decoded:
        return f"date code '{window.code}' ({window.origin}): {window.rule}; source: {window.source}"
    return f"date code '{window.code}' ({window.origin}): {window.reason}"


def part_evidence(chain: Chain) -> str:
    """The rest of ``chain_evidence``: HS, CHPL, ECCN, distributors, links, hits, notes."""
    lines = []
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
    return " | ".join(lines + list(chain.notes))


def joined_evidence(window_line: str, maker_line: str, part_lines: str) -> str:
    """``chain_evidence``: the date-code line first, the maker at production, then the
    others (blank ones left out)."""
    return " | ".join(line for line in (window_line, maker_line, part_lines) if line)


def blank_chain_cells(skipped: bool) -> tuple[str, ...]:
    """The chain columns of a row without a chain: blank, or "unknown" control flags."""
    blank = "" if skipped else "unknown"
    return tuple(blank if c.startswith("after_") else "" for c in CHAIN_COLUMNS)


def window_cells(chain: Chain) -> tuple[str, str, str, str]:
    """produced_from, produced_to, after_2014_controls, after_2022_controls."""
    window = chain.window
    return (
        window.start.isoformat() if window and window.start else "",
        window.end.isoformat() if window and window.end else "",
        chain.after_2014.value,
        chain.after_2022.value,
    )


def part_cells(chain: Chain) -> tuple[str, str, str, str, str, str]:
    """hs_code, chpl_tier, eccn, distributors, intermediaries, sanctioned_intermediaries."""
    return (
        chain.control.hs_code,
        chain.control.chpl_tier,
        chain.control.eccn,
        "; ".join(f"{party(d.name, d.country)}: {d.basis}" for d in chain.distributors),
        "; ".join(summarise_links(chain.links)),
        "; ".join(describe_hit(h) for h in chain.hits),
    )


def chain_cells(chain: Chain) -> tuple[str, ...]:
    """The chain columns of one output row, in ``CHAIN_COLUMNS`` order."""
    evidence = joined_evidence(
        window_evidence(chain.window), maker_then_evidence(chain), part_evidence(chain)
    )
    return (*window_cells(chain), *part_cells(chain), evidence)


def chain_parties(chain: Chain) -> str:
    """The parties of the chain cells as JSON, for scripts and the reports to read.

    The text cells are for people; a name holding ``;``, ``->`` or brackets would make
    them ambiguous to a program. This cell says the same, structured: ``distributors``,
    ``shipments`` (one per sender -> receiver pair, as in ``intermediaries``) and
    ``listed`` (as in ``sanctioned_intermediaries``). Blank when it names no party.
    """
    if not (chain.distributors or chain.links or chain.hits):
        return ""
    shipments = []
    for (s_name, s_country, r_name, r_country), group in _pairs(chain.links).items():
        dates = sorted({link.record.date for link in group if link.record.date})
        shipments.append(
            {
                "sender": s_name, "sender_country": s_country,
                "receiver": r_name, "receiver_country": r_country,
                "basis": max(group, key=lambda link: link.strength.rank).strength.value,
                "shipments": len(group),
                "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
            }
        )  # fmt: skip
    document = {
        "distributors": [
            {"name": d.name, "country": d.country, "basis": d.basis}
            for d in chain.distributors
        ],
        "shipments": shipments,
        "listed": [
            {
                "party": h.party, "possible": not h.strength.certain,
                "strength": h.strength.value,
                "matched_name": h.matched_name, "list": h.entry.list_name,
                "entity_id": h.entry.entity_id, "programs": list(h.entry.programs),
                "listed_on": h.entry.listed_on, "score": round(h.score, 2),
                "detail": hit_detail(h),
            }
            for h in chain.hits
        ],
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))

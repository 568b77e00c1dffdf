"""Writing the provenance chain as FollowTheMoney entities (``--format ftm``, JSON lines).

I/O in ``write_ftm``; ``chain_entities`` is pure. One entity per line, in the FtM shape
(``id``, ``schema``, ``properties`` with lists of strings), so the file loads into Aleph
and the OpenSanctions tools (``ftm`` CLI, nomenklatura):

- makers as ``Company`` and their current owners through ``Ownership``;
- distributors as ``Company`` with an ``UnknownLink`` to the maker ("lists part ...");
- linked shipments as ``EconomicActivity`` (sender, receiver, HS code as ``vedCode``,
  dates, goods) between ``LegalEntity`` parties;
- sanctions hits as ``Sanction`` on the party when the names match, and as a ``Note``
  ("possible match, to be checked") when they only may;
- for a platform with reported facts (``network_reported.csv``), the reported network:
  its companies and people, their reported sanctions and links, each with its source in
  ``publisher`` and the statement in ``description``.

The ``followthemoney`` library is not needed to write this; the tests validate the
entities against its schema.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bomtrace.files import atomic_write
from bomtrace.model import Status

if TYPE_CHECKING:
    from bomtrace.catalog.records import ReportedFact
    from bomtrace.result import TraceResult

Entity = dict[str, Any]
_KEY = re.compile(r"[^a-z0-9]+")
REPORTED = "reported fact (allegation as reported; charges are not convictions)"


def entity_id(*parts: str) -> str:
    """A stable id from what identifies the thing ('company', 'texas instruments')."""
    text = "|".join(_KEY.sub(" ", p.casefold()).strip() for p in parts)
    return "bomtrace-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class _Entities:
    def __init__(self) -> None:
        self.items: dict[str, Entity] = {}

    def add(self, schema: str, key: Iterable[str], **props: Any) -> str:
        ident = entity_id(schema if schema != "LegalEntity" else "party", *key)
        clean = {
            name: [
                str(v) for v in (values if isinstance(values, list) else [values]) if v
            ]
            for name, values in props.items()
        }
        clean = {name: values for name, values in clean.items() if values}
        entity = self.items.setdefault(
            ident, {"id": ident, "schema": schema, "properties": {}}
        )
        for name, values in clean.items():
            known = entity["properties"].setdefault(name, [])
            known.extend(v for v in values if v not in known)
        return ident


def _country(code: str) -> str:
    return code.strip().lower() if len(code.strip()) == 2 else ""


def _reported(result: TraceResult) -> list[ReportedFact]:
    platforms = {f.platform.casefold() for f in result.catalog.teardown_reports}
    if result.info.platform.casefold() in platforms:
        return list(result.catalog.network)
    return []


def chain_entities(result: TraceResult) -> list[Entity]:
    """The run's provenance chain as FtM entity dicts, in a stable order."""
    out = _Entities()
    parties: dict[str, str] = {}
    for fact in _reported(result):
        schema = "Person" if fact.kind == "person" else "Company"
        node = out.add(
            schema, [fact.subject], name=fact.subject, alias=list(fact.aliases),
            country=_country(fact.country), description=fact.statement,
            publisher=fact.source, summary=f"{fact.role} ({REPORTED})",
        )  # fmt: skip
        for name in (fact.subject, *fact.aliases):
            parties[name.casefold()] = node
        if fact.sanctioned_by:
            out.add(
                "Sanction", ["reported", fact.subject, fact.sanctioned_by, fact.sanction_date],
                entity=node, country=_country(fact.sanctioned_by), startDate=fact.sanction_date,
                authority=f"{fact.sanctioned_by} (as reported)", publisher=fact.source,
                summary=REPORTED,
            )  # fmt: skip
    for fact in _reported(result):
        subject = parties[fact.subject.casefold()]
        for other in _reported(result):
            if other is fact or other.subject.casefold() not in fact.role.casefold():
                continue
            if "owned by" in fact.role:
                out.add(
                    "Ownership", [other.subject, fact.subject], owner=parties[other.subject.casefold()],
                    asset=subject, role=fact.role, publisher=fact.source, summary=REPORTED,
                )  # fmt: skip
            else:
                out.add(
                    "UnknownLink", [fact.subject, other.subject], subject=subject,
                    object=parties[other.subject.casefold()], role=fact.role,
                    publisher=fact.source, summary=REPORTED,
                )  # fmt: skip

    def party(name: str, country: str) -> str:
        key = name.casefold()
        if key not in parties:
            parties[key] = out.add(
                "LegalEntity", [name], name=name, country=_country(country)
            )
        return parties[key]

    for outcome in result.outcomes:
        ident = outcome.identification
        if outcome.status is not Status.MATCHED or ident is None or not ident.maker:
            continue
        origin = outcome.origin
        maker = out.add(
            "Company", [ident.maker], name=ident.maker,
            country=_country(origin.country if origin else ""),
            publisher=origin.source if origin else "",
        )  # fmt: skip
        if origin is not None and origin.parent:
            owner = out.add(
                "Company", [origin.parent], name=origin.parent,
                country=_country(origin.parent_country),
            )  # fmt: skip
            out.add(
                "Ownership", [origin.parent, ident.maker], owner=owner, asset=maker,
                role="current owner", publisher=origin.source,
            )  # fmt: skip
        chain = outcome.chain
        if chain is None:
            continue
        for seller in chain.distributors:
            company = out.add(
                "Company",
                [seller.name],
                name=seller.name,
                country=_country(seller.country),
            )
            out.add(
                "UnknownLink", [seller.name, ident.maker, seller.basis], subject=company,
                object=maker, role=f"distributor: {seller.basis}", publisher=seller.source,
            )  # fmt: skip
        for link in chain.links:
            record = link.record
            out.add(
                "EconomicActivity", ["shipment", record.ref.file, str(record.ref.row)],
                sender=party(record.sender, record.sender_country) if record.sender else "",
                receiver=party(record.receiver, record.receiver_country) if record.receiver else "",
                goodsDescription=record.goods_description, vedCode=record.hs_code,
                departureCountry=_country(record.sender_country),
                destinationCountry=_country(record.receiver_country),
                startDate=record.date_from.isoformat() if record.date_from else "",
                endDate=record.date_to.isoformat() if record.date_to else "",
                customsAmount=record.value, description=f"quantity {record.quantity}" if record.quantity else "",
                summary=f"may have carried {ident.mpn or ident.marking_normalised} ({ident.maker}): {link.strength.value}; {link.evidence}",
                publisher=record.source, recordId=f"{record.ref.file}:{record.ref.row}",
            )  # fmt: skip
        for hit in chain.hits:
            target = party(hit.party, "")
            entry = hit.entry
            described = (
                f"'{hit.party}' compared with '{hit.matched_name}' on {entry.list_name} "
                f"(entry {entry.entity_id}): score {hit.score:.2f}; {hit.evidence}"
            )
            if hit.strength.certain:
                out.add(
                    "Sanction", ["hit", hit.party, entry.list_name, entry.entity_id],
                    entity=target, program=list(entry.programs), authority=entry.authority or entry.list_name,
                    listingDate=entry.listed_on, authorityId=entry.entity_id,
                    sourceUrl=entry.source if entry.source.startswith("http") else "",
                    summary=f"{hit.strength.value}: {described}",
                )  # fmt: skip
            else:
                out.add(
                    "Note", ["possible", hit.party, entry.entity_id], entity=target,
                    name=f"possible sanctions match, to be checked: {hit.party}",
                    description=f"POSSIBLE match only, not a finding: {described}",
                )  # fmt: skip
    return sorted(out.items.values(), key=lambda e: (e["schema"], e["id"]))


def write_ftm(result: TraceResult, target: Path) -> Path:
    """Writes the chain's entities to ``target`` as JSON lines (one entity per line)."""
    with atomic_write(target, "w", encoding="utf-8") as handle:
        for entity in chain_entities(result):
            handle.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return target

"""Supply chains per intermediary, read off the rows: maker -> distributor -> intermediary
-> importer -> platform.

Pure. Uses only what the rows' ``chain_parties`` say: the distributors, the shipments
(sender -> receiver: the sender is drawn as the intermediary, the receiver as the
importer) and the sanctions-list hits. A stage
nobody named stays empty and the diagram shows the gap. Nothing is inferred about any
party beyond the rows and their cited evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bomtrace.report import parties as pt
from bomtrace.report.figures import Row


@dataclass(slots=True, kw_only=True)
class Chain:
    """Everything the rows link to one intermediary (a sender of linked shipments)."""

    intermediary: str
    shown: str
    hit: pt.ListHit | None = None
    notes: list[str] = field(default_factory=list)
    makers: set[str] = field(default_factory=set)
    distributors: set[str] = field(default_factory=set)
    importers: dict[str, str] = field(default_factory=dict)
    platforms: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    flagged: set[str] = field(default_factory=set)
    rows: int = 0

    @property
    def listed(self) -> bool:
        """On a sanctions list (a confirmed hit, not a possible one)."""
        return self.hit is not None and not self.hit.possible

    @property
    def possible(self) -> bool:
        return self.hit is not None and self.hit.possible

    def stages(self) -> list[tuple[str, list[str]]]:
        """The diagram's boxes, left to right, names sorted."""
        return [
            ("maker", sorted(self.makers)),
            ("distributor", sorted(self.distributors)),
            ("intermediary", [self.shown]),
            ("importer", sorted(self.importers.values())),
            ("platform", sorted(self.platforms)),
        ]


def intermediary_chains(
    rows: Iterable[Row], platform_of: Callable[[Row], str]
) -> list[Chain]:
    """One chain per sender named in the rows; sanctioned first, then by rows, then name."""
    rows = list(rows)
    hits = pt.listed_parties(rows)
    chains: dict[str, Chain] = {}
    for row in rows:
        for entry in pt.shipments(row):
            sender = entry.sender
            chain = chains.get(sender.name)
            if chain is None:
                chain = chains[sender.name] = Chain(
                    intermediary=sender.name,
                    shown=str(sender),
                    hit=hits.get(sender.name),
                )
            chain.rows += 1
            if entry.note and entry.note not in chain.notes:
                chain.notes.append(entry.note)
            if entry.receiver is not None:
                chain.importers[entry.receiver.name] = str(entry.receiver)
            for one in (sender, entry.receiver):
                hit = hits.get(one.name) if one is not None else None
                if one is not None and hit is not None and not hit.possible:
                    chain.flagged.add(str(one))
            if row.get("manufacturer"):
                chain.makers.add(str(row["manufacturer"]))
            if row.get("mpn"):
                chain.parts.add(str(row["mpn"]))
            chain.distributors.update(pt.distributors(row))
            if platform := platform_of(row):
                chain.platforms.add(platform)
    return sorted(
        chains.values(),
        key=lambda c: (not c.listed, -c.rows, c.intermediary.casefold()),
    )

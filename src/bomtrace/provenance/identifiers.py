"""Screening parties by their tax and registry numbers as well as their names.

Pure. A number is far better evidence than a name: a company renamed, transliterated or
misspelt keeps it. So an identifier that equals a listed one is the strongest hit, and
says which number matched; a name match whose party carries a number of the same
scheme that differs from the listed one is shown as *contradicted*, weaker than a
possible match. The numbers themselves are read by ``normalise.party_ids``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from bomtrace.model import HitStrength, PartyId, SanctionEntry, SanctionHit
from bomtrace.normalise.party_ids import OTHER


def _compatible(a: str, b: str) -> bool:
    return a == b or OTHER in (a, b)


class IdentifierIndex:
    """List entries indexed by the values of their identifiers."""

    def __init__(self, entries: Sequence[SanctionEntry]) -> None:
        self.entries = entries
        self.by_value: dict[str, list[tuple[int, PartyId]]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for listed in entry.identifiers:
                self.by_value[listed.value].append((number, listed))

    def __bool__(self) -> bool:
        return bool(self.by_value)

    def hits(self, party: str, ids: Iterable[PartyId], where: str) -> list[SanctionHit]:
        """The entries whose identifiers equal one of the party's: identifier matches."""
        hits: dict[int, SanctionHit] = {}
        for own in ids:
            for number, listed in self.by_value.get(own.value, ()):
                if number in hits or not _compatible(own.scheme, listed.scheme):
                    continue
                entry = self.entries[number]
                written = f" (written '{listed.label}')" if listed.label else ""
                hits[number] = SanctionHit(
                    party=party,
                    entry=entry,
                    matched_name=entry.name,
                    score=1.0,
                    strength=HitStrength.IDENTIFIER,
                    identifier=str(own),
                    evidence=(
                        f"identifier match: {own} of '{party}' ({where}) is the "
                        f"{listed.scheme} {listed.value}{written} the list gives for "
                        f"'{entry.name}'; the names are not compared"
                    ),
                )
        return list(hits.values())


def contradiction(ids: Iterable[PartyId], entry: SanctionEntry) -> str:
    """Says how the party's numbers contradict a listed entry's ('' when they do not).

    Only numbers of the same scheme contradict: an ИНН never contradicts a USCC.
    """
    own = [i for i in ids if i.scheme != OTHER]
    for listed in entry.identifiers:
        same = [i for i in own if i.scheme == listed.scheme]
        if same and all(i.value != listed.value for i in same):
            return (
                f"the party's {same[0]} differs from the {listed.scheme} "
                f"{listed.value} the list gives for '{entry.name}'"
            )
    return ""


def screen_party(
    party: str,
    ids: Sequence[PartyId],
    where: str,
    index: IdentifierIndex | None,
    by_name: Callable[[str], Sequence[SanctionHit]] | None,
) -> tuple[SanctionHit, ...]:
    """Screens one party by its identifiers, then by its name; strongest hits first.

    A name hit on an entry already hit by identifier is dropped (the identifier says
    more); a name hit whose identifier contradicts the entry's becomes ``contradicted``.
    """
    hits = index.hits(party, ids, where) if index is not None and ids else []
    seen = {id(h.entry) for h in hits}
    for hit in by_name(party) if by_name is not None else ():
        if id(hit.entry) in seen:
            continue
        why = contradiction(ids, hit.entry)
        if why:
            hit = SanctionHit(
                party=hit.party,
                entry=hit.entry,
                matched_name=hit.matched_name,
                score=hit.score,
                strength=HitStrength.CONTRADICTED,
                evidence=f"{hit.evidence}; CONTRADICTED: {why}, so the name match is"
                " likely another company (to be checked, not a finding)",
            )
        hits.append(hit)
    order = list(HitStrength)
    return tuple(sorted(hits, key=lambda h: (order.index(h.strength), -h.score)))

"""Deciding an identification: candidates from every reading -> matched, ambiguous or unmatched.

Pure. The best-supported candidates across the readings of a marking are kept; the
maker named in the sheet (or printed as a logo) confirms or re-ranks them; a number that
several makers publish (second sources) stays ``ambiguous`` with every maker listed
unless something in the row decides between them. Nothing is picked silently.
"""

from __future__ import annotations

from dataclasses import replace

from bomtrace.catalog.index import CatalogIndex
from bomtrace.match.confidence import calibrate
from bomtrace.match.decisions import Action, Decision, DecisionBook
from bomtrace.match.stages import STRONG_STAGES, WEAK_STAGES
from bomtrace.model import Candidate, Identification, Marking, MatchMethod, Status
from bomtrace.normalise import compact, read_marking
from bomtrace.normalise.rules import distributor_code_reason, illegible_reason

# Two candidates within this score of the best are equally plausible.
TIE_MARGIN = 0.03
# Below this raw score a weak hint (a short prefix, a distant near miss) is reported as
# a candidate of an unmatched row, not as an identification.
MIN_WEAK_SCORE = 0.5
# Methods whose evidence names the maker itself, not only the part number.
_MAKER_DECIDING = (MatchMethod.DISTRIBUTOR_PN,)


class Matcher:
    """Identifies markings against a catalog index; results are memoised per run."""

    def __init__(
        self, index: CatalogIndex, decisions: DecisionBook | None = None
    ) -> None:
        self.index = index
        self.decisions = decisions or DecisionBook()
        self._memo: dict[tuple[str, str, str], Identification] = {}

    def identify(
        self, marking: str, part_number: str = "", manufacturer: str = ""
    ) -> Identification:
        """Identifies one row from its marking, part number and manufacturer as given."""
        memo_key = (marking, part_number, manufacturer)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._identify(marking, part_number, manufacturer)
        return self._memo[memo_key]

    def _identify(
        self, marking: str, part_number: str, manufacturer: str
    ) -> Identification:
        text = part_number or marking
        decided = (
            self.decisions.decision_for(text, manufacturer) if text.strip() else None
        )
        if decided is not None:
            return _human(decided, self.index, compact(text))
        identification = self._match(marking, part_number, manufacturer)
        rejected = (
            self.decisions.rejections_for(text, manufacturer) if text.strip() else []
        )
        return (
            _without_rejected(identification, rejected) if rejected else identification
        )

    def _match(
        self, marking: str, part_number: str, manufacturer: str
    ) -> Identification:
        texts = [
            t for t in (part_number, marking) if t.strip() and not illegible_reason(t)
        ]
        given = self.index.resolve_maker(manufacturer)
        if not texts:
            first = next((t for t in (part_number, marking) if t.strip()), "")
            return _maker_only(given, manufacturer, illegible_reason(first))
        readings: list[Marking] = []
        for text in texts:
            readings.extend(read_marking(text, self.index.logos))
        if not readings:
            return _maker_only(
                given,
                manufacturer,
                illegible_reason(texts[0]) or "marking holds no part number",
            )
        normalised = readings[0].key
        hint = given or next((r.maker_hint for r in readings if r.maker_hint), "")
        best = _best(readings, self.index, strong=True) or _best(
            readings, self.index, strong=False
        )
        if best is None:
            reason = distributor_code_reason(texts[0]) or illegible_reason(texts[0])
            if hint:
                return _maker_only(hint, manufacturer or hint, reason, normalised)
            unknown = (
                f"; manufacturer '{manufacturer}' is not in the catalogs"
                if manufacturer and not given
                else ""
            )
            return Identification(
                status=Status.UNMATCHED,
                reason=(
                    reason
                    or f"no catalogued part, pattern or maker prefix matches '{normalised}'"
                )
                + unknown,
                marking_normalised=normalised,
            )
        reading, candidates = best
        return self._decide(reading, candidates, hint, manufacturer, normalised)

    def _decide(
        self,
        reading: Marking,
        candidates: list[Candidate],
        hint: str,
        manufacturer: str,
        normalised: str,
    ) -> Identification:
        index = self.index
        trail = _trail(reading)
        family, skip = index.family_of(
            (candidates[0].mpn and compact(candidates[0].mpn)) or reading.key
        )
        if family is None:
            family, skip = index.family_of(reading.key)
        decided_by_prefix = ""
        if family is not None and skip:
            prefix, prefix_makers = index.makers_by_prefix(reading.key)
            if len(prefix_makers) == 1 and len(prefix) >= skip:
                decided_by_prefix = prefix_makers[0]
        if family is not None and not decided_by_prefix:
            # A second-source number: every maker of the family is a candidate.
            mpn = (
                candidates[0].mpn
                if candidates[0].method is not MatchMethod.FAMILY_PREFIX
                else reading.key
            )
            known = {c.maker for c in candidates}
            for maker in family.makers:
                if maker not in known:
                    candidates.append(
                        Candidate(
                            maker=maker,
                            mpn=mpn,
                            method=MatchMethod.SECOND_SOURCE,
                            score=candidates[0].score,
                            evidence=f"'{family.prefix}' is a second-source number ({family.ref}): {', '.join(family.makers)}",
                            catalog_ref=family.ref,
                            category=candidates[0].category,
                            description=candidates[0].description,
                        )
                    )
        if candidates[0].method in _MAKER_DECIDING and not hint:
            hint = decided_by_prefix = candidates[0].maker
        if decided_by_prefix:
            hint = hint or decided_by_prefix
        top = max(c.score for c in candidates)
        leaders = [c for c in candidates if c.score >= top - TIE_MARGIN]
        if hint:
            agreeing = [c for c in candidates if index.same_group(c.maker, hint)]
            if agreeing:
                chosen = max(agreeing, key=lambda c: c.score)
                note = _maker_note(hint, manufacturer, decided_by_prefix)
                confidence = calibrate(
                    chosen.method, min(1.0, chosen.score + 0.5 * (1 - chosen.score))
                )
                return _matched(
                    chosen,
                    candidates,
                    confidence,
                    f"{trail}{chosen.evidence}; {note}",
                    normalised,
                )
            if top < 0.8:
                # Weak evidence (a prefix or a near miss) gives way to the maker the sheet names.
                return _maker_only(
                    hint, manufacturer or hint, "", normalised, candidates
                )
            return Identification(
                status=Status.AMBIGUOUS,
                reason=f"manufacturer given as '{manufacturer or hint}' but the catalog names {_makers(leaders)}",
                mpn=leaders[0].mpn,
                candidates=tuple(candidates),
                method=leaders[0].method,
                confidence=calibrate(leaders[0].method, leaders[0].score) * 0.5,
                evidence=trail + leaders[0].evidence,
                category=leaders[0].category,
                marking_normalised=normalised,
            )
        if top < MIN_WEAK_SCORE:
            return Identification(
                status=Status.UNMATCHED,
                reason=f"no catalogued part matches '{normalised}'; weak hint only ({leaders[0].evidence})",
                candidates=tuple(candidates),
                evidence=trail + leaders[0].evidence,
                marking_normalised=normalised,
            )
        makers = {c.maker for c in leaders}
        if len(makers) == 1 or _one_group(index, makers):
            chosen = leaders[0]
            return _matched(
                chosen,
                candidates,
                calibrate(chosen.method, chosen.score),
                trail + chosen.evidence,
                normalised,
            )
        mpns = {c.mpn for c in leaders}
        reason = (
            f"'{family.prefix}' is made by several makers and the row does not say which"
            if family is not None
            else f"several makers fit: {_makers(leaders)}"
        )
        return Identification(
            status=Status.AMBIGUOUS,
            reason=reason + "; add the manufacturer or the logo to decide",
            mpn=mpns.pop() if len(mpns) == 1 else "",
            method=leaders[0].method,
            confidence=calibrate(leaders[0].method, leaders[0].score) / len(makers),
            candidates=tuple(candidates),
            evidence=trail + "; ".join(dict.fromkeys(c.evidence for c in leaders)),
            category=leaders[0].category,
            marking_normalised=normalised,
        )


def _best(
    readings: list[Marking], index: CatalogIndex, *, strong: bool
) -> tuple[Marking, list[Candidate]] | None:
    best: tuple[float, int, Marking, list[Candidate]] | None = None
    for order, reading in enumerate(readings):
        found: list[Candidate] = []
        for stage in STRONG_STAGES if strong else WEAK_STAGES:
            found.extend(stage(reading, index))
            if found and strong:
                break
        if not found:
            continue
        top = max(c.score for c in found)
        # A more literal reading (earlier) wins ties; a longer key is more specific.
        rank = top + 0.001 * min(len(reading.key), 20)
        if best is None or rank > best[0] + 1e-9:
            best = (rank, order, reading, sorted(found, key=lambda c: -c.score))
    return (best[2], best[3]) if best else None


def _trail(reading: Marking) -> str:
    """Writes the normalisation steps as 'marking '...' -> rule 'after' -> ...'."""
    text = f"marking '{' '.join(reading.raw.split())}'"
    for step in reading.steps:
        text += f" -> {step.rule} '{step.after}'"
    if reading.steps:
        text += f" -> key '{reading.key}'"
    return text + " -> "


def _makers(candidates: list[Candidate]) -> str:
    return ", ".join(dict.fromkeys(c.maker for c in candidates))


def _one_group(index: CatalogIndex, makers: set[str]) -> bool:
    first = next(iter(makers))
    return all(index.same_group(first, m) for m in makers)


def _maker_note(hint: str, manufacturer: str, decided_by: str) -> str:
    if manufacturer:
        return f"manufacturer given as '{manufacturer}' ({hint}) agrees"
    if decided_by:
        return f"the maker's own prefix or order code names {hint}"
    return f"maker logo on the marking names {hint}"


def _matched(
    chosen: Candidate,
    candidates: list[Candidate],
    confidence: float,
    evidence: str,
    normalised: str,
) -> Identification:
    others = tuple(c for c in candidates if c is not chosen)
    return Identification(
        status=Status.MATCHED,
        maker=chosen.maker,
        mpn=chosen.mpn,
        method=chosen.method,
        confidence=round(confidence, 3),
        candidates=(chosen, *others),
        evidence=evidence,
        category=chosen.category,
        description=chosen.description,
        marking_normalised=normalised,
    )


def _maker_only(
    maker: str,
    written: str,
    reason: str,
    normalised: str = "",
    candidates: list[Candidate] | None = None,
) -> Identification:
    if not maker:
        return Identification(
            status=Status.UNMATCHED, reason=reason, marking_normalised=normalised
        )
    chosen = Candidate(
        maker=maker,
        mpn="",
        method=MatchMethod.MAKER_GIVEN,
        score=0.7,
        evidence=f"manufacturer as given ('{written}' -> {maker}); the part number is not identified",
    )
    identification = _matched(
        chosen,
        candidates or [],
        calibrate(MatchMethod.MAKER_GIVEN, 0.7),
        chosen.evidence,
        normalised,
    )
    return replace(identification, reason=reason)


def _human(decision: Decision, index: CatalogIndex, normalised: str) -> Identification:
    """A reviewer's accept or not-a-part decision, cited."""
    if decision.action is Action.NOT_A_PART:
        return Identification(
            status=Status.SKIPPED,
            reason=f"not a part: {decision.cite()}",
            method=MatchMethod.HUMAN,
            evidence=decision.cite(),
            marking_normalised=normalised,
        )
    maker = index.resolve_maker(decision.maker) or decision.maker
    parts = [
        p
        for p in index.exact(compact(decision.mpn))
        if index.same_group(p.maker, maker)
    ]
    chosen = Candidate(
        maker=maker,
        mpn=decision.mpn,
        method=MatchMethod.HUMAN,
        score=1.0,
        evidence=decision.cite() + (f"; catalog row {parts[0].ref}" if parts else ""),
        catalog_ref=parts[0].ref if parts else decision.ref,
        category=parts[0].category if parts else "",
        description=parts[0].description if parts else "",
    )
    return _matched(chosen, [], 1.0, chosen.evidence, normalised)


def _without_rejected(
    identification: Identification, rejected: list[Decision]
) -> Identification:
    """Removes the candidates reviewers ruled out and decides again among the rest."""

    def ruled_out(candidate: Candidate) -> Decision | None:
        for decision in rejected:
            same_maker = not decision.maker or candidate.maker == decision.maker
            same_part = not decision.mpn or compact(candidate.mpn) == compact(
                decision.mpn
            )
            if same_maker and same_part:
                return decision
        return None

    kept = [c for c in identification.candidates if ruled_out(c) is None]
    if len(kept) == len(identification.candidates):
        return identification
    notes = "; ".join(dict.fromkeys(d.cite() for d in rejected))
    if not kept:
        return Identification(
            status=Status.UNMATCHED,
            reason=f"every candidate was ruled out ({notes})",
            marking_normalised=identification.marking_normalised,
        )
    makers = {c.maker for c in kept}
    if len(makers) == 1:
        best = max(kept, key=lambda c: c.score)
        return _matched(
            best,
            kept,
            calibrate(best.method, best.score),
            f"{best.evidence}; others ruled out: {notes}",
            identification.marking_normalised,
        )
    return replace(
        identification,
        candidates=tuple(kept),
        reason=f"{identification.reason}; ruled out: {notes}",
    )
